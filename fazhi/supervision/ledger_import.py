"""Importing a task ledger an office built in Excel (导入任务分工台账): all rows land, or none.

Offices often have a ledger and no plan text. `import_ledger` takes such a workbook either into an
existing plan (rows are matched to its tasks by 任务内容, else by 序号 under the same heading when the
text is similar; matched tasks are updated, new rows become new tasks, tasks the workbook does not list
are left alone) or into a new plan created from the workbook's title row.

Every row is checked before anything is written: its 任务内容, its unit names (resolved through names
and aliases inside the plan's jurisdiction, as plan import does), its 完成时限 (read by the extraction
engine's deadline parser), duplicates. If any row is refused, nothing is written and the same workbook
comes back with an 错误说明 column on the refused rows. Otherwise the rows become plan items and the
ledger is generated from them by `services.generate_ledger`, so an imported task is the same kind of
task as one extracted from a plan; units and deadlines of updated tasks are brought in line with the
workbook through the same service verbs staff use by hand.

进展情况 and 完成状态 are not imported: progress is each unit's own report, reviewed by the office.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from fazhi.core import capabilities as cap
from fazhi.core import oplog, writemarks
from fazhi.core.models import Unit, User
from fazhi.plans.extract.targets import find_targets
from fazhi.plans.models import Plan, PlanItem, PlanItemUnit
from fazhi.plans.resolve import UnitResolver
from fazhi.supervision import ledger_excel, ledger_sheet, services
from fazhi.supervision.models import Milestone, Task, TaskUnit

MAX_ROWS = 3000


def _key(text: str) -> str:
    """Content as compared: NFKC, no whitespace, no trailing full stop."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or "")).rstrip("。.")


@dataclass
class RowPlan:
    """One accepted row, ready to write: what it says and which task (if any) it updates."""

    source: ledger_excel.LedgerRow
    deadlines: list[dict]
    named: list[PlanItemUnit]
    task: Task | None = None
    text_changed: bool = False
    deadlines_changed: bool = False
    units_changed: bool = False

    @property
    def changed(self) -> bool:
        return self.text_changed or self.deadlines_changed or self.units_changed


@dataclass
class LedgerImportResult:
    plan: Plan | None = None
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    untouched: int = 0
    errors: dict[int, str] = field(default_factory=dict)
    error_file: bytes | None = None
    error_filename: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        if not self.ok:
            return f"共 {self.rows} 行任务，其中 {len(self.errors)} 行有错误，未导入任何内容"
        text = f"共导入 {self.rows} 行：新建任务 {self.created} 项、更新 {self.updated} 项、无变化 {self.unchanged} 项"
        if self.untouched:
            text += f"；方案中另有 {self.untouched} 项任务未出现在工作簿中，保持不变"
        return text


# ------------------------------------------------------------------------------------------------ checks


def _check_access(actor: User | None, plan: Plan | None, jurisdiction: Unit | None) -> Unit:
    services.require(actor, cap.SUPERVISE)
    if plan is not None:
        services.require_sees(actor, plan.jurisdiction)
        if not plan.is_current:
            raise ValidationError(f"“{plan.title}”已被新版本取代，请导入到它的最新版本")
        return plan.jurisdiction
    services.require(actor, cap.MANAGE_PLANS)
    if jurisdiction is None:
        raise ValidationError("请选择方案所属行政区")
    if jurisdiction.kind != Unit.Kind.REGION:
        raise ValidationError("所属行政区必须是行政区（省、市、县、乡镇）")
    services.require_sees(actor, jurisdiction)
    return jurisdiction


def _resolve_names(
    row: ledger_excel.LedgerRow, resolver: UnitResolver, jurisdiction: Unit
) -> tuple[list[PlanItemUnit], list[str]]:
    named, problems = [], []
    for role, name in row.units:
        if len(name) > 100:
            problems.append(f"单位名称“{name[:20]}…”过长，请检查是否漏了分隔符（、）")
            continue
        resolution = resolver.resolve(name)
        if resolution.is_unresolved and resolution.candidates:
            choices = "、".join(u.name for u in resolution.candidates[:5])
            problems.append(f"单位“{name}”对应多个单位（{choices}），请写明全称")
        elif resolution.is_unresolved:
            problems.append(
                f"单位“{name}”在{jurisdiction.name}找不到，请写单位全称或先在单位管理中为其添加别名"
            )
        else:
            named.append(
                PlanItemUnit(
                    role=role, name=name, unit=resolution.unit, is_collective=resolution.is_collective
                )
            )
    return named, problems


