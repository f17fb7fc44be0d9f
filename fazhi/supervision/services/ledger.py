"""The task ledger (任务分工台账): tasks, task units and milestones generated from a plan's items, units
added, promoted or removed by hand, and milestones of relative deadlines created when their trigger is
recorded."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from fazhi.core import calendar, oplog
from fazhi.core import capabilities as cap
from fazhi.core.models import Level, Unit, User
from fazhi.plans.models import Plan, PlanItem, PlanItemUnit
from fazhi.plans.resolve import is_collective_name
from fazhi.supervision import clauses, collective, schedule
from fazhi.supervision.models import (
    Milestone,
    PlanTracking,
    ProgressReport,
    Task,
    TaskUnit,
)
from fazhi.supervision.services.common import (
    WarnDates,
    log_transition,
    office_of,
    require,
    require_sees,
    settings_for,
)
from fazhi.supervision.services.scan import ScanResult, mark_due_states


@dataclass
class LedgerResult:
    tasks_created: int = 0
    tasks_updated: int = 0
    units_added: int = 0
    milestones_created: int = 0
    milestones_withdrawn: int = 0
    unexpanded: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = (
            f"新建任务 {self.tasks_created} 项、更新 {self.tasks_updated} 项，"
            f"新增任务单位 {self.units_added} 个、时间节点 {self.milestones_created} 个"
        )
        if self.milestones_withdrawn:
            text += f"，撤销不再适用的节点 {self.milestones_withdrawn} 个"
        if self.unexpanded:
            text += f"；需人工指定单位的称谓：{'、'.join(sorted(set(self.unexpanded)))}"
        return text


_ROLE_RANK = {TaskUnit.Role.LEAD: 0, TaskUnit.Role.COOPERATING: 1, TaskUnit.Role.RESPONSIBLE: 2}


def carries_requirement(item: PlanItem, named: list[PlanItemUnit], has_children: bool) -> bool:
    """Units, deadlines or targets make an item a task; so does the text of a leaf item."""
    if named or item.deadlines or item.targets:
        return True
    return not has_children and bool(item.text.strip())


def _task_title(item: PlanItem) -> str:
    if item.title:
        return item.title[:300]
    text = item.text.strip()
    cut = min((i for i in (text.find("。"), text.find("；"), text.find("（"), text.find("(")) if i > 0), default=60)
    return text[: min(cut, 60)] or item.display_path


class Expander:
    """Collective-name expansion for one jurisdiction, cached per name for one ledger run."""

    def __init__(self, jurisdiction: Unit):
        self.jurisdiction = jurisdiction
        self._cache: dict[tuple[str, bool], list[Unit]] = {}

    def __call__(self, name: str, marked: bool = False) -> list[Unit]:
        if (name, marked) not in self._cache:
            self._cache[(name, marked)] = collective.expand(name, self.jurisdiction, marked)
        return self._cache[(name, marked)]


# Words meaning "the administrative bodies this item is about": the task's own reporting units.
_BODIES_AT_LARGE = re.compile(r"(?:各级|各)?行政机关")
_COLLECTIVE_MENTION = re.compile(
    r"(?:[省市县区](?:政府|直|级)?)?各(?:有关)?(?:行政)?(?:执法)?(?:部门|单位|委办局|乡镇|镇|乡|街道|镇街)"
)


class Performers:
    """Which of a task's reporting units perform each of its deadlines (`clauses.performers`).

    Unit names are looked up among the jurisdiction's units and their aliases (县司法局, 县政府); collective
    names expand as in the ledger; "行政机关" means the task's own reporting units. A deadline whose clause
    names nobody — or only units the task does not list — is the lead's.
    """

    def __init__(self, jurisdiction: Unit, expand: Expander):
        self.expand = expand
        names: dict[str, Unit] = {}
        units = Unit.objects.filter(jurisdiction.subtree_q(), is_active=True).exclude(kind=Unit.Kind.REGION)
        for unit in units.prefetch_related("aliases"):
            for name in [unit.name, *(a.name for a in unit.aliases.all())]:
                if len(name) >= 3:  # 司法局 alone is too common a word inside longer names
                    names.setdefault(name, unit)
        self.units_by_name = names
        ordered = sorted(names, key=len, reverse=True)
        self._names = re.compile("|".join(re.escape(n) for n in ordered)) if ordered else None

    def find(self, text: str) -> list[clauses.Mention]:
        found: list[clauses.Mention] = []
        patterns = [p for p in (_COLLECTIVE_MENTION, _BODIES_AT_LARGE, self._names) if p is not None]
        for pattern in patterns:
            for m in pattern.finditer(text):
                found.append((m.start(), m.end(), m.group()))
        found.sort(key=lambda m: (m[0], -(m[1] - m[0])))
        kept: list[clauses.Mention] = []
        for mention in found:
            if not kept or mention[0] >= kept[-1][1]:
                kept.append(mention)
        return kept

    def _units(self, name: str, reporting: list[int]) -> set[int]:
        if _BODIES_AT_LARGE.fullmatch(name):
            return set(reporting)
        if name in self.units_by_name:
            return {self.units_by_name[name].pk}
        return {u.pk for u in self.expand(name)}

    def for_deadline(self, task: Task, index: int, reporting: list[int], leads: list[int]) -> list[int]:
        """The reporting units (ids) that perform deadline `index` of `task`."""
        deadline = task.deadlines[index]
        text = deadline.get("text") or ""
        seen_before = sum(1 for d in task.deadlines[:index] if (d.get("text") or "") == text)
        names = clauses.performers(task.text, text, seen_before, self.find)
        if names is None:
            return reporting  # the deadline is not in the task's text: as the item assigns it
        chosen: set[int] = set()
        for name in names:
            chosen |= self._units(name, reporting)
        wanted = [uid for uid in reporting if uid in chosen]
        return wanted or [uid for uid in reporting if uid in leads] or reporting


def marked_collective(named: PlanItemUnit) -> bool:
    """Whether the office marked the name as a collective name (集合称谓) at import.

    The resolver flags 各…/有关… names as collective by itself; a collective name it would not have
    flagged (乡镇人民政府) was marked by staff, who thereby say it stands for a group of units.
    """
    return named.is_collective and not is_collective_name(named.name)


def wanted_units(named: list[PlanItemUnit], expand: Expander) -> tuple[list[tuple[Unit, str, str, str]], list[str]]:
    """(unit, role, source, via) per unit the item assigns, each unit once; and the names left open.

    A unit named outright beats the same unit reached through a collective name; then lead beats
    cooperating beats responsible (县司法局牵头 … 各部门负责 leaves 司法局 as the lead only).
    """
    rows: list[tuple[Unit, str, str, str]] = []
    open_names: list[str] = []
    for named_unit in named:
        if named_unit.unit_id is not None:
            rows.append((named_unit.unit, named_unit.role, TaskUnit.Source.PLAN, named_unit.name))
            continue
        units = expand(named_unit.name, marked_collective(named_unit))
        if not units:
            open_names.append(named_unit.name)
        rows.extend((u, named_unit.role, TaskUnit.Source.COLLECTIVE, named_unit.name) for u in units)
    rows.sort(key=lambda r: (r[2] != TaskUnit.Source.PLAN, _ROLE_RANK[r[1]]))
    seen: set[int] = set()
    unique = []
    for row in rows:
        if row[0].pk not in seen:
            seen.add(row[0].pk)
            unique.append(row)
    return unique, open_names


@dataclass(frozen=True)
class Horizon:
    """What a plan's ledger covers: the years of its recurring deadlines, and the first day tracked.

    A plan is tracked from its issue date (or the office's 跟踪起始日期): nothing falls due before it. A
    bounded plan covers its period; a standing plan (长期执行) covers its first year up to the current
    one — each new year's milestones are added when the year opens (`open_standing_years`).
    """

    years: tuple[int, int]
    since: dt.date | None
    standing: bool


def plan_horizon(plan: Plan, today: dt.date | None = None) -> Horizon:
    today = today or timezone.localdate()
    tracking = PlanTracking.objects.filter(plan=plan).first()
    since = (tracking.tracks_from if tracking and tracking.tracks_from else None) or plan.issued_on
    standing = tracking.standing if tracking and tracking.standing is not None else None
    if standing is None:
        standing = schedule.is_standing(plan.title, plan.period_start, plan.period_end)
    if standing:
        first = since.year if since else (plan.period_start or today.year)
        return Horizon((first, max(first, today.year)), since, True)
    return Horizon(schedule.period_years(plan.period_start, plan.period_end, today), since, False)


def plan_years(plan: Plan) -> tuple[int, int]:
    """The years whose recurring deadlines become milestones (see `Horizon`)."""
    return plan_horizon(plan).years


def _provisional(due: dt.date, cal) -> bool:
    known = getattr(cal, "is_known", None) or getattr(cal, "covers", None)
    return bool(known) and not known(due)


def occurrences_for(task: Task, horizon: Horizon, default_due: str) -> list[schedule.Occurrence]:
    found = schedule.occurrences(task.deadlines, horizon.years, horizon.since)
    if not found and not schedule.has_dated_requirement(task.deadlines) and default_due == "period_end":
        if horizon.standing:
            found = schedule.standing_default_occurrences(horizon.years, horizon.since)
        else:
            found = [o for o in [schedule.default_occurrence(horizon.years)]
                     if horizon.since is None or o.due >= horizon.since]
    return found


def _new_milestone(task: Task, unit_id: int, occ: schedule.Occurrence, warn: WarnDates) -> Milestone:
    """An open milestone; `mark_due_states` moves it to 临期/逾期 (and tells the unit) if it already is."""
    return Milestone(
        task=task, plan_id=task.plan_id, unit_id=unit_id, key=occ.key, kind=occ.kind, label=occ.label[:100],
        deadline_text=occ.text[:200], deadline_index=occ.index, due_on=occ.due, warn_on=warn(occ.due),
        due_provisional=_provisional(occ.due, warn.cal), required_reports=occ.times,
    )


@transaction.atomic
def generate_ledger(actor: User | None, plan: Plan) -> LedgerResult:
    """Turn the plan's items into tasks, task units and milestones; running it again adds only what is missing.

    Edits survive regeneration: a unit removed by hand stays removed (its row is kept with
    `removed_at`), one added by hand stays, and existing milestones are never duplicated. Milestones
    follow the plan's horizon (`plan_horizon`) and each deadline's own performers (`Performers`); open,
    unreported generated milestones the rules no longer give are withdrawn (`_withdraw_unwanted`).
    """
    require(actor, cap.SUPERVISE)
    plan = Plan.objects.select_for_update().select_related("jurisdiction").get(pk=plan.pk)
    require_sees(actor, plan.jurisdiction)
    result = LedgerResult()
    conf = settings_for(plan.jurisdiction)
    today = timezone.localdate()
    horizon = plan_horizon(plan, today)
    warn = WarnDates(conf.warn_working_days)
    office = office_of(plan.jurisdiction)
    expand = Expander(plan.jurisdiction)
    performers = Performers(plan.jurisdiction, expand)
    wanted_keys: set[tuple[int, int, str]] = set()

    items = list(plan.items.order_by("order"))
    parents = set(plan.items.filter(parent__isnull=False).values_list("parent_id", flat=True))
    named_by_item: dict[int, list[PlanItemUnit]] = defaultdict(list)
    for named in PlanItemUnit.objects.filter(item__plan=plan).select_related("unit").order_by("id"):
        named_by_item[named.item_id].append(named)
    tasks = {t.item_id: t for t in Task.objects.filter(plan=plan)}
    assignments: dict[int, dict[int, TaskUnit]] = defaultdict(dict)
    for tu in TaskUnit.objects.filter(task__plan=plan):
        assignments[tu.task_id][tu.unit_id] = tu
    existing_keys = set(Milestone.objects.filter(task__plan=plan).values_list("task_id", "unit_id", "key"))

    new_units: list[TaskUnit] = []
    new_milestones: list[Milestone] = []
    for item in items:
        named = named_by_item.get(item.pk, [])
        if not carries_requirement(item, named, item.pk in parents):
            continue
        wanted, open_names = wanted_units(named, expand)
        result.unexpanded.extend(open_names)
        leads = [u for u, role, source, _ in wanted if role == TaskUnit.Role.LEAD and source == TaskUnit.Source.PLAN]
        fields = {
            "plan": plan, "order": item.order, "label": item.display_path[:60], "title": _task_title(item),
            "text": item.text, "deadlines": item.deadlines, "targets": item.targets,
            "unresolved_names": open_names,
        }
        task = tasks.get(item.pk)
        if task is None:
            task = Task.objects.create(item=item, owner_unit=leads[0] if leads else office, **fields)
            tasks[item.pk] = task
            result.tasks_created += 1
        else:
            changed = [k for k, v in fields.items() if getattr(task, k) != v]
            if changed:
                for k in changed:
                    setattr(task, k, fields[k])
                task.save(update_fields=[*changed, "updated_at"])
                result.tasks_updated += 1
        if not any(role != TaskUnit.Role.COOPERATING for _, role, _, _ in wanted):
            # Nobody named to report: the office carries it until staff assign units.
            wanted.append((office, TaskUnit.Role.RESPONSIBLE, TaskUnit.Source.OFFICE, ""))
        current = assignments[task.pk]
        for unit, role, source, via in wanted:
            if unit.pk in current:
                continue  # kept as it is, including a removal or a role changed by hand
            tu = TaskUnit(task=task, unit=unit, role=role, source=source, via=via[:100])
            current[unit.pk] = tu
            new_units.append(tu)
        reporting = [uid for uid, tu in current.items() if tu.removed_at is None and tu.reports]
        leads = [uid for uid in reporting if current[uid].role == TaskUnit.Role.LEAD]
        by_hand = {uid for uid in reporting if current[uid].source == TaskUnit.Source.MANUAL}
        performers_of: dict[int | None, list[int]] = {}
        for occ in occurrences_for(task, horizon, conf.default_due):
            if occ.index not in performers_of:
                chosen = reporting if occ.index is None else performers.for_deadline(task, occ.index, reporting, leads)
                # A unit the office added by hand carries every deadline: it was added for the whole task.
                performers_of[occ.index] = [uid for uid in reporting if uid in set(chosen) | by_hand]
            for unit_id in performers_of[occ.index]:
                wanted_keys.add((task.pk, unit_id, occ.key))
                if (task.pk, unit_id, occ.key) not in existing_keys:
                    existing_keys.add((task.pk, unit_id, occ.key))
                    new_milestones.append(_new_milestone(task, unit_id, occ, warn))
    TaskUnit.objects.bulk_create(new_units, batch_size=500)
    Milestone.objects.bulk_create(new_milestones, batch_size=500)
    result.units_added = len(new_units)
    result.milestones_created = len(new_milestones)
    result.milestones_withdrawn = _withdraw_unwanted(actor, plan, wanted_keys)
    if horizon.standing:
        PlanTracking.objects.update_or_create(plan=plan, defaults={"horizon_year": horizon.years[1]})
    mark_due_states(Milestone.objects.filter(task__plan=plan), today, ScanResult())
    oplog.record(
        actor, "supervision.generate_ledger", plan,
        after={"tasks_created": result.tasks_created, "tasks_updated": result.tasks_updated,
               "units_added": result.units_added, "milestones_created": result.milestones_created,
               "milestones_withdrawn": result.milestones_withdrawn},
    )
    return result


# Milestones the ledger generates from the plan's text; relative and manual ones are never withdrawn.
_GENERATED_KINDS = (Milestone.Kind.DUE, Milestone.Kind.RECURRING, Milestone.Kind.DEFAULT)
WITHDRAWN_REASON = "按方案条文重新生成：该节点不在跟踪期内，或不由该单位承担"


def _withdraw_unwanted(actor: User | None, plan: Plan, wanted: set[tuple[int, int, str]]) -> int:
    """Cancel open generated milestones the plan's text no longer gives (nothing reported on them).

    Regenerating after the rules changed (跟踪起始日期, 分句承办单位, 任期内 without a plan-year date)
    must not leave the old milestones counting. A milestone with a report, or of a unit added by hand,
    stays. Cancelled ones the text gives again come back.
    """
    withdrawn = 0
    manual = set(TaskUnit.objects.filter(task__plan=plan, source=TaskUnit.Source.MANUAL)
                 .values_list("task_id", "unit_id"))
    generated = Milestone.objects.select_for_update().filter(plan=plan, kind__in=_GENERATED_KINDS)
    # A subquery, not a join: PostgreSQL refuses FOR UPDATE on the nullable side of an outer join.
    reported = Exists(ProgressReport.objects.filter(milestone=OuterRef("pk")))
    for milestone in generated.filter(~reported, state__in=Milestone.OPEN_STATES):
        if (milestone.task_id, milestone.unit_id, milestone.key) in wanted:
            continue
        if (milestone.task_id, milestone.unit_id) in manual:
            continue
        log_transition(actor, "cancel", milestone.state, Milestone.State.CANCELLED, WITHDRAWN_REASON,
                       milestone=milestone)
        milestone.state = Milestone.State.CANCELLED
        milestone.save(update_fields=["state"])
        withdrawn += 1
    for milestone in generated.filter(state=Milestone.State.CANCELLED):
        if (milestone.task_id, milestone.unit_id, milestone.key) in wanted and milestone.transitions.filter(
            action="cancel", reason=WITHDRAWN_REASON
        ).exists():
            log_transition(actor, "restore", milestone.state, Milestone.State.OPEN, "按方案条文重新生成", milestone=milestone)
            milestone.state = Milestone.State.OPEN
            milestone.save(update_fields=["state"])
    return withdrawn


def open_standing_years(today: dt.date | None = None) -> int:
    """At a new year, add that year's milestones to every standing plan's ledger (the daily scan calls it).

    Idempotent: a plan whose ledger already reaches this year is skipped, and generation only adds
    what is missing. Returns the number of plans extended.
    """
    today = today or timezone.localdate()
    extended = 0
    plans = Plan.objects.filter(tasks__isnull=False, superseded_by__isnull=True).distinct()
    reached = dict(PlanTracking.objects.values_list("plan_id", "horizon_year"))
    for plan in plans:
        if (reached.get(plan.pk) or 0) >= today.year:
            continue
        if not plan_horizon(plan, today).standing:
            continue
        generate_ledger(None, plan)
        extended += 1
    return extended


def _task_schedule(task: Task) -> list[schedule.Occurrence]:
    """The occurrences a unit added to `task` must meet: those the task already has, else its deadlines."""
    seen: dict[str, schedule.Occurrence] = {}
    for m in task.milestones.exclude(state=Milestone.State.CANCELLED).order_by("due_on", "id"):
        seen.setdefault(m.key, schedule.Occurrence(m.key, m.kind, m.label, m.due_on, m.deadline_index, m.deadline_text))
    if seen:
        return list(seen.values())
    return occurrences_for(task, plan_horizon(task.plan), settings_for(task.plan.jurisdiction).default_due)


@transaction.atomic
def add_task_unit(actor: User | None, task: Task, unit: Unit, role: str) -> TaskUnit:
    """Assign one more unit to a task by hand; a reporting unit gets the task's milestones."""
    require(actor, cap.SUPERVISE)
    task = Task.objects.select_for_update().select_related("plan__jurisdiction").get(pk=task.pk)
    require_sees(actor, task.plan.jurisdiction)
    if role not in TaskUnit.Role.values:
        raise ValidationError("单位角色不正确")
    if not unit.path.startswith(task.plan.jurisdiction.path):
        raise ValidationError(f"“{unit.name}”不属于方案所属行政区“{task.plan.jurisdiction.name}”")
    existing = TaskUnit.objects.filter(task=task, unit=unit).first()
    if existing is not None and existing.removed_at is None:
        raise ValidationError(f"“{unit.name}”已是该任务的{existing.get_role_display()}")
    if existing is not None:
        existing.role, existing.removed_at, existing.removed_by = role, None, None
        existing.source = TaskUnit.Source.MANUAL
        existing.save()
        tu = existing
    else:
        tu = TaskUnit.objects.create(task=task, unit=unit, role=role, source=TaskUnit.Source.MANUAL)
    if tu.reports:
        _give_milestones(actor, task, unit)
    other_leads = task.units.filter(role=TaskUnit.Role.LEAD, removed_at__isnull=True).exclude(pk=tu.pk)
    if role == TaskUnit.Role.LEAD and not other_leads.exists():
        # The first lead owns the task (it was the office's while nobody led it).
        task.owner_unit = unit
        task.save(update_fields=["owner_unit", "updated_at"])
    oplog.record(actor, "supervision.task_unit_add", task, after={"unit": unit.name, "role": role})
    return tu


# "All towns / all departments" shortcuts when adding units by hand: (label, collective name), per level
# of the plan's jurisdiction; the collective name expands like one in a plan (collective.expand).
UNIT_GROUPS: dict[str, list[tuple[str, str]]] = {
    Level.PROVINCE: [("全部设区的市", "各市"), ("全部省级部门", "各部门"), ("全部执法部门", "各执法部门")],
    Level.CITY: [("全部县（市、区）", "各县区"), ("全部市级部门", "各部门"), ("全部执法部门", "各执法部门")],
    Level.COUNTY: [("全部乡镇（街道）", "各乡镇"), ("全部县级部门", "各部门"), ("全部执法部门", "各执法部门")],
    Level.TOWN: [("全部站所", "各部门")],
}


def unit_groups(jurisdiction: Unit) -> list[tuple[str, str]]:
    """The shortcuts offered for a plan of `jurisdiction`: (collective name, label)."""
    return [(name, label) for label, name in UNIT_GROUPS.get(jurisdiction.level, UNIT_GROUPS[Level.COUNTY])]


@dataclass
class UnitsAdded:
    added: list[TaskUnit]
    already: list[Unit]

    def summary(self) -> str:
        text = f"已添加 {len(self.added)} 个单位：" + "、".join(tu.unit.name for tu in self.added)
        if self.already:
            text += f"；{len(self.already)} 个单位原已在任务中，未重复添加"
        return text


@transaction.atomic
def add_task_units(actor: User | None, task: Task, role: str, units: Iterable[Unit] = (),
                   group: str = "") -> UnitsAdded:
    """Assign several units at once: those picked, and those of a shortcut (`group`, e.g. "各乡镇").

    Units already on the task are left as they are and named in the result; all or nothing otherwise.
    """
    require(actor, cap.SUPERVISE)
    wanted = list(units)
    if group:
        if group not in dict(unit_groups(task.plan.jurisdiction)):
            raise ValidationError(f"不支持的单位范围“{group}”")
        expanded = Expander(task.plan.jurisdiction)(group)
        if not expanded:
            raise ValidationError(f"“{task.plan.jurisdiction.name}”没有可展开为“{group}”的单位")
        wanted += expanded
    if not wanted:
        raise ValidationError("请至少选择一个单位或一个单位范围")
    active = set(TaskUnit.objects.filter(task=task, removed_at__isnull=True).values_list("unit_id", flat=True))
    result = UnitsAdded([], [])
    seen: set[int] = set()
    for unit in wanted:
        if unit.pk in seen:
            continue
        seen.add(unit.pk)
        if unit.pk in active:
            result.already.append(unit)
        else:
            result.added.append(add_task_unit(actor, task, unit, role))
    if not result.added:
        raise ValidationError("所选单位都已是该任务的单位")
    return result


@transaction.atomic
def remove_task_units(actor: User | None, task: Task, task_units: Iterable[TaskUnit], reason: str = "") -> list[TaskUnit]:
    """Take several units off a task at once; refused whole if it would leave no lead or responsible unit."""
    chosen = list(task_units)
    if not chosen:
        raise ValidationError("请至少选择一个要移除的单位")
    if any(tu.task_id != task.pk for tu in chosen):
        raise ValidationError("所选单位不属于该任务")
    return [remove_task_unit(actor, tu, reason) for tu in chosen]


def _give_milestones(actor: User | None, task: Task, unit: Unit) -> None:
    """A unit that now reports on the task gets its milestones (and those cancelled earlier come back)."""
    conf = settings_for(task.plan.jurisdiction)
    warn = WarnDates(conf.warn_working_days)
    have = dict(Milestone.objects.filter(task=task, unit=unit).values_list("key", "id"))
    for occ in _task_schedule(task):
        if occ.key not in have:
            _new_milestone(task, unit.pk, occ, warn).save()
    # Milestones cancelled when the unit was removed come back.
    for milestone in Milestone.objects.select_for_update().filter(
        task=task, unit=unit, state=Milestone.State.CANCELLED
    ):
        milestone.state = Milestone.State.OPEN
        milestone.save(update_fields=["state"])
        log_transition(actor, "restore", Milestone.State.CANCELLED, milestone.state, milestone=milestone)
    mark_due_states(Milestone.objects.filter(task=task, unit=unit), timezone.localdate(), ScanResult())


@transaction.atomic
def make_task_lead(actor: User | None, task: Task, unit: Unit) -> TaskUnit:
    """Make `unit` a lead unit (牵头单位) of the task: added if it is not on the task, promoted if it is.

    A task whose plan named nobody is carried by the office as 责任单位; accepting a lead suggestion
    for that same office (or for a unit already cooperating) changes its role instead of refusing.
    """
    require(actor, cap.SUPERVISE)
    task = Task.objects.select_for_update().select_related("plan__jurisdiction").get(pk=task.pk)
    require_sees(actor, task.plan.jurisdiction)
    existing = TaskUnit.objects.select_for_update().filter(task=task, unit=unit, removed_at__isnull=True).first()
    if existing is None:
        return add_task_unit(actor, task, unit, TaskUnit.Role.LEAD)
    if existing.role == TaskUnit.Role.LEAD:
        raise ValidationError(f"“{unit.name}”已是该任务的牵头单位")
    before = {"unit": unit.name, "role": existing.role}
    reported_before = existing.reports
    existing.role, existing.source = TaskUnit.Role.LEAD, TaskUnit.Source.MANUAL
    existing.save(update_fields=["role", "source"])
    if not reported_before:
        _give_milestones(actor, task, unit)
    if not task.units.filter(role=TaskUnit.Role.LEAD, removed_at__isnull=True).exclude(pk=existing.pk).exists():
        task.owner_unit = unit
        task.save(update_fields=["owner_unit", "updated_at"])
    oplog.record(actor, "supervision.task_unit_lead", task, before=before,
                 after={"unit": unit.name, "role": TaskUnit.Role.LEAD})
    return existing


@transaction.atomic
def remove_task_unit(actor: User | None, task_unit: TaskUnit, reason: str = "") -> TaskUnit:
    """Take a unit off a task; its open milestones are cancelled, reported ones are kept as history."""
    require(actor, cap.SUPERVISE)
    tu = TaskUnit.objects.select_for_update().select_related("task__plan__jurisdiction", "unit").get(pk=task_unit.pk)
    task = tu.task
    require_sees(actor, task.plan.jurisdiction)
    if tu.removed_at is not None:
        raise ValidationError(f"“{tu.unit.name}”已从该任务移除")
    remaining = task.units.filter(removed_at__isnull=True).exclude(pk=tu.pk)
    if not any(r.reports for r in remaining):
        raise ValidationError("至少要保留一个牵头或责任单位")
    tu.removed_at, tu.removed_by = timezone.now(), actor if getattr(actor, "pk", None) else None
    tu.save(update_fields=["removed_at", "removed_by"])
    for milestone in Milestone.objects.select_for_update().filter(
        task=task, unit=tu.unit, state__in=Milestone.OPEN_STATES
    ):
        log_transition(actor, "cancel", milestone.state, Milestone.State.CANCELLED, reason or "单位从任务中移除",
                        milestone=milestone)
        milestone.state = Milestone.State.CANCELLED
        milestone.save(update_fields=["state"])
    if task.owner_unit_id == tu.unit_id:
        next_lead = remaining.filter(role=TaskUnit.Role.LEAD).select_related("unit").first()
        task.owner_unit = next_lead.unit if next_lead else office_of(task.plan.jurisdiction)
        task.save(update_fields=["owner_unit", "updated_at"])
    oplog.record(actor, "supervision.task_unit_remove", task, before={"unit": tu.unit.name, "role": tu.role},
                 reason=reason)
    return tu


@transaction.atomic
def record_trigger(actor: User | None, task: Task, deadline_index: int, on: dt.date) -> list[Milestone]:
    """A relative deadline's trigger happened on `on` (工作人员发生变动): each reporting unit gets a milestone.

    The period counts natural days (with the rest-day roll-over) unless the text says 工作日.
    Recording the same trigger date twice creates nothing new.
    """
    require(actor, cap.SUPERVISE)
    task = Task.objects.select_for_update().select_related("plan__jurisdiction").get(pk=task.pk)
    require_sees(actor, task.plan.jurisdiction)
    try:
        deadline = task.deadlines[deadline_index]
    except (IndexError, TypeError):
        raise ValidationError("该任务没有这一项时限") from None
    if deadline.get("kind") != "relative" or not deadline.get("days"):
        raise ValidationError("只有“在××日内”一类的相对时限才能登记触发事件")
    days = int(deadline["days"])
    computed = (calendar.add_working_days if schedule.counts_working_days(deadline) else calendar.add_natural_days)(
        on, days
    )
    key = f"relative:{deadline_index}:{on.isoformat()}"
    conf = settings_for(task.plan.jurisdiction)
    warn = WarnDates(conf.warn_working_days)
    trigger = deadline.get("trigger") or "触发事件"
    label = f"{trigger}（{on:%Y-%m-%d}）{deadline.get('text', '')}"
    occ = schedule.Occurrence(key, "relative", label, computed.date, deadline_index, deadline.get("text", ""))
    created = []
    reporting = task.units.filter(removed_at__isnull=True).exclude(role=TaskUnit.Role.COOPERATING)
    for tu in reporting:
        if Milestone.objects.filter(task=task, unit_id=tu.unit_id, key=key).exists():
            continue
        milestone = _new_milestone(task, tu.unit_id, occ, warn)
        milestone.due_provisional = computed.provisional
        milestone.due_trace = computed.trace
        milestone.save()
        created.append(milestone)
    mark_due_states(Milestone.objects.filter(pk__in=[m.pk for m in created]), timezone.localdate(), ScanResult())
    oplog.record(actor, "supervision.record_trigger", task,
                 after={"deadline": deadline_index, "on": on, "due_on": computed.date, "created": len(created)})
    return created


TRACKING_STANDING = {"": None, "standing": True, "bounded": False}


@transaction.atomic
def set_plan_tracking(actor: User | None, plan: Plan, *, tracks_from: dt.date | None,
                      standing: bool | None) -> LedgerResult:
    """The office sets from which date a plan is tracked and whether it is standing; the ledger follows.

    Regenerating adds the milestones the new horizon gives and withdraws open, unreported ones it no
    longer gives (`_withdraw_unwanted`).
    """
    require(actor, cap.SUPERVISE)
    plan = Plan.objects.select_related("jurisdiction").get(pk=plan.pk)
    require_sees(actor, plan.jurisdiction)
    if tracks_from is not None and plan.issued_on and tracks_from < plan.issued_on:
        raise ValidationError(f"跟踪起始日期不能早于方案成文日期 {plan.issued_on}")
    tracking, _ = PlanTracking.objects.select_for_update().get_or_create(plan=plan)
    before = {"tracks_from": tracking.tracks_from, "standing": tracking.standing}
    tracking.tracks_from, tracking.standing = tracks_from, standing
    tracking.save()
    oplog.record(actor, "supervision.plan_tracking", plan, before=before,
                 after={"tracks_from": tracks_from, "standing": standing})
    return generate_ledger(actor, plan)
