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

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q

from fazhi.core.models import Unit
from fazhi.decisions.gates import COMPLETED_BY
from fazhi.decisions.models import (
    Catalogue,
    CatalogueEntry,
    CounselParticipation,
    Decision,
    Procedure,
)
from fazhi.workflow.models import TransitionRecord

COMPLETION_RATES = [Procedure.PARTICIPATION.value, Procedure.EXPERT.value, Procedure.RISK.value]


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


def _ratio(label: str, counts: dict, numerator: str, denominator: str) -> Rate:
    return Rate(label, counts[numerator] or 0, counts[denominator] or 0)


def _decision_counts(region: Unit, year: int) -> dict[str, int]:
    """The decision-side figures of a region and year in one pass: decided (and of those reviewed), sent to
    review (and of those with counsel recorded)."""
    decided, sent = Q(decided_on__year=year), Q(review_submitted_on__year=year)
    with_counsel = Q(pk__in=CounselParticipation.objects.values("decision_id"))
    return Decision.objects.filter(_in(region, "lead_unit"), decided | sent).aggregate(
        decided=Count("id", filter=decided),
        reviewed=Count("id", filter=decided & Q(review_outcome__in=("passed", "exploratory"))),
        sent=Count("id", filter=sent), with_counsel=Count("id", filter=sent & with_counsel))


def legality_review_coverage(region: Unit, year: int, counts: dict | None = None) -> Rate:
    return _ratio("合法性审查覆盖率", counts or _decision_counts(region, year), "reviewed", "decided")


def _requires(procedure: str) -> Q:
    """Entries whose JSON list of procedures holds `procedure`: on PostgreSQL jsonb's `?` (a string among the
    array's elements; cheaper per row than the containment `@>`, and the text match upper-cased the whole list
    six times a row: 240 of 314 ms on a province); SQLite has no such operator for JSON, and there a quoted
    code matches exactly one element of the list."""
    if connection.vendor == "postgresql":
        return Q(procedures__has_key=procedure)
    return Q(procedures__icontains=f'"{procedure}"')


def _completed(steps: list[str], most: bool) -> Q:
    """Entries whose decision took one of `steps`, asked in the shape that suits the region's size.

    A region holding `most` of the units (a province) reads the log once per procedure, from the log's side:
    the decisions' step rows come from the (case_type, action, on, case_id) index alone (workflow 0007) and only
    their decisions are looked up, and the entries are then matched against that list. Asked per entry there,
    PostgreSQL took 1.5 s. A smaller region (a city, a county) asks per entry instead, through the decisions'
    entry index and the log's (case_type, case_id, action) index: a county's 250 entries cost 2 ms that way, and
    40 ms the other (bench/decisions_scale.py)."""
    if most:
        decisions = ContentType.objects.get_for_model(Decision)
        took = TransitionRecord.objects.filter(case_type=decisions, action__in=steps).values("case_id")
        return Q(pk__in=Decision.objects.filter(pk__in=took).values("entry_id"))
    return Q(Exists(Decision.objects.filter(entry=OuterRef("pk"), transitions__action__in=steps)))


def _holds_most_units(region: Unit) -> bool:
    """Whether `region`'s subtree is at least a quarter of the organisation tree (two index-only counts)."""
    return 4 * Unit.objects.filter(_in(region, "")).count() >= Unit.objects.count()


def procedure_completions(region: Unit, year: int, procedures: list[str]) -> dict[str, Rate]:
    """Each procedure's completion rate, all from one query over the year's published entries."""
    entries = CatalogueEntry.objects.filter(_in(region, "catalogue__body"), catalogue__year=year,
                                            catalogue__version__gte=1, withdrawn=False)
    counts, most = {}, _holds_most_units(region)
    for procedure in procedures:
        steps = [code for code, done in COMPLETED_BY.items() if done == procedure]
        required = _requires(procedure)
        counts[f"{procedure}_required"] = Count("id", filter=required)
        counts[f"{procedure}_done"] = Count("id", filter=required & _completed(steps, most))
    found = entries.aggregate(**counts)
    return {p: _ratio(f"{Procedure(p).label}完成率", found, f"{p}_done", f"{p}_required") for p in procedures}


def procedure_completion(region: Unit, year: int, procedure: str) -> Rate:
    return procedure_completions(region, year, [procedure])[procedure]


def counsel_participation(region: Unit, year: int, counts: dict | None = None) -> Rate:
    # The send date copied on the decision (送审日期), not a join through the step log (bench/decisions_scale.py).
    return _ratio("法律顾问参与率", counts or _decision_counts(region, year), "with_counsel", "sent")


def catalogue_timeliness(region: Unit, year: int) -> Rate:
    counts = Catalogue.objects.filter(_in(region, "body"), year=year, publish_by__isnull=False).aggregate(
        due=Count("id"), on_time=Count("id", filter=Q(first_published_on__isnull=False,
                                                     first_published_on__lte=F("publish_by"))))
    return _ratio("决策目录公布及时率", counts, "on_time", "due")


def decision_rates(region: Unit, year: int) -> dict[str, Rate]:
    """Every rate of the module for one region and year (the rates page and the indicator)."""
    counts = _decision_counts(region, year)
    return {
        "legality_review_coverage": legality_review_coverage(region, year, counts),
        **{f"{p}_completion": rate for p, rate in procedure_completions(region, year, COMPLETION_RATES).items()},
        "counsel_participation": counsel_participation(region, year, counts),
        "catalogue_timeliness": catalogue_timeliness(region, year),
    }
