"""Cross-level alignment (上下级方案对接): suggest, confirm, reject and link; the coverage of an upper plan.

Who may read what: the lower plan is fetched through the user's scope as usual. The upper plans it may
be aligned with are the plans of the regions *above* the lower plan's jurisdiction (陇县 → 宝鸡市,
陕西省): an office must read the plans it implements even though they lie outside its data scope. They
are readable here for alignment only — the plan pages and the API still answer 404 for them — and
nothing in this module writes to an upper plan: every alignment row belongs to the lower plan's scope.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from fazhi.core import oplog
from fazhi.core.models import Unit
from fazhi.plans import align
from fazhi.plans.models import ItemAlignment, Plan, PlanItem

Status = ItemAlignment.Status


def upper_plan_candidates(lower_plan: Plan) -> QuerySet[Plan]:
    """Plans of the regions strictly above the lower plan's jurisdiction, nearest region first."""
    path = lower_plan.jurisdiction.path
    steplen = Unit.steplen
    ancestors = [path[:end] for end in range(steplen, len(path), steplen)]
    return (
        Plan.objects.filter(jurisdiction__path__in=ancestors)
        .select_related("jurisdiction")
        .order_by("-jurisdiction__depth", "-issued_on", "-id")
    )


def readable_upper_plan(lower_plan: Plan, upper_plan_id: Any) -> Plan:
    """The upper plan with that id if the lower plan may be aligned with it; 404 otherwise."""
    try:
        return upper_plan_candidates(lower_plan).get(pk=int(upper_plan_id))
    except (Plan.DoesNotExist, TypeError, ValueError):
        raise Http404("上级方案不存在，或不是本方案所在行政区的上级方案") from None


def default_upper_plan(lower_plan: Plan) -> Plan | None:
    """The plan's declared upper plan if it is a proper one, else the nearest region's newest plan."""
    candidates = upper_plan_candidates(lower_plan)
    if lower_plan.upper_plan_id:
        declared = candidates.filter(pk=lower_plan.upper_plan_id).first()
        if declared is not None:
            return declared
    return candidates.first()


def _check_pair(lower_plan: Plan, upper_plan: Plan) -> None:
    if not upper_plan_candidates(lower_plan).filter(pk=upper_plan.pk).exists():
        raise ValidationError(f"“{upper_plan.title}”不是“{lower_plan.title}”所在行政区的上级方案，不能对接")


def alignable_items(plan: Plan) -> list[align.Item]:
    """The plan's leaf items with text, as engine items keyed by PlanItem id (section titles as context)."""
    rows = plan.items.order_by("order").values_list("pk", "path", "title", "text")
    return align.outline_items(rows)


@dataclass
class SuggestResult:
    lower_plan: Plan
    upper_plan: Plan
    items: int = 0
    suggested: int = 0
    kept_decisions: int = 0
    without_suggestion: list[int] = field(default_factory=list)


