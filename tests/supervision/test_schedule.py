import datetime as dt

from fazhi.supervision import schedule
from tests.supervision.conftest import HALF_YEARLY, MONTHLY, QUARTERLY, RELATIVE, TERM, YEARLY_BY

YEARS = (2024, 2025)


def test_quarterly_once_per_quarter_at_quarter_end():
    found = schedule.occurrences([QUARTERLY], YEARS)
    assert len(found) == 8
    assert [o.due for o in found[:4]] == [dt.date(2024, 3, 31), dt.date(2024, 6, 30), dt.date(2024, 9, 30),
                                          dt.date(2024, 12, 31)]
    assert found[0].label == "2024年第一季度（至少1次）"
    assert len({o.key for o in found}) == 8


def test_yearly_by_date_half_yearly_monthly_term():
    assert [o.due for o in schedule.occurrences([YEARLY_BY], YEARS)] == [dt.date(2024, 3, 1), dt.date(2025, 3, 1)]
    assert len(schedule.occurrences([HALF_YEARLY], YEARS)) == 4
    monthly = schedule.occurrences([MONTHLY], YEARS)
    assert len(monthly) == 24 and monthly[1].due == dt.date(2024, 2, 29)  # leap year month end
    # 任期内至少1次 is a person's term, not a plan year: no milestone with a made-up date (issue #12.13).
    assert schedule.occurrences([TERM], YEARS) == []


def test_due_and_relative():
    due = {"text": "2024年6月底前", "kind": "due", "date": "2024-06-30"}
    found = schedule.occurrences([due, RELATIVE], YEARS)
    assert [(o.key, o.due) for o in found] == [("due:0", dt.date(2024, 6, 30))]
    assert schedule.has_dated_requirement([RELATIVE])
    assert not schedule.has_dated_requirement([])


def test_period_defaults_to_current_year():
    assert schedule.period_years(None, None, dt.date(2026, 5, 1)) == (2026, 2026)
    assert schedule.period_years(2024, None) == (2024, 2024)
    assert schedule.period_years(2025, 2021) == (2021, 2025)


def test_working_days_only_when_the_text_says_so():
    assert not schedule.counts_working_days(RELATIVE)
    assert schedule.counts_working_days({"text": "5个工作日内", "kind": "relative", "days": 5})
    assert not schedule.counts_working_days({"text": "在10日内", "kind": "relative", "days": 10, "trigger": None})
