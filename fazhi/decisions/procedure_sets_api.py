"""/api/decisions/procedure-sets: which procedures each body type's catalogue entries require in a region, as the
决策程序设置 page shows them (`fazhi.decisions.procedure_sets`, 条例第二条、第四十二条、第四十三条).

Reading (decisions.manage, as the page): the setting in force for each body type in the region
(`jurisdiction_id`, default the caller's own; a region outside the caller's scope is 404), where it comes from
and its basis. Writing goes through the same service as the page, whose `require_jurisdiction_holder` check
refuses a region above or beside the caller's with the reason (403); bad input is 400 in Chinese.
"""

from __future__ import annotations

from django.http import Http404
from ninja import Query, Router, Schema

from fazhi.core.api import call_service, require_capability
from fazhi.core.models import Unit
from fazhi.core.scopes import get_for_user_or_404
from fazhi.decisions import procedure_sets
from fazhi.decisions.capabilities import MANAGE_DECISIONS
from fazhi.decisions.models import BodyType

router = Router(tags=["重大行政决策"])


class ProcedureSetOut(Schema):
    body_type: str
    body_type_label: str
    procedures: list[str]
    procedure_labels: list[str]
    origin: str  # own | inherited | default
    origin_label: str
    holder: str  # the region whose setting applies ("" for the statutory default)
    note: str


class ProcedureSetIn(Schema):
    procedures: list[str]
    note: str


class Where(Schema):
    jurisdiction_id: int | None = None


def _out(entry: procedure_sets.InForce) -> dict:
    return {
        "body_type": entry.body_type,
        "body_type_label": entry.body_type_label,
        "procedures": entry.procedures,
        "procedure_labels": entry.labels,
        "origin": entry.origin,
        "origin_label": entry.origin_label,
        "holder": entry.holder.name if entry.holder else "",
        "note": entry.note,
    }


def _target(jurisdiction_id: int, body_type: str) -> Unit:
    """The region to write, whoever sees it: the service refuses one outside the scope, saying why."""
    if body_type not in BodyType.values:
        raise Http404(f"未知的决策机关类型：{body_type}")
    unit = Unit.objects.filter(pk=jurisdiction_id).first()
    if unit is None:
        raise Http404("行政区不存在")
    return unit


@router.get(
    "",
    response=list[ProcedureSetOut],
    summary="决策程序设置（本行政区各类决策机关须履行的程序及其来源、依据）",
)
def list_procedure_sets(request, where: Query[Where]):
    require_capability(request, MANAGE_DECISIONS)
    if where.jurisdiction_id is not None:
        region = get_for_user_or_404(
            Unit.objects.filter(kind=Unit.Kind.REGION), request.user, pk=where.jurisdiction_id
        )
    else:
        region = request.user.unit.jurisdiction() if request.user.unit_id else None
    if region is None:
        return []
    return [_out(procedure_sets.in_force(body_type, region)) for body_type in BodyType.values]


@router.put(
    "/{jurisdiction_id}/{body_type}",
    response=ProcedureSetOut,
    summary="设置行政区某类决策机关须履行的程序（须载明依据）",
)
def set_procedure_set(request, jurisdiction_id: int, body_type: str, payload: ProcedureSetIn):
    require_capability(request, MANAGE_DECISIONS)
    region = _target(jurisdiction_id, body_type)
    call_service(
        procedure_sets.set_procedures, request.user, region, body_type, payload.procedures, payload.note
    )
    return _out(procedure_sets.in_force(body_type, region))


@router.delete(
    "/{jurisdiction_id}/{body_type}",
    response={204: None},
    summary="取消行政区的设置（恢复沿用上级或法定默认的程序）",
)
def reset_procedure_set(request, jurisdiction_id: int, body_type: str):
    require_capability(request, MANAGE_DECISIONS)
    call_service(
        procedure_sets.reset_procedures, request.user, _target(jurisdiction_id, body_type), body_type
    )
    return 204, None
