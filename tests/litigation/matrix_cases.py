"""Permission-matrix cases of 行政应诉 and 司法建议 / 检察建议 (format: tests/matrix.py); the out-of-scope caller
is `outsider` (乙县's office, which holds litigation.manage over 乙县 only)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.litigation.models import Hearing, LitigationCase, Observation, Suggestion
from fazhi.litigation.perms import MANAGE
from tests.litigation.helpers import registered, suggestion
from tests.matrix import RouteCase


def pk(make):
    return lambda org, users: {"pk": make(org).pk}


CASES = [
    RouteCase("litigation:list", "GET", make_object=pk(registered), allowed="office", denied=["outsider"],
              hidden=lambda org, users, kw: ["某食品公司"]),
    RouteCase("litigation:create", "GET", allowed="office", denied=["outsider"],
              hidden=lambda org, users, kw: [org.reform.name]),
    RouteCase("litigation:create", "POST", allowed="office", denied=["outsider"], denied_status=(200, 403, 404),
              data=lambda org, users, kw: {"unit": org.reform.pk, "court": "测试县人民法院", "plaintiff": "张三",
                                           "cause": "不服处罚", "received_on": "2026-11-20"},
              state=lambda org, users, kw: LitigationCase.objects.count()),
    RouteCase("litigation:detail", "GET", make_object=pk(registered), allowed="office", denied=["outsider"]),
    RouteCase("litigation:transition", "POST", make_object=lambda org, users: {"pk": registered(org).pk, "code": "defend"},
              data={"on": "2026-11-10"}, state=lambda org, users, kw: LitigationCase.objects.get(pk=kw["pk"]).state,
              allowed="office", denied=["outsider"]),
    RouteCase("litigation:hearing_add", "POST", make_object=pk(registered),
              data={"held_on": "2026-11-20", "attendee": "principal", "attendee_name": "赵局长"},
              state=lambda org, users, kw: Hearing.objects.filter(case_id=kw["pk"]).count(),
              allowed="office", denied=["outsider"]),
    RouteCase("litigation:observations", "GET", allowed="office", denied=["outsider"],
              hidden=lambda org, users, kw: [org.reform.name]),
    RouteCase("litigation:observations", "POST", allowed="office", denied=["outsider"], denied_status=(200, 403, 404),
              data=lambda org, users, kw: {"unit": org.reform.pk, "held_on": "2026-11-20", "subject": "某案",
                                           "attendees": 5},
              state=lambda org, users, kw: Observation.objects.count()),
    RouteCase("litigation:suggestions", "GET", make_object=pk(suggestion), allowed="office", denied=["outsider"],
              hidden=lambda org, users, kw: ["加强农贸市场食品安全监管"]),
    RouteCase("litigation:suggestion_create", "GET", allowed="office", denied=["outsider"],
              hidden=lambda org, users, kw: [org.reform.name]),
    RouteCase("litigation:suggestion_create", "POST", allowed="office", denied=["outsider"],
              denied_status=(200, 403, 404),
              data=lambda org, users, kw: {"unit": org.reform.pk, "kind": "judicial", "issuer": "测试县人民法院",
                                           "subject": "规范执法", "received_on": "2026-11-20"},
              state=lambda org, users, kw: Suggestion.objects.count()),
    RouteCase("litigation:suggestion", "GET", make_object=pk(suggestion), allowed="office", denied=["outsider"]),
    RouteCase("litigation:suggestion", "POST", make_object=pk(suggestion), label="回复",
              data={"replied_on": "2026-11-20", "reply": "已整改"},
              state=lambda org, users, kw: Suggestion.objects.get(pk=kw["pk"]).replied_on,
              allowed="office", denied=["outsider"]),
    RouteCase("litigation:rates", "GET", make_object=pk(registered), allowed="office", denied=["outsider"],
              hidden=lambda org, users, kw: [org.reform.name]),
]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _evidence_count(org, users, kw) -> int:
    from fazhi.core.attachments import attachments_of

    return attachments_of(Suggestion.objects.get(pk=kw["pk"]), "evidence").count()


CASES.append(RouteCase(
    "litigation:suggestion_evidence", "POST", make_object=pk(suggestion), allowed="office", denied=["outsider"],
    data=lambda org, users, kw: {"file": SimpleUploadedFile("整改报告.pdf", PDF)}, state=_evidence_count))

# ------------------------------------------------------------------------------------------------ API
API = "/api/litigation"
CASES += [
    RouteCase(f"{API}/cases", "GET", capability=MANAGE, make_object=pk(registered), allowed="office",
              denied=["outsider"], hidden=lambda org, users, kw: ["某食品公司"]),
    RouteCase(f"{API}/cases/{{case_id}}", "GET", capability=MANAGE,
              make_object=lambda org, users: {"case_id": registered(org).pk}, allowed="office", denied=["outsider"]),
    RouteCase(f"{API}/cases", "POST", capability=MANAGE, allowed="office", denied=["outsider"],
              data=lambda org, users, kw: {"unit_id": org.reform.pk, "court": "测试县人民法院", "plaintiff": "张三",
                                           "cause": "不服处罚", "received_on": "2026-11-20"},
              state=lambda org, users, kw: LitigationCase.objects.count()),
    RouteCase(f"{API}/cases/{{case_id}}/transitions/{{code}}", "POST", capability=MANAGE,
              make_object=lambda org, users: {"case_id": registered(org).pk, "code": "defend"}, data={"on": "2026-11-10"},
              state=lambda org, users, kw: LitigationCase.objects.get(pk=kw["case_id"]).state,
              allowed="office", denied=["outsider"]),
    RouteCase(f"{API}/cases/{{case_id}}/hearings", "POST", capability=MANAGE,
              make_object=lambda org, users: {"case_id": registered(org).pk},
              data={"held_on": "2026-11-20", "attendee": "principal", "attendee_name": "赵局长"},
              state=lambda org, users, kw: Hearing.objects.filter(case_id=kw["case_id"]).count(),
              allowed="office", denied=["outsider"]),
    RouteCase(f"{API}/suggestions", "GET", capability=MANAGE, make_object=pk(suggestion), allowed="office",
              denied=["outsider"], hidden=lambda org, users, kw: ["加强农贸市场食品安全监管"]),
    RouteCase(f"{API}/suggestions", "POST", capability=MANAGE, allowed="office", denied=["outsider"],
              data=lambda org, users, kw: {"unit_id": org.reform.pk, "kind": "judicial", "issuer": "测试县人民法院",
                                           "subject": "规范执法", "received_on": "2026-11-20"},
              state=lambda org, users, kw: Suggestion.objects.count()),
    RouteCase(f"{API}/suggestions/{{suggestion_id}}/reply", "POST", capability=MANAGE,
              make_object=lambda org, users: {"suggestion_id": suggestion(org).pk},
              data={"replied_on": "2026-11-20", "reply": "已整改"},
              state=lambda org, users, kw: Suggestion.objects.get(pk=kw["suggestion_id"]).replied_on,
              allowed="office", denied=["outsider"]),
    RouteCase(f"{API}/rates", "GET", capability=MANAGE, make_object=pk(registered), allowed="office",
              denied=["outsider"], hidden=lambda org, users, kw: [org.reform.name]),
]
