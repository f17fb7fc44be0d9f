"""Permission-matrix cases of the plan pages and /api/plans/ (format: tests/matrix.py).

The out-of-scope caller is `outsider`: 乙县's office, holding every plan capability over 乙县 only.
Reporters and leaders hold no plan-management capability, so the capability check refuses them.
"""

from __future__ import annotations

import copy

from fazhi.core import capabilities as cap
from fazhi.plans import services
from fazhi.plans.models import Plan, PlanImport, UnitNameMapping
from tests.matrix import RouteCase
from tests.plans.conftest import SAMPLE

TITLE = "测试县法治政府建设工作要点"
PLAN_TEXT = "测试县法治政府建设工作要点\n一、加强制度建设\n1.完善备案审查制度，2024年6月底前完成。(县司法局牵头)\n"
READ = (cap.VIEW_PLANS, cap.MANAGE_PLANS)


def staged(org, users) -> PlanImport:
    return services.stage_extraction(users.office, jurisdiction=org.county, extraction=copy.deepcopy(SAMPLE),
                                     source_name="sample.txt")


def confirmable(org, users) -> PlanImport:
    """Staged with its one unresolved name (县综合执法局, not in the test tree) left for follow-up."""
    staging = staged(org, users)
    services.leave_unresolved(users.office, staging, "县综合执法局")
    return staging


def plan(org, users) -> Plan:
    return services.confirm_import(users.office, confirmable(org, users))


def staging_kw(org, users) -> dict:
    return {"pk": staged(org, users).pk}


def item_kw(org, users) -> dict:
    # key 2 is the first numbered item (一、1): units, a due date and a recurring deadline
    return {"pk": staged(org, users).pk, "key": 2}


def document(org, users, kw) -> str:
    return repr(PlanImport.objects.get(pk=kw.get("pk") or kw["import_id"]).document)


def fields(org, users, kw) -> tuple:
    s = PlanImport.objects.get(pk=kw["pk"])
    return s.document.get("title"), s.upper_plan_id, s.revises_id


def status(org, users, kw) -> str:
    return PlanImport.objects.get(pk=kw.get("pk") or kw["import_id"]).status


def mappings(org, users, kw) -> int:
    return UnitNameMapping.objects.filter(jurisdiction=org.county).count()


def plan_count(org, users, kw) -> int:
    return Plan.objects.count()


def imports(org, users, kw) -> int:
    return PlanImport.objects.count()


def hide_title(org, users, kw) -> list[str]:
    return [TITLE]


def upper_kw(org, users) -> dict:
    upper = Plan.objects.create(jurisdiction=org.city, title="测试市法治政府建设实施方案", created_by=None)
    return {"pk": staged(org, users).pk, "upper": upper.pk}


OFFICE_ONLY = dict(allowed="office", denied=["outsider"])

CASES = [
    # ------------------------------------------------------------------ pages
    RouteCase("plans:plan_list", "GET", make_object=lambda org, users: {"made": plan(org, users).pk},
              hidden=hide_title, allowed="office", denied=["outsider"]),
    RouteCase("plans:plan_detail", "GET", make_object=lambda org, users: {"pk": plan(org, users).pk},
              allowed="office", denied=["outsider"]),
    RouteCase("plans:import_list", "GET", make_object=lambda org, users: {"made": staged(org, users).pk},
              hidden=lambda org, users, kw: ["sample.txt"], allowed="office", denied=["outsider"]),
    RouteCase("plans:import_upload", "GET", make_object=lambda org, users: {},
              allowed="office", denied=[], unscoped="an empty upload form: nothing to read"),
    RouteCase("plans:import_upload", "POST", label="upload",
              make_object=lambda org, users: {},
              data=lambda org, users, kw: {"text": PLAN_TEXT, "jurisdiction": org.county.pk},
              state=imports, allowed="office", denied=["outsider"], denied_status=(200,)),
    RouteCase("plans:import_preview", "GET", make_object=staging_kw, **OFFICE_ONLY),
    RouteCase("plans:import_fields", "POST", make_object=staging_kw,
              data={"title": "改过的标题", "issuer": "测试县人民政府办公室", "doc_number": "", "issued_on": "",
                    "level": "county", "period_start": "2024", "period_end": "2024"},
              state=fields, **OFFICE_ONLY),
    RouteCase("plans:import_links", "POST", make_object=upper_kw,
              data=lambda org, users, kw: {"upper_plan": kw["upper"], "revises": ""},
              state=fields, **OFFICE_ONLY),
    RouteCase("plans:item_edit", "POST", make_object=item_kw,
              data={"title": "", "text": "改过的条目内容"}, state=document, **OFFICE_ONLY),
    RouteCase("plans:item_unit_add", "POST", make_object=item_kw,
              data={"role": "cooperating", "name": "县财政局"}, state=document, **OFFICE_ONLY),
    RouteCase("plans:item_unit_remove", "POST", make_object=item_kw,
              data={"role": "cooperating", "name": "县发改局"}, state=document, **OFFICE_ONLY),
    RouteCase("plans:item_deadline", "POST", make_object=item_kw,
              data={"index": "0", "value": "2024-07-31"}, state=document, **OFFICE_ONLY),
    RouteCase("plans:item_split", "POST", make_object=item_kw,
              data={"start": "每季度", "label": "1之二"}, state=document, **OFFICE_ONLY),
    RouteCase("plans:item_merge", "POST", make_object=lambda org, users: {"pk": staged(org, users).pk, "key": 3},
              state=document, **OFFICE_ONLY),
    RouteCase("plans:import_name", "POST", make_object=staging_kw,
              data=lambda org, users, kw: {"name": "县综合执法局", "choice": f"unit:{org.justice.pk}"},
              state=mappings, **OFFICE_ONLY),
    RouteCase("plans:import_confirm", "POST", make_object=lambda org, users: {"pk": confirmable(org, users).pk}, state=status, **OFFICE_ONLY),
    RouteCase("plans:import_discard", "POST", make_object=staging_kw, data={"reason": "重复"},
              state=status, **OFFICE_ONLY),
    # ------------------------------------------------------------------ API
    RouteCase("/api/plans/", "GET", capability=READ, make_object=lambda org, users: {"made": plan(org, users).pk},
              hidden=hide_title, allowed="office", denied=["outsider"]),
    RouteCase("/api/plans/{plan_id}", "GET", capability=READ,
              make_object=lambda org, users: {"plan_id": plan(org, users).pk}, **OFFICE_ONLY),
    RouteCase("/api/plans/{plan_id}/items", "GET", capability=READ,
              make_object=lambda org, users: {"plan_id": plan(org, users).pk}, **OFFICE_ONLY),
    RouteCase("/api/plans/imports", "POST", capability=cap.MANAGE_PLANS, make_object=lambda org, users: {},
              data=lambda org, users, kw: {"text": PLAN_TEXT, "jurisdiction_id": org.county.pk}, json=False,
              state=imports, **OFFICE_ONLY),
    RouteCase("/api/plans/imports/{import_id}", "GET", capability=cap.MANAGE_PLANS,
              make_object=lambda org, users: {"import_id": staged(org, users).pk}, **OFFICE_ONLY),
    RouteCase("/api/plans/imports/{import_id}/names", "POST", capability=cap.MANAGE_PLANS,
              make_object=lambda org, users: {"import_id": staged(org, users).pk},
              data=lambda org, users, kw: {"name": "县综合执法局", "unit_id": org.justice.pk},
              state=mappings, **OFFICE_ONLY),
    RouteCase("/api/plans/imports/{import_id}/confirm", "POST", capability=cap.MANAGE_PLANS,
              make_object=lambda org, users: {"import_id": confirmable(org, users).pk},
              state=plan_count, **OFFICE_ONLY),
]


