"""The working-day calendar and deadline engine every module shares. Pure Python: no Django.

Typical use::

    from fazhi import deadlines
    cal = deadlines.default_calendar()          # or the Django app's table as a calendar
    due = deadlines.add_working_days(cal, start, 5)
    due.date, due.provisional, due.explain()

    rule = deadlines.statutory.get_rule("reconsideration.decision")
    deadlines.compute_due(cal, rule, [deadlines.ClockEvent("start", accepted_on, reason="受理")])
"""

from __future__ import annotations

from functools import lru_cache

from fazhi.deadlines import statutory
from fazhi.deadlines.calendar import (
    Calendar,
    DayCalendar,
    DayOverride,
    DayType,
    DayTypeSource,
    DictDayTypeSource,
    chinese_calendar_source,
    provisional_reason,
    seed_from_chinese_calendar,
)
from fazhi.deadlines.clock import ClockEvent, ClockKind, compute_due, earliest_due, months_later
from fazhi.deadlines.counting import (
    add_hours,
    add_months,
    add_natural_days,
    add_working_days,
    warn_on,
    working_days_between,
)
from fazhi.deadlines.notice import parse_holiday_notice
from fazhi.deadlines.result import DeadlineResult, TraceStep, WorkingDayCount
from fazhi.deadlines.rules import DeadlineRule, Extension, ExtensionKind, Unit

DueResult = DeadlineResult


@lru_cache(maxsize=1)
def default_calendar() -> Calendar:
    """chinese-calendar's years as a calendar, for use outside Django (inside, use the editable table)."""
    return Calendar(chinese_calendar_source())


__all__ = [
    "Calendar",
    "ClockEvent",
    "ClockKind",
    "DayCalendar",
    "DayOverride",
    "DayType",
    "DayTypeSource",
    "DeadlineResult",
    "DeadlineRule",
    "DictDayTypeSource",
    "Extension",
    "ExtensionKind",
    "DueResult",
    "TraceStep",
    "Unit",
    "WorkingDayCount",
    "add_hours",
    "add_months",
    "add_natural_days",
    "add_working_days",
    "chinese_calendar_source",
    "compute_due",
    "default_calendar",
    "earliest_due",
    "months_later",
    "parse_holiday_notice",
    "provisional_reason",
    "seed_from_chinese_calendar",
    "statutory",
    "warn_on",
    "working_days_between",
]
