"""The deadline scan: milestones move to 临期 (due soon) and 逾期 (overdue) and their units are told.
Run nightly by Celery beat and by `fazhi scan_deadlines`."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from fazhi.core import oplog
from fazhi.core.models import Unit
from fazhi.supervision.models import (
    Milestone,
    SupervisionOrder,
)
from fazhi.supervision.services.common import log_transition, notify, unit_users
from fazhi.workflow import steplog
from fazhi.workflow.models import TransitionRecord


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


def mark_due_states(milestones, today: dt.date, result: ScanResult) -> None:
    """Move open milestones among `milestones` to 临期/逾期 as of `today`, and tell each unit once per scan."""
    changed: dict[tuple[int, str], list[Milestone]] = defaultdict(list)
    log: list[TransitionRecord] = []

    def move(milestone: Milestone, state: str, reason: str) -> None:
        log.append(steplog.step_record(milestone, "scan", milestone.state, state, reason=reason, on=today))
        changed[(milestone.unit_id, state)].append(milestone)

    overdue = milestones.select_for_update().filter(
        state__in=[Milestone.State.OPEN, Milestone.State.DUE_SOON], due_on__lt=today
    )
    for milestone in overdue.select_related("task"):
        move(milestone, Milestone.State.OVERDUE, f"已超过截止日期 {milestone.due_on}")
        result.overdue += 1
    soon = milestones.select_for_update().filter(state=Milestone.State.OPEN, warn_on__lte=today, due_on__gte=today)
    for milestone in soon.select_related("task"):
        move(milestone, Milestone.State.DUE_SOON, f"截止日期 {milestone.due_on} 临近")
        result.due_soon += 1
    TransitionRecord.objects.bulk_create(log, batch_size=500)
    for state in (Milestone.State.OVERDUE, Milestone.State.DUE_SOON):
        ids = [m.pk for (_, s), group in changed.items() if s == state for m in group]
        for start in range(0, len(ids), 500):  # bounded IN lists for SQLite's variable limit
            Milestone.objects.filter(pk__in=ids[start:start + 500]).update(state=state)
    units = Unit.objects.in_bulk({unit_id for unit_id, _ in changed})
    inbox = reverse("supervision:inbox")
    for (unit_id, state), group in sorted(changed.items()):
        word = "逾期" if state == Milestone.State.OVERDUE else "临期"
        lines = [f"{m.task.title}（{m.label}，截止 {m.due_on:%Y-%m-%d}）" for m in group[:20]]
        if len(group) > 20:
            lines.append(f"等共 {len(group)} 个节点")
        result.notified += notify(unit_users(units[unit_id]), f"您单位有 {len(group)} 个任务节点{word}",
                                  "\n".join(lines), inbox)


@transaction.atomic
def scan_deadlines(today: dt.date | None = None) -> ScanResult:
    """Mark open milestones 临期 (from their warn date) and 逾期 (after their due date); tell each unit once.

    Idempotent: only milestones whose state changes are touched and notified, so running the scan
    twice on a day sends nothing the second time. Orders not replied by their deadline become overdue.
    When a year opens, standing plans (长期执行) first get that year's milestones.
    """
    from fazhi.supervision.services.ledger import open_standing_years  # the ledger imports this module

    today = today or timezone.localdate()
    result = ScanResult()
    result.plans_extended = open_standing_years(today)
    mark_due_states(Milestone.objects.all(), today, result)
    for order in SupervisionOrder.objects.select_for_update().filter(
        state=SupervisionOrder.State.ISSUED, reply_due_on__lt=today
    ).select_related("recipient"):
        log_transition(None, "scan", order.state, SupervisionOrder.State.OVERDUE,
                        f"超过回复期限 {order.reply_due_on}", order=order)
        order.state = SupervisionOrder.State.OVERDUE
        order.save(update_fields=["state"])
        result.orders_overdue += 1
        result.notified += notify(unit_users(order.recipient), f"督办单 {order.number} 已超过回复期限",
                                  order.subject, reverse("supervision:order_detail", args=[order.pk]))
    oplog.record(None, "supervision.scan", None, object_type="supervision.scan", object_repr=f"期限扫描 {today}",
                 after={"today": today, "due_soon": result.due_soon, "overdue": result.overdue,
                        "orders_overdue": result.orders_overdue, "notified": result.notified})
    return result
