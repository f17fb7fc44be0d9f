"""Issue #12.11: milestones from the plan's real dates — nothing due before the plan existed; a standing plan
gets each year's milestones when the year opens (by the daily scan, idempotently); a period bounds the rest.

Every expected figure is counted by hand from the rule and the dates below."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.utils import timezone

from fazhi.plans.models import Plan
from fazhi.supervision import schedule, services
from fazhi.supervision.models import Milestone, PlanTracking
from tests.supervision.conftest import add_item, task_for

QUARTERLY = {"text": "每季度", "kind": "recurring", "freq": "quarterly", "times": None, "by": None}
BY_MARCH = {"text": "每年3月1日前", "kind": "recurring", "freq": "yearly", "times": None, "by": "03-01"}


def on(day: dt.date):
    """The clock at noon of `day` (services read timezone.now / localdate)."""
    return mock.patch("django.utils.timezone.now",
                      return_value=timezone.make_aware(dt.datetime.combine(day, dt.time(12))))


def _plan(org, users, title, period=(2024, 2024)):
    plan = Plan.objects.create(jurisdiction=org.county, title=title, issued_on=dt.date(2024, 6, 14),
                               period_start=period[0], period_end=period[1], created_by=users.office)
    lead = [("lead", "县司法局", org.justice)]
    add_item(plan, 1, ["1"], "坚持每季度通报一次。(县司法局负责)", units=lead, deadlines=[QUARTERLY])
    add_item(plan, 2, ["2"], "每年3月1日前报告上一年度情况。(县司法局负责)", units=lead, deadlines=[BY_MARCH])
    add_item(plan, 3, ["3"], "深化法治宣传教育。(县司法局负责)", units=lead)
    return plan


def _dues(plan, order):
    task = task_for(plan.items.get(order=order))
    return sorted(task.milestones.exclude(state=Milestone.State.CANCELLED).values_list("due_on", flat=True))


def test_standing_is_read_from_the_title():
    assert schedule.is_standing("陇县关于进一步推进法治政府建设若干措施", 2024, 2024)
    assert not schedule.is_standing("陕西省法治政府建设实施方案(2021-2025年)", 2021, 2025)
    assert not schedule.is_standing("测试县2024年法治政府建设工作要点", 2024, 2024)
    assert not schedule.is_standing("市法治政府建设202x年工作要点", None, None)
    assert not schedule.is_standing("测试县法治政府建设实施方案", 2024, 2025)  # a stated two-year period


def test_a_standing_plan_starts_at_its_issue_date_and_runs_to_the_current_year(org, users):
    plan = _plan(org, users, "测试县关于进一步推进法治政府建设若干措施")
    with on(dt.date(2026, 2, 10)):
        services.generate_ledger(users.office, plan)
    # Quarter ends from 2024-06-14 (issue date) through 2026: 2024 Q2–Q4, then 4 a year.
    assert _dues(plan, 1) == [
        dt.date(2024, 6, 30), dt.date(2024, 9, 30), dt.date(2024, 12, 31),
        dt.date(2025, 3, 31), dt.date(2025, 6, 30), dt.date(2025, 9, 30), dt.date(2025, 12, 31),
        dt.date(2026, 3, 31), dt.date(2026, 6, 30), dt.date(2026, 9, 30), dt.date(2026, 12, 31),
    ]
    # 2024-03-01 is before the plan existed: no milestone overdue from birth.
    assert _dues(plan, 2) == [dt.date(2025, 3, 1), dt.date(2026, 3, 1)]
    # No deadline and no period end: a year-end milestone each year instead of one "period end".
    assert _dues(plan, 3) == [dt.date(2024, 12, 31), dt.date(2025, 12, 31), dt.date(2026, 12, 31)]
    assert PlanTracking.objects.get(plan=plan).horizon_year == 2026


def test_the_scan_opens_the_new_year_once(org, users):
    plan = _plan(org, users, "测试县关于进一步推进法治政府建设若干措施")
    with on(dt.date(2026, 2, 10)):
        services.generate_ledger(users.office, plan)
    before = Milestone.objects.filter(plan=plan).count()
    assert before == 11 + 2 + 3
    with on(dt.date(2027, 1, 4)):
        first = services.scan_deadlines()
        second = services.scan_deadlines()
    assert (first.plans_extended, second.plans_extended) == (1, 0)
    # 2027 adds 4 quarter ends, one 03-01 report and one year end; the second scan adds nothing.
    assert Milestone.objects.filter(plan=plan).count() == before + 4 + 1 + 1
    assert _dues(plan, 2)[-1] == dt.date(2027, 3, 1)


def test_a_bounded_plan_keeps_to_its_period(org, users):
    plan = _plan(org, users, "测试县2024年法治政府建设工作要点")
    with on(dt.date(2026, 2, 10)):
        services.generate_ledger(users.office, plan)
        assert services.scan_deadlines().plans_extended == 0
    assert _dues(plan, 1) == [dt.date(2024, 6, 30), dt.date(2024, 9, 30), dt.date(2024, 12, 31)]
    assert _dues(plan, 2) == []  # 2024-03-01 precedes the issue date; the period ends in 2024
    assert _dues(plan, 3) == [dt.date(2024, 12, 31)]


def test_the_office_sets_a_later_tracking_date_and_old_milestones_are_withdrawn(org, users):
    plan = _plan(org, users, "测试县关于进一步推进法治政府建设若干措施")
    with on(dt.date(2026, 2, 10)):
        services.generate_ledger(users.office, plan)
        result = services.set_plan_tracking(users.office, plan, tracks_from=dt.date(2025, 7, 1), standing=None)
    # Withdrawn: 3 quarter ends of 2024 and 2 of 2025 (03-31, 06-30); the 2025-03-01 report; the 2024 year end.
    assert result.milestones_withdrawn == 3 + 2 + 1 + 1
    assert _dues(plan, 1)[0] == dt.date(2025, 9, 30)
    assert _dues(plan, 2) == [dt.date(2026, 3, 1)]
    cancelled = Milestone.objects.filter(plan=plan, state=Milestone.State.CANCELLED).first()
    assert cancelled.transitions.get(action="cancel").reason == services.ledger.WITHDRAWN_REASON


def test_a_tracking_date_before_the_issue_date_is_refused(org, users):
    from django.core.exceptions import ValidationError

    plan = _plan(org, users, "测试县关于进一步推进法治政府建设若干措施")
    with pytest.raises(ValidationError, match="不能早于方案成文日期"):
        services.set_plan_tracking(users.office, plan, tracks_from=dt.date(2024, 1, 1), standing=None)
