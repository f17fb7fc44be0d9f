"""Indicators of normative-document work, computed from the lifecycle records (outcomes, never activity).

The cohort is every public 行政规范性文件 (not a 规章, which follows its own filing rules) published within
[start, end] by an administrative issuer (not a
court, procuratorate, 人大 body or party organ: `fazhi.normdocs.issuers`) inside the given units' subtrees,
whether handled in the platform or imported with its history. Only records count: an imported document
counts as reviewed or filed only if its import carried the 合法性审核 or 报备 date.

A *filing* is one document filed with one required recipient (`fazhi.normdocs.recipients.recipients_for`: a
government's document with the 上一级人民政府 and the 本级人大常委会, a department's with the 本级人民政府);
a document without filing records (imported as history) counts as one filing with its own 报备 dates.

* 合法性审核率 legality_review_rate = documents with a passing 合法性审核 opinion before publication
  / documents published;
* 报备率 filing_rate = filings sent (报送) / filings due (sent, or whose 报送期限 has passed by `as_of`);
* 报备及时率 timely_filing_rate = filings sent on or before their 报送期限 / filings due;
* 报备规范率 conformity_rate = filings registered (登记) at their first examination, materials complete and
  conforming (no 退回补正) / filings the recipient has examined (registered, or returned for 补正);
* 备案纠错率 correction_rate = filings whose 备案审查 found a problem (要求纠正, 建议修改或废止, 不予备案 or
  撤销) / filings whose 备案审查 reached a conclusion.

A rate whose denominator is zero is None (no data), never 100%.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from fazhi.core.models import Unit
from fazhi.normdocs import issuers
from fazhi.normdocs.models import (
    PUBLIC_STATES,
    DocType,
    Filing,
    NormativeDocument,
    Review,
    ReviewKind,
    ReviewOutcome,
)

RATE_LABELS = {
    "legality_review_rate": "合法性审核率",
    "filing_rate": "报备率",
    "timely_filing_rate": "报备及时率",
    "conformity_rate": "报备规范率",
    "correction_rate": "备案纠错率",
}

# What the rates page says of each rate (the module docstring says the same): numerator and denominator,
# each with the key of its count in `normdoc_rates`.
RATE_DEFINITIONS = {
    "legality_review_rate": (("发布前经合法性审核通过的文件", "legality_reviewed"), ("公开发布的文件", "published")),
    "filing_rate": (("已报送的备案（每件文件、每个备案审查机关各计一件）", "filed"),
                    ("应报送的备案（已报送或报送期限已届满）", "due_for_filing")),
    "timely_filing_rate": (("在报送期限内报送的备案", "filed_on_time"), ("应报送的备案", "due_for_filing")),
    "conformity_rate": (("首次报送即材料齐全、规范并予登记的备案（未经退回补正）", "conforming"),
                        ("备案审查机关已审查登记材料的备案（已登记或退回补正）", "examined")),
    "correction_rate": (("备案审查发现问题的备案（要求纠正、建议修改或废止、不予备案、撤销）", "corrected"),
                        ("备案审查已有结论的备案", "filing_reviewed")),
}


def definitions(figures: dict) -> list[tuple[str, str, int, str, int]]:
    """(rate label, numerator, its count, denominator, its count) of each rate, for the page."""
    return [(RATE_LABELS[key], num, figures[num_key], den, figures[den_key])
            for key, ((num, num_key), (den, den_key)) in RATE_DEFINITIONS.items()]


@dataclass
class _Row:
    """One filing of one document (with the document's 合法性审核 on its first filing only)."""

    issuer_id: int
    document: bool  # the document's first row: it counts the document once
    reviewed: bool
    due: bool
    filed: bool
    on_time: bool
    examined: bool
    conforming: bool
    concluded: bool
    corrected: bool


def _units(units_or_region: Unit | Iterable[Unit]) -> list[Unit]:
    return [units_or_region] if isinstance(units_or_region, Unit) else list(units_or_region)


def _cohort_rows(units: list[Unit], start: datetime.date, end: datetime.date, as_of: datetime.date) -> list[_Row]:
    where = Q(pk__in=[])
    for unit in units:
        where |= unit.subtree_q("issuer")
    reviews = Review.objects.filter(document=OuterRef("pk"))
    docs = (
        NormativeDocument.objects.filter(where, issuers.administrative_q("issuer"), doc_type=DocType.NORMATIVE)
        .filter(state__in=PUBLIC_STATES, published_on__gte=start, published_on__lte=end)
        .annotate(
            legality_passed=Exists(
                reviews.filter(kind=ReviewKind.LEGALITY, outcome=ReviewOutcome.PASSED,
                               decided_on__lte=OuterRef("published_on"))
            ),
        )
        .values_list("pk", "issuer_id", "legality_passed", "filed_on", "filing_due_on")
    )
    docs = list(docs)
    filings: dict[int, list[tuple]] = {}
    for row in Filing.objects.filter(document_id__in=[d[0] for d in docs]).order_by("id").values_list(
            "document_id", "sent_on", "due_on", "conforming", "concluded_on", "problem_found"):
        filings.setdefault(row[0], []).append(row[1:])
    rows = []
    for pk, issuer_id, passed, filed_on, due_on in docs:
        # A document imported with its history has no filing records: its own 报备 dates are its one filing.
        for i, (sent_on, due, conforming, concluded_on, problem) in enumerate(
                filings.get(pk) or [(filed_on, due_on, None, None, False)]):
            sent = sent_on is not None
            rows.append(_Row(
                issuer_id=issuer_id, document=i == 0, reviewed=passed and i == 0,
                due=sent or (due is not None and due < as_of), filed=sent,
                on_time=sent and (due is None or sent_on <= due),
                examined=conforming is not None, conforming=bool(conforming),
                concluded=concluded_on is not None, corrected=concluded_on is not None and problem,
            ))
    return rows


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def _summarise(rows: list[_Row]) -> dict:
    published = sum(r.document for r in rows)
    reviewed = sum(r.reviewed for r in rows)
    due = sum(r.due for r in rows)
    filed = sum(r.filed for r in rows)
    on_time = sum(r.on_time for r in rows)
    examined = sum(r.examined for r in rows)
    conforming = sum(r.conforming for r in rows)
    concluded = sum(r.concluded for r in rows)
    corrected = sum(r.corrected for r in rows)
    return {
        "published": published,
        "legality_reviewed": reviewed,
        "due_for_filing": due,
        "filed": filed,
        "filed_on_time": on_time,
        "examined": examined,
        "conforming": conforming,
        "filing_reviewed": concluded,
        "corrected": corrected,
        "legality_review_rate": _ratio(reviewed, published),
        "filing_rate": _ratio(filed, due),
        "timely_filing_rate": _ratio(on_time, due),
        "conformity_rate": _ratio(conforming, examined),
        "correction_rate": _ratio(corrected, concluded),
    }


def normdoc_rates(
    units_or_region: Unit | Iterable[Unit],
    start: datetime.date,
    end: datetime.date,
    as_of: datetime.date | None = None,
) -> dict:
    """The five rates and their counts for the documents of `units_or_region` (each with its subtree)
    published in [start, end]; `as_of` (default today) decides which filings are already due.

    Keys: the counts published, legality_reviewed (documents), due_for_filing, filed, filed_on_time, examined,
    conforming, filing_reviewed, corrected (filings), and the rates in `RATE_LABELS` as floats in [0, 1] or None without data.
    """
    as_of = as_of or timezone.localdate()
    return _summarise(_cohort_rows(_units(units_or_region), start, end, as_of))


def normdoc_rates_by_unit(
    units_or_region: Unit | Iterable[Unit],
    start: datetime.date,
    end: datetime.date,
    as_of: datetime.date | None = None,
) -> list[tuple[Unit, dict]]:
    """The same figures per issuing unit that published anything in the period, by unit name order."""
    as_of = as_of or timezone.localdate()
    rows = _cohort_rows(_units(units_or_region), start, end, as_of)
    by_issuer: dict[int, list[_Row]] = {}
    for row in rows:
        by_issuer.setdefault(row.issuer_id, []).append(row)
    units = Unit.objects.filter(pk__in=by_issuer).order_by("path")
    return [(unit, _summarise(by_issuer[unit.pk])) for unit in units]
