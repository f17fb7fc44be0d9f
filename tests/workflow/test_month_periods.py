"""Periods in months on the case clock (民法典第二百零一条至第二百零三条): the corresponding day of the end
month, its last day when it has none, rolled over when it is a statutory holiday.

Every date below is worked out by hand from the 2025 and 2026 holiday notices (国办发明电):
2025 国庆·中秋 10月1日–8日 off, 9月28日 and 10月11日 worked; 2026 春节 2月15日–23日 off, 2月14日 and
2月28日 (both Saturdays) worked.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from fazhi.workflow import engine, scan, services, steplog, timelimits
from fazhi.workflow.clocks import clock_of, for_page
from fazhi.workflow.models import TransitionRecord
from tests.toy.models import Errand
from tests.toy.workflow import ERRAND

D = datetime.date


def months(count: int, roll_over: bool = True) -> None:
    """The toy module's answer period, set platform-wide to `count` months."""
    services.set_time_limit(None, "toy.answer", None, count=count, unit=timelimits.M, roll_over=roll_over,
                            note="示例规定：两个月内答复")


def accept(users, org, on: datetime.date) -> Errand:
    errand = Errand.objects.create(title="检察建议回复", unit=org.justice)
    return engine.run(users.office, ERRAND, errand, "accept", {"on": on})


def test_two_months_from_the_last_day_of_december_end_on_the_last_day_of_february(org, users):
    months(2)
    clock = clock_of(accept(users, org, D(2025, 12, 31)), "answer")
    # No 2026-02-31: February's last day, the 28th. A Saturday, but a 春节 make-up working day: no roll-over.
    assert (clock.due_on, clock.rule_text, clock.state) == (D(2026, 2, 28), "2个月", "running")


def test_a_last_day_on_a_holiday_rolls_to_the_first_working_day_after_it(org, users):
    months(2)
    errand = accept(users, org, D(2025, 8, 1))
    clock = clock_of(errand, "answer")
    # 2025-08-01 + 2 months = 10-01 (国庆); 10-01…10-08 are all off, so the last day is Thursday 10-09.
    assert clock.due_on == D(2025, 10, 9)
    (label, shown, story), = for_page(ERRAND, errand)
    assert story == "自2025年8月1日起算2个月，到期日为2025年10月9日。"
    assert "顺延至其后第一个工作日" in clock.trace[-1]


def test_without_roll_over_the_corresponding_day_stands(org, users):
    months(2, roll_over=False)
    assert clock_of(accept(users, org, D(2025, 8, 1)), "answer").due_on == D(2025, 10, 1)


def test_the_scan_marks_a_month_clock_overdue_the_day_after_its_last_day(org, users):
    months(2)
    errand = accept(users, org, D(2025, 8, 1))
    assert sum(scan.scan_clocks(D(2025, 10, 9)).overdue.values()) == 0
    assert sum(scan.scan_clocks(D(2025, 10, 10)).overdue.values()) == 1
    assert clock_of(errand, "answer").state == "overdue"


@pytest.mark.django_db
def test_month_rules_as_plain_dates_and_warnings():
    rule = timelimits.Rule("x", "回复期限", 1, timelimits.M)
    # One month from 2026-01-31: February has no 31st, so its last day, Saturday the 28th (a working day).
    assert timelimits.apply_rule(rule, D(2026, 1, 31)).date == D(2026, 2, 28)
    assert rule.describe() == "1个月"
    # A warning one month before 2026-03-31 is 02-28 (no 02-31 either way).
    assert timelimits.months_later(D(2026, 3, 31), -1) == D(2026, 2, 28)


def test_an_office_may_set_months_within_bounds(org, users):
    with pytest.raises(ValidationError, match="月数须在 1 到 60 之间"):
        services.set_time_limit(users.office, "toy.answer", org.county, count=61, unit="M", note="县规定")
    with pytest.raises(ValidationError, match="计算方式"):
        services.set_time_limit(users.office, "toy.answer", org.county, count=2, unit="Y", note="县规定")
    services.set_time_limit(users.office, "toy.answer", org.county, count=2, unit="M", note="县规定")
    assert timelimits.get_rule("toy.answer", org.justice).describe() == "2个月"


def test_steps_of_many_cases_and_each_cases_latest_action(org, users):
    first = accept(users, org, D(2025, 8, 1))
    second = accept(users, org, D(2025, 8, 1))
    engine.run(users.office, ERRAND, second, "answer", {"on": D(2025, 8, 5), "answer": "已回复"})
    assert steplog.steps_of_cases(Errand).count() == 3
    assert steplog.steps_of_cases(Errand, [first.pk]).count() == 1
    latest = dict(Errand.objects.annotate(last=steplog.latest_action(Errand)).values_list("pk", "last"))
    assert latest == {first.pk: "accept", second.pk: "answer"}
    assert TransitionRecord.objects.count() == 3
