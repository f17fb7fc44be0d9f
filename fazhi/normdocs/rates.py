"""Indicators of normative-document work, computed from the lifecycle records (outcomes, never activity).

The cohort is every public document published within [start, end] by an administrative issuer (not a
court, procuratorate, 人大 body or party organ: `fazhi.normdocs.issuers`) inside the given units' subtrees, whether handled in the platform or imported with its history. Only records count: an imported
document counts as reviewed or filed only if its import carried the 合法性审核 or 报备 date. For that cohort:

* 合法性审核率 legality_review_rate = documents with a passing 合法性审核 opinion before publication / published;
* 报备率 filing_rate = documents filed (报送备案) / documents due for filing (filed, or whose due date has passed
  by `as_of`);
* 报备及时率 timely_filing_rate = documents filed on or before their due date / documents due for filing;
* 规范率 conformity_rate = documents whose 备案审查 concluded without any 要求纠正 / documents whose 备案审查 concluded;
* 备案纠错率 correction_rate = documents for which 备案审查 required correction / documents whose 备案审查 concluded.

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
from fazhi.normdocs.models import PUBLIC_STATES, NormativeDocument, Review, ReviewKind, ReviewOutcome

RATE_LABELS = {
    "legality_review_rate": "合法性审核率",
    "filing_rate": "报备率",
    "timely_filing_rate": "报备及时率",
    "conformity_rate": "规范率",
    "correction_rate": "备案纠错率",
}


@dataclass
class _Row:
    issuer_id: int
    reviewed: bool
    due: bool
    filed: bool
    on_time: bool
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
        NormativeDocument.objects.filter(where, issuers.administrative_q("issuer"))
        .filter(state__in=PUBLIC_STATES, published_on__gte=start, published_on__lte=end)
        .annotate(
            legality_passed=Exists(
                reviews.filter(kind=ReviewKind.LEGALITY, outcome=ReviewOutcome.PASSED,
                               decided_on__lte=OuterRef("published_on"))
            ),
            filing_concluded=Exists(reviews.filter(kind=ReviewKind.FILING)),
            filing_corrected=Exists(reviews.filter(kind=ReviewKind.FILING, outcome=ReviewOutcome.CORRECTION)),
        )
        .values_list("issuer_id", "legality_passed", "filed_on", "filing_due_on", "filing_concluded",
                     "filing_corrected")
    )
    rows = []
    for issuer_id, passed, filed_on, due_on, concluded, corrected in docs:
        filed = filed_on is not None
        rows.append(_Row(
            issuer_id=issuer_id,
            reviewed=passed,
            due=filed or (due_on is not None and due_on < as_of),
            filed=filed,
            on_time=filed and (due_on is None or filed_on <= due_on),
            concluded=concluded,
            corrected=corrected,
        ))
    return rows


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def _summarise(rows: list[_Row]) -> dict:
    published = len(rows)
    reviewed = sum(r.reviewed for r in rows)
    due = sum(r.due for r in rows)
    filed = sum(r.filed for r in rows)
    on_time = sum(r.on_time for r in rows)
    concluded = sum(r.concluded for r in rows)
    corrected = sum(r.corrected for r in rows)
    return {
        "published": published,
        "legality_reviewed": reviewed,
        "due_for_filing": due,
        "filed": filed,
        "filed_on_time": on_time,
        "filing_reviewed": concluded,
        "conforming": concluded - corrected,
        "corrected": corrected,
        "legality_review_rate": _ratio(reviewed, published),
        "filing_rate": _ratio(filed, due),
        "timely_filing_rate": _ratio(on_time, due),
        "conformity_rate": _ratio(concluded - corrected, concluded),
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

    Keys: the counts published, legality_reviewed, due_for_filing, filed, filed_on_time, filing_reviewed,
    conforming, corrected, and the rates in `RATE_LABELS` as floats in [0, 1] or None without data.
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
