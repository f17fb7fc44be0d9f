"""Business verbs of the kernel: the office edits the time limits of its jurisdiction."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from fazhi.core import capabilities as cap
from fazhi.core import oplog
from fazhi.core.models import Unit, User
from fazhi.core.permissions import require, require_sees
from fazhi.workflow import timelimits
from fazhi.workflow.models import TimeLimit


def _check_holder(actor: User | None, jurisdiction: Unit | None) -> None:
    """An office sets rules for the regions its data scope covers: its own jurisdiction (and those below);
    never a region above it (the province's default) nor a sibling (another county). Refusals say why."""
    require(actor, cap.MANAGE_TIME_LIMITS)
    if jurisdiction is None:
        if actor is not None and not actor.is_superuser:
            raise PermissionDenied("全平台的时限规则只能由系统管理员设置；请调整本行政区的规则")
        return
    if not jurisdiction.is_region:
        raise ValidationError(f"“{jurisdiction.name}”不是行政区，时限规则按行政区设置")
    try:
        require_sees(actor, jurisdiction)
    except PermissionDenied:
        raise PermissionDenied(_out_of_scope_reason(actor, jurisdiction)) from None


def _out_of_scope_reason(actor: User, jurisdiction: Unit) -> str:
    own = actor.unit.jurisdiction() if actor.unit_id else None
    if own is not None and own.pk == jurisdiction.pk:
        return (f"不能修改{jurisdiction.name}的时限规则：您的数据范围为“{actor.get_data_scope_display()}”，"
                f"不包括整个{jurisdiction.name}；请由数据范围为本行政区的工作人员设置。")
    where = f"您只能调整{own.name}及其下辖行政区的时限规则" if own else "您的数据范围内没有行政区"
    if own is not None and own.path.startswith(jurisdiction.path):
        return (f"不能修改{jurisdiction.name}的时限规则：上级行政区的规则由其司法行政部门设置，{where}；"
                f"本地需要不同规定的，请在{own.name}设置本级规则（覆盖上级规则）。")
    return f"不能修改{jurisdiction.name}的时限规则：该行政区不在您的数据范围内，{where}。"


def _may_be_zero(code: str) -> bool:
    """An extension cap may be 0 (not extendable); a period may not."""
    return any(rule.extension_rule == code for rule in timelimits.defaults().values())


def _where(jurisdiction: Unit | None) -> str:
    return jurisdiction.name if jurisdiction else "全平台"


@transaction.atomic
def set_time_limit(actor: User | None, code: str, jurisdiction: Unit | None, *, count: int, unit: str,
                   roll_over: bool = True, note: str = "") -> TimeLimit:
    """Override a time limit for a jurisdiction (None: platform-wide); the statutory default stays the fallback.

    `note` is the override's legal source, required of a user (the system keeps the source in force). The rule then applies to every case of the
    jurisdiction's units and of the regions below that set none.
    """
    _check_holder(actor, jurisdiction)
    if code not in timelimits.defaults():
        raise ValidationError(f"未知的时限规则：{code}")
    try:
        count = int(count)
    except (TypeError, ValueError):
        raise ValidationError("天数须为整数") from None
    low = 0 if _may_be_zero(code) else 1
    if not low <= count <= 366:
        raise ValidationError(f"天数须在 {low} 到 366 之间")
    if unit not in (timelimits.WD, timelimits.ND):
        raise ValidationError("计算方式须为工作日或自然日")
    note = (note or "").strip()
    before = timelimits.get_rule(code, jurisdiction)
    if not note:
        if actor is not None:
            raise ValidationError("请填写依据：调整后的时限须载明其法律依据（法律、法规、规章或本地规定的名称和条款）")
        note = before.source  # the system (imports, demo) keeps the source in force
    if len(note) > 300:
        raise ValidationError("依据不能超过 300 个字")
    row, _ = TimeLimit.objects.update_or_create(
        code=code, jurisdiction=jurisdiction,
        defaults={"count": count, "unit": unit, "roll_over": bool(roll_over), "note": note,
                  "updated_by": actor if getattr(actor, "pk", None) else None},
    )
    oplog.record(actor, "timelimit.set", row, object_repr=f"{before.label}（{_where(jurisdiction)}）",
                 before={"count": before.count, "unit": before.unit},
                 after={"count": count, "unit": unit, "jurisdiction": _where(jurisdiction)})
    return row


@transaction.atomic
def reset_time_limit(actor: User | None, code: str, jurisdiction: Unit | None) -> None:
    """Drop the jurisdiction's override: the rule of the region above (or the default) applies again."""
    _check_holder(actor, jurisdiction)
    row = TimeLimit.objects.filter(code=code, jurisdiction=jurisdiction).first()
    if row is None:
        return
    label = timelimits.get_rule(code, jurisdiction).label
    oplog.record(actor, "timelimit.reset", row, object_repr=f"{label}（{_where(jurisdiction)}）",
                 before={"count": row.count, "unit": row.unit})
    row.delete()
