"""Business verbs of the kernel: the office edits the time limits of its jurisdiction."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from fazhi.core import capabilities as cap
from fazhi.core import oplog
from fazhi.core.models import Unit, User
from fazhi.core.permissions import require_jurisdiction_holder
from fazhi.workflow import timelimits
from fazhi.workflow.models import TimeLimit

MAX_MONTHS = 60  # the longest period an office may set in months (the catalogue's longest is 复议 five years)


def _check_holder(actor: User | None, jurisdiction: Unit | None) -> None:
    require_jurisdiction_holder(actor, cap.MANAGE_TIME_LIMITS, jurisdiction, "时限规则")


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
    if unit not in timelimits.UNIT_LABELS:
        raise ValidationError("计算方式须为工作日、自然日或月")
    low, high = (0 if _may_be_zero(code) else 1), (MAX_MONTHS if unit == timelimits.M else 366)
    if not low <= count <= high:
        raise ValidationError(f"{'月数' if unit == timelimits.M else '天数'}须在 {low} 到 {high} 之间")
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
