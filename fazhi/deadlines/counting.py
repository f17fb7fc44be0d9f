"""Counting periods from a day: working days, natural days, months, hours, and warning dates.

Each function is the clock engine (`clock.compute_due`) with a single start event, so the counting
rules live in one place.
"""

from __future__ import annotations

import datetime as dt

from fazhi.deadlines.calendar import DayCalendar
from fazhi.deadlines.clock import (
    ONE_DAY,
    ClockEvent,
    ClockKind,
    compute_due,
    judge_day,
    provisional_reasons,
)
from fazhi.deadlines.result import COUNTED, DeadlineResult, TraceStep, WorkingDayCount, format_date
from fazhi.deadlines.rules import DeadlineRule, Unit


def _from(cal: DayCalendar, start: dt.date, rule: DeadlineRule, weekends_are_rest_days: bool = True) -> DeadlineResult:
    return compute_due(cal, rule, [ClockEvent(ClockKind.START, start)],
                       weekends_are_rest_days)


def add_working_days(cal: DayCalendar, start: dt.date, n: int) -> DeadlineResult:
    """The day `n` working days after `start` (start not counted; 调休 make-up days count)."""
    return _from(cal, start, DeadlineRule(n, Unit.WD, label=f"自{format_date(start)}起{n}个工作日"))


def add_natural_days(
    cal: DayCalendar, start: dt.date, n: int, roll_over: bool = True, weekends_are_rest_days: bool = True
) -> DeadlineResult:
    """The day `n` days after `start`; with `roll_over`, a last day that is a holiday (or, when
    `weekends_are_rest_days`, an ordinary weekend) moves to the first working day after it."""
    rule = DeadlineRule(n, Unit.ND, roll_over=roll_over, label=f"自{format_date(start)}起{n}日")
    return _from(cal, start, rule, weekends_are_rest_days)


def add_months(
    cal: DayCalendar, start: dt.date, n: int, roll_over: bool = True, weekends_are_rest_days: bool = True
) -> DeadlineResult:
    """The corresponding day `n` months after `start` (or that month's last day), rolled over like days."""
    rule = DeadlineRule(n, Unit.M, roll_over=roll_over, label=f"自{format_date(start)}起{n}个月")
    return _from(cal, start, rule, weekends_are_rest_days)


def add_hours(start: dt.datetime, h: int) -> DeadlineResult:
    """`h` hours after `start`, to the minute; `.at` holds the moment, `.date` its day."""
    rule = DeadlineRule(h, Unit.H, label=f"自{format_date(start)} {start:%H:%M}起{h}小时")
    return compute_due(_NO_CALENDAR, rule, [ClockEvent(ClockKind.START, start)])


def working_days_between(cal: DayCalendar, a: dt.date, b: dt.date) -> WorkingDayCount:
    """How many working days lie in (a, b]; negative, with the same days, when b is before a."""
    first, last, sign = (a, b, 1) if a <= b else (b, a, -1)
    trace = []
    day = first
    while day < last:
        day += ONE_DAY
        trace.append(judge_day(cal, day, Unit.WD))
    count = sign * sum(step.action == COUNTED for step in trace)
    description = f"{format_date(a)}（不含）至{format_date(b)}"
    return WorkingDayCount(count, trace, description, provisional_reasons(cal, (s.date for s in trace)))


def warn_on(cal: DayCalendar, due: dt.date, working_days_before: int) -> DeadlineResult:
    """The day to start warning: the `working_days_before`-th working day before `due` (`due` itself
    for 0), so that `add_working_days(result, working_days_before)` is `due` when `due` is a working day."""
    if working_days_before < 0:
        raise ValueError("提前提醒的工作日数不能为负数")
    trace: list[TraceStep] = []
    day, counted = due, 0
    while counted < working_days_before:
        day -= ONE_DAY
        step = judge_day(cal, day, Unit.WD)
        trace.append(step)
        counted += step.action == COUNTED
    trace.reverse()
    description = f"{format_date(due)}到期，提前{working_days_before}个工作日提醒"
    return DeadlineResult(day, trace, description, provisional_reasons(cal, (s.date for s in trace)))


class _NoCalendar:
    """Hour periods do not look at day types."""

    def day_type(self, day: dt.date) -> str:
        raise AssertionError("hour periods never ask for a day type")

    def note(self, day: dt.date) -> str:
        return ""

    def is_known(self, day: dt.date) -> bool:
        return True


_NO_CALENDAR = _NoCalendar()
