"""The reports an office owes from its records (004 item 20): quarterly 复议纠错, half-yearly 履行 通报.

Each table is one grouped query over the cases; 纠错率 counts the outcomes the office names as
纠错 (default 撤销、变更、确认违法、责令履行) among the cases closed in the period.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q

from fazhi.reconsideration.models import CORRECTING_OUTCOMES, Outcome, Performance, State


@dataclass(frozen=True)
class Period:
    first: datetime.date
    last: datetime.date
    label: str


def quarter(year: int, n: int) -> Period:
    if n not in (1, 2, 3, 4):
        raise ValueError("季度应为1至4")
    first = datetime.date(year, 3 * n - 2, 1)
    last = (datetime.date(year + 1, 1, 1) if n == 4 else datetime.date(year, 3 * n + 1, 1)) - datetime.timedelta(days=1)
    return Period(first, last, f"{year}年第{'一二三四'[n - 1]}季度")


def half_year(year: int, n: int) -> Period:
    if n not in (1, 2):
        raise ValueError("半年应为1或2")
    if n == 1:
        return Period(datetime.date(year, 1, 1), datetime.date(year, 6, 30), f"{year}年上半年")
    return Period(datetime.date(year, 7, 1), datetime.date(year, 12, 31), f"{year}年下半年")


def rate(part: int, whole: int) -> float | None:
    """A percentage with one decimal, None when there is nothing to count (shown as —)."""
    return round(100 * part / whole, 1) if whole else None


@dataclass
class CorrectionRow:
    organ: str
    closed: int
    decided: int
    corrected: int
    by_outcome: dict[str, int]

    @property
    def rate(self) -> float | None:
        return rate(self.corrected, self.closed)


def correction_report(cases, period: Period, outcomes=CORRECTING_OUTCOMES) -> tuple[list[CorrectionRow], CorrectionRow]:
    """Per 复议机关: cases closed in the period, of them decided on the merits, corrected, and each outcome."""
    outcomes = [o for o in outcomes if o in Outcome.values] or list(CORRECTING_OUTCOMES)
    each = {o.value: Count("id", filter=Q(outcome=o.value)) for o in Outcome}
    rows = (cases.filter(state=State.CLOSED, decided_on__range=(period.first, period.last))
            .values("organ__name").order_by("organ__name")
            .annotate(closed=Count("id"), corrected=Count("id", filter=Q(outcome__in=outcomes)),
                      decided=Count("id", filter=~Q(outcome__in=[Outcome.SETTLED, Outcome.TERMINATED])), **each))
    table = [CorrectionRow(r["organ__name"], r["closed"], r["decided"], r["corrected"],
                           {o.label: r[o.value] for o in Outcome}) for r in rows]
    total = CorrectionRow("合计", sum(r.closed for r in table), sum(r.decided for r in table),
                          sum(r.corrected for r in table),
                          {o.label: sum(r.by_outcome[o.label] for r in table) for o in Outcome})
    return table, total


@dataclass
class PerformanceRow:
    organ: str
    due: int
    done: int
    pending: int
    refused: int

    @property
    def rate(self) -> float | None:
        return rate(self.done, self.due)


def performance_report(cases, period: Period):
    """Per 复议机关: decisions of the period that had to be carried out, and how they stand; the open ones."""
    scope = cases.filter(state=State.CLOSED, decided_on__range=(period.first, period.last)).exclude(
        performance=Performance.NONE)
    rows = (scope.values("organ__name").order_by("organ__name")
            .annotate(due=Count("id"), done=Count("id", filter=Q(performance=Performance.DONE)),
                      pending=Count("id", filter=Q(performance=Performance.PENDING)),
                      refused=Count("id", filter=Q(performance=Performance.REFUSED))))
    table = [PerformanceRow(r["organ__name"], r["due"], r["done"], r["pending"], r["refused"]) for r in rows]
    total = PerformanceRow("合计", *(sum(getattr(r, f) for r in table) for f in ("due", "done", "pending", "refused")))
    unperformed = list(scope.exclude(performance=Performance.DONE).select_related("organ").order_by("decided_on")[:200])
    return table, total, unperformed


def parse_outcomes(values: list[str]) -> tuple[str, ...]:
    chosen = tuple(v for v in values if v in Outcome.values)
    return chosen or tuple(CORRECTING_OUTCOMES)
