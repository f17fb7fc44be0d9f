"""Business verbs of the working-day table (工作日历): edit one day, load a year, seed many years.

The table is the source of truth for deadline computation (`fazhi.core.calendar.get_calendar`). Every
write goes through here, runs in one transaction and is in the operation log; the calendar cache of
this process is dropped at once and other processes notice the change on their next call.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from fazhi.core import oplog
from fazhi.core.calendar import DayEntry, invalidate
from fazhi.core.models import CalendarDay, CalendarYear, User

MIN_YEAR, MAX_YEAR = 1990, 2100


def _check_type(day_type: str) -> str:
    if day_type not in CalendarDay.DayType.values:
        raise ValidationError(f"未知的日期类型：{day_type}")
    return day_type


@transaction.atomic
def set_day_type(actor: User | None, day: datetime.date, day_type: str, note: str = "") -> CalendarDay:
    """Give `day` an explicit type (a correction, or a local arrangement the notice did not cover)."""
    _check_type(day_type)
    note = (note or "").strip()[:60]
    row = CalendarDay.objects.select_for_update().filter(date=day).first()
    before = oplog.snapshot(row, ["date", "day_type", "note", "source"]) if row else None
    if row is None:
        row = CalendarDay(date=day)
    row.day_type, row.note, row.source = day_type, note, "人工修改"
    row.save()
    oplog.record(actor, "calendar.set_day", row, before=before,
                 after=oplog.snapshot(row, ["date", "day_type", "note", "source"]))
    transaction.on_commit(invalidate)
    invalidate()
    return row


def _validated(year: int, days: Iterable[DayEntry], neighbours: bool = False) -> list[CalendarDay]:
    """Rows for `year`; with `neighbours`, days of the year before or after are allowed too."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(f"年份 {year} 不在 {MIN_YEAR}–{MAX_YEAR} 之间")
    allowed = {year - 1, year, year + 1} if neighbours else {year}
    rows: dict[datetime.date, CalendarDay] = {}
    for day, day_type, note in days:
        if day.year not in allowed:
            raise ValidationError(f"{day.isoformat()} 不属于 {year} 年")
        if day in rows:
            raise ValidationError(f"{day.isoformat()} 出现了两次")
        rows[day] = CalendarDay(date=day, day_type=_check_type(day_type), note=(note or "")[:60])
    return sorted(rows.values(), key=lambda r: r.date)


@transaction.atomic
def import_year(actor: User | None, year: int, days: Iterable[DayEntry], source: str) -> CalendarYear:
    """Replace the explicit days of `year` with `days` and mark the year as known (no longer provisional).

    `days` lists the holidays and the make-up workdays of the year (weekday rule for the rest), as
    parsed from the State Council notice; a notice may also set a day of the year before or after
    (2012's notice: 2011-12-31 worked), which is written alone without touching that year's other days.
    Nothing is written if any entry is wrong.
    """
    rows = _validated(year, days, neighbours=True)
    if not any(row.date.year == year for row in rows):
        raise ValidationError(f"没有识别出 {year} 年的节假日安排")
    source = (source or "").strip()[:60] or "国务院节假日安排通知"
    for row in rows:
        row.source = source
    outside = [row.date for row in rows if row.date.year != year]
    before_rows = list(CalendarDay.objects.filter(Q(date__year=year) | Q(date__in=outside))
                       .values_list("date", "day_type"))
    CalendarDay.objects.filter(Q(date__year=year) | Q(date__in=outside)).delete()
    CalendarDay.objects.bulk_create(rows)
    calendar_year, _ = CalendarYear.objects.update_or_create(year=year, defaults={"source": source[:100]})
    oplog.record(
        actor, "calendar.import_year", calendar_year, object_repr=f"{year} 年工作日历",
        before={"days": {d.isoformat(): t for d, t in before_rows}},
        after={"days": {r.date.isoformat(): r.day_type for r in rows}},
        reason=source,
    )
    transaction.on_commit(invalidate)
    invalidate()
    return calendar_year


@transaction.atomic
def seed_years(actor: User | None, days_by_year: dict[int, list[DayEntry]], source: str,
               replace: bool = False) -> list[int]:
    """Load many years at once (the chinese-calendar seed). Years already in the table are kept
    unless `replace`, so a seed never overwrites corrections made by hand. Returns the years loaded."""
    known = set(CalendarYear.objects.values_list("year", flat=True))
    loaded = sorted(y for y in days_by_year if replace or y not in known)
    if not loaded:
        return []
    rows = [row for year in loaded for row in _validated(year, days_by_year[year])]
    for row in rows:
        row.source = source[:60]
    CalendarDay.objects.filter(date__year__in=loaded).delete()
    CalendarDay.objects.bulk_create(rows, batch_size=500)
    for year in loaded:
        CalendarYear.objects.update_or_create(year=year, defaults={"source": source[:100]})
    oplog.record(actor, "calendar.seed", None, object_type="core.calendaryear",
                 object_repr=f"{loaded[0]}–{loaded[-1]} 年工作日历", after={"years": loaded, "days": len(rows)},
                 reason=source)
    transaction.on_commit(invalidate)
    invalidate()
    return loaded
