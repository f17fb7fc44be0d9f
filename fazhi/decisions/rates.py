"""Indicators of major-decision work for the assessment module: one function per rate, each over a region's
subtree and a year, counted from the records (a rate with nothing to count is None, never 100 %).

* 合法性审查覆盖率 `legality_review_coverage`: decisions decided in the year whose draft passed legality review
  (or was put to discussion as an exploratory reform with its legal risks stated, art. 25) / decisions decided;
* 公众参与 / 专家论证 / 风险评估完成率 `procedure_completion(…, procedure)`: entries of the year's published
  catalogues that require the procedure and whose decision has completed it / entries that require it;
* 法律顾问参与率 `counsel_participation`: decisions whose (latest) 送审日期 is in the year with a 法律顾问 or
  公职律师 recorded on any step / those decisions;
* 决策目录公布及时率 `catalogue_timeliness`: catalogues of the year first published on or before their
  公布期限 / catalogues with a 公布期限.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q

from fazhi.core.models import Unit
from fazhi.decisions.gates import COMPLETED_BY
from fazhi.decisions.models import (
    Catalogue,
    CatalogueEntry,
    CounselParticipation,
    Decision,
    Procedure,
)


@dataclass(frozen=True)
class Rate:
    label: str
    numerator: int
    denominator: int

    @property
    def value(self) -> float | None:
        return round(100 * self.numerator / self.denominator, 1) if self.denominator else None


def _in(region: Unit, field: str) -> Q:
    return region.subtree_q(field)


def legality_review_coverage(region: Unit, year: int) -> Rate:
    decided = Decision.objects.filter(_in(region, "lead_unit"), decided_on__year=year)
    reviewed = decided.filter(review_outcome__in=("passed", "exploratory"))
    return Rate("合法性审查覆盖率", reviewed.count(), decided.count())


def procedure_completion(region: Unit, year: int, procedure: str) -> Rate:
    steps = [code for code, done in COMPLETED_BY.items() if done == procedure]
    # The entries store their procedures as a JSON list; a quoted code matches one element on both databases.
    entries = CatalogueEntry.objects.filter(_in(region, "catalogue__body"), catalogue__year=year,
                                            catalogue__version__gte=1, withdrawn=False,
                                            procedures__icontains=f'"{procedure}"')
    done = entries.filter(Exists(Decision.objects.filter(entry=OuterRef("pk"), transitions__action__in=steps)))
    return Rate(f"{Procedure(procedure).label}完成率", done.count(), entries.count())


def counsel_participation(region: Unit, year: int) -> Rate:
    # The send date copied on the decision (送审日期), not a join through the step log: 8 s → well under 1 s
    # on a 20,000-decision province (bench/decisions_scale.py).
    sent = Decision.objects.filter(_in(region, "lead_unit"), review_submitted_on__year=year)
    with_counsel = sent.filter(Exists(CounselParticipation.objects.filter(decision=OuterRef("pk"))))
    return Rate("法律顾问参与率", with_counsel.count(), sent.count())


def catalogue_timeliness(region: Unit, year: int) -> Rate:
    due = Catalogue.objects.filter(_in(region, "body"), year=year, publish_by__isnull=False)
    on_time = due.filter(first_published_on__isnull=False, first_published_on__lte=F("publish_by"))
    return Rate("决策目录公布及时率", on_time.count(), due.count())


def decision_rates(region: Unit, year: int) -> dict[str, Rate]:
    """Every rate of the module for one region and year (the rates page and the indicator)."""
    return {
        "legality_review_coverage": legality_review_coverage(region, year),
        "participation_completion": procedure_completion(region, year, Procedure.PARTICIPATION),
        "expert_completion": procedure_completion(region, year, Procedure.EXPERT),
        "risk_completion": procedure_completion(region, year, Procedure.RISK),
        "counsel_participation": counsel_participation(region, year),
        "catalogue_timeliness": catalogue_timeliness(region, year),
    }
