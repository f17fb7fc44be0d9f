"""Concrete periods over real Chinese holidays (dates checked against chinese-calendar)."""

import datetime as dt

import chinese_calendar
import pytest

from fazhi.deadlines import (
    Calendar,
    DictDayTypeSource,
    add_hours,
    add_months,
    add_natural_days,
    add_working_days,
    warn_on,
    working_days_between,
)
from fazhi.deadlines.result import COUNTED, ROLLED, SKIPPED, STARTED

D = dt.date


def test_five_working_days_across_national_day_2024(cal):
    # 9-28 Sat rests, 9-29 Sun is a make-up workday, 10-1..10-7 off, 10-12 Sat make-up.
    result = add_working_days(cal, D(2024, 9, 27), 5)
    assert result.date == D(2024, 10, 10)
    counted = [s.date for s in result.trace if s.action == COUNTED]
    assert counted == [D(2024, 9, 29), D(2024, 9, 30), D(2024, 10, 8), D(2024, 10, 9), D(2024, 10, 10)]
    assert all(chinese_calendar.is_workday(day) for day in counted)
    assert (D(2024, 10, 3), SKIPPED, "法定节假日：国庆节") in [(s.date, s.action, s.reason) for s in result.trace]
    assert result.provisional is False


def test_make_up_saturday_is_counted(cal):
    # 2024-10-12 is a Saturday worked after National Day.
    result = add_working_days(cal, D(2024, 10, 11), 1)
    assert result.date == D(2024, 10, 12)
    assert result.trace[-1].reason == "调休上班日：国庆节调休"


def test_start_day_is_not_counted(cal):
    assert add_working_days(cal, D(2024, 10, 8), 1).date == D(2024, 10, 9)
    assert add_natural_days(cal, D(2024, 3, 4), 1).date == D(2024, 3, 5)
    assert add_working_days(cal, D(2024, 10, 8), 0).date == D(2024, 10, 8)


def test_spring_festival_2025_working_days(cal):
    # 1-26 Sun worked; 1-28..2-4 off; 2-8 Sat worked.
    assert add_working_days(cal, D(2025, 1, 24), 1).date == D(2025, 1, 26)
    assert add_working_days(cal, D(2025, 1, 27), 1).date == D(2025, 2, 5)


def test_natural_days_ending_in_national_day_roll_over(cal):
    result = add_natural_days(cal, D(2024, 9, 23), 8)  # 8th day is 10-01
    assert result.date == D(2024, 10, 8)
    rolled = [s.date for s in result.trace if s.action == ROLLED]
    assert rolled == [D(2024, 10, day) for day in range(2, 9)]
    assert "期间最后一日为休息日" in result.trace[-1].reason
    assert add_natural_days(cal, D(2024, 9, 23), 8, roll_over=False).date == D(2024, 10, 1)


def test_natural_days_weekend_roll_over_is_a_setting(cal):
    # 2024-03-09 is an ordinary Saturday.
    assert add_natural_days(cal, D(2024, 3, 4), 5).date == D(2024, 3, 11)
    assert add_natural_days(cal, D(2024, 3, 4), 5, weekends_are_rest_days=False).date == D(2024, 3, 9)
    # Holidays still roll when weekends do not: 2024-10-01 rolls to the first non-holiday, 10-08.
    assert add_natural_days(cal, D(2024, 9, 30), 1, weekends_are_rest_days=False).date == D(2024, 10, 8)


def test_natural_days_ending_on_make_up_day_do_not_roll(cal):
    assert add_natural_days(cal, D(2024, 9, 22), 7).date == D(2024, 9, 29)


