"""Business verbs of the supervision loop. Views, the API, commands and Celery tasks call these only.

Each verb runs in one transaction; a state change locks its row (`select_for_update`), checks the
state it starts from, writes one `Transition` row and one operation-log row. Refusals are
`ValidationError`s with a Chinese message and change nothing.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone

from fazhi.core import capabilities as cap
from fazhi.core import oplog
from fazhi.core.models import Notification, Role, Unit, User
from fazhi.core.permissions import has_capability
from fazhi.core.scopes import user_sees_unit
from fazhi.core.uploads import check_upload
from fazhi.plans.models import Plan, PlanItem, PlanItemUnit
from fazhi.plans.resolve import short_region_name
from fazhi.supervision import collective, schedule, workdays
from fazhi.supervision.models import (
    Evidence,
    Milestone,
    ProgressReport,
    SupervisionOrder,
    SupervisionSettings,
    Task,
    TaskUnit,
    Transition,
)

# ---------------------------------------------------------------------------------------------------
# Settings and helpers


def settings_for(jurisdiction: Unit | None) -> SupervisionSettings:
    """The jurisdiction's settings row, else the platform default row, else the built-in defaults."""
    if jurisdiction is not None:
        row = SupervisionSettings.objects.filter(jurisdiction=jurisdiction).first()
        if row is not None:
            return row
    return SupervisionSettings.objects.filter(jurisdiction__isnull=True).first() or SupervisionSettings()


SETTINGS_FIELDS = ["warn_working_days", "default_due", "order_prefix", "order_reply_working_days"]


@transaction.atomic
def update_settings(actor: User | None, jurisdiction: Unit, **changes) -> SupervisionSettings:
    """Change a jurisdiction's knobs; a new warning period moves the warn date of its open milestones."""
    require(actor, cap.SUPERVISE)
    row, _ = SupervisionSettings.objects.select_for_update().get_or_create(jurisdiction=jurisdiction)
    before = oplog.snapshot(row, SETTINGS_FIELDS)
    enforcement = changes.pop("enforcement_units", None)
    for name, value in changes.items():
        if name not in SETTINGS_FIELDS:
            raise ValidationError(f"不能修改设置项 {name}")
        setattr(row, name, value)
    if row.warn_working_days > 60:
        raise ValidationError("临期提醒不能超过 60 个工作日")
    if row.order_reply_working_days < 1:
        raise ValidationError("督办单回复期限至少 1 个工作日")
    row.save()
    if enforcement is not None:
        outside = [u.name for u in enforcement if not u.path.startswith(jurisdiction.path)]
        if outside:
            raise ValidationError(f"执法部门必须是本行政区的单位：{'、'.join(outside)}")
        row.enforcement_units.set(enforcement)
    if before["warn_working_days"] != row.warn_working_days:
        _recompute_warn_dates(jurisdiction, row.warn_working_days)
    oplog.record(actor, "supervision.settings", row, before=before, after=oplog.snapshot(row, SETTINGS_FIELDS))
    return row


def _recompute_warn_dates(jurisdiction: Unit, days: int) -> None:
    cal = workdays.current_calendar()
    cache: dict[dt.date, dt.date] = {}
    milestones = Milestone.objects.filter(
        task__plan__jurisdiction=jurisdiction, state__in=Milestone.OPEN_STATES
    ).only("id", "due_on", "warn_on")
    for milestone in milestones:
        if milestone.due_on not in cache:
            cache[milestone.due_on] = workdays.warn_date(milestone.due_on, days, cal)
        if milestone.warn_on != cache[milestone.due_on]:
            Milestone.objects.filter(pk=milestone.pk).update(warn_on=cache[milestone.due_on])


def require(actor: User | None, capability: str) -> None:
    """Services called by the system (actor None) pass; a user must hold the capability."""
    if actor is not None and not has_capability(actor, capability):
        raise PermissionDenied("您没有执行此操作的权限")


def require_sees(actor: User | None, unit: Unit) -> None:
    if actor is not None and not actor.is_superuser and not user_sees_unit(actor, unit):
        raise PermissionDenied("该记录不在您的数据范围内")


