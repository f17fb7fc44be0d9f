"""Several records at once (批量办理): each item through the same verb as one at a time, in its own
transaction, so one refusal neither blocks nor undoes the others and every item gets its own result."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse

from fazhi.core import capabilities as cap
from fazhi.core import oplog
from fazhi.core.models import Unit, User
from fazhi.supervision.models import Milestone, ProgressReport
from fazhi.supervision.services.common import notify, require, require_sees, unit_users
from fazhi.supervision.services.reports import accept_report


@dataclass
class ItemResult:
    obj: Any
    ok: bool
    message: str


def _refusal(exc: Exception) -> str:
    return "；".join(exc.messages) if isinstance(exc, ValidationError) else (str(exc) or "没有权限")


def accept_reports(actor: User, reports: Iterable[ProgressReport], comment: str = "") -> list[ItemResult]:
    """Accept each report through `accept_report` (its own transaction, checks and logs): one result each."""
    results = []
    for report in reports:
        try:
            accept_report(actor, report, comment)
        except (ValidationError, PermissionDenied) as exc:
            results.append(ItemResult(report, False, _refusal(exc)))
        else:
            results.append(ItemResult(report, True, "已采纳"))
    return results


def remind_units(actor: User, units: Iterable[Unit], message: str = "") -> list[ItemResult]:
    """Send each unit's staff a reminder of its unfinished milestones (逾期 and 临期 first): one result each."""
    results = []
    for unit in units:
        try:
            results.append(ItemResult(unit, True, remind_unit(actor, unit, message)))
        except (ValidationError, PermissionDenied) as exc:
            results.append(ItemResult(unit, False, _refusal(exc)))
    return results


@transaction.atomic
def remind_unit(actor: User, unit: Unit, message: str = "") -> str:
    """Remind one unit of its open milestones in the actor's scope; what was sent, in words."""
    require(actor, cap.SUPERVISE)
    require_sees(actor, unit)
    counts = Milestone.objects.for_user(actor).filter(unit=unit, state__in=Milestone.OPEN_STATES).aggregate(
        open=Count("id"), overdue=Count("id", filter=Q(state=Milestone.State.OVERDUE)),
        due_soon=Count("id", filter=Q(state=Milestone.State.DUE_SOON)),
    )
    if not counts["open"]:
        raise ValidationError(f"{unit.name}没有未完成的时间节点，无需提醒")
    staff = unit_users(unit)
    if not staff:
        raise ValidationError(f"{unit.name}没有启用的账号，无法提醒")
    parts = [f"逾期 {counts['overdue']} 个"] if counts["overdue"] else []
    if counts["due_soon"]:
        parts.append(f"临期 {counts['due_soon']} 个")
    title = f"督查督办提醒：您单位有 {counts['open']} 个未完成的任务节点" + (f"（{'，'.join(parts)}）" if parts else "")
    notify(staff, title, message.strip(), reverse("supervision:inbox"))
    oplog.record(actor, "supervision.remind", unit, after={**counts, "notified": len(staff)}, reason=message[:500])
    return f"已提醒 {len(staff)} 人：{title.split('：', 1)[1]}"
