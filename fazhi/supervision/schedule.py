"""Turning a plan item's deadlines (`fazhi.plan/1` shape) into concrete occurrences over the plan period.

- `due` → one occurrence on its date.
- `recurring` → one occurrence per period inside the plan years: quarterly at each quarter end,
  half-yearly on 06-30 / 12-31, monthly at each month end, yearly on `by` (MM-DD) or 12-31.
  `times` (至少2次) is carried on the occurrence: the milestone needs that many accepted reports.
  `term` (任期内至少1次) gives none: a term is a person's, not a plan year's, so the task keeps the
  requirement without a made-up date.
- `relative` → none here: they start when their trigger is recorded (see `relative_due`).
Occurrences due before `since` (the plan's issue date, or the date the office tracks it from) are
left out: a plan cannot be late on a date before it existed. A plan without a period is taken as the
current year. Pure Python: no Django, no database.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

FREQ_LABEL = {"yearly": "每年", "half_yearly": "每半年", "quarterly": "每季度", "monthly": "每月", "term": "任期内"}
_CN_DIGITS = "一二三四"


@dataclass(frozen=True)
class Occurrence:
    key: str
    kind: str
    label: str
    due: dt.date
    index: int | None
    text: str
    times: int = 1  # accepted reports the occurrence needs (每年至少开展2次 → 2)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _by_date(year: int, by: str | None) -> dt.date | None:
    if not by:
        return None
    try:
        month, day = (int(part) for part in by.split("-"))
        return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))
    except (ValueError, TypeError):
        return None


def period_years(start: int | None, end: int | None, today: dt.date | None = None) -> tuple[int, int]:
    """The plan's years; a plan without a period covers the current year."""
    if start is None and end is None:
        year = (today or dt.date.today()).year
        return year, year
    start = start or end
    end = end or start
    return (min(start, end), max(start, end))


def _times_suffix(times: int | None) -> str:
    return f"（至少{times}次）" if times else ""


def recurring_occurrences(deadline: dict, index: int, years: tuple[int, int]) -> list[Occurrence]:
    freq = deadline.get("freq")
    text = deadline.get("text", "")
    suffix = _times_suffix(deadline.get("times"))
    times = max(int(deadline.get("times") or 1), 1)
    first, last = years
    out: list[Occurrence] = []

    def add(key: str, label: str, due: dt.date) -> None:
        out.append(Occurrence(f"recurring:{index}:{key}", "recurring", label + suffix, due, index, text, times))

    for year in range(first, last + 1):
        if freq == "quarterly":
            for q in range(1, 5):
                add(f"{year}-Q{q}", f"{year}年第{_CN_DIGITS[q - 1]}季度", _month_end(year, q * 3))
        elif freq == "half_yearly":
            add(f"{year}-H1", f"{year}年上半年", dt.date(year, 6, 30))
            add(f"{year}-H2", f"{year}年下半年", dt.date(year, 12, 31))
        elif freq == "monthly":
            for month in range(1, 13):
                add(f"{year}-{month:02d}", f"{year}年{month}月", _month_end(year, month))
        elif freq == "yearly":
            due = _by_date(year, deadline.get("by")) or dt.date(year, 12, 31)
            add(str(year), f"{year}年度", due)
    return out


def occurrences(deadlines: list[dict], years: tuple[int, int], since: dt.date | None = None) -> list[Occurrence]:
    """Every dated occurrence the deadlines give over `years`, none due before `since` (relative ones excluded)."""
    out: list[Occurrence] = []
    for index, deadline in enumerate(deadlines or []):
        kind = deadline.get("kind")
        if kind == "due":
            due = _parse_date(deadline.get("date"))
            if due is not None:
                text = deadline.get("text", "")
                out.append(Occurrence(f"due:{index}", "due", text or f"{due:%Y年%m月%d日}前", due, index, text))
        elif kind == "recurring":
            out.extend(recurring_occurrences(deadline, index, years))
    if since is not None:
        out = [o for o in out if o.due >= since]
    return out


def has_dated_requirement(deadlines: list[dict]) -> bool:
    """Whether the item states any time requirement at all (relative ones included)."""
    return any(d.get("kind") in {"due", "recurring", "relative"} for d in deadlines or [])


def default_occurrence(years: tuple[int, int]) -> Occurrence:
    end = dt.date(years[1], 12, 31)
    return Occurrence("default", "default", f"{years[1]}年底（方案期末）", end, None, "")


def standing_default_occurrences(years: tuple[int, int], since: dt.date | None = None) -> list[Occurrence]:
    """A standing plan has no period end: a task without a deadline reports at each year's end instead."""
    found = [Occurrence(f"default:{year}", "default", f"{year}年底（年度落实情况）", dt.date(year, 12, 31), None, "")
             for year in range(years[0], years[1] + 1)]
    return [o for o in found if since is None or o.due >= since]


_YEAR_IN_TITLE = re.compile(r"(?:19|20)(?:\d{2}|\d?[xX×])")


def is_standing(title: str, period_start: int | None, period_end: int | None) -> bool:
    """Whether a plan runs until replaced (长期执行) rather than over a stated period.

    A title that names its years (2021-2025年, 2024年工作要点, 202x年) bounds the plan. A title that names
    none (若干措施, 实施意见) with at most one year on record — the extraction takes the issue year when
    the text states no period — is a standing plan.
    """
    if _YEAR_IN_TITLE.search(title or ""):
        return False
    if period_start is None:
        return False  # no year at all: the current year, as for any plan without a period
    return period_end is None or period_end == period_start


def counts_working_days(deadline: dict) -> bool:
    """A relative period counts working days only when the text says so (个工作日); else natural days."""
    return "工作日" in ((deadline.get("text") or "") + (deadline.get("trigger") or ""))
