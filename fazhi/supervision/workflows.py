"""The lifecycles of progress reports and supervision orders, as tables run by the kernel's engine.

A report: 草稿 → 待审核 → 已退回 (→ 待审核 again) or 已采纳 (closing its milestone when it says the work
is done). An order (督办单): 已下发 / 逾期未回复 → 已回复 → 已办结. Writing a report or replying to an order
is the unit's own word (only its users); reviewing is the office's, never on its own unit's report.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from fazhi.core import capabilities as cap
from fazhi.core.notifiers import notify
from fazhi.supervision.models import Milestone, ProgressReport, SupervisionOrder
from fazhi.workflow import steplog
from fazhi.workflow.dated import DatedDeadlines
from fazhi.workflow.engine import ClockSpec, Field, Step, Workflow
from fazhi.workflow.engine import Transition as T
from fazhi.workflow.timelimits import WD, Rule

# ------------------------------------------------------------------------------------------------ common


def _user(actor: Any):
    return actor if getattr(actor, "pk", None) else None


def _unit_users(unit) -> list:
    from fazhi.supervision.services.common import unit_users

    return unit_users(unit)


def _office_users(jurisdiction, unit) -> list:
    from fazhi.supervision.services.common import office_users

    return office_users(jurisdiction, unit)


# ----------------------------------------------------------------------------------------------- reports


def own_unit_writes(actor: Any, report: ProgressReport) -> str | None:
    """A report is the unit's own word: only its users write it (the office reviews, it does not report)."""
    if actor.unit_id != report.unit_id:
        return f"只有“{report.unit.name}”的填报人员可以填写该单位的进展报告"
    return None


def not_own_unit_reviews(actor: Any, report: ProgressReport) -> str | None:
    if actor.unit_id == report.unit_id and not actor.is_superuser:
        return "不能审核本单位报送的进展"
    return None


def guard_milestone_open(report: ProgressReport, data: dict) -> str | None:
    if not report.milestone.is_open:
        return f"该节点{report.milestone.get_state_display()}，不能再报送进展"
    return None


def guard_has_text(report: ProgressReport, data: dict) -> str | None:
    return None if report.text else "请填写进展情况后再报送"


def guard_completed_has_evidence(report: ProgressReport, data: dict) -> str | None:
    if report.completed and not report.evidence.exists():
        return "报告已完成须附佐证材料（文件或链接）"
    return None


def effect_submitted(report: ProgressReport, step: Step) -> None:
    report.submitted_at = timezone.now()
    task = report.milestone.task
    again = "重新" if step.transition.code == "resubmit" else ""
    notify(_office_users(task.plan.jurisdiction, report.unit), f"{report.unit.name}{again}报送了进展：{task.title}",
           f"节点：{report.milestone.label}；进度 {report.percent}%", reverse("supervision:review_queue"))


def _reviewed(report: ProgressReport, step: Step) -> None:
    report.reviewed_at, report.reviewed_by = timezone.now(), _user(step.actor)
    report.review_comment = step.data["reason"]


def effect_accepted(report: ProgressReport, step: Step) -> None:
    """Accepting a report that says the work is done closes its milestone, on time or late."""
    _reviewed(report, step)
    # The engine saves the new state after the effect; the milestone's count of accepted reports includes this one.
    report.state = ProgressReport.State.ACCEPTED
    report.save(update_fields=["state"])
    milestone = Milestone.objects.select_for_update().get(pk=report.milestone_id)
    closed = False
    # A milestone that needs N occurrences (每年至少开展2次) closes with its N-th accepted completed report.
    if report.completed and milestone.is_open and milestone.done_by_reports():
        done_on = timezone.localdate(report.submitted_at)
        outcome = Milestone.Outcome.ON_TIME if done_on <= milestone.due_on else Milestone.Outcome.LATE
        steplog.record_step(milestone, "close", milestone.state, Milestone.State.CLOSED, actor=step.actor,
                            on=step.on, reason=f"采纳已完成的进展报告（{Milestone.Outcome(outcome).label}）")
        milestone.state, milestone.outcome, milestone.completed_on = Milestone.State.CLOSED, outcome, done_on
        milestone.save(update_fields=["state", "outcome", "completed_on"])
        closed = True
    comment = report.review_comment
    notify(_unit_users(report.unit), f"进展报告已采纳：{report.milestone.task.title}",
           f"节点：{report.milestone.label}" + ("；节点已办结" if closed else "") + (f"；意见：{comment}" if comment else ""),
           reverse("supervision:report_detail", args=[report.pk]))


def effect_returned(report: ProgressReport, step: Step) -> None:
    _reviewed(report, step)
    notify(_unit_users(report.unit), f"进展报告被退回：{report.milestone.task.title}",
           f"节点：{report.milestone.label}；退回意见：{report.review_comment}",
           reverse("supervision:report_detail", args=[report.pk]))


RS = ProgressReport.State
_SUBMIT_GUARDS = (guard_milestone_open, guard_has_text, guard_completed_has_evidence)

