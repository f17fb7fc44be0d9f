"""The working-day table as the deadline engine's calendar: `get_calendar()` is the one way in.

`TableSource` is the engine's `DayTypeSource` over `CalendarDay` (explicit days) and `CalendarYear`
(years whose holidays are in the table; outside them a result is provisional). The whole table is
read in two queries and the resulting `deadlines.Calendar` is kept per process. It is reloaded when
the table changes: the services drop it at once in the writing process, and every process compares
a cheap stamp of the table (the newest history row of a day, the newest year update) on each
`get_calendar()` call, so an edit in one worker is seen by the others on their next call.
"""

from __future__ import annotations

import datetime
import threading
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Count, Max

from fazhi import deadlines
from fazhi.deadlines import Calendar, DayOverride, DayType
from fazhi.deadlines.result import COUNTED

WEEKDAYS = "一二三四五六日"


class TableSource:
    """The engine's `DayTypeSource` over `CalendarDay`/`CalendarYear`: a snapshot of the whole table,
    read in two queries, that answers `overrides()` for any range of years from memory."""

    def __init__(self, rows: list[DayOverride], years: frozenset[int]) -> None:
        self._by_year: dict[int, list[DayOverride]] = {}
        for row in rows:
            self._by_year.setdefault(row.date.year, []).append(row)
        self._years = years

    @classmethod
    def load(cls) -> TableSource:
        from fazhi.core.models import CalendarDay, CalendarYear

        rows = [
            DayOverride(day, DayType(day_type), note)
            for day, day_type, note in CalendarDay.objects.order_by("date").values_list("date", "day_type", "note")
            .iterator(chunk_size=5000)
        ]
        return cls(rows, frozenset(CalendarYear.objects.values_list("year", flat=True)))

    def covered_years(self) -> frozenset[int]:
        return self._years

    def overrides(self, first_year: int, last_year: int) -> list[DayOverride]:
        return [row for year in range(first_year, last_year + 1) for row in self._by_year.get(year, ())]


def _table_stamp() -> tuple:
    """Changes whenever the table does: day edits leave a history row, bulk loads touch a year row."""
    from fazhi.core.models import CalendarDay, CalendarYear

    years = CalendarYear.objects.aggregate(n=Count("id"), last=Max("updated_at"))
    last_day_change = CalendarDay.history.aggregate(last=Max("history_id"))["last"]
    return (years["n"], years["last"], last_day_change)


class _Cache:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.stamp: tuple | None = None
        self.calendar: Calendar | None = None


_cache = _Cache()


def invalidate() -> None:
    """Forget the loaded table; the next `get_calendar()` reads it again."""
    with _cache.lock:
        _cache.stamp = None
        _cache.calendar = None


def get_calendar() -> Calendar:
    """The deadline engine's calendar over the current working-day table; every module calls this.

    Call it once per piece of work (a scan, a request) and pass the result to the engine's functions;
    each call costs two small queries to check that the table has not changed since it was loaded.
    """
    stamp = _table_stamp()
    with _cache.lock:
        if _cache.calendar is not None and _cache.stamp == stamp:
            return _cache.calendar
    calendar = Calendar(TableSource.load())
    with _cache.lock:
        _cache.calendar, _cache.stamp = calendar, stamp
    return calendar


LIBRARY_SOURCE = "chinese-calendar 内置数据"

DayEntry = tuple[datetime.date, str, str]  # (date, day type value, note), as the services take them


def library_days() -> dict[int, list[DayEntry]]:
    """The holidays and make-up workdays chinese-calendar knows (2004–2026), by year."""
    by_year: dict[int, list[DayEntry]] = {}
    for row in deadlines.seed_from_chinese_calendar():
        by_year.setdefault(row.date.year, []).append((row.date, str(row.day_type), row.note))
    return by_year


def seed_from_library(actor=None, replace: bool = False) -> list[int]:
    """Load the library's years into the table; years already there are kept unless `replace`."""
    from fazhi.core import calendar_services

    return calendar_services.seed_years(actor, library_days(), LIBRARY_SOURCE, replace=replace)