def office_of(jurisdiction: Unit) -> Unit:
    """The unit that runs rule-of-law work for a jurisdiction: its 依法治X办, else its 司法局, else its government."""
    children = list(Unit.objects.get_children(jurisdiction).filter(is_active=True))
    for test in (
        lambda u: u.kind == Unit.Kind.OFFICE,
        lambda u: u.kind == Unit.Kind.DEPARTMENT and u.name.endswith(("司法局", "司法厅")),
        lambda u: u.kind == Unit.Kind.GOVERNMENT,
    ):
        for unit in children:
            if test(unit):
                return unit
    return jurisdiction


def log_transition(actor, action: str, from_state: str, to_state: str, reason: str = "", **target) -> Transition:
    return Transition.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=str(actor) if actor else "系统",
        action=action, from_state=from_state, to_state=to_state, reason=reason, **target,
    )


def _state_label(choices, value: str) -> str:
    return dict(choices.choices).get(value, value)


# ---------------------------------------------------------------------------------------------------
# Notifications


def office_users(jurisdiction: Unit, unit: Unit) -> list[User]:
    """Supervising staff of `jurisdiction` whose data scope covers `unit`."""
    roles = [r.pk for r in Role.objects.all() if cap.SUPERVISE in r.capabilities]
    candidates = (
        User.objects.filter(jurisdiction.subtree_q("unit"), is_active=True)
        .filter(Q(roles__in=roles) | Q(is_superuser=True))
        .select_related("unit")
        .distinct()
    )
    return [u for u in candidates if user_sees_unit(u, unit)]


def unit_users(unit: Unit) -> list[User]:
    return list(User.objects.filter(is_active=True, unit=unit))


def notify(users: Iterable[User], title: str, body: str = "", link: str = "") -> int:
    """In-app notification to each user, and an e-mail where a mail server is configured."""
    users = list({u.pk: u for u in users}.values())
    Notification.objects.bulk_create(
        [Notification(recipient=u, title=title[:200], body=body, link=link[:300]) for u in users]
    )
    if settings.EMAIL_HOST:
        for user in users:
            if user.email:
                send_mail(title, f"{body}\n\n{link}".strip(), None, [user.email], fail_silently=True)
    return len(users)


# ---------------------------------------------------------------------------------------------------
# Ledger generation


@dataclass
class LedgerResult:
    tasks_created: int = 0
    tasks_updated: int = 0
    units_added: int = 0
    milestones_created: int = 0
    unexpanded: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = (
            f"新建任务 {self.tasks_created} 项、更新 {self.tasks_updated} 项，"
            f"新增任务单位 {self.units_added} 个、时间节点 {self.milestones_created} 个"
        )
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
        self._cache: dict[str, list[Unit]] = {}
        self._settings = settings_for(jurisdiction)

    def _enforcement(self) -> list[Unit]:
        if self._settings.pk is None:
            return []
        return list(self._settings.enforcement_units.filter(is_active=True))

    def __call__(self, name: str) -> list[Unit]:
        if name not in self._cache:
            self._cache[name] = collective.expand(name, self.jurisdiction, self._enforcement)
        return self._cache[name]


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
        units = expand(named_unit.name)
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


def plan_years(plan: Plan) -> tuple[int, int]:
    """The years whose recurring deadlines become milestones: the plan's period (this year if it has none)."""
    return schedule.period_years(plan.period_start, plan.period_end, timezone.localdate())


class WarnDates:
    """The warning date (提醒日期) of each deadline: the configured working days before it, cached per date."""

    def __init__(self, days: int):
        self.days = days
        self.cal = workdays.current_calendar()
        self._cache: dict[dt.date, dt.date] = {}

    def __call__(self, due: dt.date) -> dt.date:
        if due not in self._cache:
            self._cache[due] = workdays.warn_date(due, self.days, self.cal)
        return self._cache[due]


