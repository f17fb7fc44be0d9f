"""The supervision loop's one door to the working-day engine (`fazhi.deadlines`) and the holiday table.

Kept in one module so the loop asks the same questions everywhere: when does a period that starts on a
day end, and from which day do we warn before a due date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Computed:
    date: dt.date
    provisional: bool = False
    trace: list = field(default_factory=list)


def current_calendar():
    from fazhi.core.calendar import get_calendar

    return get_calendar()


def _as_computed(result) -> Computed:
    if isinstance(result, dt.date):
        return Computed(result)
    explain = getattr(result, "explain", None)
    # The engine's own Chinese explanation (runs of days merged) is what the UI shows; raw steps otherwise.
    trace = explain().splitlines() if callable(explain) else [_trace_entry(t) for t in getattr(result, "trace", [])]
    return Computed(result.date, bool(getattr(result, "provisional", False)), trace)


def _trace_entry(entry) -> object:
    """Trace steps as JSON-ready values (the engine may give dataclasses or strings)."""
    if isinstance(entry, str | int | float | dict | list) or entry is None:
        return entry
    if hasattr(entry, "__dataclass_fields__"):
        from dataclasses import asdict

        return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in asdict(entry).items()}
    return str(entry)


def add_working_days(start: dt.date, days: int, cal=None) -> Computed:
    from fazhi import deadlines

    return _as_computed(deadlines.add_working_days(cal or current_calendar(), start, days))


def add_natural_days(start: dt.date, days: int, cal=None) -> Computed:
    """A natural-day period: the start day is not counted; a last day on a rest day rolls to the next workday."""
    from fazhi import deadlines

    return _as_computed(deadlines.add_natural_days(cal or current_calendar(), start, days))


def warn_date(due: dt.date, working_days_before: int, cal=None) -> dt.date:
    from fazhi import deadlines

    return _as_computed(deadlines.warn_on(cal or current_calendar(), due, working_days_before)).date
