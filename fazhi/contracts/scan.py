"""The contract module's part of the one daily scan: performance milestones and policy promises whose agreed
date is near (临期) or past (逾期), each told once to the unit's contract staff. SME payments run on case
clocks and are scanned with every other clock by the kernel."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from fazhi.contracts.models import Commitment, Milestone
from fazhi.contracts.workflow import MANAGE_CONTRACTS, REGISTER_CONTRACTS
from fazhi.core import calendar
from fazhi.core.notifiers import notify
from fazhi.workflow.scan import Recipients

# Warn this many working days before an agreed date (the same lead as the SME payment warning rule's default).
WARN_WORKING_DAYS = 5
STAFF = (MANAGE_CONTRACTS, REGISTER_CONTRACTS)


@dataclass
class PerformanceScan:
    due_soon: int = 0
    overdue: int = 0

    def summary(self) -> str:
        return f"履约节点和政策承诺新增临期 {self.due_soon} 项、逾期 {self.overdue} 项"


def _tell(recipients: Recipients, unit, title: str, link: str) -> None:
    notify(recipients(STAFF, unit), title, link=link)


@transaction.atomic
def scan_performance(today: datetime.date | None = None) -> PerformanceScan:
    today = today or timezone.localdate()
    result, recipients = PerformanceScan(), Recipients()
    horizon = calendar.add_working_days(today, WARN_WORKING_DAYS).date  # due on or before it: 临期
    milestones = Milestone.objects.select_for_update().select_related("contract__unit").filter(done_on__isnull=True)
    for m in milestones.filter(due_on__lt=today, overdue_notified_on__isnull=True):
        _tell(recipients, m.contract.unit, f"履约逾期：合同“{m.contract.title}”的{m.label}应于{m.due_on}前完成",
              reverse("contracts:detail", args=[m.contract_id]))
        Milestone.objects.filter(pk=m.pk).update(overdue_notified_on=today)
        result.overdue += 1
    for m in milestones.filter(due_on__gte=today, due_on__lte=horizon, warned_on__isnull=True):
        _tell(recipients, m.contract.unit, f"履约临期：合同“{m.contract.title}”的{m.label}应于{m.due_on}前完成",
              reverse("contracts:detail", args=[m.contract_id]))
        Milestone.objects.filter(pk=m.pk).update(warned_on=today)
        result.due_soon += 1
    promises = Commitment.objects.select_for_update().select_related("unit").filter(state=Commitment.State.OPEN)
    for c in promises.filter(due_on__lt=today, overdue_notified_on__isnull=True):
        _tell(recipients, c.unit, f"承诺逾期：“{c.title}”应于{c.due_on}前兑现", reverse("contracts:commitments"))
        Commitment.objects.filter(pk=c.pk).update(overdue_notified_on=today)
        result.overdue += 1
    for c in promises.filter(due_on__gte=today, due_on__lte=horizon, warned_on__isnull=True):
        _tell(recipients, c.unit, f"承诺临期：“{c.title}”应于{c.due_on}前兑现", reverse("contracts:commitments"))
        Commitment.objects.filter(pk=c.pk).update(warned_on=today)
        result.due_soon += 1
    return result