def _check_rows(ledger: ledger_excel.ReadLedger, jurisdiction: Unit) -> tuple[list[RowPlan], dict[int, str]]:
    resolver = UnitResolver(jurisdiction)
    plans: list[RowPlan] = []
    errors: dict[int, str] = {}
    seen_content: dict[str, int] = {}
    seen_serial: dict[tuple[str, str], int] = {}
    for row in ledger.tasks:
        problems: list[str] = []
        if not row.content:
            problems.append("任务内容为空")
        else:
            key = _key(row.content)
            if key in seen_content:
                problems.append(f"任务内容与第 {seen_content[key]} 行重复")
            else:
                seen_content[key] = row.row
        if row.serial:
            serial_key = (row.section.title if row.section else "", row.serial)
            if serial_key in seen_serial:
                problems.append(f"序号“{row.serial}”与第 {seen_serial[serial_key]} 行重复")
            else:
                seen_serial[serial_key] = row.row
        named, unit_problems = _resolve_names(row, resolver, jurisdiction)
        problems.extend(unit_problems)
        deadlines: list[dict] = []
        try:
            deadlines = ledger_excel.read_deadlines(row.deadline_values)
        except ledger_excel.CellError as exc:
            problems.append(str(exc))
        if problems:
            for excel_row in row.rows:
                errors[excel_row] = "；".join(problems)
        else:
            plans.append(RowPlan(source=row, deadlines=deadlines, named=named))
    return plans, errors


def _signatures(deadlines: list[dict]) -> list[tuple]:
    return [ledger_excel.deadline_signature(d) for d in deadlines]


def _wanted(named: list[PlanItemUnit], expand, office: Unit) -> tuple[dict[int, tuple[Unit, str]], list[str]]:
    """unit id → (unit, role) the row assigns, as the ledger generation would; and names left for staff."""
    wanted, open_names = services.wanted_units(named, expand)
    if not any(role != TaskUnit.Role.COOPERATING for _, role, _, _ in wanted):
        wanted.append((office, TaskUnit.Role.RESPONSIBLE, TaskUnit.Source.OFFICE, ""))
    return {unit.pk: (unit, role) for unit, role, _, _ in wanted}, open_names


SIMILAR = 0.6


def _similar(old: str, new: str) -> bool:
    """An edited version of the same task, not another task that happens to have the same 序号."""
    return difflib.SequenceMatcher(None, _key(old), _key(new), autojunk=False).ratio() > SIMILAR


