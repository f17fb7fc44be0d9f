"""/api/plans/: confirmed plans with their items, and the import (upload → check names → confirm).

The same capabilities and data scopes as the pages: reading needs `plans.view`, importing
`plans.manage`; a record outside the caller's scope is 404.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from ninja import File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.pagination import paginate

from fazhi.core import capabilities as cap
from fazhi.core.api import refuse_invalid, require_capability
from fazhi.core.models import Unit
from fazhi.core.scopes import get_for_user_or_404
from fazhi.plans import align, align_services, services
from fazhi.plans.models import ItemAlignment, Plan, PlanImport, PlanItem
from fazhi.plans.resolve import UnitResolver, names_in

router = Router(tags=["规划方案"])




class PlanOut(Schema):
    id: int
    title: str
    jurisdiction_id: int
    jurisdiction: str
    issuer: str
    doc_number: str
    issued_on: datetime.date | None
    level: str
    period_start: int | None
    period_end: int | None
    upper_plan_id: int | None
    supersedes_id: int | None
    is_current: bool
    item_count: int
    created_at: datetime.datetime

    @staticmethod
    def resolve_jurisdiction(plan: Plan) -> str:
        return plan.jurisdiction.name

    @staticmethod
    def resolve_item_count(plan: Plan) -> int:
        return getattr(plan, "item_count", None) or plan.items.count()


class NamedUnitOut(Schema):
    role: str
    name: str
    unit_id: int | None
    unit_name: str | None
    is_collective: bool
    needs_follow_up: bool

    @staticmethod
    def resolve_unit_name(named) -> str | None:
        return named.unit.name if named.unit_id else None


class ItemOut(Schema):
    id: int
    order: int
    parent_id: int | None
    path: list[str]
    label: str
    implicit: bool
    title: str
    text: str
    deadlines: list[dict]
    targets: list[dict]
    units: list[NamedUnitOut]

    @staticmethod
    def resolve_units(item) -> list:
        return list(item.named_units.all())


class PlanDetailOut(PlanOut):
    items: list[ItemOut]

    @staticmethod
    def resolve_items(plan: Plan) -> list:
        return list(plan.items.prefetch_related("named_units__unit").order_by("order"))


class NameOut(Schema):
    name: str
    status: str  # resolved, collective, unresolved
    unit_id: int | None = None
    unit_name: str | None = None
    left_unresolved: bool = False


class ImportOut(Schema):
    id: int
    status: str
    jurisdiction_id: int
    upper_plan_id: int | None
    revises_id: int | None
    plan_id: int | None
    source_name: str
    extraction: dict
    names: list[NameOut]
    unresolved: list[str]


class NameIn(Schema):
    name: str
    unit_id: int | None = None
    collective: bool = False
    leave_unresolved: bool = False


def _import_out(staging: PlanImport) -> dict:
    resolver = UnitResolver(staging.jurisdiction)
    left = set(staging.left_unresolved)
    names = []
    for name in names_in(staging.document):
        r = resolver.resolve(name)
        names.append({"name": name, "status": r.status, "unit_id": r.unit.pk if r.unit else None,
                      "unit_name": r.unit.name if r.unit else None, "left_unresolved": name in left})
    return {
        "id": staging.pk, "status": staging.status, "jurisdiction_id": staging.jurisdiction_id,
        "upper_plan_id": staging.upper_plan_id, "revises_id": staging.revises_id, "plan_id": staging.plan_id,
        "source_name": staging.source_name, "extraction": staging.document, "names": names,
        "unresolved": services.open_names(staging, resolver),
    }


def _plans(request):
    return Plan.objects.for_user(request.user).select_related("jurisdiction", "superseded_by").annotate(
        item_count=Count("items"))


@router.get("/", response=list[PlanOut], summary="方案列表（本人数据范围内）")
@paginate
def list_plans(request, current_only: bool = True, q: str = ""):
    require_capability(request, cap.VIEW_PLANS)
    plans = _plans(request)
    if current_only:
        plans = plans.filter(superseded_by__isnull=True)
    if q:
        plans = plans.filter(title__icontains=q)
    return plans


@router.get("/{int:plan_id}", response=PlanDetailOut, summary="方案详情及条目")
def plan_detail(request, plan_id: int):
    require_capability(request, cap.VIEW_PLANS)
    return get_for_user_or_404(_plans(request), request.user, pk=plan_id)


@router.get("/{int:plan_id}/items", response=list[ItemOut], summary="方案条目（含单位、时限、量化指标）")
def plan_items(request, plan_id: int):
    require_capability(request, cap.VIEW_PLANS)
    plan = get_for_user_or_404(Plan, request.user, pk=plan_id)
    return list(plan.items.prefetch_related("named_units__unit").order_by("order"))


def _scoped_plan(request, plan_id: int | None) -> Plan | None:
    if plan_id is None:
        return None
    try:
        return services.upper_plan_choices(request.user).get(pk=plan_id)
    except Plan.DoesNotExist:
        raise Http404("方案不存在或不在您的数据范围内") from None


@router.post("/imports", response={201: ImportOut}, summary="上传并识别方案（暂存待确认）")
def upload(
    request,
    file: UploadedFile | None = File(None),  # noqa: B008 (ninja declares parameters this way)
    text: str = Form(""),
    jurisdiction_id: int | None = Form(None),
    upper_plan_id: int | None = Form(None),
    revises_id: int | None = Form(None),
):
    require_capability(request, cap.MANAGE_PLANS)
    if jurisdiction_id is None:
        jurisdiction = services.default_jurisdiction(request.user)
        if jurisdiction is None:
            raise HttpError(400, "请指定所属行政区")
    else:
        jurisdiction = get_for_user_or_404(Unit, request.user, pk=jurisdiction_id)
    revises = get_for_user_or_404(Plan, request.user, pk=revises_id) if revises_id else None
    try:
        staging = services.stage_upload(
            request.user, jurisdiction=jurisdiction, upload=file, text=text,
            upper_plan=_scoped_plan(request, upper_plan_id), revises=revises,
        )
    except ValidationError as exc:
        refuse_invalid(exc)
    return Status(201, _import_out(staging))


@router.get("/imports/{int:import_id}", response=ImportOut, summary="暂存的导入")
def import_detail(request, import_id: int):
    require_capability(request, cap.MANAGE_PLANS)
    return _import_out(get_for_user_or_404(PlanImport, request.user, pk=import_id))


@router.post("/imports/{int:import_id}/names", response=ImportOut, summary="处理一个未解析的单位名称")
def map_name(request, import_id: int, payload: NameIn):
    require_capability(request, cap.MANAGE_PLANS)
    staging = get_for_user_or_404(PlanImport.objects.select_related("jurisdiction"), request.user, pk=import_id)
    try:
        if payload.leave_unresolved:
            services.leave_unresolved(request.user, staging, payload.name)
        elif payload.collective or payload.unit_id is not None:
            unit = None
            if payload.unit_id is not None:
                unit = Unit.objects.filter(staging.jurisdiction.subtree_q(), pk=payload.unit_id).first()
                if unit is None:
                    raise ValidationError("所选单位不属于本行政区")
            services.map_unit_name(request.user, staging.jurisdiction, payload.name, unit)
        else:
            raise ValidationError("请指定 unit_id，或 collective，或 leave_unresolved")
    except ValidationError as exc:
        refuse_invalid(exc)
    staging.refresh_from_db()
    return _import_out(staging)


@router.post("/imports/{int:import_id}/confirm", response={201: PlanDetailOut}, summary="确认导入，生成方案")
def confirm(request, import_id: int):
    require_capability(request, cap.MANAGE_PLANS)
    staging = get_for_user_or_404(PlanImport, request.user, pk=import_id)
    try:
        plan = services.confirm_import(request.user, staging)
    except ValidationError as exc:
        refuse_invalid(exc)
    return Status(201, _plans(request).get(pk=plan.pk))


# ---------------------------------------------------------------------------------------------- alignment
# 上下级方案对接: the lower plan through the caller's scope, the upper plan among the plans of the regions
# above it (readable for alignment only, see fazhi/plans/align_services.py).


class AlignmentOut(Schema):
    id: int
    lower_item_id: int
    lower_path: str
    upper_item_id: int
    upper_plan_id: int
    upper_path: str
    upper_text: str
    score: float
    rank: int | None
    status: str
    decided_by: str | None
    decided_at: datetime.datetime | None

    @staticmethod
    def resolve_lower_path(a) -> str:
        return a.lower_item.display_path

    @staticmethod
    def resolve_upper_plan_id(a) -> int:
        return a.upper_item.plan_id

    @staticmethod
    def resolve_upper_path(a) -> str:
        return a.upper_item.display_path

    @staticmethod
    def resolve_upper_text(a) -> str:
        return a.upper_item.text

    @staticmethod
    def resolve_decided_by(a) -> str | None:
        return str(a.decided_by) if a.decided_by_id else None


class SuggestIn(Schema):
    upper_plan_id: int | None = None
    top_k: int = 3
    threshold: float | None = None


class SuggestOut(Schema):
    lower_plan_id: int
    upper_plan_id: int
    items: int
    suggested: int
    kept_decisions: int
    without_suggestion: list[int]


class RejectIn(Schema):
    reason: str = ""


class SectionCoverageOut(Schema):
    label: str
    title: str
    total: int
    covered: int
    percent: float


class CoverageOut(Schema):
    lower_plan_id: int
    upper_plan_id: int
    total: int
    covered: int
    percent: float
    sections: list[SectionCoverageOut]
    uncovered: list[ItemOut]


def _align_pair(request, plan_id: int, upper_plan_id: int | None) -> tuple[Plan, Plan]:
    lower = get_for_user_or_404(Plan.objects.select_related("jurisdiction"), request.user, pk=plan_id)
    if upper_plan_id is not None:
        return lower, align_services.readable_upper_plan(lower, upper_plan_id)
    upper = align_services.default_upper_plan(lower)
    if upper is None:
        raise HttpError(400, "本方案所在行政区的上级行政区没有可对接的方案")
    return lower, upper


def _alignments(plan: Plan):
    return ItemAlignment.objects.filter(lower_item__plan=plan).select_related(
        "lower_item", "upper_item", "decided_by"
    )


@router.get("/{int:plan_id}/alignments", response=list[AlignmentOut], summary="上下级对接：本方案条目的对接建议与结果")
def list_alignments(request, plan_id: int, upper_plan_id: int | None = None, status: str = ""):
    require_capability(request, cap.VIEW_PLANS)
    lower, upper = _align_pair(request, plan_id, upper_plan_id)
    rows = _alignments(lower).filter(upper_item__plan=upper).order_by("lower_item__order", "rank", "-score", "id")
    if status:
        rows = rows.filter(status=status)
    return list(rows)


@router.post("/{int:plan_id}/alignments/suggest", response=SuggestOut, summary="上下级对接：生成（或重新生成）建议")
def suggest_alignments(request, plan_id: int, payload: SuggestIn):
    require_capability(request, cap.MANAGE_PLANS)
    lower, upper = _align_pair(request, plan_id, payload.upper_plan_id)
    threshold = align.DEFAULT_THRESHOLD if payload.threshold is None else payload.threshold
    try:
        result = align_services.suggest_alignments(request.user, lower, upper, top_k=payload.top_k,
                                                   threshold=threshold)
    except ValidationError as exc:
        refuse_invalid(exc)
    return {"lower_plan_id": lower.pk, "upper_plan_id": upper.pk, "items": result.items,
            "suggested": result.suggested, "kept_decisions": result.kept_decisions,
            "without_suggestion": result.without_suggestion}


def _alignment(request, plan_id: int, alignment_id: int):
    lower = get_for_user_or_404(Plan, request.user, pk=plan_id)
    return get_for_user_or_404(_alignments(lower), request.user, pk=alignment_id)


@router.post("/{int:plan_id}/alignments/{int:alignment_id}/confirm", response=AlignmentOut,
             summary="上下级对接：确认一条对接")
def confirm_alignment(request, plan_id: int, alignment_id: int):
    require_capability(request, cap.MANAGE_PLANS)
    alignment = _alignment(request, plan_id, alignment_id)
    return align_services.confirm_alignment(request.user, alignment)


@router.post("/{int:plan_id}/alignments/{int:alignment_id}/reject", response=AlignmentOut,
             summary="上下级对接：否决一条对接")
def reject_alignment(request, plan_id: int, alignment_id: int, payload: RejectIn | None = None):
    require_capability(request, cap.MANAGE_PLANS)
    alignment = _alignment(request, plan_id, alignment_id)
    return align_services.reject_alignment(request.user, alignment, payload.reason if payload else "")


@router.get("/{int:plan_id}/coverage", response=CoverageOut, summary="上下级对接：上级方案条目的落实覆盖率")
def alignment_coverage(request, plan_id: int, upper_plan_id: int | None = None):
    require_capability(request, cap.VIEW_PLANS)
    lower, upper = _align_pair(request, plan_id, upper_plan_id)
    report = align_services.coverage(lower, upper)
    uncovered = PlanItem.objects.filter(pk__in=report.uncovered_ids).prefetch_related("named_units__unit")
    return {
        "lower_plan_id": lower.pk, "upper_plan_id": upper.pk, "total": report.total, "covered": report.covered,
        "percent": report.percent,
        "sections": [{"label": s.label, "title": s.title, "total": s.total, "covered": s.covered,
                      "percent": s.percent} for s in report.sections],
        "uncovered": list(uncovered.order_by("order")),
    }
