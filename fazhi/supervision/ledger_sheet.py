"""The task ledger of a plan as rows of the office's Excel layout (`ledger_excel`): each task's content,
units, deadlines, latest progress and status, under the plan's top-level headings."""

from __future__ import annotations

import datetime as dt
import re

from fazhi.supervision.ledger_excel import (
    ExportRow,
    date_text,
    deadline_words,
    ledger_title,
    unit_cells,
    write_ledger,
)


def task_content(task) -> str:
    """任务内容 as the ledger writes it: the item's own title (when the text does not start with it) and text."""
    item = task.item
    title, text = (item.title or "").strip(), (item.text or "").strip()
    if title and text and not text.startswith(title):
        return f"{title}{'' if title[-1] in '。；：.;:' else '。'}{text}"
    return text or title or task.title


def _section_text(item) -> str:
    title = (item.title or item.text[:60]).strip()
    label = (item.label or "").strip()
    if not label:
        return title
    if re.fullmatch(r"[一二三四五六七八九十百]+", label):
        return f"{label}、{title}"
    if label[-1] in "）)、.．":
        return f"{label}{title}"
    return f"{label} {title}"


def _status(states: list[str]) -> tuple[str, bool]:
    from fazhi.supervision.models import Milestone

    if not states:
        return "—", False
    if all(s == Milestone.State.CLOSED for s in states):
        return "已完成", False
    if Milestone.State.OVERDUE in states:
        return "已逾期", True
    if Milestone.State.DUE_SOON in states:
        return "临期", False
    return "进行中", False


def _deadline_cell(task, milestones: list) -> str:
    """完成时限 from what the task's live milestones track (plus relative periods, which wait for their trigger,
    and 任期内 requirements, which have no plan-year date)."""
    from fazhi.supervision.models import Milestone

    tracked = {m.deadline_index for m in milestones if m.deadline_index is not None}
    parts: list[str] = []
    for index, deadline in enumerate(task.deadlines or []):
        undated = deadline.get("kind") == "relative" or deadline.get("freq") == "term"
        if index in tracked or undated or not milestones:
            parts.append(deadline_words(deadline))
    for milestone in milestones:
        if milestone.kind == Milestone.Kind.DEFAULT:
            parts.append(milestone.label)
        elif milestone.deadline_index is None:
            parts.append(date_text(milestone.due_on))
    return "；".join(dict.fromkeys(p for p in parts if p))


def _progress_cell(reports: list) -> str:
    """The latest accepted or submitted report of each unit; a unit's name leads when several units reported."""
    latest: dict[int, object] = {}
    for report in reports:  # newest first
        latest.setdefault(report.unit_id, report)
    chosen = sorted(latest.values(), key=lambda r: r.unit.path)
    lines = []
    for report in chosen:
        text = report.text.strip() + ("（待审核）" if report.state == report.State.SUBMITTED else "")
        lines.append(f"{report.unit.name}：{text}" if len(chosen) > 1 else text)
    return "\n".join(lines)


def _unit_names(task, active: list, expand, unresolved_roles: dict[str, str]) -> dict[str, list[str]]:
    """Names per role: a collective name (各镇) when every unit it stands for is still on the task, else each unit."""
    names: dict[str, list[str]] = {"lead": [], "cooperating": [], "responsible": []}
    groups: dict[tuple[str, str], set[int]] = {}
    for tu in active:
        if tu.source == tu.Source.COLLECTIVE and tu.via:
            groups.setdefault((tu.role, tu.via), set()).add(tu.unit_id)
    whole = {key for key, ids in groups.items() if ids == {u.pk for u in expand(key[1])}}
    for tu in active:
        key = (tu.role, tu.via)
        name = tu.via if tu.source == tu.Source.COLLECTIVE and key in whole else tu.unit.name
        if name not in names[tu.role]:
            names[tu.role].append(name)
    for name in task.unresolved_names or []:
        role = unresolved_roles.get(name, "responsible")
        if name not in names[role]:
            names[role].append(name)
    return names