def _provisional(due: dt.date, cal) -> bool:
    known = getattr(cal, "is_known", None) or getattr(cal, "covers", None)
    return bool(known) and not known(due)


def occurrences_for(task: Task, years: tuple[int, int], default_due: str) -> list[schedule.Occurrence]:
    found = schedule.occurrences(task.deadlines, years)
    if not found and not schedule.has_dated_requirement(task.deadlines) and default_due == "period_end":
        found = [schedule.default_occurrence(years)]
    return found


def _new_milestone(task: Task, unit_id: int, occ: schedule.Occurrence, warn: WarnDates) -> Milestone:
    """An open milestone; `mark_due_states` moves it to 临期/逾期 (and tells the unit) if it already is."""
    return Milestone(
        task=task, plan_id=task.plan_id, unit_id=unit_id, key=occ.key, kind=occ.kind, label=occ.label[:100],
        deadline_text=occ.text[:200], deadline_index=occ.index, due_on=occ.due, warn_on=warn(occ.due),
        due_provisional=_provisional(occ.due, warn.cal),
    )


@transaction.atomic
def generate_ledger(actor: User | None, plan: Plan) -> LedgerResult:
    """Turn the plan's items into tasks, task units and milestones; running it again adds only what is missing.

    Edits survive regeneration: a unit removed by hand stays removed (its row is kept with
    `removed_at`), one added by hand stays, and existing milestones are never duplicated.
    """
    require(actor, cap.SUPERVISE)
    plan = Plan.objects.select_for_update().select_related("jurisdiction").get(pk=plan.pk)
    require_sees(actor, plan.jurisdiction)
    result = LedgerResult()
    conf = settings_for(plan.jurisdiction)
    years = plan_years(plan)
    warn = WarnDates(conf.warn_working_days)
    today = timezone.localdate()
    office = office_of(plan.jurisdiction)
    expand = Expander(plan.jurisdiction)

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
        for occ in occurrences_for(task, years, conf.default_due):
            for unit_id in reporting:
                if (task.pk, unit_id, occ.key) not in existing_keys:
                    existing_keys.add((task.pk, unit_id, occ.key))
                    new_milestones.append(_new_milestone(task, unit_id, occ, warn))
    TaskUnit.objects.bulk_create(new_units, batch_size=500)
    Milestone.objects.bulk_create(new_milestones, batch_size=500)
    result.units_added = len(new_units)
    result.milestones_created = len(new_milestones)
    mark_due_states(Milestone.objects.filter(task__plan=plan), today, ScanResult())
    oplog.record(
        actor, "supervision.generate_ledger", plan,
        after={"tasks_created": result.tasks_created, "tasks_updated": result.tasks_updated,
               "units_added": result.units_added, "milestones_created": result.milestones_created},
    )
    return result


def _task_schedule(task: Task) -> list[schedule.Occurrence]:
    """The occurrences a unit added to `task` must meet: those the task already has, else its deadlines."""
    seen: dict[str, schedule.Occurrence] = {}
    for m in task.milestones.exclude(state=Milestone.State.CANCELLED).order_by("due_on", "id"):
        seen.setdefault(m.key, schedule.Occurrence(m.key, m.kind, m.label, m.due_on, m.deadline_index, m.deadline_text))
    if seen:
        return list(seen.values())
    return occurrences_for(task, plan_years(task.plan), settings_for(task.plan.jurisdiction).default_due)


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
    computed = (workdays.add_working_days if schedule.counts_working_days(deadline) else workdays.add_natural_days)(
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


# ---------------------------------------------------------------------------------------------------
# Progress reports and evidence

ALLOWED_EVIDENCE = {
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word 文档"),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel 表格"),
    ".pdf": ("application/pdf", "PDF 文件"),
    ".png": ("image/png", "PNG 图片"),
    ".jpg": ("image/jpeg", "JPG 图片"),
    ".jpeg": ("image/jpeg", "JPG 图片"),
}