REPORT = Workflow(
    name="supervision.report",
    label="报告",
    model=ProgressReport,
    transitions={t.code: t for t in [
        T("submit", "报送", frozenset({RS.DRAFT}), RS.SUBMITTED, (cap.REPORT_PROGRESS,), guards=_SUBMIT_GUARDS,
              effect=effect_submitted, permits=own_unit_writes, from_hint="不能报送"),
        T("resubmit", "重新报送", frozenset({RS.RETURNED}), RS.SUBMITTED, (cap.REPORT_PROGRESS,),
              guards=_SUBMIT_GUARDS, effect=effect_submitted, permits=own_unit_writes, from_hint="不能报送"),
        T("accept", "采纳", frozenset({RS.SUBMITTED}), RS.ACCEPTED, (cap.SUPERVISE,), effect=effect_accepted,
              reason_label="审核意见", permits=not_own_unit_reviews, from_hint="只有待审核的报告可以采纳"),
        T("return", "退回", frozenset({RS.SUBMITTED}), RS.RETURNED, (cap.SUPERVISE,), effect=effect_returned,
              reason_label="退回意见", reason_required=True, permits=not_own_unit_reviews,
              from_hint="只有待审核的报告可以退回"),
    ]},
    unit_of=lambda report: report.unit,
    describe=lambda report: str(report),
    link=lambda report: reverse("supervision:report_detail", args=[report.pk]),
    snapshot_fields=["state", "review_comment"],
    select_related=("milestone__task__plan", "unit"),
    action_prefix="supervision.report_",
)


# ------------------------------------------------------------------------------------------------ orders


def recipient_replies(actor: Any, order: SupervisionOrder) -> str | None:
    if actor.unit_id != order.recipient_id:
        return f"只有“{order.recipient.name}”可以回复该督办单"
    return None


def effect_replied(order: SupervisionOrder, step: Step) -> None:
    order.reply_text, order.replied_at, order.replied_by = step.data["text"], timezone.now(), _user(step.actor)
    notify(_office_users(order.jurisdiction, order.recipient) + _unit_users(order.issuer),
           f"{order.recipient.name}回复了督办单 {order.number}", order.reply_text[:200],
           reverse("supervision:order_detail", args=[order.pk]))


def effect_closed(order: SupervisionOrder, step: Step) -> None:
    order.closed_at = timezone.now()
    notify(_unit_users(order.recipient), f"督办单 {order.number} 已办结", step.data["reason"],
           reverse("supervision:order_detail", args=[order.pk]))


OS = SupervisionOrder.State

# The issuer chooses the number of working days on each order (1–60, default from the jurisdiction's
# 督查督办设置); the rule gives the unit of counting and the fallback, the order its own count.
ORDER_REPLY = Rule("supervision.order_reply", "督办单回复期限", 5, WD, source="督办单位下发督办单时确定回复期限（默认值见督查督办设置）")

ORDER = Workflow(
    name="supervision.order",
    label="督办单",
    model=SupervisionOrder,
    transitions={t.code: t for t in [
        T("reply", "回复", frozenset(SupervisionOrder.OPEN_STATES), OS.REPLIED, (cap.REPORT_PROGRESS,),
              fields=(Field("text", "回复内容", "textarea", logged=False),), effect=effect_replied,
              permits=recipient_replies, from_hint="不能回复", clock=("reply.stop",)),
        T("close", "办结", frozenset({OS.REPLIED}), OS.CLOSED, (cap.SUPERVISE,), effect=effect_closed,
              from_hint="收到回复后才能办结"),
    ]},
    unit_of=lambda order: order.recipient,
    # Started on 下发 (services.orders.issue_order), stopped by the reply (按期 or 逾期办结); the daily scan
    # marks it 逾期 the day after its last day and the order becomes 逾期未回复; the recipient unit is told.
    clocks={"reply": ClockSpec("回复", ORDER_REPLY.code, action="回复", audience="unit",
                               own_period=lambda order: (order.reply_working_days, None), on_overdue=OS.OVERDUE)},
    describe=lambda order: f"督办单 {order.number}",
    link=lambda order: reverse("supervision:order_detail", args=[order.pk]),
    snapshot_fields=["state"],
    select_related=("issuer", "recipient", "jurisdiction"),
    action_prefix="supervision.order_",
)


# ------------------------------------------------------------------------------------------- milestones

MS = Milestone.State

# A milestone's deadline is a fixed date (2024年6月底前), not a period: the kernel's daily scan moves the
# rows themselves (fazhi.workflow.dated explains why not one CaseClock per milestone).
MILESTONES = DatedDeadlines(
    name="supervision.milestone",
    label="任务节点",
    model=Milestone,
    open_state=MS.OPEN,
    due_soon_state=MS.DUE_SOON,
    overdue_state=MS.OVERDUE,
    describe=lambda m: f"{m.task.title}（{m.label}，截止 {m.due_on:%Y-%m-%d}）",
    link=lambda: reverse("supervision:inbox"),
    select_related=("task",),
    defer=("task__text", "task__deadlines", "task__targets", "task__unresolved_names", "due_trace"),
)