def ledger_rows(plan, tasks, reports=None) -> list[tuple[object | None, ExportRow]]:
    """(task, row) for each task of `tasks` in ledger order, with (None, heading row) where a top heading starts.

    `reports` are the progress reports the reader may see (None: every report of the plan).
    """
    from collections import defaultdict

    from django.db.models import Prefetch

    from fazhi.plans.models import PlanItemUnit
    from fazhi.supervision import services
    from fazhi.supervision.models import Milestone, ProgressReport, TaskUnit

    active_units = TaskUnit.objects.filter(removed_at__isnull=True).select_related("unit").order_by("id")
    tasks = list(
        tasks.filter(plan=plan)
        .select_related("item")
        .prefetch_related(Prefetch("units", queryset=active_units, to_attr="active_units"))
        .order_by("order", "id")
    )
    items = {i.pk: i for i in plan.items.only("id", "plan_id", "parent_id", "label", "title", "text", "path")}
    task_items = {t.item_id for t in tasks}
    milestones: dict[int, list] = defaultdict(list)
    for m in (
        Milestone.objects.filter(task__plan=plan)
        .exclude(state=Milestone.State.CANCELLED)
        .only("id", "task_id", "deadline_index", "kind", "label", "state", "due_on")
        .order_by("due_on", "id")
    ):
        milestones[m.task_id].append(m)
    reports = ProgressReport.objects.all() if reports is None else reports
    reported: dict[int, list] = defaultdict(list)
    for r in (
        reports.filter(
            milestone__task__plan=plan,
            state__in=[ProgressReport.State.ACCEPTED, ProgressReport.State.SUBMITTED],
        )
        .select_related("unit", "milestone")
        .order_by("-submitted_at", "-id")
    ):
        reported[r.milestone.task_id].append(r)
    unresolved_roles: dict[int, dict[str, str]] = defaultdict(dict)
    for item_id, name, role in PlanItemUnit.objects.filter(item__plan=plan).values_list(
        "item_id", "name", "role"
    ):
        unresolved_roles[item_id].setdefault(name, role)
    expand = services.Expander(plan.jurisdiction)

    out: list[tuple[object | None, ExportRow]] = []
    section_id = None
    for serial, task in enumerate(tasks, start=1):
        top = items.get(task.item_id)
        while top is not None and top.parent_id is not None and top.parent_id in items:
            top = items[top.parent_id]
        if top is not None and top.pk != task.item_id and top.pk not in task_items and top.pk != section_id:
            section_id = top.pk
            out.append((None, ExportRow(content=_section_text(top), section=True)))
        lead, responsible = unit_cells(
            _unit_names(task, task.active_units, expand, unresolved_roles[task.item_id])
        )
        own = milestones.get(task.pk, [])
        status, overdue = _status([m.state for m in own])
        out.append(
            (
                task,
                ExportRow(
                    serial=str(serial),
                    content=task_content(task),
                    lead=lead,
                    responsible=responsible,
                    deadline=_deadline_cell(task, own),
                    progress=_progress_cell(reported.get(task.pk, [])),
                    status=status,
                    overdue=overdue,
                ),
            )
        )
    return out


def ledger_subtitle(plan, today: dt.date) -> str:
    parts = [plan.jurisdiction.name]
    if plan.doc_number:
        parts.append(plan.doc_number)
    if plan.period_start and plan.period_end and plan.period_start != plan.period_end:
        parts.append(f"实施期限：{plan.period_start}—{plan.period_end}年")
    elif plan.period_start or plan.period_end:
        parts.append(f"实施期限：{plan.period_start or plan.period_end}年")
    parts.append(f"导出日期：{today:%Y年%m月%d日}")
    return " · ".join(parts)


def export_ledger(plan, tasks, reports=None, today: dt.date | None = None) -> bytes:
    """The plan's ledger as an .xlsx workbook (bytes); `tasks` / `reports` already scoped to the reader."""
    from django.utils import timezone

    rows = [row for _, row in ledger_rows(plan, tasks, reports)]
    return write_ledger(ledger_title(plan.title), ledger_subtitle(plan, today or timezone.localdate()), rows)