# ------------------------------------------------------------------ alignment (上下级方案对接)
# 测试县's measures against 测试省's plan; outsider (乙县's office) neither sees the county plan nor may
# take it as an upper plan.


def align_pair(org, users) -> dict:
    from fazhi.plans import align_services
    from tests.plans.align_fixtures import county_plan, province_plan

    upper = province_plan(org)
    lower = county_plan(org, upper)
    align_services.suggest_alignments(users.office, lower, upper)
    first = lower.items.get(path=["一", "1"]).upper_alignments.get(rank=1)
    return {"pk": lower.pk, "plan_id": lower.pk, "upper": upper.pk, "alignment_id": first.pk,
            "lower_item": lower.items.get(path=["二", "3"]).pk,
            "upper_item": upper.items.get(path=["二", "(二)", "4"]).pk}


def align_page_kw(org, users) -> dict:
    return {k: v for k, v in align_pair(org, users).items() if k != "plan_id"}


def align_api_kw(org, users) -> dict:
    return {k: v for k, v in align_pair(org, users).items() if k != "pk"}


def alignment_status(org, users, kw) -> str:
    from fazhi.plans.models import ItemAlignment

    return ItemAlignment.objects.get(pk=kw["alignment_id"]).status


def alignment_rows(org, users, kw) -> tuple:
    from fazhi.plans.models import ItemAlignment

    rows = ItemAlignment.objects.filter(lower_item__plan_id=kw.get("pk") or kw["plan_id"])
    return tuple(rows.order_by("id").values_list("id", "status", "upper_item_id"))


ALIGN_CASES = [
    RouteCase("plans:align", "GET", make_object=align_page_kw, **OFFICE_ONLY),
    RouteCase("plans:align_coverage", "GET", make_object=align_page_kw, **OFFICE_ONLY),
    RouteCase("plans:align_suggest", "POST", make_object=align_page_kw,
              data=lambda org, users, kw: {"upper": kw["upper"]}, state=alignment_rows, **OFFICE_ONLY),
    RouteCase("plans:align_link", "POST", make_object=align_page_kw,
              data=lambda org, users, kw: {"upper": kw["upper"], "lower_item": kw["lower_item"],
                                           "upper_item": kw["upper_item"]},
              state=alignment_rows, **OFFICE_ONLY),
    RouteCase("plans:align_confirm", "POST", make_object=align_page_kw, state=alignment_status, **OFFICE_ONLY),
    RouteCase("plans:align_reject", "POST", make_object=align_page_kw, data={"reason": "不对应"},
              state=alignment_status, **OFFICE_ONLY),
    RouteCase("/api/plans/{plan_id}/alignments", "GET", capability=READ, make_object=align_api_kw,
              **OFFICE_ONLY),
    RouteCase("/api/plans/{plan_id}/coverage", "GET", capability=READ, make_object=align_api_kw,
              **OFFICE_ONLY),
    RouteCase("/api/plans/{plan_id}/alignments/suggest", "POST", capability=cap.MANAGE_PLANS,
              make_object=align_api_kw, data=lambda org, users, kw: {"upper_plan_id": kw["upper"], "top_k": 1},
              state=alignment_rows, **OFFICE_ONLY),
    RouteCase("/api/plans/{plan_id}/alignments/{alignment_id}/confirm", "POST", capability=cap.MANAGE_PLANS,
              make_object=align_api_kw, state=alignment_status, **OFFICE_ONLY),
    RouteCase("/api/plans/{plan_id}/alignments/{alignment_id}/reject", "POST", capability=cap.MANAGE_PLANS,
              make_object=align_api_kw, data={"reason": "不对应"}, state=alignment_status, **OFFICE_ONLY),
]
CASES += ALIGN_CASES
