"""Permission-matrix cases of the decision pages, the portal's decision pages and /api/decisions/ (tests/matrix.py).

The out-of-scope caller is `outsider` (乙县's office: it holds decisions.manage and .review, over 乙县 only);
the portal pages are public.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from fazhi.core import capabilities as cap
from fazhi.core.attachments import attachments_of
from fazhi.decisions import demo, services
from fazhi.decisions.capabilities import MANAGE_DECISIONS, REVIEW_DECISIONS, UNDERTAKE_DECISIONS
from fazhi.decisions.models import Catalogue, Decision, ProcedureSet, PublicComment
from tests.decisions.helpers import published_entry, started
from tests.matrix import RouteCase
from tests.normdocs.matrix_cases import province_office

READERS = (MANAGE_DECISIONS, UNDERTAKE_DECISIONS, REVIEW_DECISIONS)
WORKERS = (UNDERTAKE_DECISIONS, MANAGE_DECISIONS)
TITLE = "县城生活垃圾处理收费调整"


def _ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def draft_catalogue(org) -> Catalogue:
    """A new draft catalogue of 测试县人民政府 (a year of its own, so a test may build several)."""
    year = max([2029, *Catalogue.objects.filter(body=org.gov).values_list("year", flat=True)]) + 1
    catalogue = services.create_catalogue(None, body=org.gov, year=year)
    services.add_entry(None, catalogue, title=TITLE, lead_unit=org.reform)
    return catalogue


def decision_in(org, state: str, **options) -> Decision:
    decision = started(org, started_on=_ago(120), **options)
    return demo.walk(decision, state, _ago(110)) if state != "drafting" else decision


def commented(org) -> dict:
    decision = started(org, started_on=_ago(10))
    decision = services.transition(None, decision, "open_comment", {"on": _ago(1), "comment_end": _ago(-40)})
    comment = services.submit_comment(decision, text="矩阵意见")
    return {"pk": decision.pk, "comment_pk": comment.pk, "ref": decision.public_ref}


def expert_stage(org) -> dict:
    decision = decision_in(org, "drafting", procedures=("expert",))
    decision = services.transition(None, decision, "start_expert", {"on": _ago(100)})
    expert = services.add_expert(None, jurisdiction=org.county, name="矩阵专家", field="法学")
    return {"pk": decision.pk, "expert": expert.pk}


def with_link(org) -> dict:
    decision = started(org)
    services.attach(None, decision, slot="review", links=["https://www.example.gov.cn/opinion"])
    return {"pk": decision.pk, "attachment_pk": attachments_of(decision).get().pk}


def attachment_count(kw) -> int:
    return attachments_of(Decision.objects.get(pk=kw["pk"])).count()


def _procedure_sets(region) -> list:
    return list(ProcedureSet.objects.filter(jurisdiction=region).values_list("body_type", "procedures", "note"))


def county_procedure_set(org) -> dict:
    from fazhi.decisions.procedure_sets import set_procedures

    set_procedures(None, org.county, "township", ["expert", "legality"], "测试县重大行政决策程序规定")
    return {"jurisdiction_id": org.county.pk, "body_type": "township"}


def pk(make):
    return lambda org, users: {"pk": make(org).pk}


def state_of(kw) -> str:
    return Decision.objects.get(pk=kw["pk"]).state


def hidden_title(org, users, kw) -> list[str]:
    return [TITLE]


CASES = [
    RouteCase("decisions:catalogues", "GET", make_object=lambda org, users: {"c": draft_catalogue(org).pk},
              allowed="office", denied=["outsider"], hidden=lambda org, users, kw: ["测试县人民政府2030年度"]),
    RouteCase("decisions:catalogue", "GET", make_object=pk(draft_catalogue), allowed="office", denied=["outsider"]),
    RouteCase("decisions:catalogue_transition", "POST",
              make_object=lambda org, users: {"pk": draft_catalogue(org).pk, "code": "agree"},
              data={"party_body": "县委常委会"}, state=lambda org, users, kw: Catalogue.objects.get(pk=kw["pk"]).state,
              allowed="office", denied=["outsider"]),
    RouteCase("decisions:entry_add", "POST", make_object=pk(draft_catalogue),
              data=lambda org, users, kw: {"title": "新增事项", "lead_unit": org.reform.pk, "category": "policy"},
              state=lambda org, users, kw: Catalogue.objects.get(pk=kw["pk"]).entries.count(),
              allowed="office", denied=["outsider"]),
    RouteCase("decisions:entry_withdraw", "POST",
              make_object=lambda org, users: (lambda c: {"pk": c.pk, "entry_pk": c.entries.get().pk})(draft_catalogue(org)),
              data={"reason": "不再列入"},
              state=lambda org, users, kw: Catalogue.objects.get(pk=kw["pk"]).entries.get().withdrawn,
              allowed="office", denied=["outsider"]),
    RouteCase("decisions:start", "POST",
              make_object=lambda org, users: (lambda e: {"pk": e.catalogue_id, "entry_pk": e.pk})(published_entry(org)),
              data={}, state=lambda org, users, kw: Decision.objects.filter(entry_id=kw["entry_pk"]).count(),
              allowed="office", denied=["outsider"]),
    RouteCase("decisions:list", "GET", make_object=lambda org, users: {"d": started(org).pk}, allowed="reporter",
              denied=["outsider"], hidden=hidden_title),
    RouteCase("decisions:detail", "GET", make_object=pk(started), allowed="reporter", denied=["outsider"]),
    RouteCase("decisions:transition", "POST", make_object=lambda org, users: {"pk": started(org).pk, "code": "start_risk"},
              data={}, state=lambda org, users, kw: state_of(kw), allowed="reporter", denied=["outsider"]),
    RouteCase("decisions:draft", "POST", make_object=pk(started), data={"draft": "修改后的草案"},
              state=lambda org, users, kw: Decision.objects.get(pk=kw["pk"]).draft, allowed="reporter",
              denied=["outsider"]),
    RouteCase("decisions:comment_handle", "POST", make_object=lambda org, users: commented(org),
              data={"handling": "adopted"},
              state=lambda org, users, kw: PublicComment.objects.get(pk=kw["comment_pk"]).handling,
              allowed="reporter", denied=["outsider"]),
    RouteCase("decisions:opinion_add", "POST", make_object=lambda org, users: expert_stage(org),
              data=lambda org, users, kw: {"expert": kw["expert"], "opinion": "可行", "given_on": str(_ago(99))},
              state=lambda org, users, kw: Decision.objects.get(pk=kw["pk"]).expert_opinions.count(),
              allowed="reporter", denied=["outsider"]),
    RouteCase("decisions:counsel_add", "POST", make_object=pk(started),
              data=lambda org, users, kw: {"procedure": "legality", "kind": "adviser", "name": "王律师",
                                           "on": str(_ago(1))},
              state=lambda org, users, kw: Decision.objects.get(pk=kw["pk"]).counsel.count(), allowed="reporter",
              denied=["outsider"]),
    RouteCase("decisions:requirement_add", "POST", make_object=lambda org, users: {"pk": decision_in(org, "published").pk},
              data=lambda org, users, kw: {"unit": org.reform.pk, "requirement": "组织实施", "due_on": str(_ago(-60))},
              state=lambda org, users, kw: Decision.objects.get(pk=kw["pk"]).requirements.count(),
              allowed="office", denied=["outsider"]),
    RouteCase("decisions:attachment_add", "POST", make_object=pk(started),
              data={"slot": "minutes", "links": "https://www.example.gov.cn/minutes"},
              state=lambda org, users, kw: attachment_count(kw), allowed="reporter", denied=["outsider"]),
    RouteCase("decisions:attachment_remove", "POST", make_object=lambda org, users: with_link(org), data={},
              state=lambda org, users, kw: attachment_count(kw), allowed="reporter", denied=["outsider"]),
    RouteCase("decisions:archive", "GET", make_object=pk(started), allowed="reporter", denied=["outsider"]),
    RouteCase("decisions:experts", "GET",
              make_object=lambda org, users: {"e": services.add_expert(None, jurisdiction=org.county, name="矩阵专家甲",
                                                                       field="法学").pk},
              allowed="office", denied=["outsider"], hidden=lambda org, users, kw: ["矩阵专家甲"]),
    RouteCase("decisions:procedure_sets", "GET", allowed="office", denied=["outsider"],
              hidden=lambda org, users, kw: ["测试县现行设置"]),
    RouteCase("decisions:procedure_sets", "POST",
              data=lambda org, users, kw: {"jurisdiction": org.county.pk, "body_type": "township",
                                           "procedures": ["legality", "collective"], "note": "测试县重大行政决策程序规定"},
              state=lambda org, users, kw: ProcedureSet.objects.filter(jurisdiction=org.county).count(),
              allowed="office", denied=["outsider"]),
    RouteCase("decisions:rates", "GET", allowed="office", denied=["outsider"],
              hidden=lambda org, users, kw: ["测试县"]),
    # The portal: anyone.
    RouteCase("decisions_public:catalogue", "GET", public=True,
              make_object=lambda org, users: {"ref": published_entry(org).catalogue.public_ref}),
    RouteCase("decisions_public:decision", "GET", public=True, make_object=lambda org, users: commented(org)),
    RouteCase("decisions_public:decision", "POST", public=True, make_object=lambda org, users: commented(org),
              data={"text": "匿名访客的意见"}, label="comment"),
    # The API.
    RouteCase("/api/decisions/catalogues", "GET", capability=MANAGE_DECISIONS,
              make_object=lambda org, users: {"c": draft_catalogue(org).pk}, allowed="office", denied=["outsider"],
              hidden=lambda org, users, kw: ["测试县人民政府"]),
    RouteCase("/api/decisions/catalogues", "POST", capability=MANAGE_DECISIONS,
              data=lambda org, users, kw: {"body_id": org.gov.pk, "year": 2027},
              state=lambda org, users, kw: Catalogue.objects.filter(body=org.gov, year=2027).count(),
              allowed="office", denied=["outsider"], denied_status=(403, 404)),
    RouteCase("/api/decisions/catalogues/{catalogue_id}/entries", "POST", capability=MANAGE_DECISIONS,
              make_object=lambda org, users: {"catalogue_id": draft_catalogue(org).pk},
              data=lambda org, users, kw: {"title": "新增", "lead_unit_id": org.reform.pk},
              state=lambda org, users, kw: Catalogue.objects.get(pk=kw["catalogue_id"]).entries.count(),
              allowed="office", denied=["outsider"]),
    RouteCase("/api/decisions/catalogues/{catalogue_id}/transitions/{code}", "POST", capability=MANAGE_DECISIONS,
              make_object=lambda org, users: {"catalogue_id": draft_catalogue(org).pk, "code": "agree"},
              data={"party_body": "县委"},
              state=lambda org, users, kw: Catalogue.objects.get(pk=kw["catalogue_id"]).state,
              allowed="office", denied=["outsider"]),
    RouteCase("/api/decisions/catalogues/{catalogue_id}/entries/{entry_id}/start", "POST", capability=MANAGE_DECISIONS,
              make_object=lambda org, users: (lambda e: {"catalogue_id": e.catalogue_id, "entry_id": e.pk})(
                  published_entry(org)),
              data={}, state=lambda org, users, kw: Decision.objects.filter(entry_id=kw["entry_id"]).count(),
              allowed="office", denied=["outsider"]),
    RouteCase("/api/decisions/decisions", "GET", capability=READERS,
              make_object=lambda org, users: {"d": started(org).pk}, allowed="reporter", denied=["outsider"],
              hidden=hidden_title),
    RouteCase("/api/decisions/decisions/{decision_id}", "GET", capability=READERS,
              make_object=lambda org, users: {"decision_id": started(org).pk}, allowed="reporter", denied=["outsider"]),
    RouteCase("/api/decisions/decisions/{decision_id}/transitions/{code}", "POST", capability=READERS,
              make_object=lambda org, users: {"decision_id": started(org).pk, "code": "start_risk"}, data={},
              state=lambda org, users, kw: Decision.objects.get(pk=kw["decision_id"]).state,
              allowed="reporter", denied=["outsider"]),
    RouteCase("/api/decisions/decisions/{decision_id}/comments", "GET", capability=READERS,
              make_object=lambda org, users: (lambda c: {"decision_id": c["pk"]})(commented(org)),
              allowed="reporter", denied=["outsider"]),
    RouteCase("/api/decisions/decisions/{decision_id}/comments/{comment_id}", "POST", capability=WORKERS,
              make_object=lambda org, users: (lambda c: {"decision_id": c["pk"], "comment_id": c["comment_pk"]})(
                  commented(org)),
              data={"handling": "adopted"},
              state=lambda org, users, kw: PublicComment.objects.get(pk=kw["comment_id"]).handling,
              allowed="reporter", denied=["outsider"]),
    # Procedure sets: a region out of scope is 404 to read and 403 (with the reason) to write.
    RouteCase("/api/decisions/procedure-sets", "GET", capability=MANAGE_DECISIONS,
              data=lambda org, users, kw: {"jurisdiction_id": org.county.pk}, allowed="office", denied=["outsider"]),
    RouteCase("/api/decisions/procedure-sets/{jurisdiction_id}/{body_type}", "PUT", capability=MANAGE_DECISIONS,
              label="本级设置",
              make_object=lambda org, users: {"jurisdiction_id": org.county.pk, "body_type": "township"},
              data={"procedures": ["legality", "collective"], "note": "测试县重大行政决策程序规定"},
              state=lambda org, users, kw: _procedure_sets(org.county), allowed="office", denied=["outsider"]),
    RouteCase("/api/decisions/procedure-sets/{jurisdiction_id}/{body_type}", "PUT", capability=MANAGE_DECISIONS,
              label="上级设置",
              make_object=lambda org, users: {**province_office(org, users), "jurisdiction_id": org.province.pk,
                                              "body_type": "government"},
              data={"procedures": ["participation", "legality", "collective"], "note": "测试省重大行政决策程序规定"},
              state=lambda org, users, kw: _procedure_sets(org.province), allowed="province_office",
              denied=["office"]),
    RouteCase("/api/decisions/procedure-sets/{jurisdiction_id}/{body_type}", "DELETE", capability=MANAGE_DECISIONS,
              make_object=lambda org, users: county_procedure_set(org),
              state=lambda org, users, kw: _procedure_sets(org.county), allowed="office", denied=["outsider"]),
    RouteCase("/api/decisions/rates", "GET", capability=cap.VIEW_DASHBOARD,
              data=lambda org, users, kw: {"unit_id": org.county.pk, "year": 2026},
              allowed="office", denied=["outsider"]),
]
