"""Permission-matrix cases of 行政复议 (format: tests/matrix.py). The out-of-scope caller is `outsider`
(乙县's office, holding every 行政复议 capability over 乙县 only); the public pages need no account."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.reconsideration import opinions
from fazhi.reconsideration.models import IncidentalReview, Opinion, ReconsiderationCase
from fazhi.reconsideration.perms import MANAGE
from tests.matrix import RouteCase
from tests.normdocs.matrix_cases import published as published_doc
from tests.reconsideration.helpers import D, decided, filed


def pk(make):
    return lambda org, users: {"pk": make(org).pk}


def with_review(org, users) -> dict:
    case = filed(org)
    review = IncidentalReview.objects.create(case=case, document=published_doc(org), requested_on=D(2026, 11, 2))
    return {"pk": case.pk, "review_pk": review.pk}


def with_opinion(org, users) -> dict:
    case = decided(org)
    opinion = opinions.issue_opinion(None, case, kind="opinion", addressee="测试县市场监督管理局", content="规范处罚程序",
                                     on=D(2026, 11, 20))
    return {"pk": case.pk, "opinion_pk": opinion.pk}


def application(org, users, kw) -> dict:
    return {"organ": org.gov.pk, "applicant_name": "李四", "applicant_kind": "person", "respondent": "测试县公安局",
            "act": "警告", "knew_act_on": "2026-11-20", "told_of_right": "on", "request": "撤销警告"}


def paper(org, users, kw) -> dict:
    return {**application(org, users, kw), "channel": "paper", "received_on": "2026-11-20"}


def count(org, users, kw) -> int:
    return ReconsiderationCase.objects.count()


CASES = [
    RouteCase("reconsideration:list", "GET", make_object=pk(filed), allowed="office", denied=["outsider"],
              hidden=lambda org, users, kw: [ReconsiderationCase.objects.get(pk=kw["pk"]).case_number]),
    RouteCase("reconsideration:create", "GET", allowed="office", denied=["outsider"],
              hidden=lambda org, users, kw: [org.gov.name]),
    RouteCase("reconsideration:create", "POST", data=paper, state=count, allowed="office", denied=["outsider"],
              denied_status=(200, 403, 404)),
    RouteCase("reconsideration:detail", "GET", make_object=pk(filed), allowed="office", denied=["outsider"]),
    RouteCase("reconsideration:transition", "POST", make_object=lambda org, users: {"pk": filed(org).pk, "code": "accept"},
              data={"procedure": "ordinary", "on": "2026-11-03"},
              state=lambda org, users, kw: ReconsiderationCase.objects.get(pk=kw["pk"]).state,
              allowed="office", denied=["outsider"]),
    RouteCase("reconsideration:publish", "POST", make_object=pk(decided), data={},
              state=lambda org, users, kw: ReconsiderationCase.objects.get(pk=kw["pk"]).published_on,
              allowed="office", denied=["outsider"]),
    RouteCase("reconsideration:performance", "POST", make_object=pk(decided),
              data={"performance": "done", "on": "2026-11-20"},
              state=lambda org, users, kw: ReconsiderationCase.objects.get(pk=kw["pk"]).performance,
              allowed="office", denied=["outsider"]),
    RouteCase("reconsideration:incidental_add", "POST",
              make_object=lambda org, users: {"pk": filed(org).pk, "doc": published_doc(org).pk},
              data=lambda org, users, kw: {"document": kw["doc"], "on": "2026-11-03"},
              state=lambda org, users, kw: IncidentalReview.objects.filter(case_id=kw["pk"]).count(),
              allowed="office", denied=["outsider"]),
    RouteCase("reconsideration:incidental_conclude", "POST", make_object=with_review,
              data={"conclusion": "lawful", "on": "2026-11-04"},
              state=lambda org, users, kw: IncidentalReview.objects.get(pk=kw["review_pk"]).conclusion,
              allowed="office", denied=["outsider"]),
    RouteCase("reconsideration:opinion_issue", "POST", make_object=pk(decided),
              data={"kind": "suggestion", "addressee": "测试县公安局", "content": "完善执法程序", "on": "2026-11-20"},
              state=lambda org, users, kw: Opinion.objects.filter(case_id=kw["pk"]).count(),
              allowed="office", denied=["outsider"]),
    RouteCase("reconsideration:opinion_report", "POST", make_object=with_opinion,
              data={"report": "已整改", "on": "2026-11-25"},
              state=lambda org, users, kw: Opinion.objects.get(pk=kw["opinion_pk"]).state,
              allowed="office", denied=["outsider"]),
    RouteCase("reconsideration:reports", "GET", make_object=pk(decided), allowed="office", denied=["outsider"],
              hidden=lambda org, users, kw: [org.gov.name]),
    RouteCase("reconsideration:apply", "GET", public=True),
    RouteCase("reconsideration:apply", "POST", public=True, data=application, label="提交"),
    RouteCase("reconsideration:applied", "GET", public=True),
]


CASES.append(RouteCase("reconsideration:document", "GET", allowed="office", denied=["outsider"],
                       make_object=lambda org, users: {"pk": decided(org).pk, "kind": "decision"}))

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _materials_count(org, users, kw) -> int:
    from fazhi.core.attachments import attachments_of

    return attachments_of(ReconsiderationCase.objects.get(pk=kw["pk"]), "materials").count()


CASES.append(RouteCase(
    "reconsideration:attachments", "POST", make_object=pk(filed), allowed="office", denied=["outsider"],
    data=lambda org, users, kw: {"file": SimpleUploadedFile("行政处罚决定书.pdf", PDF), "title": "处罚决定书"},
    state=_materials_count))

# ------------------------------------------------------------------------------------------------ API
API = "/api/reconsideration"
CASES += [
    RouteCase(f"{API}/cases", "GET", capability=MANAGE, make_object=pk(filed), allowed="office", denied=["outsider"],
              hidden=lambda org, users, kw: [ReconsiderationCase.objects.get(pk=kw["pk"]).case_number]),
    RouteCase(f"{API}/cases/{{case_id}}", "GET", capability=MANAGE,
              make_object=lambda org, users: {"case_id": filed(org).pk}, allowed="office", denied=["outsider"]),
    RouteCase(f"{API}/cases", "POST", capability=MANAGE, allowed="office", denied=["outsider"],
              data=lambda org, users, kw: {"organ_id": org.gov.pk, "received_on": "2026-11-20", "applicant_name": "李四",
                                           "respondent": "测试县公安局", "act": "警告", "request": "撤销",
                                           "knew_act_on": "2026-11-20"},
              state=count),
    RouteCase(f"{API}/cases/{{case_id}}/transitions/{{code}}", "POST", capability=MANAGE,
              make_object=lambda org, users: {"case_id": filed(org).pk, "code": "accept"},
              data={"on": "2026-11-03", "procedure": "ordinary"},
              state=lambda org, users, kw: ReconsiderationCase.objects.get(pk=kw["case_id"]).state,
              allowed="office", denied=["outsider"]),
    RouteCase(f"{API}/reports/correction", "GET", capability=MANAGE, make_object=pk(decided), allowed="office",
              denied=["outsider"], hidden=lambda org, users, kw: [org.gov.name]),
]
