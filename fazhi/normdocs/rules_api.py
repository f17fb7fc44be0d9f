"""/api/normdocs/time-limits: the normative-document time limits of one region, as the settings page shows them.

Reading (normdocs.manage): each rule in force in the region (`jurisdiction_id`, default the caller's own;
a region outside the caller's scope is 404), where it comes from and its legal source. Writing goes
through `fazhi.workflow.services` (timelimits.manage): a region above or beside the caller's is 403 with
the reason, a missing legal source 400.
"""

from __future__ import annotations

from django.http import Http404
from ninja import Query, Router, Schema

from fazhi.core import capabilities as cap
from fazhi.core.api import call_service, require_capability
from fazhi.core.models import Unit
from fazhi.core.scopes import get_for_user_or_404
from fazhi.normdocs import workflow
from fazhi.workflow import services, timelimits

router = Router(tags=["行政规范性文件"])


class RuleOut(Schema):
    code: str
    label: str
    count: int
    unit: str
    roll_over: bool
    source: str
    origin: str  # own | inherited | platform | default
    origin_label: str
    holder: str  # the region whose setting applies ("" for the default)


class RuleIn(Schema):
    count: int
    unit: str
    roll_over: bool = True
    note: str = ""


class Where(Schema):
    jurisdiction_id: int | None = None


def _out(entry: timelimits.InForce) -> dict:
    rule = entry.rule
    return {"code": rule.code, "label": rule.label, "count": rule.count, "unit": rule.unit,
            "roll_over": rule.roll_over, "source": rule.source, "origin": entry.origin,
            "origin_label": entry.origin_label, "holder": entry.holder.name if entry.holder else ""}


def _codes() -> set[str]:
    return {rule.code for rule in workflow.TIME_LIMITS}


def _target(code: str, jurisdiction_id: int) -> Unit:
    """The region to write, whoever sees it: the service refuses one outside the scope, saying why."""
    if code not in _codes():
        raise Http404(f"未知的时限规则：{code}")
    unit = Unit.objects.filter(pk=jurisdiction_id).first()
    if unit is None:
        raise Http404("行政区不存在")
    return unit


@router.get("", response=list[RuleOut], summary="时限规则（本行政区适用的规则及其来源、依据）")
def list_rules(request, where: Query[Where]):
    require_capability(request, cap.MANAGE_NORMDOCS)
    if where.jurisdiction_id is not None:
        region = get_for_user_or_404(Unit.objects.filter(kind=Unit.Kind.REGION), request.user,
                                     pk=where.jurisdiction_id)
    else:
        region = request.user.unit.jurisdiction() if request.user.unit_id else None
    return [_out(entry) for entry in timelimits.rules_for(region) if entry.rule.code in _codes()]


@router.put("/{jurisdiction_id}/{code}", response=RuleOut, summary="设置行政区的时限规则（须载明依据）")
def set_rule(request, jurisdiction_id: int, code: str, payload: RuleIn):
    require_capability(request, cap.MANAGE_NORMDOCS)
    region = _target(code, jurisdiction_id)
    call_service(services.set_time_limit, request.user, code, region, count=payload.count, unit=payload.unit,
                 roll_over=payload.roll_over, note=payload.note)
    return _out(timelimits.in_force(code, region))


@router.delete("/{jurisdiction_id}/{code}", response={204: None}, summary="取消行政区的设置（恢复适用上级或法定默认规则）")
def reset_rule(request, jurisdiction_id: int, code: str):
    require_capability(request, cap.MANAGE_NORMDOCS)
    call_service(services.reset_time_limit, request.user, code, _target(code, jurisdiction_id))
    return 204, None