@transaction.atomic
def suggest_alignments(
    actor: Any,
    lower_plan: Plan,
    upper_plan: Plan,
    *,
    top_k: int = align.DEFAULT_TOP_K,
    threshold: float = align.DEFAULT_THRESHOLD,
) -> SuggestResult:
    """(Re)compute the suggestions of every lower item against the upper plan.

    Open suggestions from an earlier run are replaced; confirmed and rejected pairs keep their decision
    (their score is refreshed). If the lower plan names no upper plan yet, it now names this one.
    """
    lower_plan = Plan.objects.select_for_update().get(pk=lower_plan.pk)
    _check_pair(lower_plan, upper_plan)
    if not 1 <= top_k <= 10:
        raise ValidationError("每个条目的建议数应在 1 到 10 之间")
    if not 0 <= threshold <= 1:
        raise ValidationError("阈值应在 0 到 1 之间")
    lower = alignable_items(lower_plan)
    upper = alignable_items(upper_plan)
    if not lower:
        raise ValidationError("本方案没有可对接的条目")
    if not upper:
        raise ValidationError("上级方案没有可对接的条目")
    aligner = align.Aligner(upper, lower)

    pairs = ItemAlignment.objects.filter(lower_item__plan=lower_plan, upper_item__plan=upper_plan)
    for stale in pairs.filter(status=Status.SUGGESTED):
        stale.delete()  # one by one, so the history records each withdrawal
    decided: dict[int, dict[int, ItemAlignment]] = {}
    for alignment in pairs:
        decided.setdefault(alignment.lower_item_id, {})[alignment.upper_item_id] = alignment
    result = SuggestResult(lower_plan, upper_plan, items=len(lower))
    for item in lower:
        ranked = aligner.rank(item)
        shown = align.shortlist(ranked, top_k, threshold)
        if not shown:
            result.without_suggestion.append(item.key)
        # A decided pair keeps its decision; its score is refreshed, and its rank says whether this run
        # would have suggested it.
        own = decided.get(item.key, {})
        for candidate in ranked:
            existing = own.get(candidate.upper)
            if existing is not None:
                existing.score = candidate.score
                existing.rank = shown.index(candidate) + 1 if candidate in shown else None
                existing.save(update_fields=["score", "rank"])
                result.kept_decisions += 1
        for rank, candidate in enumerate(shown, start=1):
            if candidate.upper not in own:
                ItemAlignment.objects.create(
                    lower_item_id=item.key, upper_item_id=candidate.upper, score=candidate.score, rank=rank
                )
                result.suggested += 1
    before = {"upper_plan": lower_plan.upper_plan_id}
    if lower_plan.upper_plan_id is None:
        lower_plan.upper_plan = upper_plan
        lower_plan.save(update_fields=["upper_plan"])
    oplog.record(
        actor,
        "plans.align.suggest",
        lower_plan,
        before=before,
        after={
            "upper_plan": lower_plan.upper_plan_id,
            "aligned_with": upper_plan.pk,
            "items": result.items,
            "suggested": result.suggested,
            "kept_decisions": result.kept_decisions,
            "top_k": top_k,
            "threshold": threshold,
        },
        reason=f"对接上级方案“{upper_plan.title}”",
    )
    return result


def _decide(actor: Any, alignment: ItemAlignment, status: str, action: str, reason: str) -> ItemAlignment:
    try:
        alignment = (
            ItemAlignment.objects.select_for_update()
            .select_related("lower_item", "upper_item")
            .get(pk=alignment.pk)
        )
    except ItemAlignment.DoesNotExist:
        raise ValidationError("这条建议已被重新生成的建议取代，请刷新页面后再操作") from None
    before = oplog.snapshot(alignment, ["status", "decided_by", "decided_at"])
    alignment.status = status
    alignment.decided_by = actor if getattr(actor, "pk", None) else None
    alignment.decided_at = timezone.now()
    alignment._change_reason = reason[:100] if reason else None
    alignment.save(update_fields=["status", "decided_by", "decided_at"])
    oplog.record(
        actor,
        action,
        alignment,
        before=before,
        after=oplog.snapshot(alignment, ["status", "decided_by", "decided_at"]),
        reason=reason,
    )
    return alignment


@transaction.atomic
def confirm_alignment(actor: Any, alignment: ItemAlignment) -> ItemAlignment:
    """Staff agree that the lower item implements the upper item (also reverses a rejection)."""
    return _decide(actor, alignment, Status.CONFIRMED, "plans.align.confirm", "")


@transaction.atomic
def reject_alignment(actor: Any, alignment: ItemAlignment, reason: str = "") -> ItemAlignment:
    """Staff say the pair is wrong; the engine will not offer it again for this plan pair."""
    return _decide(actor, alignment, Status.REJECTED, "plans.align.reject", reason.strip())