def _match(plan: Plan, rows: list[RowPlan]) -> int:
    """Pair rows with the plan's tasks; returns how many tasks the workbook leaves out.

    A row matches the task with the same 任务内容; failing that, the task with the same 序号 under the
    same heading whose content is similar (an edited text). Anything else is a new task.
    """
    existing: list[tuple[Task, ledger_excel.ExportRow]] = []
    sections: dict[int, str] = {}
    current = ""
    for task, row in ledger_sheet.ledger_rows(plan, Task.objects.all()):
        if task is None:
            current = ledger_excel.section_title(row.content)
        else:
            existing.append((task, row))
            sections[task.pk] = current
    if not existing:
        return 0
    by_content = {_key(row.content): (task, row) for task, row in existing}
    by_serial = {(sections[task.pk], row.serial): (task, row) for task, row in existing}
    claimed: set[int] = set()
    exported = {}
    for plan_row in rows:
        hit = by_content.get(_key(plan_row.source.content))
        if hit and hit[0].pk not in claimed:
            plan_row.task = hit[0]
            claimed.add(hit[0].pk)
            exported[plan_row.task.pk] = hit[1]
    for plan_row in rows:
        if plan_row.task is not None or not plan_row.source.serial:
            continue
        section = plan_row.source.section.title if plan_row.source.section else ""
        hit = by_serial.get((section, plan_row.source.serial))
        if hit and hit[0].pk not in claimed and _similar(hit[1].content, plan_row.source.content):
            plan_row.task = hit[0]
            claimed.add(hit[0].pk)
            exported[plan_row.task.pk] = hit[1]
    expand = services.Expander(plan.jurisdiction)
    office = services.office_of(plan.jurisdiction)
    assigned: dict[int, dict[int, str]] = {task.pk: {} for task, _ in existing}
    active = TaskUnit.objects.filter(task__plan=plan, removed_at__isnull=True)
    for task_id, unit_id, role in active.values_list("task_id", "unit_id", "role"):
        assigned[task_id][unit_id] = role
    for plan_row in rows:
        task = plan_row.task
        if task is None:
            continue
        row = exported[task.pk]
        plan_row.text_changed = _key(row.content) != _key(plan_row.source.content)
        plan_row.deadlines_changed = _signatures(plan_row.deadlines) != _signatures(
            ledger_excel.read_deadlines(row.deadline)
        )
        wanted, open_names = _wanted(plan_row.named, expand, office)
        wanted_roles = {uid: role for uid, (_, role) in wanted.items()}
        plan_row.units_changed = wanted_roles != assigned[task.pk] or sorted(open_names) != sorted(
            task.unresolved_names or []
        )
    return len(existing) - len(claimed)


# ------------------------------------------------------------------------------------------------ writes


def _targets(content: str, deadlines: list[dict]) -> list[dict]:
    dues = [(len(content), d["date"]) for d in deadlines if d.get("kind") == "due" and d.get("date")]
    return find_targets(content, dues)


