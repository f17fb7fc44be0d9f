"""The office edits a ledger's milestones by hand (what the Excel round trip did): adds a milestone a plan
did not spell out, renames one or changes how many completed reports close it, and cancels one that no
longer applies. Due dates move through `correct_due_date` and extensions (services.extensions)."""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from fazhi.core import calendar, oplog
from fazhi.core.models import Unit, User
from fazhi.supervision.models import Milestone, Task, TaskUnit
from fazhi.supervision.services.common import log_transition, notify, settings_for, unit_users
from fazhi.supervision.services.extensions import as_date, locked_milestone, require_office
from fazhi.supervision.services.scan import ScanResult, mark_due_states

EDIT_FIELDS = ["label", "required_reports", "due_on", "state"]


def _label(value: str) -> str:
    label = (value or "").strip()
    if not label:
        raise ValidationError("请填写节点名称")
    if len(label) > 100:
        raise ValidationError("节点名称不能超过100字")
    return label


def _required(value: int | str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError("需采纳次数须为整数") from None
    if not 1 <= number <= 366:
        raise ValidationError("需采纳次数须在 1 到 366 之间")
    return number


@transaction.atomic
def add_milestone(actor: User | None, task: Task, unit: Unit, *, label: str, due_on: dt.date | str,
                  required_reports: int | str = 1, reason: str = "") -> Milestone:
    """A milestone set by hand (人工设定) for one of the task's units; the unit is told."""
    task = Task.objects.select_for_update().select_related("plan__jurisdiction").get(pk=task.pk)
    probe = Milestone(task=task, unit=unit)
    require_office(actor, probe)
    if not TaskUnit.objects.filter(task=task, unit=unit, removed_at__isnull=True).exists():
        raise ValidationError(f"“{unit.name}”不是该任务的责任单位，请先在任务中增加该单位")
    due = as_date(due_on, "截止日期")
    warn_days = settings_for(task.plan.jurisdiction).warn_working_days
    milestone = Milestone.objects.create(
        task=task, unit=unit, key=f"manual:{secrets.token_hex(6)}", kind=Milestone.Kind.MANUAL,
        label=_label(label), due_on=due, warn_on=calendar.warn_date(due, warn_days, calendar.get_calendar()),
        required_reports=_required(required_reports),
        due_trace=[f"人工设定：{due.isoformat()}" + (f"（{reason.strip()}）" if reason.strip() else "")],
    )
    log_transition(actor, "create", "", milestone.state, reason.strip(), milestone=milestone)
    mark_due_states(Milestone.objects.filter(pk=milestone.pk), timezone.localdate(), ScanResult())
    milestone.refresh_from_db()
    oplog.record(actor, "supervision.milestone_add", milestone, after=oplog.snapshot(milestone, EDIT_FIELDS),
                 reason=reason.strip())
    notify(unit_users(unit), f"新增任务节点：{task.title}", f"节点：{milestone.label}；截止 {due}",
           reverse("supervision:milestone_detail", args=[milestone.pk]))
    return milestone


@transaction.atomic
def edit_milestone(actor: User | None, milestone: Milestone, *, label: str, required_reports: int | str,
                   reason: str = "") -> Milestone:
    """Rename a milestone or change how many completed reports close it (每年至少开展2次 → 2)."""
    milestone = locked_milestone(milestone)
    require_office(actor, milestone)
    if milestone.state == Milestone.State.CANCELLED:
        raise ValidationError("该节点已取消，不能修改")
    before = oplog.snapshot(milestone, EDIT_FIELDS)
    milestone.label, milestone.required_reports = _label(label), _required(required_reports)
    if (milestone.label, milestone.required_reports) == (before["label"], before["required_reports"]):
        raise ValidationError("没有修改任何内容")
    if milestone.state == Milestone.State.CLOSED and milestone.required_reports > before["required_reports"]:
        raise ValidationError("节点已完成，不能提高需采纳次数")
    milestone.save(update_fields=["label", "required_reports"])
    oplog.record(actor, "supervision.milestone_edit", milestone, before=before,
                 after=oplog.snapshot(milestone, EDIT_FIELDS), reason=(reason or "").strip())
    return milestone


@transaction.atomic
def cancel_milestone(actor: User | None, milestone: Milestone, reason: str) -> Milestone:
    """Cancel an open milestone that no longer applies; it leaves the rates and the unit's 待办."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("取消节点须说明理由")
    milestone = locked_milestone(milestone)
    require_office(actor, milestone)
    if not milestone.is_open:
        raise ValidationError(f"该节点{milestone.get_state_display()}，不能取消")
    before = oplog.snapshot(milestone, EDIT_FIELDS)
    log_transition(actor, "cancel", milestone.state, Milestone.State.CANCELLED, reason, milestone=milestone)
    milestone.state = Milestone.State.CANCELLED
    milestone.save(update_fields=["state"])
    oplog.record(actor, "supervision.milestone_cancel", milestone, before=before,
                 after=oplog.snapshot(milestone, EDIT_FIELDS), reason=reason)
    return milestone
