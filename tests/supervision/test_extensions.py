"""Issue #12.14: a unit requests an extension with a reason; the office approves or refuses; the milestone is
then judged against the approved date and its page shows both dates; the office corrects a due date (logged)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.core.models import OperationLog
from fazhi.plans.models import Plan
from fazhi.supervision import services
from fazhi.supervision.models import Milestone, MilestoneExtension
from tests.supervision.conftest import add_item, task_for
from tests.supervision.test_horizon import on


@pytest.fixture
def overdue(org, users):
    """发改局's 2024-10-08 milestone, overdue on 2024-10-10."""
    plan = Plan.objects.create(jurisdiction=org.county, title="测试县2024年工作要点", period_start=2024,
                               period_end=2024, created_by=users.office)
    item = add_item(plan, 1, ["1"], "县发改局2024年10月8日前完成清理。(县发改局负责)", deadlines=[
        {"text": "2024年10月8日前", "kind": "due", "date": "2024-10-08"}], units=[("responsible", "县发改局", org.reform)])
    with on(dt.date(2024, 10, 10)):
        services.generate_ledger(users.office, plan)
    milestone = task_for(item).milestones.get()
    assert milestone.state == Milestone.State.OVERDUE
    return milestone


def test_an_approved_extension_moves_the_deadline_and_the_outcome_follows_it(overdue, users, login):
    with on(dt.date(2024, 10, 10)):
        extension = services.request_extension(users.reporter, overdue, dt.date(2024, 10, 31), "汛期抢险，人员抽调")
        services.approve_extension(users.office, extension, comment="同意")
    overdue.refresh_from_db()
    assert (overdue.due_on, overdue.planned_due_on, overdue.state) == (
        dt.date(2024, 10, 31), dt.date(2024, 10, 8), Milestone.State.OPEN)
    assert overdue.warn_on == dt.date(2024, 10, 28)  # 3 working days before Thu 10-31: 10-30, 10-29, 10-28
    with on(dt.date(2024, 10, 25)):
        report = services.save_report(users.reporter, overdue, text="已完成清理", percent=100, completed=True,
                                      links=["https://example.org/done"])
        services.submit_report(users.reporter, report)
        services.accept_report(users.office, report)
    overdue.refresh_from_db()
    # Done 10-25: late against 10-08, on time against the approved 10-31.
    assert (overdue.state, overdue.outcome) == (Milestone.State.CLOSED, Milestone.Outcome.ON_TIME)
    page = login(users.office).get(f"/supervision/milestones/{overdue.pk}/").content.decode()
    assert "2024-10-31" in page and "原定截止日期" in page and "2024-10-08" in page
    assert "批准延期：2024-10-08 → 2024-10-31" in page


def test_a_refused_extension_leaves_the_deadline(overdue, users):
    extension = services.request_extension(users.reporter, overdue, dt.date(2024, 10, 31), "工作量大")
    with pytest.raises(ValidationError, match="须填写意见"):
        services.refuse_extension(users.office, extension, "")
    services.refuse_extension(users.office, extension, "理由不充分")
    overdue.refresh_from_db()
    assert (overdue.due_on, overdue.planned_due_on) == (dt.date(2024, 10, 8), None)
    assert MilestoneExtension.objects.get(pk=extension.pk).state == MilestoneExtension.State.REFUSED


def test_requests_are_the_units_own_and_need_a_reason_and_a_later_date(overdue, users):
    with pytest.raises(ValidationError, match="说明理由"):
        services.request_extension(users.reporter, overdue, dt.date(2024, 10, 31), " ")
    with pytest.raises(ValidationError, match="须晚于当前截止日期"):
        services.request_extension(users.reporter, overdue, dt.date(2024, 10, 1), "延期")
    with pytest.raises(PermissionDenied):
        services.request_extension(users.town_reporter, overdue, dt.date(2024, 10, 31), "延期")
    services.request_extension(users.reporter, overdue, dt.date(2024, 10, 31), "延期")
    with pytest.raises(ValidationError, match="已有待审批"):
        services.request_extension(users.reporter, overdue, dt.date(2024, 11, 30), "再延期")


def test_the_office_corrects_a_due_date_and_it_is_logged(overdue, users):
    with on(dt.date(2024, 10, 10)):
        services.correct_due_date(users.office, overdue, dt.date(2024, 11, 8), "原文为“11月8日前”，抽取有误")
    overdue.refresh_from_db()
    assert (overdue.due_on, overdue.planned_due_on, overdue.state) == (
        dt.date(2024, 11, 8), dt.date(2024, 10, 8), Milestone.State.OPEN)
    log = OperationLog.objects.get(action="supervision.milestone_correct")
    assert log.reason == "原文为“11月8日前”，抽取有误"
    assert overdue.transitions.filter(action="correct").exists()
    with pytest.raises(PermissionDenied):
        services.correct_due_date(users.reporter, overdue, dt.date(2024, 12, 8), "自行延后")