@transaction.atomic
def link_items(actor: Any, lower_item: PlanItem, upper_item: PlanItem) -> ItemAlignment:
    """Staff link a lower item to an upper item the engine did not suggest: a confirmed alignment."""
    _check_pair(lower_item.plan, upper_item.plan)
    existing = ItemAlignment.objects.filter(lower_item=lower_item, upper_item=upper_item).first()
    if existing is not None:
        return _decide(actor, existing, Status.CONFIRMED, "plans.align.confirm", "人工关联")
    alignment = ItemAlignment.objects.create(
        lower_item=lower_item,
        upper_item=upper_item,
        status=Status.CONFIRMED,
        decided_by=actor if getattr(actor, "pk", None) else None,
        decided_at=timezone.now(),
    )
    oplog.record(
        actor,
        "plans.align.link",
        alignment,
        after=oplog.snapshot(alignment, ["lower_item", "upper_item", "status", "decided_by", "decided_at"]),
        reason="人工关联",
    )
    return alignment


# ---------------------------------------------------------------------------------------------- reading


@dataclass
class LowerRow:
    item: PlanItem
    alignments: list[ItemAlignment]

    @property
    def confirmed(self) -> list[ItemAlignment]:
        return [a for a in self.alignments if a.status == Status.CONFIRMED]

    @property
    def pending(self) -> list[ItemAlignment]:
        return [a for a in self.alignments if a.status == Status.SUGGESTED]


def worksheet(lower_plan: Plan, upper_plan: Plan) -> list[LowerRow]:
    """Each alignable lower item with its alignments to the upper plan (confirmed, then by rank)."""
    keys = [i.key for i in alignable_items(lower_plan)]
    items = PlanItem.objects.in_bulk(keys)
    by_item: dict[int, list[ItemAlignment]] = {k: [] for k in keys}
    alignments = (
        ItemAlignment.objects.filter(lower_item__plan=lower_plan, upper_item__plan=upper_plan)
        .select_related("upper_item", "decided_by")
        .order_by("rank", "-score", "id")
    )
    order = {Status.CONFIRMED: 0, Status.SUGGESTED: 1, Status.REJECTED: 2}
    for a in alignments:
        if a.lower_item_id in by_item:
            by_item[a.lower_item_id].append(a)
    rows = []
    for key in keys:
        found = sorted(by_item[key], key=lambda a: order[a.status])
        rows.append(LowerRow(items[key], found))
    return rows


@dataclass
class SectionRow:
    item: PlanItem | None
    label: str
    title: str
    total: int
    covered: int
    percent: float


@dataclass
class Coverage:
    total: int
    covered: int
    sections: list[SectionRow]
    uncovered_ids: list[int]
    suggested_ids: set[int]

    @property
    def percent(self) -> float:
        return round(100.0 * self.covered / self.total, 1) if self.total else 0.0


def _section_key(path: list[str]) -> tuple[str, ...]:
    # Sections are the top two levels (二、(四)), or the top level when an item sits right under it.
    return tuple(path[: min(2, len(path) - 1)]) or tuple(path[:1])


def coverage(lower_plan: Plan, upper_plan: Plan) -> Coverage:
    """How many alignable upper items have at least one confirmed lower item, overall and per section."""
    upper = alignable_items(upper_plan)
    paths = dict(upper_plan.items.values_list("pk", "path"))
    headings = {tuple(i.path): i for i in upper_plan.items.all()}
    linked = ItemAlignment.objects.filter(lower_item__plan=lower_plan, upper_item__plan=upper_plan)
    covered = set(linked.filter(status=Status.CONFIRMED).values_list("upper_item_id", flat=True))
    suggested = set(linked.filter(status=Status.SUGGESTED).values_list("upper_item_id", flat=True))
    sections = []
    for entry in align.coverage(((_section_key(paths[i.key]), i.key) for i in upper), covered):
        heading = headings.get(entry.section)
        sections.append(
            SectionRow(
                heading,
                " ".join(entry.section),
                (heading.title or heading.text[:30]) if heading else "",
                entry.total,
                entry.covered,
                entry.percent,
            )
        )
    keys = [i.key for i in upper]
    return Coverage(
        total=len(keys),
        covered=sum(k in covered for k in keys),
        sections=sections,
        uncovered_ids=[k for k in keys if k not in covered],
        suggested_ids=suggested,
    )
