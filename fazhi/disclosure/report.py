"""政府信息公开工作年度报告 (条例第四十九条、第五十条), tables 三 and 四 of the national template
(国办公开办函〔2021〕30号), counted from the coded requests.

Table 三 is one grouped query over the requests of the reporting agency: by applicant column, how many were
received this year (一), carried over from last year (二: received before 1 January, not answered by then),
answered this year under each outcome code (三), and carried to next year (四: received by 31 December, not
answered by then). So 一 + 二 = 三(七)总计 + 四 holds by construction, as the template's 勾稽关系 demands.

Table 四 counts the 复议 and 诉讼 about disclosure handled in the year (filed in it, or concluded in it) by
their result at the year's end (not concluded by 31 December: 尚未审结).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q

from fazhi.core.models import Unit
from fazhi.deadlines.statutory import ANNUAL_DATES
from fazhi.disclosure.codes import OUTCOME_ROWS, AppealKind, AppealResult, ApplicantKind
from fazhi.disclosure.models import DisclosureAppeal, DisclosureRequest

COLUMNS = list(ApplicantKind.choices)  # then 总计
_DAY = datetime.timedelta(days=1)
NATURAL_PERSON = ApplicantKind.PERSON


def scope_of(unit: Unit) -> Q:
    """The requests a unit reports: a government (本级政府, due 3月31日) its whole region; a department its own."""
    if unit.kind in (Unit.Kind.GOVERNMENT, Unit.Kind.REGION):
        return Q(unit__path__startswith=unit.jurisdiction().path)
    return Q(unit__path__startswith=unit.path)


def due_date(unit: Unit, year: int) -> tuple[datetime.date, str]:
    """When the report on `year` is due (条例第四十九条): departments by 1月31日, the government by 3月31日."""
    key = "disclosure.government_report" if unit.kind in (Unit.Kind.GOVERNMENT, Unit.Kind.REGION) \
        else "disclosure.department_report"
    entry = ANNUAL_DATES[key]
    return entry.in_year(year + 1), f"{entry.label}：{entry.source}"


@dataclass
class Line:
    label: str
    counts: list[int]  # one per applicant column, then the total
    heading: bool = False


def _year(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def request_table(unit: Unit, year: int) -> list[Line]:
    """Table 三: one query grouped by applicant kind and outcome code, four conditional counts per group.

    Only the year's rows are read: those received by 31 December and not answered before 1 January (every
    row the four counts can take: a request is answered on or after the day it is received), from an index
    that holds every column the counts need.
    """
    first, last = _year(year)
    received = Q(received_on__isnull=False)
    open_at = lambda day: Q(closed_on__isnull=True) | Q(closed_on__gt=day)  # noqa: E731 — read as a phrase
    answered = Q(closed_on__range=(first, last))
    of_the_year = Q(received_on__lte=last) & open_at(first - _DAY)
    groups = (DisclosureRequest.objects.filter(scope_of(unit)).filter(of_the_year)
              .values("applicant_kind", "outcome").order_by().annotate(
                  new=Count("unit", filter=Q(received_on__range=(first, last))),
                  carried=Count("unit", filter=received & Q(received_on__lt=first) & open_at(first - _DAY)),
                  next=Count("unit", filter=received & Q(received_on__lte=last) & open_at(last)),
                  closed=Count("unit", filter=answered & ~Q(outcome=""))))
    grouped: dict[str, dict[str, int]] = {}  # applicant kind → key (new, carried, next, closed, outcome code) → n
    for row in groups:
        counts = grouped.setdefault(row["applicant_kind"], {})
        for key in ("new", "carried", "next", "closed"):
            counts[key] = counts.get(key, 0) + row[key]
        if row["outcome"]:
            counts[row["outcome"]] = counts.get(row["outcome"], 0) + row["closed"]

    def line(label: str, key: str, heading: bool = False) -> Line:
        values = [grouped.get(kind, {}).get(key, 0) for kind, _ in COLUMNS]
        return Line(label, [*values, sum(values)], heading)

    lines = [line("一、本年新收政府信息公开申请数量", "new"), line("二、上年结转政府信息公开申请数量", "carried"),
             Line("三、本年度办理结果", [], True)]
    for heading, rows in OUTCOME_ROWS:
        if len(rows) == 1:
            lines.append(line(heading, rows[0][1]))
            continue
        lines.append(Line(heading, [], True))
        lines.extend(line(label, code) for label, code in rows)
    lines.append(line("（七）总计", "closed"))
    lines.append(line("四、结转下年度继续办理", "next"))
    return lines


def appeal_table(unit: Unit, year: int) -> dict[str, dict[str, int]]:
    """Table 四: kind → result → count (with 总计), results as they stood on 31 December."""
    first, last = _year(year)
    handled = DisclosureAppeal.objects.filter(scope_of(unit)).filter(
        Q(filed_on__range=(first, last)) | Q(concluded_on__range=(first, last)))
    counts = {}
    for result, _ in AppealResult.choices:
        if result == AppealResult.PENDING:
            condition = Q(concluded_on__isnull=True) | Q(concluded_on__gt=last)
        else:
            condition = Q(result=result, concluded_on__lte=last)
        counts[result] = Count("id", filter=condition & Q(filed_on__lte=last))
    rows = {row.pop("kind"): row for row in handled.values("kind").annotate(**counts).order_by()}
    table = {}
    for kind, _ in AppealKind.choices:
        values = {result: rows.get(kind, {}).get(result, 0) for result, _ in AppealResult.choices}
        table[kind] = {**values, "total": sum(values.values())}
    return table


def dispute_rates(unit: Unit, year: int) -> dict[str, float | None]:
    """信息公开纠纷发生率 and 纠错率 (001 (三十一) asks that both fall; it gives no formula, so the platform's):

    纠纷发生率 = 复议 and 诉讼 on disclosure filed in the year / requests answered in the year;
    纠错率 = those concluded 结果纠正 in the year / those concluded in the year.
    """
    first, last = _year(year)
    answered = DisclosureRequest.objects.filter(scope_of(unit), closed_on__range=(first, last)).count()
    appeals = DisclosureAppeal.objects.filter(scope_of(unit)).aggregate(
        filed=Count("id", filter=Q(filed_on__range=(first, last))),
        concluded=Count("id", filter=Q(concluded_on__range=(first, last)) & ~Q(result=AppealResult.PENDING)),
        corrected=Count("id", filter=Q(concluded_on__range=(first, last), result=AppealResult.CORRECTED)))
    return {
        "answered": answered, "disputes": appeals["filed"], "concluded": appeals["concluded"],
        "corrected": appeals["corrected"],
        "dispute_rate": round(appeals["filed"] / answered * 100, 2) if answered else None,
        "correction_rate": round(appeals["corrected"] / appeals["concluded"] * 100, 2) if appeals["concluded"] else None,
    }
