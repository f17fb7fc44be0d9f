"""Dated deadlines: rows whose deadline is a fixed date, moved to 临期 / 逾期 by the one daily scan.

A case clock (`CaseClock`) is a *period* that starts, pauses and stops with its case's steps. A
supervision milestone is not: its deadline is a date the plan set (2024年6月底前, 每季度末), stored on the
row with its warning date, moved only by an approved extension or the office's correction, and there
are hundreds of thousands of them at province scale. Copying each into a clock row would double that
table and need a sync on every date change; instead the module declares its rows as a `DatedDeadlines`
source (`Module.deadlines`) and the kernel's scan moves them in bulk — one UPDATE per state, the steps
bulk-written to the one log, one grouped notice per unit per scan listing its items — with the same
notifier and the same once-per-change rule as the clocks. The state field stays the truth that lists,
dashboards and 待办 counts read.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from fazhi.core import oplog
from fazhi.core.notifiers import notify
from fazhi.workflow import steplog
from fazhi.workflow.models import TransitionRecord
from fazhi.workflow.scan import CHUNK, Recipients


@dataclass(frozen=True)
class DatedDeadlines:
    """A module's rows with a fixed due date and warning date (时间节点), and the states the scan moves."""

    name: str  # "supervision.milestone"
    label: str  # the items' name in notices and the scan's line: "任务节点"
    model: type[models.Model]
    open_state: str  # only rows in this state become 临期
    due_soon_state: str
    overdue_state: str  # rows in open_state or due_soon_state past their due date become 逾期
    describe: Callable[[Any], str]  # one item's line in its unit's grouped notice
    link: Callable[[], str]  # the page the grouped notice opens (the unit's inbox)
    measure: str = "个"  # the counting word: "您单位有 3 个任务节点逾期"
    select_related: tuple[str, ...] = ()  # what `describe` reads
    defer: tuple[str, ...] = ()  # large fields `describe` does not read
    due_field: str = "due_on"
    warn_field: str = "warn_on"
    state_field: str = "state"
    unit_field: str = "unit"  # the unit responsible, whose users are told
    notify: tuple[str, ...] = ()  # with audience "scope": the capabilities whose holders are told
    audience: str = "unit"  # "unit": every active user of the row's unit; "scope": see scan.Recipients
    listed: int = 20  # items a notice lists before "等共 N 个…"


@dataclass
class DatedScan:
    label: str
    measure: str = "个"
    due_soon: int = 0
    overdue: int = 0
    notified: int = 0

    def summary(self) -> str:
        m = self.measure
        return f"{self.label}新增临期 {self.due_soon} {m}、逾期 {self.overdue} {m}，发送提醒 {self.notified} 条"


@transaction.atomic
def scan_dated(source: DatedDeadlines, today: datetime.date | None = None, rows: Any = None,
               recipients: Recipients | None = None) -> DatedScan:
    """Move `source`'s open rows (or those among the queryset `rows`) to 临期 from their warning date and
    to 逾期 after their due date, as of `today`; tell each unit once, listing its items.

    Idempotent: only rows whose state changes are touched and notified. The daily scan passes no `rows`
    and logs one summary to the operation log; a module passes `rows` when it has just created or moved
    some (a ledger generated with past dates is marked at once).
    """
    daily = rows is None
    today = today or timezone.localdate()
    result = DatedScan(source.label, source.measure)
    rows = (source.model.objects.all() if daily else rows).select_for_update()
    rows = rows.select_related(*source.select_related).defer(*source.defer)
    state, due, warn = source.state_field, source.due_field, source.warn_field
    overdue = rows.filter(**{f"{state}__in": [source.open_state, source.due_soon_state], f"{due}__lt": today})
    soon = rows.filter(**{state: source.open_state, f"{warn}__lte": today, f"{due}__gte": today})
    changed: dict[tuple[int, str], list] = defaultdict(list)
    log: list[TransitionRecord] = []
    for target, group, reason in ((source.overdue_state, overdue, "已超过截止日期 {}"),
                                  (source.due_soon_state, soon, "截止日期 {} 临近")):
        for row in group:
            log.append(steplog.step_record(row, "scan", getattr(row, state), target, on=today,
                                           reason=reason.format(getattr(row, due))))
            changed[(getattr(row, f"{source.unit_field}_id"), target)].append(row)
    TransitionRecord.objects.bulk_create(log, batch_size=CHUNK)
    for target in (source.overdue_state, source.due_soon_state):
        ids = [row.pk for (_, s), group in changed.items() if s == target for row in group]
        for start in range(0, len(ids), CHUNK):
            source.model.objects.filter(pk__in=ids[start:start + CHUNK]).update(**{state: target})
    result.overdue = sum(len(g) for (_, s), g in changed.items() if s == source.overdue_state)
    result.due_soon = sum(len(g) for (_, s), g in changed.items() if s == source.due_soon_state)
    result.notified = _tell_units(source, changed, recipients or Recipients())
    if daily:
        oplog.record(None, "deadlines.scan", None, object_type=source.model._meta.label_lower,
                     object_repr=f"{source.label}期限扫描 {today}",
                     after={"today": today, "due_soon": result.due_soon, "overdue": result.overdue,
                            "notified": result.notified})
    return result


def _tell_units(source: DatedDeadlines, changed: dict[tuple[int, str], list], recipients: Recipients) -> int:
    """One notice per unit and state, listing its items (the first `listed`, then how many in all)."""
    from fazhi.core.models import Unit

    units = Unit.objects.in_bulk({unit_id for unit_id, _ in changed})
    if source.audience == "unit":
        recipients.load_units(list(units))
    told = 0
    for (unit_id, target), group in sorted(changed.items()):
        word = "逾期" if target == source.overdue_state else "临期"
        lines = [source.describe(row) for row in group[:source.listed]]
        if len(group) > source.listed:
            lines.append(f"等共 {len(group)} {source.measure}{source.label}")
        users = recipients(source.notify, units[unit_id], source.audience)
        told += notify(users, f"您单位有 {len(group)} {source.measure}{source.label}{word}", "\n".join(lines),
                       source.link())
    return told