def test_months_at_month_end(cal):
    assert add_months(cal, D(2024, 1, 31), 1, roll_over=False).date == D(2024, 2, 29)
    assert add_months(cal, D(2023, 1, 31), 1, roll_over=False).date == D(2023, 2, 28)
    assert add_months(cal, D(2024, 8, 31), 2, roll_over=False).date == D(2024, 10, 31)
    assert add_months(cal, D(2024, 11, 15), 2, roll_over=False).date == D(2025, 1, 15)
    # 2024-02-29 is a Thursday, a working day: nothing to roll.
    assert add_months(cal, D(2024, 1, 31), 1).date == D(2024, 2, 29)


def test_months_roll_over_national_day(cal):
    # Two months from 2024-08-01 is 10-01, a holiday: ends 10-08.
    result = add_months(cal, D(2024, 8, 1), 2)
    assert result.date == D(2024, 10, 8)
    assert sum(s.action == COUNTED for s in result.trace) == (D(2024, 10, 1) - D(2024, 8, 1)).days


def test_working_days_between(cal):
    assert working_days_between(cal, D(2024, 9, 27), D(2024, 10, 10)).count == 5
    assert working_days_between(cal, D(2024, 10, 10), D(2024, 9, 27)).count == -5
    assert working_days_between(cal, D(2024, 10, 1), D(2024, 10, 7)).count == 0
    assert int(working_days_between(cal, D(2024, 3, 1), D(2024, 3, 1))) == 0
    assert "共5个工作日" in working_days_between(cal, D(2024, 9, 27), D(2024, 10, 10)).explain()


def test_warn_on(cal):
    result = warn_on(cal, D(2024, 10, 10), 3)
    assert result.date == D(2024, 9, 30)  # 10-10, 10-09, 10-08 ← 9-30 is 3 working days before
    assert add_working_days(cal, result.date, 3).date == D(2024, 10, 10)
    assert warn_on(cal, D(2024, 10, 10), 0).date == D(2024, 10, 10)
    with pytest.raises(ValueError):
        warn_on(cal, D(2024, 10, 10), -1)


def test_hours_run_from_the_event_time():
    result = add_hours(dt.datetime(2024, 9, 30, 16, 30), 24)
    assert result.at == dt.datetime(2024, 10, 1, 16, 30)
    assert result.date == D(2024, 10, 1)  # hours ignore holidays
    assert "16:30" in result.explain()


def test_provisional_beyond_the_table(cal):
    result = add_working_days(cal, D(2026, 12, 25), 10)
    assert result.date == D(2027, 1, 8)  # weekends only: 2027's 元旦 is not yet known
    assert result.provisional
    assert result.provisional_reasons == ["2027年节假日安排尚未录入，按周末推算"]
    assert "2027年节假日安排尚未录入，按周末推算" in result.explain()
    assert not add_working_days(cal, D(2026, 12, 1), 5).provisional
    assert working_days_between(cal, D(2026, 12, 30), D(2027, 1, 4)).provisional
    assert warn_on(cal, D(2027, 1, 8), 2).provisional


def test_provisional_year_with_a_partial_table():
    # A year may hold some rows (a single edited day) without being covered.
    cal = Calendar(DictDayTypeSource([(D(2027, 1, 1), "holiday", "元旦")], years=[2026]))
    result = add_working_days(cal, D(2026, 12, 31), 1)
    assert result.date == D(2027, 1, 4)
    assert result.provisional


def test_trace_names_every_day_once(cal):
    start = D(2024, 9, 20)
    result = add_working_days(cal, start, 12)
    assert result.trace[0].action == STARTED
    days = [s.date for s in result.trace[1:]]
    assert days == [start + dt.timedelta(days=i) for i in range(1, (result.date - start).days + 1)]


def test_explain_merges_runs(cal):
    text = add_working_days(cal, D(2024, 9, 27), 5).explain()
    assert text.splitlines()[0] == "自2024年9月27日起5个工作日：到期日为2024年10月10日（星期四）。"
    assert "2024年10月1日至2024年10月7日　跳过　法定节假日：国庆节" in text


def test_negative_periods_are_refused(cal):
    with pytest.raises(ValueError):
        add_working_days(cal, D(2024, 1, 1), -1)