def _new_plan(
    actor: User | None, jurisdiction: Unit, title: str, period: tuple[int, int] | None, source_name: str
) -> Plan:
    plan = Plan.objects.create(
        jurisdiction=jurisdiction,
        title=title[:300],
        level=jurisdiction.level,
        period_start=period[0] if period else None,
        period_end=period[1] if period else None,
        source_name=source_name[:255],
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    oplog.record(
        actor,
        "plan.create_from_ledger",
        plan,
        after=oplog.snapshot(
            plan, ["title", "jurisdiction", "level", "period_start", "period_end", "source_name"]
        ),
    )
    return plan


class _Writer:
    """Writes accepted rows as plan items under their headings, in workbook order, after the plan's items."""

    def __init__(self, plan: Plan):
        self.plan = plan
        self.order = (plan.items.aggregate(m=Max("order"))["m"] or 0) + 1
        self.headings = {
            _key(i.title or i.text): i for i in plan.items.filter(parent__isnull=True).order_by("order")
        }
        self.created: dict[int, PlanItem] = {}

    def heading(self, section: ledger_excel.LedgerSection | None) -> PlanItem | None:
        if section is None:
            return None
        key = _key(section.title)
        if key not in self.headings:
            label = section.label or str(len(self.headings) + 1)
            self.headings[key] = PlanItem.objects.create(
                plan=self.plan,
                order=self._next(),
                path=[label],
                label=label[:20],
                title=section.title[:300],
                text="",
            )
        return self.headings[key]

    def _next(self) -> int:
        self.order += 1
        return self.order - 1

    def add(self, row: RowPlan, serial: int) -> PlanItem:
        source = row.source
        parent = self.heading(source.section)
        label = (source.serial or str(serial))[:20]
        item = PlanItem.objects.create(
            plan=self.plan,
            parent=parent,
            order=self._next(),
            path=[*parent.path, label] if parent else [label],
            label=label,
            title="",
            text=source.content,
            deadlines=row.deadlines,
            targets=_targets(source.content, row.deadlines),
        )
        self._name_units(item, row.named)
        return item

    def update(self, row: RowPlan) -> None:
        item = PlanItem.objects.select_for_update().get(pk=row.task.item_id)
        if row.text_changed:
            item.title, item.text = "", row.source.content
            item.targets = _targets(row.source.content, row.deadlines)
        if row.deadlines_changed:
            item.deadlines = row.deadlines
        item.save()
        if row.units_changed:
            item.named_units.all().delete()
            self._name_units(item, row.named)

    @staticmethod
    def _name_units(item: PlanItem, named: list[PlanItemUnit]) -> None:
        for unit in named:
            unit.item = item
            unit.name = unit.name[:100]
        PlanItemUnit.objects.bulk_create(named)


def _reconcile_units(actor: User | None, task: Task, office: Unit, expand) -> None:
    """Bring the task's active units to what its item names now: restore, change role, remove (via the verbs)."""
    named = list(PlanItemUnit.objects.filter(item_id=task.item_id).select_related("unit").order_by("id"))
    wanted, _ = _wanted(named, expand, office)
    rows = {tu.unit_id: tu for tu in TaskUnit.objects.filter(task=task).select_related("unit")}
    reason = "按导入的任务台账调整"
    for unit_id, (unit, role) in wanted.items():
        tu = rows.get(unit_id)
        if tu is None or tu.removed_at is not None:
            services.add_task_unit(actor, task, unit, role)
        elif tu.role != role:
            # A role change is a removal and a re-assignment: milestones follow whether the unit reports.
            TaskUnit.objects.filter(pk=tu.pk).update(removed_at=timezone.now())
            services.add_task_unit(actor, task, unit, role)
            if role == TaskUnit.Role.COOPERATING:
                _cancel(actor, Milestone.objects.filter(task=task, unit_id=unit_id), reason)
    for unit_id, tu in rows.items():
        if tu.removed_at is None and unit_id not in wanted:
            services.remove_task_unit(actor, tu, reason)
    task.refresh_from_db()
    lead = task.units.filter(role=TaskUnit.Role.LEAD, removed_at__isnull=True).order_by("id").first()
    owner = lead.unit_id if lead else office.pk
    if task.owner_unit_id != owner:
        Task.objects.filter(pk=task.pk).update(owner_unit_id=owner)


def _cancel(actor: User | None, milestones, reason: str) -> None:
    for milestone in milestones.select_for_update().filter(state__in=Milestone.OPEN_STATES):
        services.log_transition(
            actor, "cancel", milestone.state, Milestone.State.CANCELLED, reason, milestone=milestone
        )
        milestone.state = Milestone.State.CANCELLED
        milestone.save(update_fields=["state"])


def _reschedule(actor: User | None, task: Task) -> None:
    """After a deadline change: open milestones move to the new dates; those of dropped deadlines are cancelled.

    Milestones already closed stay as history. New occurrences were added by `generate_ledger`.
    """
    task.refresh_from_db()
    conf = services.settings_for(task.plan.jurisdiction)
    wanted = {o.key: o for o in services.occurrences_for(task, services.plan_horizon(task.plan), conf.default_due)}
    warn = services.WarnDates(conf.warn_working_days)
    dropped = []
    for milestone in Milestone.objects.select_for_update().filter(task=task, state__in=Milestone.OPEN_STATES):
        occ = wanted.get(milestone.key)
        if occ is None:
            dropped.append(milestone.pk)
            continue
        if (milestone.due_on, milestone.label, milestone.deadline_text) != (
            occ.due,
            occ.label[:100],
            occ.text[:200],
        ):
            milestone.due_on, milestone.warn_on = occ.due, warn(occ.due)
            milestone.label, milestone.deadline_text = occ.label[:100], occ.text[:200]
            milestone.kind, milestone.deadline_index = occ.kind, occ.index
            milestone.state = Milestone.State.OPEN  # the scan below sets 临期/逾期 for the new date
            milestone.save()
    _cancel(actor, Milestone.objects.filter(pk__in=dropped), "台账导入：该时限已删除")
    services.mark_due_states(
        Milestone.objects.filter(task=task), timezone.localdate(), services.ScanResult()
    )


# ------------------------------------------------------------------------------------------------ the verb


def import_ledger(
    actor: User | None,
    data: bytes,
    filename: str,
    *,
    plan: Plan | None = None,
    jurisdiction: Unit | None = None,
    title: str = "",
    period_start: int | None = None,
    period_end: int | None = None,
) -> LedgerImportResult:
    """Import a ledger workbook into `plan`, or into a new plan of `jurisdiction`; all rows or none.

    File-level problems (not a workbook, no header, no rows) raise a Chinese `ValidationError`. Row
    problems come back in the result (`errors`, and `error_file`: the workbook with an 错误说明 column)
    and nothing is written.
    """
    jurisdiction = _check_access(actor, plan, jurisdiction)
    try:
        ledger = ledger_excel.read_ledger(data, filename, settings.FAZHI_ARCHIVE_LIMITS)
    except ledger_excel.LedgerFileError as exc:
        raise ValidationError(str(exc)) from None
    if not ledger.tasks:
        raise ValidationError(f"工作表“{ledger.sheet_name}”的表头下面没有任务行")
    if len(ledger.tasks) > MAX_ROWS:
        raise ValidationError(f"一次最多导入 {MAX_ROWS} 行任务，请分批导入")
    rows, errors = _check_rows(ledger, jurisdiction)
    result = LedgerImportResult(plan=plan, rows=len(ledger.tasks))
    period = None
    if plan is None:
        title = (title or "").strip() or ledger_excel.plan_title_from(ledger.title)
        if not title:
            raise ValidationError("请填写方案标题（工作簿第一行也没有台账标题）")
        period = _period(period_start, period_end, ledger.period, rows)
    if errors:
        result.errors = dict(sorted(errors.items()))
        result.error_file = ledger_excel.error_workbook(
            data, filename, ledger, result.errors, settings.FAZHI_ARCHIVE_LIMITS
        )
        stem = re.sub(r"\.xls[xm]?$", "", filename, flags=re.I) or "任务台账"
        result.error_filename = f"{stem}-错误说明.xlsx"
        return result
    with transaction.atomic(), writemarks.deferred():  # seconds for a large ledger: count the writes at the end
        return _write(actor, result, rows, jurisdiction, filename, title, period)


def _write(
    actor,
    result: LedgerImportResult,
    rows: list[RowPlan],
    jurisdiction: Unit,
    filename: str,
    title: str,
    period: tuple[int, int] | None,
) -> LedgerImportResult:
    plan = result.plan
    if plan is None:
        plan = _new_plan(actor, jurisdiction, title, period, filename)
        result.plan = plan
    else:
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        result.plan = plan
        result.untouched = _match(plan, rows)
    writer = _Writer(plan)
    for serial, row in enumerate(rows, start=1):
        if row.task is None:
            writer.add(row, serial)
            result.created += 1
        elif row.changed:
            writer.update(row)
            result.updated += 1
        else:
            result.unchanged += 1
    if result.created or result.updated:
        services.generate_ledger(actor, plan)
    expand = services.Expander(plan.jurisdiction)
    office = services.office_of(plan.jurisdiction)
    for row in rows:
        if row.task is not None and row.units_changed:
            _reconcile_units(actor, row.task, office, expand)
        if row.task is not None and row.deadlines_changed:
            _reschedule(actor, row.task)
    oplog.record(
        actor,
        "supervision.ledger_import",
        plan,
        after={
            "file": filename,
            "rows": result.rows,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "untouched": result.untouched,
            "updated_tasks": [r.task.pk for r in rows if r.task is not None and r.changed],
        },
    )
    return result


def _period(
    start: int | None, end: int | None, from_sheet: tuple[int, int] | None, rows: list[RowPlan]
) -> tuple[int, int] | None:
    """The new plan's years: as given, else as the workbook says (实施期限), else the years of its due dates."""
    if start or end:
        start, end = start or end, end or start
        if not 1990 <= start <= 2100 or not 1990 <= end <= 2100 or start > end:
            raise ValidationError("实施期限不正确：起止年份须在 1990–2100 之间，且起始年份不晚于截止年份")
        return start, end
    if from_sheet:
        return from_sheet
    years = sorted({int(d["date"][:4]) for r in rows for d in r.deadlines if d.get("kind") == "due"})
    return (years[0], years[-1]) if years else None
