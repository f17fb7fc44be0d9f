"""The one daily deadline scan: every module's case clocks, its dated deadlines, then its own declared scans.

Run by Celery beat (`fazhi.workflow.tasks.scan_deadlines`) and by the command `fazhi scan_deadlines`.
A running clock whose warning date has come moves to 临期, one past its due date to 逾期; where its
`ClockSpec` says so (`on_overdue`, `on_due_soon`) the case moves with it, in bulk, with a "scan" step in
the one log. The users its module names are told once per change, so running the scan twice on a day
sends nothing the second time. Dated deadlines (a milestone's fixed 2024年6月底前) are `fazhi.workflow.dated`.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from fazhi.core import oplog
from fazhi.core.digest import send_daily_digest
from fazhi.core.notifiers import notify
from fazhi.workflow import steplog
from fazhi.workflow.models import CaseClock, TransitionRecord

CHUNK = 500  # bounded IN lists (SQLite's variable limit)


@dataclass
class ClockScan:
    due_soon: Counter = field(default_factory=Counter)  # (workflow, kind) → clocks newly 临期
    overdue: Counter = field(default_factory=Counter)
    notified: int = 0
    cases_moved: int = 0  # cases whose own state the clocks' hooks moved

    def summary(self) -> str:
        return f"办理期限新增临期 {sum(self.due_soon.values())} 件、逾期 {sum(self.overdue.values())} 件"


class Recipients:
    """Who hears of a deadline: active users holding one of its capabilities whose data scope covers its
    unit ("scope"), or every active user of the unit itself ("unit").

    The accounts are read once per scan, and each capability's holders once, however many items change.
    """

    def __init__(self) -> None:
        self._users: list | None = None
        self._holders: dict[tuple[str, ...], list] = {}
        self._by_unit: dict[int, list] = {}

    def users(self) -> list:
        from fazhi.core.models import User

        if self._users is None:
            self._users = list(User.objects.filter(is_active=True).prefetch_related("roles").select_related("unit"))
        return self._users

    def of_unit(self, unit_id: int) -> list:
        if unit_id not in self._by_unit:
            self.load_units([unit_id])
        return self._by_unit[unit_id]

    def load_units(self, unit_ids) -> None:
        """Read the active users of these units in one query per CHUNK (not every account of the platform)."""
        from fazhi.core.models import User

        wanted = [pk for pk in unit_ids if pk not in self._by_unit]
        for start in range(0, len(wanted), CHUNK):
            chunk = wanted[start:start + CHUNK]
            self._by_unit.update({pk: [] for pk in chunk})
            for user in User.objects.filter(is_active=True, unit_id__in=chunk).select_related("unit"):
                self._by_unit[user.unit_id].append(user)

    def __call__(self, capabilities: tuple[str, ...], unit, audience: str = "scope") -> list:
        from fazhi.core.permissions import has_capability
        from fazhi.core.scopes import user_sees_unit

        if audience == "unit":
            return self.of_unit(unit.pk)
        if capabilities not in self._holders:
            self._holders[capabilities] = [u for u in self.users() if any(has_capability(u, c) for c in capabilities)]
        return [u for u in self._holders[capabilities] if user_sees_unit(u, unit)]


def _fmt(day: datetime.date) -> str:
    return day.isoformat()


@transaction.atomic
def scan_clocks(today: datetime.date | None = None, workflow: str | None = None,
                kinds: tuple[str, ...] | None = None, workflows: tuple[str, ...] | None = None) -> ClockScan:
    """Mark running clocks 临期 / 逾期 as of `today`, move their cases where the clock says so, and tell
    their users (one workflow, several, or one kind if named)."""
    from fazhi.workflow.engine import get_workflow

    today = today or timezone.localdate()
    result = ClockScan()
    recipients = Recipients()
    clocks = CaseClock.objects.select_for_update().select_related("unit").filter(due_on__isnull=False)
    if workflow:
        clocks = clocks.filter(workflow=workflow)
    if workflows is not None:
        clocks = clocks.filter(workflow__in=workflows)
    if kinds:
        clocks = clocks.filter(kind__in=kinds)
    _fill_warn_dates(clocks.filter(state=CaseClock.State.RUNNING, warn_on__isnull=True))
    overdue = clocks.filter(state__in=[CaseClock.State.RUNNING, CaseClock.State.DUE_SOON], due_on__lt=today)
    soon = clocks.filter(state=CaseClock.State.RUNNING, warn_on__lte=today, due_on__gte=today)
    for state, group, counter in ((CaseClock.State.OVERDUE, overdue, result.overdue),
                                  (CaseClock.State.DUE_SOON, soon, result.due_soon)):
        changed = list(group)
        now = timezone.now()
        for start in range(0, len(changed), CHUNK):
            CaseClock.objects.filter(pk__in=[c.pk for c in changed[start:start + CHUNK]]).update(
                state=state, updated_at=now)
        for clock in changed:
            spec = get_workflow(clock.workflow).clocks[clock.kind]
            if state == CaseClock.State.OVERDUE:
                title = f"{spec.label}逾期：{clock.title}应于{_fmt(clock.due_on)}前{spec.action}"
            else:
                title = f"{spec.label}提醒：{clock.title}须于{_fmt(clock.due_on)}前{spec.action}"
            result.notified += notify(recipients(spec.notify, clock.unit, spec.audience), title, link=clock.link)
            before, clock.state = clock.state, state  # as saved above, for the log's description
            oplog.record(None, f"clock.{state}", clock, before={"state": before},
                         after={"state": state, "due_on": clock.due_on, "today": today})
            counter[(clock.workflow, clock.kind)] += 1
        result.cases_moved += _move_cases(changed, state, today)
    return result


def _move_cases(clocks: list[CaseClock], state: str, today: datetime.date) -> int:
    """The clocks' hook: each case whose ClockSpec names a state for `state` (on_overdue / on_due_soon)
    moves there, in bulk, with a "scan" step in the one log. A case already there is left alone."""
    from fazhi.workflow.engine import get_workflow

    by_spec: dict[tuple[str, str], list[CaseClock]] = defaultdict(list)
    for clock in clocks:
        by_spec[(clock.workflow, clock.kind)].append(clock)
    moved = 0
    for (name, kind), group in by_spec.items():
        workflow = get_workflow(name)
        spec = workflow.clocks[kind]
        target = spec.on_overdue if state == CaseClock.State.OVERDUE else spec.on_due_soon
        if not target:
            continue
        model, field_name = workflow.model, workflow.state_field
        due = {c.object_id: c.due_on for c in group}
        ids = list(due)
        for start in range(0, len(ids), CHUNK):
            cases = list(model.objects.filter(pk__in=ids[start:start + CHUNK]).exclude(**{field_name: target})
                      .only("pk", field_name))
            reason = "已超过期限 {}" if state == CaseClock.State.OVERDUE else "期限 {} 临近"
            TransitionRecord.objects.bulk_create([
                steplog.step_record(case, "scan", getattr(case, field_name), target, on=today, workflow=name,
                                    reason=reason.format(_fmt(due[case.pk])), data={"clock": kind})
                for case in cases], batch_size=CHUNK)
            model.objects.filter(pk__in=[case.pk for case in cases]).update(**{field_name: target})
            moved += len(cases)
    return moved


def _fill_warn_dates(clocks) -> None:
    """Clocks carried over from before the kernel (data migration) get their warning date on first scan."""
    from fazhi.workflow import timelimits
    from fazhi.workflow.engine import get_workflow

    for clock in clocks:
        spec = get_workflow(clock.workflow).clocks[clock.kind]
        if spec.warn_rule:
            clock.warn_on = timelimits.warn_from(spec.warn_rule, clock.due_on, clock.unit)
            clock.save(update_fields=["warn_on"])


@dataclass
class DailyScan:
    """What one run of the daily scan did: the clocks, then per module its dated deadlines and own scans."""

    clocks: ClockScan
    dated: dict[str, Any] = field(default_factory=dict)  # source name → fazhi.workflow.dated.DatedScan
    scans: list[tuple[str, Any]] = field(default_factory=list)  # (module label, its scan's result)
    lines: list[str] = field(default_factory=list)


def run_daily_scan(today: datetime.date | None = None, app: str | None = None) -> DailyScan:
    """The daily scan of every module (or of the one app named, e.g. a demo loader's): the case clocks, then
    per module its dated deadlines and its own declared scans (a standing plan's new year)."""
    from fazhi.core import modules
    from fazhi.workflow.dated import scan_dated

    chosen = [m for m in modules.all_modules() if app in (None, m.app)]
    names = None if app is None else tuple(w.name for m in chosen for w in m.workflows)
    done = DailyScan(scan_clocks(today, workflows=names))
    done.lines.append(done.clocks.summary())
    recipients = Recipients()
    for module in chosen:
        for source in module.deadlines:
            done.dated[source.name] = found = scan_dated(source, today, recipients=recipients)
            done.lines.append(f"{module.label}：{found.summary()}")
        for scan in module.scans:
            found = scan(today)
            done.scans.append((module.label, found))
            done.lines.append(f"{module.label}：{found.summary()}")
    return done


def scan_deadlines(today: datetime.date | None = None) -> list[str]:
    """The one daily scan (Celery beat, `fazhi scan_deadlines`): every module, then the 待办 digest; one line each."""
    lines = run_daily_scan(today).lines
    # Last, so the digest counts the 临期 / 逾期 the scans above have just marked.
    lines.append(send_daily_digest(today).summary())
    return lines
