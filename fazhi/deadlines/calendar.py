"""Day types and the working-day calendar the deadline engine counts on.

The seam with storage is `DayTypeSource`: anything that can list the explicit day overrides for a
range of years and say which years its table covers (the Django app's editable table, a dict in
tests, chinese-calendar's data). `Calendar` turns a source into answers about single days. The
counting functions accept any object with the `DayCalendar` shape, so a storage layer may also hand
over its own ready snapshot instead of going through `Calendar`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from enum import StrEnum
from typing import NamedTuple, Protocol, runtime_checkable


class DayType(StrEnum):
    """What a day is for counting. Values match the stored table's codes."""

    WORKDAY = "workday"  # 工作日
    HOLIDAY = "holiday"  # 法定节假日 (including weekend days inside a holiday period)
    REST = "rest"  # 休息日 (ordinary weekend)
    MAKEUP_WORKDAY = "makeup"  # 调休上班 (a weekend day that is worked)

    @property
    def is_working(self) -> bool:
        return self in (DayType.WORKDAY, DayType.MAKEUP_WORKDAY)

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    DayType.WORKDAY: "工作日",
    DayType.HOLIDAY: "法定节假日",
    DayType.REST: "休息日",
    DayType.MAKEUP_WORKDAY: "调休上班日",
}


class DayOverride(NamedTuple):
    """One explicit row of the day-type table; `note` names the festival (春节, 国庆节调休 …)."""

    date: dt.date
    day_type: DayType
    note: str = ""


@runtime_checkable
class DayTypeSource(Protocol):
    """Where the explicit day types come from (the editable table, a dict, chinese-calendar).

    `covered_years()`: the years whose holiday arrangement is fully entered; days of other years are
    computed from weekends alone and every result touching them is provisional.
    `overrides(first_year, last_year)`: the explicit rows of those years (inclusive); day types may be
    `DayType` members or their string values.
    """

    def covered_years(self) -> Collection[int]: ...

    def overrides(self, first_year: int, last_year: int) -> Iterable[tuple[dt.date, DayType | str, str]]: ...


class DayCalendar(Protocol):
    """What the counting functions ask of a calendar, one day at a time."""

    def day_type(self, day: dt.date) -> DayType | str: ...

    def note(self, day: dt.date) -> str: ...

    def is_known(self, day: dt.date) -> bool: ...


def weekday_type(day: dt.date) -> DayType:
    """A day the table does not list: Monday–Friday work, the weekend rests."""
    return DayType.REST if day.weekday() >= 5 else DayType.WORKDAY


def provisional_reason(year: int) -> str:
    return f"{year}年节假日安排尚未录入，按周末推算"


class Calendar:
    """Day types over a `DayTypeSource`, read one year at a time on first use and then kept.

    Build one per piece of work (a request, a scan): a calendar does not see later edits of its source.
    """

    def __init__(self, source: DayTypeSource) -> None:
        self._source = source
        self._covered = frozenset(source.covered_years())
        self._years: dict[int, dict[dt.date, tuple[DayType, str]]] = {}

    def _year(self, year: int) -> dict[dt.date, tuple[DayType, str]]:
        rows = self._years.get(year)
        if rows is None:
            rows = {}
            for day, day_type, note in self._source.overrides(year, year):
                rows[day] = (DayType(day_type), note or "")
            self._years[year] = rows
        return rows

    def day_type(self, day: dt.date) -> DayType:
        explicit = self._year(day.year).get(day)
        return explicit[0] if explicit else weekday_type(day)

    def note(self, day: dt.date) -> str:
        explicit = self._year(day.year).get(day)
        return explicit[1] if explicit else ""

    def is_known(self, day: dt.date) -> bool:
        return day.year in self._covered

    def is_workday(self, day: dt.date) -> bool:
        return self.day_type(day).is_working

    @property
    def covered_years(self) -> frozenset[int]:
        return self._covered


class DictDayTypeSource:
    """An in-memory source, for tests and for use outside Django.

    `years` defaults to every year that has at least one override (a year without a single holiday
    is not a real arrangement, so it would not be "covered").
    """

    def __init__(self, overrides: Iterable[tuple[dt.date, DayType | str, str]], years: Iterable[int] | None = None):
        self._rows: dict[dt.date, DayOverride] = {}
        for day, day_type, note in overrides:
            self._rows[day] = DayOverride(day, DayType(day_type), note)
        self._years = frozenset(years) if years is not None else frozenset(d.year for d in self._rows)

    def covered_years(self) -> frozenset[int]:
        return self._years

    def overrides(self, first_year: int, last_year: int) -> list[DayOverride]:
        return [row for day, row in sorted(self._rows.items()) if first_year <= day.year <= last_year]


def seed_from_chinese_calendar(start: int = 2004, end: int = 2026) -> list[DayOverride]:
    """The explicit overrides chinese-calendar knows for `start..end`: holidays named by festival, and
    make-up workdays. Years the library does not know (it raises for them) are left out, so they stay
    uncovered and provisional rather than silently looking like years without holidays.
    """
    import chinese_calendar

    chinese = {h.value: h.chinese for h in chinese_calendar.Holiday}
    known: list[int] = []
    for year in range(start, end + 1):
        try:
            chinese_calendar.is_workday(dt.date(year, 1, 1))
        except NotImplementedError:
            continue
        known.append(year)
    rows: list[DayOverride] = []
    for day, name in chinese_calendar.holidays.items():
        if day.year in known:
            rows.append(DayOverride(day, DayType.HOLIDAY, chinese.get(name, name or "")))
    for day, name in chinese_calendar.workdays.items():
        if day.year in known:
            rows.append(DayOverride(day, DayType.MAKEUP_WORKDAY, f"{chinese.get(name, name or '')}调休"))
    return sorted(rows)


def chinese_calendar_source(start: int = 2004, end: int = 2026) -> DictDayTypeSource:
    """chinese-calendar's data as a source: the default outside Django."""
    return DictDayTypeSource(seed_from_chinese_calendar(start, end))
