"""Supervision's share of the kernel's one daily scan (`fazhi.workflow.scan.scan_deadlines`).

The kernel moves the milestones (a dated-deadline source, `workflows.MILESTONES`) and the 督办单 reply
clocks (`workflows.ORDER`, 逾期 → 逾期未回复); what stays here is the module's own scan — a standing
plan (长期执行) gets the new year's milestones when the year opens — and the figures of one run.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from fazhi.supervision import workflows
from fazhi.workflow import dated
from fazhi.workflow.scan import run_daily_scan


@dataclass
class ScanResult:
    due_soon: int = 0
    overdue: int = 0
    orders_overdue: int = 0
    notified: int = 0
    plans_extended: int = 0

    def summary(self) -> str:
        text = (f"新增临期 {self.due_soon} 个、逾期 {self.overdue} 个节点，督办单逾期 {self.orders_overdue} 件，"
                f"发送提醒 {self.notified} 条")
        if self.plans_extended:
            text += f"；{self.plans_extended} 个长期执行方案生成了新年度节点"
        return text


@dataclass
class YearOpening:
    plans_extended: int = 0

    def summary(self) -> str:
        return f"{self.plans_extended} 个长期执行方案生成了新年度节点"


def open_years(today: dt.date | None = None) -> YearOpening:
    """The module's declared daily scan: standing plans get the milestones of a year that has opened."""
    from fazhi.supervision.services.ledger import open_standing_years  # the ledger imports this module

    return YearOpening(open_standing_years(today))


def mark_due_states(milestones, today: dt.date, result: ScanResult) -> None:
    """Move open milestones among `milestones` (just created or moved) to 临期/逾期 at once, as the daily
    scan would, and tell each unit once."""
    found = dated.scan_dated(workflows.MILESTONES, today, rows=milestones)
    result.due_soon += found.due_soon
    result.overdue += found.overdue
    result.notified += found.notified


def scan_deadlines(today: dt.date | None = None) -> ScanResult:
    """The kernel's daily scan run for supervision alone (the demo loader, a unit's manual run), with its
    figures: milestones newly 临期 / 逾期, orders newly 逾期未回复, notices, standing plans extended."""
    done = run_daily_scan(today, app="supervision")
    milestones = done.dated[workflows.MILESTONES.name]
    years = sum(found.plans_extended for _, found in done.scans if isinstance(found, YearOpening))
    return ScanResult(due_soon=milestones.due_soon, overdue=milestones.overdue,
                      orders_overdue=done.clocks.overdue[(workflows.ORDER.name, "reply")],
                      notified=milestones.notified + done.clocks.notified, plans_extended=years)
