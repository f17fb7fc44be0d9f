"""Lead-unit suggestions (牵头单位建议) for ledger tasks whose plan named no lead unit.

The engine (`fazhi.supervision.suggest`) ranks department TYPES from the duty table and from every
plan item whose lead units are known; this module learns from the database, maps each type to the
real unit of the task's jurisdiction (a unit directly under the region whose name or alias is of
that type, or the 依法治理办公室 / government by kind), and accepts a suggestion through
`services.make_task_lead`. Reading only — the one write is the accept, done by the service.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, replace

from django.conf import settings
from django.db import connection
from django.db.models import Count, Exists, Max, OuterRef, Sum
from django.db.models.functions import Coalesce, Length

from fazhi.core.models import Unit, UnitAlias, User
from fazhi.plans.models import Plan, PlanItem, PlanItemUnit
from fazhi.supervision import services
from fazhi.supervision.models import Task, TaskUnit
from fazhi.supervision.suggest import LeadSuggester, department_type, example
from fazhi.supervision.suggest.engine import Example, Suggestion

CANDIDATE_TYPES = 10  # types asked of the engine: some have no unit in a given jurisdiction

logger = logging.getLogger(__name__)
_lock = threading.Lock()


@dataclass
class _Learned:
    """The process's suggester, the training signature it was built for, and whether a newer one is
    being built in the background."""

    key: tuple | None = None
    model: LeadSuggester | None = None
    rebuilding: bool = False


_learned = _Learned()


@dataclass(frozen=True)
class UnitSuggestion:
    """A real unit offered as the task's lead, with the engine's confidence and a one-line reason."""

    unit: Unit
    type_label: str
    confidence: float
    level: str
    reason: str

    @property
    def percent(self) -> int:
        return round(self.confidence * 100)


def training_signature() -> tuple:
    """Changes whenever a lead unit is named, renamed, re-resolved or removed in any plan.

    One aggregate query over the lead rows, not the rows themselves (reading 47,000 rows at province
    scale took 90–210 ms a request). Item units are only ever inserted (plan import, ledger import) or
    deleted (with their plan); ids are never reused (AUTOINCREMENT on SQLite, a sequence on
    PostgreSQL), so the count and the largest id change with every insert or delete; the sums of the
    item ids, unit ids and name lengths also catch an edit in place (the admin, a shell).
    """
    return tuple(
        PlanItemUnit.objects.filter(role=PlanItemUnit.Role.LEAD)
        .aggregate(
            rows=Count("id"),
            last=Max("id"),
            ids=Sum("id"),
            items=Sum("item_id"),
            units=Sum(Coalesce("unit_id", 0)),
            names=Sum(Length("name")),
        )
        .values()
    )


def build_suggester() -> LeadSuggester:
    """Learn from every plan item that names a lead unit (the names as written, else the unit's name)."""
    names: dict[int, list[str]] = {}
    for item_id, name, unit_name in PlanItemUnit.objects.filter(role=PlanItemUnit.Role.LEAD).values_list(
        "item_id", "name", "unit__name"
    ):
        names.setdefault(item_id, []).append(name if department_type(name) else unit_name or name)
    examples = []
    # A province repeats the same wording and leads in many plans: each distinct one is read once.
    made: dict[tuple, Example | None] = {}
    items = PlanItem.objects.filter(pk__in=names).values_list("id", "plan_id", "title", "text")
    for item_id, plan_id, title, text in items:
        key = (text, title, tuple(names[item_id]))
        if key not in made:
            made[key] = example(None, text, names[item_id], title=title)
        if made[key] is not None:
            examples.append(replace(made[key], id=(plan_id, item_id)))
    return LeadSuggester(examples)


def suggester(*, wait: bool = False) -> LeadSuggester:
    """The suggester for the current training data.

    Learning takes 12–17 s at province scale (47,000 items; docs/benchmarks.md), so only a process's very
    first call waits for it. When lead units change afterwards (a plan imported), the previous model keeps
    answering while a background thread learns the new one: a suggestion minutes old is still a
    suggestion, a page that hangs for 15 s is not. `wait=True` always returns the current model (tests,
    commands) and is the only way when `FAZHI_SUGGEST_IN_BACKGROUND` is off.
    """
    wait = wait or not settings.FAZHI_SUGGEST_IN_BACKGROUND
    key = training_signature()
    with _lock:
        if _learned.model is not None and (_learned.key == key or not wait):
            if _learned.key != key and not _learned.rebuilding:
                _learned.rebuilding = True
                threading.Thread(target=_rebuild, name="lead-suggester", daemon=True).start()
            return _learned.model
        _learned.key, _learned.model = key, build_suggester()
        return _learned.model


def _rebuild() -> None:
    try:
        key = training_signature()
        model = build_suggester()
        with _lock:
            _learned.key, _learned.model = key, model
    except Exception:  # noqa: BLE001 — the previous model keeps answering; the next page tries again
        logger.exception("牵头单位建议模型更新失败")
    finally:
        _learned.rebuilding = False
        connection.close()  # this thread's own connection


def warm_up_in_background() -> None:
    """Learn the suggester in a background thread, so the first suggestion page after a start is quick."""

    def warm() -> None:
        try:
            suggester()
        except Exception:  # noqa: BLE001 — a warm-up must never take the server down; the page retries
            logger.exception("牵头单位建议模型预热失败")
        finally:
            connection.close()

    threading.Thread(target=warm, name="lead-suggester-warm-up", daemon=True).start()


def units_by_type(jurisdiction: Unit) -> dict[str, list[Unit]]:
    """The jurisdiction's own bodies (directly under its region) grouped by department type."""
    children = list(
        Unit.objects.get_children(jurisdiction)
        .filter(is_active=True)
        .exclude(kind=Unit.Kind.REGION)
        .order_by("path")
    )
    aliases: dict[int, list[str]] = {}
    for unit_id, name in UnitAlias.objects.filter(unit__in=children).values_list("unit_id", "name"):
        aliases.setdefault(unit_id, []).append(name)
    found: dict[str, list[Unit]] = {}
    for unit in children:
        codes = {department_type(n) for n in [unit.name, *aliases.get(unit.pk, [])]}
        if unit.kind == Unit.Kind.OFFICE:
            codes.add("rule_of_law_office")
        if unit.kind == Unit.Kind.GOVERNMENT:
            codes.add("government")
        for code in codes - {None}:
            found.setdefault(code, []).append(unit)
    return found


def has_lead(task: Task) -> bool:
    return task.units.filter(role=TaskUnit.Role.LEAD, removed_at__isnull=True).exists()


def tasks_without_lead(plan: Plan, user: User):
    """The plan's tasks (in the user's scope) that have no lead unit yet, in ledger order."""
    # NOT EXISTS per task (the task_id index), not NOT IN over every lead of the database: at province
    # scale (50,000 leads) the NOT IN form took ~110 ms on SQLite for one plan's count and page.
    leads = TaskUnit.objects.filter(task=OuterRef("pk"), role=TaskUnit.Role.LEAD, removed_at__isnull=True)
    return Task.objects.for_user(user).filter(plan=plan).exclude(Exists(leads)).order_by("order")


class TaskSuggestions:
    """Suggestions for many tasks of one plan and one user: learns once, maps units once."""

    def __init__(self, plan: Plan, user: User, limit: int = 3):
        self.plan = plan
        self.limit = limit
        self.engine = suggester()
        self.units = units_by_type(plan.jurisdiction)
        visible = set(Plan.objects.for_user(user).values_list("pk", flat=True))
        # A similar item is quoted only if its plan is in the user's scope; otherwise only counted.
        self.show_example = lambda example_id: example_id[0] in visible

    def for_task(self, task: Task) -> list[UnitSuggestion]:
        """Suggestions for a task without a lead unit (callers check; no query per task)."""
        text = f"{task.title}。{task.text}" if task.title and task.title not in task.text else task.text
        offered: list[UnitSuggestion] = []
        seen: set[int] = set()
        for suggestion in self.engine.suggest(
            text, limit=CANDIDATE_TYPES, exclude=(task.plan_id, task.item_id)
        ):
            for unit in self.units.get(suggestion.type, [])[:1]:
                if unit.pk not in seen:
                    seen.add(unit.pk)
                    offered.append(self._offer(unit, suggestion))
            if len(offered) >= self.limit:
                break
        return offered

    def _offer(self, unit: Unit, suggestion: Suggestion) -> UnitSuggestion:
        return UnitSuggestion(
            unit=unit,
            type_label=suggestion.label,
            confidence=suggestion.confidence,
            level=suggestion.level,
            reason=suggestion.reason(self.show_example),
        )


def suggest_for_task(task: Task, user: User, limit: int = 3) -> list[UnitSuggestion]:
    return TaskSuggestions(task.plan, user, limit).for_task(task)


def accept(actor: User, task: Task, unit: Unit) -> TaskUnit:
    """Staff accept (or change) a suggestion: the unit becomes the task's lead unit."""
    return services.make_task_lead(actor, task, unit)