# ------------------------------------------------------------------------------------- the pages' helpers


@dataclass
class NoticePreview:
    """What a pasted State Council notice would write, for the preview and the confirm."""

    year: int
    entries: list[DayEntry]
    source: str
    rows: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def parse_notice(text: str, year: int | None = None) -> NoticePreview:
    """Read the notice with the engine's parser; its Chinese complaints become a ValidationError."""
    try:
        overrides = deadlines.parse_holiday_notice(text, year)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
    if not overrides:
        raise ValidationError("通知中没有识别出任何放假或调休日期")
    if year is None:
        # The notice's own year is the one most of its holidays fall in (2012's notice lists 2011-12-31).
        years = [r.date.year for r in overrides if r.day_type is DayType.HOLIDAY] or [overrides[0].date.year]
        year = max(set(years), key=years.count)
    entries = [(r.date, str(r.day_type), r.note) for r in overrides]
    preview = NoticePreview(year, entries, f"国务院办公厅{year}年节假日安排通知")
    for day, day_type, note in entries:
        preview.rows.append({
            "date": day, "weekday": WEEKDAYS[day.weekday()], "type": day_type,
            "label": DayType(day_type).label, "note": note,
        })
    calendar = get_calendar()
    if year in calendar.covered_years:
        preview.warnings.append(f"{year} 年已录入，确认导入将替换该年现有的安排（包括人工修改）")
    return preview


@dataclass
class ComputedDeadline:
    """The engine's result dressed for the page: the date, the provisional note, the trace by day."""

    date: datetime.date
    weekday: str
    summary: str
    provisional: bool
    reasons: list[str]
    steps: list[dict]


def compute(start: datetime.date, days: int, working: bool) -> ComputedDeadline:
    calendar = get_calendar()
    add = deadlines.add_working_days if working else deadlines.add_natural_days
    result = add(calendar, start, days)
    steps, count = [], 0
    for step in result.trace:
        counted = step.action == COUNTED
        count += counted
        kind = calendar.day_type(step.date)
        steps.append({
            "date": step.date, "weekday": WEEKDAYS[step.date.weekday()], "action": step.action,
            "reason": step.reason, "counted": counted, "count": count, "type": str(kind), "label": kind.label,
        })
    return ComputedDeadline(
        date=result.date, weekday=WEEKDAYS[result.date.weekday()], summary=result.description,
        provisional=result.provisional, reasons=result.provisional_reasons, steps=steps,
    )


# ------------------------------------------------------------------------------------------------------------
# The one door every module counts dates through (the engine over the editable table, results JSON-ready).


@dataclass(frozen=True)
class Computed:
    """A counted date, whether it is provisional (beyond the years the table knows) and the engine's
    explanation as lines of Chinese (what pages show and records keep)."""

    date: datetime.date
    provisional: bool = False
    trace: list = field(default_factory=list)


def _as_computed(result) -> Computed:
    return Computed(result.date, result.provisional, result.explain().splitlines())


def add_working_days(start: datetime.date, days: int, cal: Calendar | None = None) -> Computed:
    return _as_computed(deadlines.add_working_days(cal or get_calendar(), start, days))


def add_natural_days(start: datetime.date, days: int, cal: Calendar | None = None, roll_over: bool = True) -> Computed:
    """A natural-day period: the start day is not counted; a last day on a rest day rolls to the next workday."""
    return _as_computed(deadlines.add_natural_days(cal or get_calendar(), start, days, roll_over=roll_over))


def add_months(start: datetime.date, months: int, cal: Calendar | None = None, roll_over: bool = True) -> Computed:
    """A period in months: the corresponding day of the end month (its last day when it has none),
    rolled over like a period in days (民法典第二百零二条、第二百零三条)."""
    return _as_computed(deadlines.add_months(cal or get_calendar(), start, months, roll_over=roll_over))


def warn_date(due: datetime.date, working_days_before: int, cal: Calendar | None = None) -> datetime.date:
    """The day `working_days_before` working days before `due` (from when to warn)."""
    return deadlines.warn_on(cal or get_calendar(), due, working_days_before).date
