"""Moving a milestone's deadline (延期 and 更正): a unit requests an extension with a reason, the office
approves it (with a date) or refuses it; the office can also correct a generated due date.

Either way the milestone is judged against its new `due_on` from then on — the scan, the outcome at
acceptance and every rate read `due_on` — while `planned_due_on` keeps the date the ledger computed,
and `due_trace` records each move (who, when, from, to, why) so the page shows both dates.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from fazhi.core import calendar, oplog
from fazhi.core import capabilities as cap
from fazhi.core.models import User
from fazhi.supervision.models import Milestone, MilestoneExtension
from fazhi.supervision.services.common import (
    log_transition,
    notify,
    office_users,
    require,
    require_sees,
    settings_for,
    unit_users,
)
from fazhi.supervision.services.scan import ScanResult, mark_due_states

EXTENSION_FIELDS = ["state", "requested_due_on", "approved_due_on", "decision_comment"]


def _require_own_unit(actor: User | None, milestone: Milestone) -> None:
    """An extension is the unit's own request: only its reporters ask (the office decides)."""
    if actor is None:
        return
    require(actor, cap.REPORT_PROGRESS)
    if actor.unit_id != milestone.unit_id:
        raise PermissionDenied(f"只有“{milestone.unit.name}”的填报人员可以为该单位申请延期")


def require_office(actor: User | None, milestone: Milestone) -> None:
    require(actor, cap.SUPERVISE)
    require_sees(actor, milestone.unit)
    if actor is not None and actor.unit_id == milestone.unit_id and not actor.is_superuser:
        raise PermissionDenied("不能审批或更正本单位节点的截止日期")


def as_date(value: dt.date | str | None, what: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value or "").strip())
    except ValueError:
        raise ValidationError(f"{what}不是有效日期（应为 YYYY-MM-DD）") from None


def _move_due(actor: User | None, milestone: Milestone, new_due: dt.date, action: str, reason: str) -> None:
    """Set the milestone's deadline to `new_due`: warn date, trace, state and (if closed) outcome follow."""
    old_due = milestone.due_on
    if milestone.planned_due_on is None:
        milestone.planned_due_on = old_due
    cal = calendar.get_calendar()
    milestone.due_on = new_due
    milestone.warn_on = calendar.warn_date(new_due, settings_for(milestone.task.plan.jurisdiction).warn_working_days, cal)
    label = "批准延期" if action == "extend" else "更正截止日期"
    milestone.due_trace = [*(milestone.due_trace or []), {
        "step": label, "from": old_due.isoformat(), "to": new_due.isoformat(),
        "by": str(actor) if actor else "系统", "at": timezone.now().isoformat(timespec="seconds"), "reason": reason,
    }]
    before_state = milestone.state
    if milestone.is_open:
        # Judged afresh against the new date: the scan below moves it to 临期/逾期 again if it already is.
        milestone.state = Milestone.State.OPEN
    elif milestone.state == Milestone.State.CLOSED and milestone.completed_on:
        milestone.outcome = (Milestone.Outcome.ON_TIME if milestone.completed_on <= new_due
                             else Milestone.Outcome.LATE)
    milestone.save(update_fields=["due_on", "warn_on", "planned_due_on", "due_trace", "state", "outcome"])
    log_transition(actor, action, before_state, milestone.state, f"{old_due} → {new_due}：{reason}",
                   milestone=milestone)
    mark_due_states(Milestone.objects.filter(pk=milestone.pk), timezone.localdate(), ScanResult())


def locked_milestone(milestone: Milestone) -> Milestone:
    return Milestone.objects.select_for_update().select_related("unit", "task__plan__jurisdiction").get(pk=milestone.pk)


@transaction.atomic
def request_extension(actor: User | None, milestone: Milestone, requested_due_on: dt.date | str,
                      reason: str) -> MilestoneExtension:
    """The unit asks for a later deadline, with its reason; the office is told."""
    milestone = locked_milestone(milestone)
    _require_own_unit(actor, milestone)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("申请延期须说明理由")
    requested = as_date(requested_due_on, "申请延期至")
    if not milestone.is_open:
        raise ValidationError(f"该节点{milestone.get_state_display()}，不能申请延期")
    if requested <= milestone.due_on:
        raise ValidationError(f"申请延期的日期须晚于当前截止日期 {milestone.due_on}")
    if milestone.extensions.filter(state=MilestoneExtension.State.PENDING).exists():
        raise ValidationError("该节点已有待审批的延期申请")
    extension = MilestoneExtension.objects.create(
        milestone=milestone, unit=milestone.unit, requested_by=actor if getattr(actor, "pk", None) else None,
        due_before=milestone.due_on, requested_due_on=requested, reason=reason,
    )
    oplog.record(actor, "supervision.extension_request", extension,
                 after={"milestone": milestone.pk, "due_on": milestone.due_on, "requested_due_on": requested},
                 reason=reason)
    notify(office_users(milestone.task.plan.jurisdiction, milestone.unit),
           f"{milestone.unit.name}申请延期：{milestone.task.title}",
           f"节点：{milestone.label}；截止 {milestone.due_on} → 申请延期至 {requested}；理由：{reason}",
           reverse("supervision:milestone_detail", args=[milestone.pk]))
    return extension


