"""Issue #12.13: 逾期率 as offices count it — (逾期完成 + 逾期未完成) / 应完成 — beside 逾期未完成率, with the
definitions on the dashboard, and per-task figures (the lead's milestone) beside per-unit ones."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.plans.models import Plan
from fazhi.supervision import services, stats
from fazhi.supervision.models import Milestone
from tests.supervision.conftest import add_item, task_for

AS_OF = dt.date(2024, 10, 20)


@pytest.fixture
def three_units(org, users):
    """One 2024-10-08 deadline for 司法局 (lead, done 10-05), 发改局 (done late 10-12) and 甲镇 (still open)."""
    plan = Plan.objects.create(jurisdiction=org.county, title="测试县2024年工作要点", period_start=2024,
                               period_end=2024, created_by=users.office)
    item = add_item(plan, 1, ["1"], "完成规范性文件清理。", deadlines=[
        {"text": "2024年10月8日前", "kind": "due", "date": "2024-10-08"}], units=[
        ("lead", "县司法局", org.justice), ("responsible", "县发改局", org.reform), ("responsible", "甲镇", org.town_gov)])
    services.generate_ledger(users.office, plan)
    milestones = task_for(item).milestones
    milestones.filter(unit=org.justice).update(state=Milestone.State.CLOSED, outcome=Milestone.Outcome.ON_TIME,
                                                completed_on=dt.date(2024, 10, 5))
    milestones.filter(unit=org.reform).update(state=Milestone.State.CLOSED, outcome=Milestone.Outcome.LATE,
                                               completed_on=dt.date(2024, 10, 12))
    return plan


def test_missed_rate_counts_late_and_overdue(three_units):
    row = stats.milestone_rates(Milestone.objects.filter(plan=three_units), "total", AS_OF)[0]
    assert (row.due, row.on_time, row.late, row.overdue) == (3, 1, 1, 1)
    assert row.missed_rate == pytest.approx(2 / 3)   # 逾期率: 发改局 (late) + 甲镇 (open)
    assert row.overdue_rate == pytest.approx(1 / 3)  # 逾期未完成率: 甲镇 only
    assert row.on_time_rate + row.missed_rate == pytest.approx(1)


def test_per_task_figures_follow_the_lead(three_units):
    row = stats.task_rates(Milestone.objects.filter(plan=three_units), AS_OF)
    # One task, one occurrence, its lead (司法局) done on time: the task is done, whatever the others did.
    assert (row.due, row.on_time, row.missed) == (1, 1, 0)


def test_the_dashboard_shows_both_rates_and_their_definitions(three_units, users, login):
    page = login(users.office).get("/supervision/dashboard/", {"as_of": AS_OF.isoformat()}).content.decode()
    assert "逾期未完成率" in page and "33.3%" in page
    assert "66.7%" in page  # 逾期率
    assert "指标口径" in page and "（逾期完成 + 逾期未完成）÷ 应完成" in page
    assert "按任务统计" in page