def validate_evidence_file(upload) -> str:
    """Refuse anything but docx/pdf/xlsx/png/jpg whose bytes match, within the size limit; returns the extension."""
    name = getattr(upload, "name", "") or ""
    extension = PurePath(name).suffix.lower()
    if extension not in ALLOWED_EVIDENCE:
        shown = extension or "无扩展名"
        raise ValidationError(f"不支持的文件类型（{shown}）：佐证材料只接受 docx、pdf、xlsx、png、jpg 文件")
    return check_upload(upload, ALLOWED_EVIDENCE, max_bytes=settings.FAZHI_EVIDENCE_MAX_BYTES, what="佐证材料")


def validate_evidence_url(url: str) -> str:
    url = (url or "").strip()
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ValidationError(f"链接“{url[:80]}”不是有效的 http/https 网址") from None
    return url


def _require_own_unit(actor: User | None, unit: Unit) -> None:
    """A report is the unit's own word: only its users write it (the office reviews, it does not report)."""
    if actor is None:
        return
    require(actor, cap.REPORT_PROGRESS)
    if actor.unit_id != unit.pk:
        raise PermissionDenied(f"只有“{unit.name}”的填报人员可以填写该单位的进展报告")


def _locked_report(report: ProgressReport) -> ProgressReport:
    return ProgressReport.objects.select_for_update().select_related("milestone__task__plan", "unit").get(pk=report.pk)


def _clean_report_fields(text: str, percent: int | str, completed: bool) -> tuple[str, int, bool]:
    text = (text or "").strip()
    try:
        percent = int(percent)
    except (TypeError, ValueError):
        raise ValidationError("完成进度须为 0 到 100 的整数") from None
    if not 0 <= percent <= 100:
        raise ValidationError("完成进度须为 0 到 100 的整数")
    if completed and percent < 100:
        percent = 100  # "已完成" means the whole milestone is done
    return text, percent, bool(completed)


REPORT_FIELDS = ["text", "percent", "completed", "state"]


@transaction.atomic
def save_report(
    actor: User | None,
    milestone: Milestone,
    *,
    text: str,
    percent: int | str = 0,
    completed: bool = False,
    report: ProgressReport | None = None,
    files: Iterable = (),
    links: Iterable[str] = (),
) -> ProgressReport:
    """Save a draft (new, or an existing draft / returned report) with its evidence; nothing if one file is bad."""
    milestone = Milestone.objects.select_for_update().select_related("unit").get(pk=milestone.pk)
    _require_own_unit(actor, milestone.unit)
    text, percent, completed = _clean_report_fields(text, percent, completed)
    if report is None:
        if not milestone.is_open:
            raise ValidationError(f"该节点{milestone.get_state_display()}，不能再报送进展")
        if milestone.reports.filter(state=ProgressReport.State.SUBMITTED).exists():
            raise ValidationError("该节点已有待审核的进展报告，请等待审核结果")
        if milestone.reports.filter(state__in=[ProgressReport.State.DRAFT, ProgressReport.State.RETURNED]).exists():
            raise ValidationError("该节点已有未报送的进展报告，请继续编辑它")
        report = ProgressReport.objects.create(
            milestone=milestone, unit=milestone.unit, author=actor if getattr(actor, "pk", None) else None,
            text=text, percent=percent, completed=completed,
        )
        before = None
    else:
        report = _locked_report(report)
        if report.milestone_id != milestone.pk:
            raise ValidationError("报告与时间节点不对应")
        if not report.editable:
            raise ValidationError(f"报告{report.get_state_display()}，不能修改")
        before = oplog.snapshot(report, REPORT_FIELDS)
        report.text, report.percent, report.completed = text, percent, completed
        report.save()
    files, links = list(files), [validate_evidence_url(u) for u in links if u and u.strip()]
    for upload in files:
        _store_evidence_file(actor, report, upload)
    for url in links:
        Evidence.objects.create(report=report, kind=Evidence.Kind.LINK, token=secrets.token_hex(16), url=url,
                                uploaded_by=actor if getattr(actor, "pk", None) else None)
    oplog.record(actor, "supervision.report_save", report, before=before,
                 after={**oplog.snapshot(report, REPORT_FIELDS), "files": len(files), "links": len(links)})
    return report


