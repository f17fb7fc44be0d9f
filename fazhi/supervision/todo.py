"""What waits for a user in supervision: the querysets behind the 待办 counts and the lists that show them.

The review queue, the unit inbox and the 督办单 list read the same functions, so a count on the menu is
always the number of rows the page it links to shows.
"""

from __future__ import annotations

from django.db.models import QuerySet

from fazhi.core import capabilities as cap
from fazhi.core.todo import Todo
from fazhi.supervision.models import Milestone, MilestoneExtension, ProgressReport, SupervisionOrder


def reports_to_review(user) -> QuerySet:
    """Submitted reports in the user's scope, the user's own unit's left out (nobody reviews their own)."""
    return (ProgressReport.objects.for_user(user).filter(state=ProgressReport.State.SUBMITTED)
            .exclude(unit_id=user.unit_id))


def unit_milestones(user) -> QuerySet | None:
    """The milestones of the user's own unit (None for an account without a unit)."""
    if user.unit_id is None:
        return None
    return Milestone.objects.for_user(user).filter(unit_id=user.unit_id)


def _unit_milestones_in(state: str):
    def items(user) -> QuerySet | None:
        milestones = unit_milestones(user)
        return milestones.filter(state=state) if milestones is not None else None
    return items


def orders_to_reply(user) -> QuerySet | None:
    """督办单 addressed to the user's unit and not yet replied to."""
    if user.unit_id is None:
        return None
    return SupervisionOrder.objects.for_user(user).filter(recipient_id=user.unit_id,
                                                          state__in=SupervisionOrder.OPEN_STATES)


def extensions_to_decide(user) -> QuerySet:
    """Pending extension requests of other units in the user's scope (a unit does not decide its own)."""
    return (MilestoneExtension.objects.for_user(user).filter(state=MilestoneExtension.State.PENDING)
            .exclude(unit_id=user.unit_id))


TODO = (
    Todo("supervision.review", "待审核的进展报告", "supervision:review_queue", cap.SUPERVISE, reports_to_review),
    Todo("supervision.extensions", "待审批的延期申请", "supervision:extension_list", cap.SUPERVISE,
         extensions_to_decide, "?state=pending"),
    Todo("supervision.overdue", "本单位逾期节点", "supervision:inbox", cap.REPORT_PROGRESS,
         _unit_milestones_in(Milestone.State.OVERDUE), "?tab=open", "danger"),
    Todo("supervision.due_soon", "本单位临期节点", "supervision:inbox", cap.REPORT_PROGRESS,
         _unit_milestones_in(Milestone.State.DUE_SOON), "?tab=open"),
    Todo("supervision.orders", "待回复的督办单", "supervision:order_list", cap.REPORT_PROGRESS, orders_to_reply,
         "?state=issued"),
)
