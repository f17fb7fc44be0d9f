import datetime as dt

import chinese_calendar
import pytest

from fazhi.deadlines import (
    Calendar,
    DayCalendar,
    DayType,
    DayTypeSource,
    DictDayTypeSource,
    seed_from_chinese_calendar,
)

D = dt.date


def test_seed_agrees_with_chinese_calendar_every_day_2004_to_2026(cal):
    day = D(2004, 1, 1)
    while day <= D(2026, 12, 31):
        assert cal.is_workday(day) == chinese_calendar.is_workday(day), day
        day += dt.timedelta(days=1)


def test_seed_names_festivals_in_chinese():
    rows = {row.date: row for row in seed_from_chinese_calendar(2024, 2024)}
    assert rows[D(2024, 10, 1)] == (D(2024, 10, 1), DayType.HOLIDAY, "国庆节")
    assert rows[D(2024, 10, 5)].day_type is DayType.HOLIDAY  # a Saturday inside the holiday is a holiday
    assert rows[D(2024, 9, 29)] == (D(2024, 9, 29), DayType.MAKEUP_WORKDAY, "国庆节调休")
    assert D(2024, 10, 8) not in rows  # ordinary days are not overrides


def test_seed_skips_years_the_library_does_not_know():
    rows = seed_from_chinese_calendar(2026, 2028)
    assert {row.date.year for row in rows} == {2026}
    assert seed_from_chinese_calendar(2027, 2030) == []


def test_unlisted_days_follow_the_week():
    cal = Calendar(DictDayTypeSource([], years=[2030]))
    assert cal.day_type(D(2030, 1, 4)) is DayType.WORKDAY  # Friday
    assert cal.day_type(D(2030, 1, 5)) is DayType.REST
    assert cal.is_known(D(2030, 6, 1)) and not cal.is_known(D(2031, 1, 1))


def test_string_day_types_from_storage_are_accepted():
    source = DictDayTypeSource([(D(2030, 1, 1), "holiday", "元旦"), (D(2030, 1, 5), "makeup", "元旦调休")])
    cal = Calendar(source)
    assert cal.day_type(D(2030, 1, 1)) is DayType.HOLIDAY and cal.note(D(2030, 1, 1)) == "元旦"
    assert cal.is_workday(D(2030, 1, 5))
    assert source.covered_years() == {2030}


def test_unknown_day_type_is_refused():
    with pytest.raises(ValueError):
        DictDayTypeSource([(D(2030, 1, 1), "party", "")])


def test_calendar_reads_each_year_once():
    class CountingSource:
        def __init__(self):
            self.calls = []

        def covered_years(self):
            return range(2024, 2025)

        def overrides(self, first_year, last_year):
            self.calls.append((first_year, last_year))
            return [(D(2024, 10, 1), DayType.HOLIDAY, "国庆节")]

    source = CountingSource()
    assert isinstance(source, DayTypeSource)
    cal = Calendar(source)
    for _ in range(3):
        cal.day_type(D(2024, 10, 1))
        cal.day_type(D(2024, 3, 1))
    assert source.calls == [(2024, 2024)]


def test_a_storage_snapshot_with_string_types_serves_as_calendar():
    """The Django table may hand its own snapshot (day_type/note/is_known) straight to the engine."""
    from fazhi.deadlines import add_working_days

    class Snapshot:
        def day_type(self, day: dt.date) -> str:
            return "holiday" if day == D(2030, 1, 1) else ("rest" if day.weekday() >= 5 else "workday")

        def note(self, day: dt.date) -> str:
            return "元旦" if day == D(2030, 1, 1) else ""

        def is_known(self, day: dt.date) -> bool:
            return day.year == 2030

    snapshot: DayCalendar = Snapshot()
    result = add_working_days(snapshot, D(2029, 12, 31), 1)  # 2029-12-31 is a Monday
    assert result.date == D(2030, 1, 2)
    assert result.provisional is False
