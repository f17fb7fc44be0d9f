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


def _check_holder(actor: User | None, jurisdiction: Unit | None) -> None:
    require_jurisdiction_holder(actor, cap.MANAGE_TIME_LIMITS, jurisdiction, "时限规则")


def _where(jurisdiction: Unit | None) -> str:
    return jurisdiction.name if jurisdiction else "全平台"


@transaction.atomic
def set_time_limit(actor: User | None, code: str, jurisdiction: Unit | None, *, count: int, unit: str,
                   roll_over: bool = True, note: str = "") -> TimeLimit:
    """Override a time limit for a jurisdiction (None: platform-wide); the statutory default stays the fallback.

    The rule then applies to every case of the jurisdiction's units and of the regions below that set none.
    """
    _check_holder(actor, jurisdiction)
    if code not in timelimits.defaults():
        raise ValidationError(f"未知的时限规则：{code}")
    try:
        count = int(count)
    except (TypeError, ValueError):
        raise ValidationError("天数须为整数") from None
    if not 1 <= count <= 366:
        raise ValidationError("天数须在 1 到 366 之间")
    if unit not in (timelimits.WD, timelimits.ND):
        raise ValidationError("计算方式须为工作日或自然日")
    note = (note or "").strip()
    if len(note) > 300:
        raise ValidationError("说明不能超过 300 个字")
    before = timelimits.get_rule(code, jurisdiction)
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
