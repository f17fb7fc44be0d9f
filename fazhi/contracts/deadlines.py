"""Agreed dates on the kernel's one daily scan: performance milestones and policy promises (承诺).

Their deadlines are dates the contract or the promise fixed, not periods a step starts, so they are the
kernel's dated deadlines (`fazhi.workflow.dated`, the way supervision milestones are), not case clocks: each
row carries its date, its warning date (`PERFORMANCE_WARN` working days before, office-editable) and its
state, and the kernel's scan moves open rows to 临期 and 逾期 in bulk and tells the unit's contract staff once.
SME payments are periods from delivery or acceptance and run on case clocks (`contracts.workflow.PAYMENT`).
"""

from __future__ import annotations

import datetime

from django.urls import reverse

from fazhi.contracts.models import Commitment, DeadlineState, Milestone
from fazhi.contracts.workflow import MANAGE_CONTRACTS, REGISTER_CONTRACTS
from fazhi.core import calendar
from fazhi.workflow import timelimits
from fazhi.workflow.dated import DatedDeadlines, scan_dated
from fazhi.workflow.timelimits import WD, Rule

PERFORMANCE_WARN = "contract.performance_warn"
TIME_LIMITS = (
    Rule(PERFORMANCE_WARN, "履约节点、政策承诺到期前提醒（提前）", 5, WD, False,
         "到期前提醒合同管理人员（与中小企业款项到期提醒相同的默认提前量），本地可调整"),
)
STAFF = (MANAGE_CONTRACTS, REGISTER_CONTRACTS)


def warn_on(due: datetime.date, unit) -> datetime.date:
    """From when an agreed date is 临期: the rule's working days before it, in the unit's jurisdiction."""
    return calendar.warn_date(due, timelimits.get_rule(PERFORMANCE_WARN, unit).count)


MILESTONES = DatedDeadlines(
    name="contracts.milestone", label="履约节点", model=Milestone,
    open_state=DeadlineState.OPEN, due_soon_state=DeadlineState.DUE_SOON, overdue_state=DeadlineState.OVERDUE,
    describe=lambda m: f"合同“{m.contract.title}”的{m.label}（约定 {m.due_on:%Y-%m-%d} 前完成）",
    link=lambda: reverse("contracts:list"), select_related=("contract",), notify=STAFF, audience="scope",
)

COMMITMENTS = DatedDeadlines(
    name="contracts.commitment", label="政策承诺", model=Commitment, measure="项",
    open_state=DeadlineState.OPEN, due_soon_state=DeadlineState.DUE_SOON, overdue_state=DeadlineState.OVERDUE,
    describe=lambda c: f"“{c.title}”（应于 {c.due_on:%Y-%m-%d} 前兑现）", link=lambda: reverse("contracts:commitments"),
    state_field="deadline_state", notify=STAFF, audience="scope",
)


def mark_now(source: DatedDeadlines, row) -> None:
    """A row just entered or changed is marked at once if its dates are already near or past."""
    scan_dated(source, rows=source.model.objects.filter(pk=row.pk))
