"""The one daily deadline scan: every module's case clocks, then each module's own declared scans.

Run by Celery beat (`fazhi.workflow.tasks.scan_deadlines`) and by the command `fazhi scan_deadlines`.
A running clock whose warning date has come moves to 临期, one past its due date to 逾期; the users
its module names (a capability, within their data scope) are told once per change, so running the
scan twice on a day sends nothing the second time.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from fazhi.core import oplog
from fazhi.core.digest import send_daily_digest
from fazhi.core.notifiers import notify
from fazhi.workflow.models import CaseClock


@dataclass
class ClockScan:
    due_soon: Counter = field(default_factory=Counter)  # (workflow, kind) → clocks newly 临期
    overdue: Counter = field(default_factory=Counter)
    notified: int = 0

    def summary(self) -> str:
        return f"办理期限新增临期 {sum(self.due_soon.values())} 件、逾期 {sum(self.overdue.values())} 件"


class Recipients:
    """Who hears of a clock: active users holding one of its capabilities whose data scope covers its unit.

    The accounts are read once per scan, and each capability's holders once, however many clocks change.
    """

    def __init__(self) -> None:
        self._users: list | None = None
        self._holders: dict[tuple[str, ...], list] = {}

    def __call__(self, capabilities: tuple[str, ...], unit) -> list:
        from fazhi.core.models import User
        from fazhi.core.permissions import has_capability
        from fazhi.core.scopes import user_sees_unit

        if self._users is None:
            self._users = list(User.objects.filter(is_active=True).prefetch_related("roles").select_related("unit"))
        if capabilities not in self._holders:
            self._holders[capabilities] = [u for u in self._users if any(has_capability(u, c) for c in capabilities)]
        return [u for u in self._holders[capabilities] if user_sees_unit(u, unit)]


def _fmt(day: datetime.date) -> str:
    return day.isoformat()


@transaction.atomic
def scan_clocks(today: datetime.date | None = None, workflow: str | None = None,
                kinds: tuple[str, ...] | None = None) -> ClockScan:
    """Mark running clocks 临期 / 逾期 as of `today` and tell their users (one module or kind if named)."""
    from fazhi.workflow.engine import get_workflow

    today = today or timezone.localdate()
    result = ClockScan()
    recipients = Recipients()
    clocks = CaseClock.objects.select_for_update().select_related("unit").filter(due_on__isnull=False)
    if workflow:
        clocks = clocks.filter(workflow=workflow)
    if kinds:
        clocks = clocks.filter(kind__in=kinds)
    _fill_warn_dates(clocks.filter(state=CaseClock.State.RUNNING, warn_on__isnull=True))
    overdue = clocks.filter(state__in=[CaseClock.State.RUNNING, CaseClock.State.DUE_SOON], due_on__lt=today)
    soon = clocks.filter(state=CaseClock.State.RUNNING, warn_on__lte=today, due_on__gte=today)
    for state, group, counter in ((CaseClock.State.OVERDUE, overdue, result.overdue),
                                  (CaseClock.State.DUE_SOON, soon, result.due_soon)):
        for clock in list(group):
            spec = get_workflow(clock.workflow).clocks[clock.kind]
            if state == CaseClock.State.OVERDUE:
                title = f"{spec.label}逾期：{clock.title}应于{_fmt(clock.due_on)}前{spec.action}"
            else:
                title = f"{spec.label}提醒：{clock.title}须于{_fmt(clock.due_on)}前{spec.action}"
            before = clock.state
            clock.state, clock.updated_at = state, timezone.now()
            clock.save(update_fields=["state", "updated_at"])
            result.notified += notify(recipients(spec.notify, clock.unit), title, link=clock.link)
            oplog.record(None, f"clock.{state}", clock, before={"state": before},
                         after={"state": state, "due_on": clock.due_on, "today": today})
            counter[(clock.workflow, clock.kind)] += 1
    return result


def _fill_warn_dates(clocks) -> None:
    """Clocks carried over from before the kernel (data migration) get their warning date on first scan."""
    from fazhi.workflow import timelimits
    from fazhi.workflow.engine import get_workflow

    for clock in clocks:
        spec = get_workflow(clock.workflow).clocks[clock.kind]
        if spec.warn_rule:
            clock.warn_on = timelimits.warn_from(spec.warn_rule, clock.due_on, clock.unit)
            clock.save(update_fields=["warn_on"])


def scan_deadlines(today: datetime.date | None = None) -> list[str]:
    """The daily scan of every module: the case clocks, then each module's declared scans; one line each."""
    from fazhi.core import modules

    lines = [scan_clocks(today).summary()]
    for module in modules.all_modules():
        for scan in module.scans:
            lines.append(f"{module.label}：{scan(today).summary()}")
    # Last, so the digest counts the 临期 / 逾期 the scans above have just marked.
    lines.append(send_daily_digest(today).summary())
    return lines
