"""The figures of 行政应诉 and 司法建议 / 检察建议 an office reports, each from one grouped query.

负责人出庭率 = hearings a 负责人 attended / hearings held (法释〔2020〕3号); 主要负责人出庭 per unit and
year (004: at least once); 一审败诉率 = first-instance decisions lost / decided; the listed case types
(食品药品, 生态环境, 重大安全事故, 公共卫生, 群体性) the 主要负责人 did not attend; 庭审旁听 per unit
(units without cases are exempt); 按期办复率 of 司法建议 / 检察建议 (004 item 19: 100 %).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, F, Q

from fazhi.litigation.models import HEADS, Attendee, CaseType, LitigationCase, Result
from fazhi.reconsideration.reports import rate


@dataclass
class UnitRow:
    unit: str
    cases: int = 0
    hearings: int = 0
    heads: int = 0
    principal: int = 0
    observations: int = 0

    @property
    def head_rate(self) -> float | None:
        return rate(self.heads, self.hearings)

    @property
    def principal_missing(self) -> bool:  # 004: the 主要负责人 appears at least once a year where there are hearings
        return self.hearings > 0 and self.principal == 0

    @property
    def observation_missing(self) -> bool:  # units without cases are exempt
        return self.cases > 0 and self.observations == 0


@dataclass
class LitigationRates:
    year: int
    hearings: int
    heads: int
    judged: int
    lost: int
    units: list[UnitRow] = field(default_factory=list)
    unattended: list[LitigationCase] = field(default_factory=list)

    @property
    def head_rate(self) -> float | None:
        return rate(self.heads, self.hearings)

    @property
    def loss_rate(self) -> float | None:
        return rate(self.lost, self.judged)


def litigation_rates(cases, observations, year: int) -> LitigationRates:
    """`cases` and `observations` are the caller's scoped querysets. Grouped by unit id (an integer key),
    the names read once; the year's totals are the sums of the units' rows."""
    from fazhi.core.models import Unit

    rows: dict[int, UnitRow] = {}

    def row(unit_id: int) -> UnitRow:
        return rows.setdefault(unit_id, UnitRow(""))

    for r in cases.filter(received_on__year=year).values("unit_id").annotate(n=Count("id")):
        row(r["unit_id"]).cases = r["n"]
    # From the cases' side, joined to the year's hearings (filter before annotate: the counts are of those
    # hearings): the database walks the hearings' (held_on, case, attendee) index for the year and looks each
    # case up, instead of listing every case in scope first and then its hearings (185 → 19–47 ms at 20,000
    # cases on SQLite, bench/recon_scale.py).
    hearings = cases.filter(hearings__held_on__year=year).values("unit_id").order_by()
    for r in hearings.annotate(
            n=Count("hearings"), heads=Count("hearings", filter=Q(hearings__attendee__in=HEADS)),
            principal=Count("hearings", filter=Q(hearings__attendee=Attendee.PRINCIPAL))):
        unit = row(r["unit_id"])
        unit.hearings, unit.heads, unit.principal = r["n"], r["heads"], r["principal"]
    for r in observations.filter(held_on__year=year).values("unit_id").annotate(n=Count("id")):
        row(r["unit_id"]).observations = r["n"]
    for pk, name in Unit.objects.filter(pk__in=rows).values_list("pk", "name"):
        rows[pk].unit = name
    judged = cases.filter(judged_on__year=year).aggregate(n=Count("id"), lost=Count("id", filter=Q(result=Result.LOST)))
    listed = [t for t in CaseType.values if t]
    unattended = list(cases.filter(case_type__in=listed, hearings__held_on__year=year)
                      .exclude(hearings__attendee=Attendee.PRINCIPAL).select_related("unit").distinct()[:200])
    units = sorted(rows.values(), key=lambda r: r.unit)
    return LitigationRates(year, sum(u.hearings for u in units), sum(u.heads for u in units), judged["n"],
                           judged["lost"], units, unattended)


@dataclass
class SuggestionRow:
    unit: str
    received: int
    due: int  # replied, or past their due date on the report day
    on_time: int
    late: int
    overdue_open: int

    @property
    def rate(self) -> float | None:
        return rate(self.on_time, self.due)


def suggestion_report(suggestions, first: datetime.date, last: datetime.date, today: datetime.date):
    """Per unit, the suggestions received in [first, last]: replied in time, late, open past due; 按期办复率."""
    replied = Q(replied_on__isnull=False)
    open_overdue = Q(replied_on__isnull=True, due_on__lt=today)
    rows = (suggestions.filter(received_on__range=(first, last)).values("unit__name").order_by("unit__name")
            .annotate(received=Count("id"), due=Count("id", filter=replied | open_overdue),
                      on_time=Count("id", filter=replied & Q(replied_on__lte=F("due_on"))),
                      late=Count("id", filter=replied & Q(replied_on__gt=F("due_on"))),
                      overdue_open=Count("id", filter=open_overdue)))
    table = [SuggestionRow(r["unit__name"], r["received"], r["due"], r["on_time"], r["late"], r["overdue_open"])
             for r in rows]
    total = SuggestionRow("合计", *(sum(getattr(r, f) for r in table)
                                  for f in ("received", "due", "on_time", "late", "overdue_open")))
    return table, total