def _locked_pending(extension: MilestoneExtension) -> MilestoneExtension:
    extension = MilestoneExtension.objects.select_for_update().select_related("milestone").get(pk=extension.pk)
    if extension.state != MilestoneExtension.State.PENDING:
        raise ValidationError(f"该延期申请{extension.get_state_display()}，不能再审批")
    return extension


@transaction.atomic
def approve_extension(actor: User | None, extension: MilestoneExtension, approved_due_on: dt.date | str | None = None,
                      comment: str = "") -> MilestoneExtension:
    """The office grants the extension (the requested date unless it sets another, later than the old one)."""
    extension = _locked_pending(extension)
    milestone = locked_milestone(extension.milestone)
    require_office(actor, milestone)
    approved = extension.requested_due_on if approved_due_on in (None, "") else as_date(approved_due_on, "批准延期至")
    if approved <= extension.due_before:
        raise ValidationError(f"批准延期的日期须晚于原截止日期 {extension.due_before}")
    if not milestone.is_open:
        raise ValidationError(f"该节点{milestone.get_state_display()}，不能再延期")
    before = oplog.snapshot(extension, EXTENSION_FIELDS)
    extension.state, extension.approved_due_on = MilestoneExtension.State.APPROVED, approved
    extension.decided_by = actor if getattr(actor, "pk", None) else None
    extension.decided_at, extension.decision_comment = timezone.now(), (comment or "").strip()
    extension.save()
    _move_due(actor, milestone, approved, "extend", extension.reason)
    oplog.record(actor, "supervision.extension_approve", extension, before=before,
                 after=oplog.snapshot(extension, EXTENSION_FIELDS), reason=extension.decision_comment)
    notify(unit_users(milestone.unit), f"延期申请已批准：{milestone.task.title}",
           f"节点：{milestone.label}；截止日期 {extension.due_before} → {approved}",
           reverse("supervision:milestone_detail", args=[milestone.pk]))
    return extension


@transaction.atomic
def refuse_extension(actor: User | None, extension: MilestoneExtension, comment: str) -> MilestoneExtension:
    """The office refuses, saying why; the deadline stays."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError("不予批准时须填写意见")
    extension = _locked_pending(extension)
    milestone = locked_milestone(extension.milestone)
    require_office(actor, milestone)
    before = oplog.snapshot(extension, EXTENSION_FIELDS)
    extension.state, extension.decision_comment = MilestoneExtension.State.REFUSED, comment
    extension.decided_by = actor if getattr(actor, "pk", None) else None
    extension.decided_at = timezone.now()
    extension.save()
    oplog.record(actor, "supervision.extension_refuse", extension, before=before,
                 after=oplog.snapshot(extension, EXTENSION_FIELDS), reason=comment)
    notify(unit_users(milestone.unit), f"延期申请未获批准：{milestone.task.title}",
           f"节点：{milestone.label}；截止日期仍为 {milestone.due_on}；意见：{comment}",
           reverse("supervision:milestone_detail", args=[milestone.pk]))
    return extension


@transaction.atomic
def correct_due_date(actor: User | None, milestone: Milestone, due_on: dt.date | str, reason: str) -> Milestone:
    """The office corrects a generated due date (a misread deadline); logged with the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("更正截止日期须说明理由")
    milestone = locked_milestone(milestone)
    require_office(actor, milestone)
    new_due = as_date(due_on, "更正后的截止日期")
    if milestone.state == Milestone.State.CANCELLED:
        raise ValidationError("该节点已取消，不能更正截止日期")
    if new_due == milestone.due_on:
        raise ValidationError("更正后的截止日期与当前相同")
    before = {"due_on": milestone.due_on, "state": milestone.state, "outcome": milestone.outcome}
    _move_due(actor, milestone, new_due, "correct", reason)
    milestone.refresh_from_db()
    oplog.record(actor, "supervision.milestone_correct", milestone, before=before,
                 after={"due_on": milestone.due_on, "state": milestone.state, "outcome": milestone.outcome},
                 reason=reason)
    return milestone