def _store_evidence_file(actor, report: ProgressReport, upload) -> Evidence:
    extension = validate_evidence_file(upload)
    evidence = Evidence(
        report=report, kind=Evidence.Kind.FILE, token=secrets.token_hex(16), extension=extension,
        original_name=PurePath(upload.name).name[:255], content_type=ALLOWED_EVIDENCE[extension][0],
        size=upload.size, uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    evidence.file.save(f"{evidence.token}{extension}", upload, save=False)
    evidence.save()
    return evidence


@transaction.atomic
def remove_evidence(actor: User | None, evidence: Evidence) -> None:
    report = _locked_report(evidence.report)
    _require_own_unit(actor, report.unit)
    if not report.editable:
        raise ValidationError(f"报告{report.get_state_display()}，不能删除佐证材料")
    oplog.record(actor, "supervision.evidence_remove", report, before={"evidence": str(evidence)})
    evidence.file.delete(save=False) if evidence.file else None
    evidence.delete()


@transaction.atomic
def submit_report(actor: User | None, report: ProgressReport) -> ProgressReport:
    """Draft or returned → submitted; the office is told."""
    report = _locked_report(report)
    _require_own_unit(actor, report.unit)
    if not report.editable:
        raise ValidationError(f"报告当前为“{report.get_state_display()}”，不能报送")
    if not report.milestone.is_open:
        raise ValidationError(f"该节点{report.milestone.get_state_display()}，不能再报送进展")
    if not report.text:
        raise ValidationError("请填写进展情况后再报送")
    if report.completed and not report.evidence.exists():
        raise ValidationError("报告已完成须附佐证材料（文件或链接）")
    before = report.state
    action = "resubmit" if before == ProgressReport.State.RETURNED else "submit"
    report.state, report.submitted_at = ProgressReport.State.SUBMITTED, timezone.now()
    report.save(update_fields=["state", "submitted_at", "updated_at"])
    log_transition(actor, action, before, report.state, report=report)
    oplog.record(actor, f"supervision.report_{action}", report, before={"state": before}, after={"state": report.state})
    task = report.milestone.task
    notify(
        office_users(task.plan.jurisdiction, report.unit),
        f"{report.unit.name}{'重新' if action == 'resubmit' else ''}报送了进展：{task.title}",
        f"节点：{report.milestone.label}；进度 {report.percent}%",
        reverse("supervision:review_queue"),
    )
    return report


def _require_reviewer(actor: User | None, report: ProgressReport) -> None:
    require(actor, cap.SUPERVISE)
    require_sees(actor, report.unit)
    if actor is not None and actor.unit_id == report.unit_id and not actor.is_superuser:
        raise PermissionDenied("不能审核本单位报送的进展")


@transaction.atomic
def accept_report(actor: User | None, report: ProgressReport, comment: str = "") -> ProgressReport:
    """Submitted → accepted. A report marked completed closes its milestone, on time or late."""
    report = _locked_report(report)
    _require_reviewer(actor, report)
    if report.state != ProgressReport.State.SUBMITTED:
        raise ValidationError(f"报告当前为“{report.get_state_display()}”，只有待审核的报告可以采纳")
    report.state, report.reviewed_at = ProgressReport.State.ACCEPTED, timezone.now()
    report.reviewed_by = actor if getattr(actor, "pk", None) else None
    report.review_comment = (comment or "").strip()
    report.save()
    log_transition(actor, "accept", ProgressReport.State.SUBMITTED, report.state, report.review_comment, report=report)
    milestone = Milestone.objects.select_for_update().get(pk=report.milestone_id)
    closed = ""
    if report.completed and milestone.is_open:
        done_on = timezone.localdate(report.submitted_at)
        outcome = Milestone.Outcome.ON_TIME if done_on <= milestone.due_on else Milestone.Outcome.LATE
        log_transition(actor, "close", milestone.state, Milestone.State.CLOSED,
                        f"采纳已完成的进展报告（{_state_label(Milestone.Outcome, outcome)}）", milestone=milestone)
        milestone.state, milestone.outcome, milestone.completed_on = Milestone.State.CLOSED, outcome, done_on
        milestone.save(update_fields=["state", "outcome", "completed_on"])
        closed = outcome
    oplog.record(actor, "supervision.report_accept", report, before={"state": ProgressReport.State.SUBMITTED},
                 after={"state": report.state, "milestone_closed": closed}, reason=report.review_comment)
    notify(
        unit_users(report.unit), f"进展报告已采纳：{report.milestone.task.title}",
        f"节点：{report.milestone.label}" + ("；节点已办结" if closed else "") +
        (f"；意见：{report.review_comment}" if report.review_comment else ""),
        reverse("supervision:report_detail", args=[report.pk]),
    )
    return report


@transaction.atomic
def return_report(actor: User | None, report: ProgressReport, comment: str) -> ProgressReport:
    """Submitted → returned with the office's comments; the unit edits and resubmits."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError("退回时须填写退回意见")
    report = _locked_report(report)
    _require_reviewer(actor, report)
    if report.state != ProgressReport.State.SUBMITTED:
        raise ValidationError(f"报告当前为“{report.get_state_display()}”，只有待审核的报告可以退回")
    report.state, report.reviewed_at, report.review_comment = ProgressReport.State.RETURNED, timezone.now(), comment
    report.reviewed_by = actor if getattr(actor, "pk", None) else None
    report.save()
    log_transition(actor, "return", ProgressReport.State.SUBMITTED, report.state, comment, report=report)
    oplog.record(actor, "supervision.report_return", report, before={"state": ProgressReport.State.SUBMITTED},
                 after={"state": report.state}, reason=comment)
    notify(
        unit_users(report.unit), f"进展报告被退回：{report.milestone.task.title}",
        f"节点：{report.milestone.label}；退回意见：{comment}",
        reverse("supervision:report_detail", args=[report.pk]),
    )
    return report


# ---------------------------------------------------------------------------------------------------
# Warnings


@dataclass
class ScanResult:
    due_soon: int = 0
    overdue: int = 0
    orders_overdue: int = 0
    notified: int = 0

    def summary(self) -> str:
        return (f"新增临期 {self.due_soon} 个、逾期 {self.overdue} 个节点，督办单逾期 {self.orders_overdue} 件，"
                f"发送提醒 {self.notified} 条")


def mark_due_states(milestones, today: dt.date, result: ScanResult) -> None:
    """Move open milestones among `milestones` to 临期/逾期 as of `today`, and tell each unit once per scan."""
    changed: dict[tuple[int, str], list[Milestone]] = defaultdict(list)
    log: list[Transition] = []

    def move(milestone: Milestone, state: str, reason: str) -> None:
        log.append(Transition(actor_name="系统", action="scan", from_state=milestone.state, to_state=state,
                              reason=reason, milestone=milestone))
        changed[(milestone.unit_id, state)].append(milestone)

    overdue = milestones.select_for_update().filter(
        state__in=[Milestone.State.OPEN, Milestone.State.DUE_SOON], due_on__lt=today
    )
    for milestone in overdue.select_related("task"):
        move(milestone, Milestone.State.OVERDUE, f"已超过截止日期 {milestone.due_on}")
        result.overdue += 1
    soon = milestones.select_for_update().filter(state=Milestone.State.OPEN, warn_on__lte=today, due_on__gte=today)
    for milestone in soon.select_related("task"):
        move(milestone, Milestone.State.DUE_SOON, f"截止日期 {milestone.due_on} 临近")
        result.due_soon += 1
    Transition.objects.bulk_create(log, batch_size=500)
    for state in (Milestone.State.OVERDUE, Milestone.State.DUE_SOON):
        ids = [m.pk for (_, s), group in changed.items() if s == state for m in group]
        for start in range(0, len(ids), 500):  # bounded IN lists for SQLite's variable limit
            Milestone.objects.filter(pk__in=ids[start:start + 500]).update(state=state)
    units = Unit.objects.in_bulk({unit_id for unit_id, _ in changed})
    inbox = reverse("supervision:inbox")
    for (unit_id, state), group in sorted(changed.items()):
        word = "逾期" if state == Milestone.State.OVERDUE else "临期"
        lines = [f"{m.task.title}（{m.label}，截止 {m.due_on:%Y-%m-%d}）" for m in group[:20]]
        if len(group) > 20:
            lines.append(f"等共 {len(group)} 个节点")
        result.notified += notify(unit_users(units[unit_id]), f"您单位有 {len(group)} 个任务节点{word}",
                                  "\n".join(lines), inbox)


@transaction.atomic
def scan_deadlines(today: dt.date | None = None) -> ScanResult:
    """Mark open milestones 临期 (from their warn date) and 逾期 (after their due date); tell each unit once.

    Idempotent: only milestones whose state changes are touched and notified, so running the scan
    twice on a day sends nothing the second time. Orders not replied by their deadline become overdue.
    """
    today = today or timezone.localdate()
    result = ScanResult()
    mark_due_states(Milestone.objects.all(), today, result)
    for order in SupervisionOrder.objects.select_for_update().filter(
        state=SupervisionOrder.State.ISSUED, reply_due_on__lt=today
    ).select_related("recipient"):
        log_transition(None, "scan", order.state, SupervisionOrder.State.OVERDUE,
                        f"超过回复期限 {order.reply_due_on}", order=order)
        order.state = SupervisionOrder.State.OVERDUE
        order.save(update_fields=["state"])
        result.orders_overdue += 1
        result.notified += notify(unit_users(order.recipient), f"督办单 {order.number} 已超过回复期限",
                                  order.subject, reverse("supervision:order_detail", args=[order.pk]))
    oplog.record(None, "supervision.scan", None, object_type="supervision.scan", object_repr=f"期限扫描 {today}",
                 after={"today": today, "due_soon": result.due_soon, "overdue": result.overdue,
                        "orders_overdue": result.orders_overdue, "notified": result.notified})
    return result


# ---------------------------------------------------------------------------------------------------
# Supervision orders (督办单)


def order_prefix(jurisdiction: Unit) -> str:
    """陇县 → 陇法督, 许昌市 → 许法督 unless the jurisdiction configured its own 代字."""
    configured = settings_for(jurisdiction).order_prefix
    return configured or f"{short_region_name(jurisdiction.name)[0]}法督"


@transaction.atomic
def issue_order(
    actor: User,
    *,
    recipient: Unit,
    subject: str,
    body: str = "",
    tasks: Iterable[Task] = (),
    milestones: Iterable[Milestone] = (),
    reply_working_days: int | None = None,
    issued_on: dt.date | None = None,
) -> SupervisionOrder:
    """The office presses one unit about lagging tasks; the reply deadline counts working days."""
    require(actor, cap.SUPERVISE)
    if actor.unit is None:
        raise ValidationError("您的账号没有所属单位，不能下发督办单")
    issuer = actor.unit
    jurisdiction = issuer.jurisdiction()
    require_sees(actor, recipient)
    if not recipient.path.startswith(jurisdiction.path):
        raise ValidationError(f"“{recipient.name}”不属于“{jurisdiction.name}”")
    if recipient.pk == issuer.pk:
        raise ValidationError("不能向本单位下发督办单")
    subject = (subject or "").strip()
    if not subject:
        raise ValidationError("请填写督办事由")
    tasks, milestones = list(tasks), list(milestones)
    if not tasks and not milestones:
        raise ValidationError("请至少选择一项督办任务或时间节点")
    foreign = [m for m in milestones if m.unit_id != recipient.pk]
    if foreign:
        raise ValidationError("所选时间节点须属于承办单位")
    conf = settings_for(jurisdiction)
    days = reply_working_days if reply_working_days is not None else conf.order_reply_working_days
    if not 1 <= int(days) <= 60:
        raise ValidationError("回复期限须为 1 到 60 个工作日")
    issued_on = issued_on or timezone.localdate()
    due = workdays.add_working_days(issued_on, int(days))
    year = issued_on.year
    last = (
        SupervisionOrder.objects.select_for_update().filter(jurisdiction=jurisdiction, year=year)
        .aggregate(m=Max("serial"))["m"] or 0
    )
    serial = last + 1
    order = SupervisionOrder.objects.create(
        jurisdiction=jurisdiction, issuer=issuer, recipient=recipient, year=year, serial=serial,
        number=f"{order_prefix(jurisdiction)}〔{year}〕{serial}号", subject=subject[:200], body=(body or "").strip(),
        issued_on=issued_on, reply_working_days=int(days), reply_due_on=due.date,
        reply_due_provisional=due.provisional, reply_due_trace=due.trace, issued_by=actor,
    )
    order.tasks.set(tasks)
    order.milestones.set(milestones)
    log_transition(actor, "issue", "", order.state, subject, order=order)
    oplog.record(actor, "supervision.order_issue", order,
                 after={**oplog.snapshot(order, ["number", "recipient", "subject", "reply_due_on"]),
                        "tasks": [t.pk for t in tasks], "milestones": [m.pk for m in milestones]})
    notify(unit_users(recipient), f"收到督办单 {order.number}：{order.subject}",
           f"请于 {order.reply_due_on:%Y年%m月%d日} 前回复", reverse("supervision:order_detail", args=[order.pk]))
    return order


def _locked_order(order: SupervisionOrder) -> SupervisionOrder:
    return SupervisionOrder.objects.select_for_update().select_related("issuer", "recipient", "jurisdiction").get(
        pk=order.pk
    )


@transaction.atomic
def reply_order(actor: User | None, order: SupervisionOrder, text: str) -> SupervisionOrder:
    """The recipient unit answers (issued or overdue → replied)."""
    order = _locked_order(order)
    if actor is not None:
        require(actor, cap.REPORT_PROGRESS)
        if actor.unit_id != order.recipient_id:
            raise PermissionDenied(f"只有“{order.recipient.name}”可以回复该督办单")
    text = (text or "").strip()
    if not text:
        raise ValidationError("请填写回复内容")
    if order.state not in SupervisionOrder.OPEN_STATES:
        raise ValidationError(f"督办单当前为“{order.get_state_display()}”，不能回复")
    before = order.state
    order.state, order.reply_text, order.replied_at = SupervisionOrder.State.REPLIED, text, timezone.now()
    order.replied_by = actor if getattr(actor, "pk", None) else None
    order.save()
    log_transition(actor, "reply", before, order.state, order=order)
    oplog.record(actor, "supervision.order_reply", order, before={"state": before}, after={"state": order.state})
    notify(office_users(order.jurisdiction, order.recipient) + unit_users(order.issuer),
           f"{order.recipient.name}回复了督办单 {order.number}", text[:200],
           reverse("supervision:order_detail", args=[order.pk]))
    return order


@transaction.atomic
def close_order(actor: User | None, order: SupervisionOrder, reason: str = "") -> SupervisionOrder:
    """The office closes an answered order (replied → closed)."""
    require(actor, cap.SUPERVISE)
    order = _locked_order(order)
    require_sees(actor, order.recipient)
    if order.state != SupervisionOrder.State.REPLIED:
        raise ValidationError(f"督办单当前为“{order.get_state_display()}”，收到回复后才能办结")
    order.state, order.closed_at = SupervisionOrder.State.CLOSED, timezone.now()
    order.save(update_fields=["state", "closed_at"])
    log_transition(actor, "close", SupervisionOrder.State.REPLIED, order.state, reason, order=order)
    oplog.record(actor, "supervision.order_close", order, before={"state": SupervisionOrder.State.REPLIED},
                 after={"state": order.state}, reason=reason)
    notify(unit_users(order.recipient), f"督办单 {order.number} 已办结", reason,
           reverse("supervision:order_detail", args=[order.pk]))
    return order
