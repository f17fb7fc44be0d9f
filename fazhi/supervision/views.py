"""Supervision pages: ledgers, task detail, the unit inbox, reports and review, supervision orders.

Views are thin: fetch within the user's scope (404 otherwise), call one service, show its message.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from html import escape

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, Count, F, Min, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from fazhi.core import attachments, flash
from fazhi.core import capabilities as cap
from fazhi.core.breadcrumbs import Crumb, choose_trail
from fazhi.core.fragments import cached
from fazhi.core.models import Unit
from fazhi.core.permissions import capability_required, has_capability
from fazhi.core.scopes import get_for_user_or_404
from fazhi.core.tables import ChoiceFilter, Column, Table
from fazhi.core.wordtemplates.models import WordTemplate
from fazhi.core.wordtemplates.views import template_download, template_upload_or_reset
from fazhi.plans.models import Plan
from fazhi.supervision import forms, services, workflows
from fazhi.supervision.models import (
    Milestone,
    ProgressReport,
    SupervisionOrder,
    Task,
    TaskUnit,
)
from fazhi.supervision.orderdoc import ORDER_NOTICE, order_document
from fazhi.workflow import clocks

PAGE_SIZE = 50
# Lead, then cooperating, then responsible units, as plans list them.
ROLE_ORDER = Case(*(When(role=role, then=Value(rank)) for rank, role in enumerate(TaskUnit.Role.values)))


def _milestone_count(*conditions: Q) -> Coalesce:
    milestones = Milestone.objects.filter(*conditions, task=OuterRef("pk")).order_by().values("task")
    return Coalesce(Subquery(milestones.annotate(n=Count("id")).values("n")), 0)


def milestone_counts() -> dict:
    """Per-task milestone counts by state and next due date, as annotations of a task queryset (built
    once: `annotate` resolves a copy of each expression, and building them cost a ledger page 4 ms).

    Correlated subqueries on the (task, state, due_on) index rather than a join grouped by task: the
    database computes them only for the rows it returns, so a ledger page in plan order reads 50 tasks'
    milestones, not every milestone of the plan (a sort on the figures still computes them all).
    """
    return dict(_milestone_count_expressions())


@cache
def _milestone_count_expressions() -> tuple:
    open_milestones = Milestone.objects.filter(task=OuterRef("pk"), state__in=Milestone.OPEN_STATES)
    return tuple({
        "m_total": _milestone_count(~Q(state=Milestone.State.CANCELLED)),
        "m_closed": _milestone_count(Q(state=Milestone.State.CLOSED)),
        "m_due_soon": _milestone_count(Q(state=Milestone.State.DUE_SOON)),
        "m_overdue": _milestone_count(Q(state=Milestone.State.OVERDUE)),
        "m_next_due": Subquery(open_milestones.order_by("due_on").values("due_on")[:1]),
    }.items())


# ---------------------------------------------------------------------------------------------- ledgers

@capability_required(cap.SUPERVISE, cap.VIEW_DASHBOARD)
def ledger_list(request):
    """Plans in scope with their ledger's size and progress; the office generates ledgers from here."""
    plans = Plan.objects.for_user(request.user).select_related("jurisdiction")
    table = Table(
        plans,
        columns=[
            Column("title", "方案", sortable=True, width=40),
            Column("jurisdiction", "行政区", accessor="jurisdiction.name", sortable=True, order_by="jurisdiction__path"),
            Column("period_start", "期限", sortable=True, accessor=lambda p: (
                f"{p.period_start}–{p.period_end}" if p.period_start and p.period_end != p.period_start
                else p.period_start)),
            Column("task_count", "任务"),
            Column("progress", "节点完成情况", accessor=progress_text, width=20),
            Column("m_next_due", "最近截止"),
            Column("action", "", export=False, accessor=lambda p: ""),
        ],
        search=["title", "doc_number", "issuer"],
        search_placeholder="方案名称、文号或制定机关",
        filters=[ChoiceFilter("region", "行政区", "jurisdiction_id", choices=lambda: list(
            Unit.objects.filter(pk__in=plans.values("jurisdiction_id")).values_list("pk", "name")))],
        default_sort="-issued_on",
        per_page=PAGE_SIZE,
        dom_id="plan-ledger-table",
        rows_template="supervision/_ledger_list_rows.html",
        empty_text="没有可生成台账的方案，请先在“规划方案”中导入并确认方案。",
        prepare=_with_ledger_counts,
        cache=True,
    ).from_request(request)
    return table.respond(request, "supervision/ledger_list.html", {
        "can_supervise": has_capability(request.user, cap.SUPERVISE),
    }, filename="任务台账")


def _with_ledger_counts(plans: list[Plan]) -> list[Plan]:
    """The page's plans with `task_count` and the `milestone_counts` figures, in two grouped queries.

    Counted after paging: annotating the plan queryset would join and group every milestone of every
    plan in scope (160,000 at province scale) before the page is cut.
    """
    ids = [p.pk for p in plans]
    tasks = dict(Task.objects.filter(plan_id__in=ids).order_by().values_list("plan_id").annotate(n=Count("id")))
    live = ~Q(state=Milestone.State.CANCELLED)
    stats = {
        row.pop("plan_id"): row
        for row in Milestone.objects.filter(plan_id__in=ids).order_by().values("plan_id").annotate(
            m_total=Count("id", filter=live),
            m_closed=Count("id", filter=Q(state=Milestone.State.CLOSED)),
            m_due_soon=Count("id", filter=Q(state=Milestone.State.DUE_SOON)),
            m_overdue=Count("id", filter=Q(state=Milestone.State.OVERDUE)),
            m_next_due=Min("due_on", filter=Q(state__in=Milestone.OPEN_STATES)),
        )
    }
    empty = {"m_total": 0, "m_closed": 0, "m_due_soon": 0, "m_overdue": 0, "m_next_due": None}
    for plan in plans:
        plan.task_count = tasks.get(plan.pk, 0)
        for name, value in stats.get(plan.pk, empty).items():
            setattr(plan, name, value)
    return plans


LEDGER_STATUS = {
    "overdue": ("有逾期节点", Q(milestones__state=Milestone.State.OVERDUE)),
    "due_soon": ("有临期节点", Q(milestones__state=Milestone.State.DUE_SOON)),
    "follow_up": ("需人工指定单位", ~Q(unresolved_names=[])),
}


@dataclass
class UnitGroup:
    """Units of one role that came onto a task the same way: one collective name (各镇 → 10 个单位) or
    named one by one."""

    via: str
    collective: bool
    names: list[str]


def attach_unit_lines(tasks: list[Task]) -> None:
    """Set `task.unit_lines` = [(role label, [UnitGroup …])] for the ledger's 责任单位 column, from one
    query of plain values: a county ledger assigns each task dozens of units (各镇、各部门), and a model
    instance per assignment was most of the page's time."""
    by_task: dict[int, dict[str, list[UnitGroup]]] = {task.pk: {} for task in tasks}
    rows = (
        TaskUnit.objects.filter(task__in=list(by_task), removed_at__isnull=True)
        .order_by("task_id", ROLE_ORDER, "id").values_list("task_id", "role", "source", "via", "unit__name")
    )
    collective = TaskUnit.Source.COLLECTIVE
    for task_id, role, source, via, name in rows:
        groups = by_task[task_id].setdefault(role, [])
        is_collective = source == collective
        if groups and groups[-1].via == via and groups[-1].collective == is_collective:
            groups[-1].names.append(name)
        else:
            groups.append(UnitGroup(via, is_collective, [name]))
    labels = dict(TaskUnit.Role.choices)
    for task in tasks:
        task.unit_lines = [(labels[role], groups) for role, groups in by_task[task.pk].items()]
        task.units_html = units_html(task)


def units_html(task: Task) -> str:
    """The ledger's 责任单位 cell (after `attach_unit_lines`): each role on a line, a collective name as a
    badge naming its units. Built here rather than in the template: a county ledger's cells hold hundreds of
    names, and the template engine's loops and per-name escaping were most of the page's rendering."""
    lines = []
    for label, groups in task.unit_lines:
        parts = []
        for i, g in enumerate(groups):
            if g.collective:
                parts.append(f'<span class="badge text-bg-light border" title="{escape("、".join(g.names))}">'
                             f"{escape(g.via)} → {len(g.names)} 个单位</span> ")
            else:
                parts.append(escape("、".join(g.names)) + ("、" if i < len(groups) - 1 else ""))
        lines.append(f'<div><span class="text-secondary">{escape(label)}：</span>{"".join(parts)}</div>')
    return mark_safe("".join(lines))  # noqa: S308 — every piece of text above is escaped


def _units_text(task: Task) -> str:
    """责任单位 as one line for the Excel export: role, then the units (collective names as written)."""
    parts = []
    for label, groups in task.unit_lines:
        names = [f"{g.via}（{name}）" if g.collective else name for g in groups for name in g.names]
        parts.append(f"{label}：{'、'.join(names)}")
    return "；".join(parts)


def progress_text(task: Task) -> str:
    text = f"完成 {task.m_closed}/{task.m_total}"
    if task.m_overdue:
        text += f"，逾期 {task.m_overdue}"
    if task.m_due_soon:
        text += f"，临期 {task.m_due_soon}"
    return text


@capability_required(cap.SUPERVISE, cap.VIEW_DASHBOARD)
def plan_ledger(request, plan_id: int):
    """The plan's ledger on the shared table: search, unit and status filters, sorting, Excel export."""
    plan = cached(request, "plan-ledger-plan", (plan_id,), lambda: get_for_user_or_404(Plan, request.user, pk=plan_id))
    tasks = Task.objects.for_user(request.user).filter(plan=plan).annotate(**milestone_counts())
    unit_choices = (
        Unit.objects.filter(task_assignments__task__plan=plan, task_assignments__removed_at__isnull=True)
        .distinct().order_by("path").values_list("pk", "name")
    )
    table = Table(
        tasks,
        columns=[
            Column("order", "编号", sortable=True, accessor="label", css="text-nowrap small", width=8),
            Column("title", "任务", sortable=True, width=40),
            Column("units", "责任单位", accessor=_units_text, width=50),
            Column("progress", "节点完成情况", sortable=True, order_by="m_overdue", accessor=progress_text,
                   width=20),
            Column("next_due", "最近截止", sortable=True, order_by="m_next_due", accessor="m_next_due", width=12),
        ],
        search=["title", "text", "label"],
        search_placeholder="任务内容或编号",
        filters=[
            ChoiceFilter("unit", "单位", choices=lambda: list(unit_choices), many=True,
                         method=lambda v: Q(units__unit_id=int(v), units__removed_at__isnull=True)),
            ChoiceFilter("status", "状态", choices=[(k, v[0]) for k, v in LEDGER_STATUS.items()], many=True,
                         method=lambda v: LEDGER_STATUS[v][1]),
        ],
        default_sort="order",
        per_page=50,
        dom_id="ledger-table",
        rows_template="supervision/_ledger_rows.html",
        empty_text="台账中没有符合条件的任务",
        prepare=attach_unit_lines,
        cache=True,
    ).from_request(request)
    can_supervise = has_capability(request.user, cap.SUPERVISE)
    return table.respond(request, "supervision/plan_ledger.html", {
        "plan": plan, "can_supervise": can_supervise,
        "horizon": SimpleLazyObject(lambda: services.plan_horizon(plan)),  # read by the cached page head only
    }, filename=f"任务台账-{plan.title}")


@require_POST
@capability_required(cap.SUPERVISE)
def generate_ledger(request, plan_id: int):
    plan = get_for_user_or_404(Plan, request.user, pk=plan_id)
    flash.call(request, services.generate_ledger, request.user, plan,
               done=lambda result: f"任务台账已生成：{result.summary()}")
    return redirect("supervision:plan_ledger", plan_id=plan.pk)


# ---------------------------------------------------------------------------------------------- tasks

@capability_required(cap.SUPERVISE, cap.REPORT_PROGRESS, cap.VIEW_DASHBOARD)
def task_detail(request, pk: int):
    # Not the plan's extraction (the whole import result, 20–80 KB of JSON decoded per view) nor the plan
    # item (the page shows the task's own copy of its text). Kept for the viewer until the next write they
    # can see, like the page's fragments: building and running the scoped query was half the view's cost.
    task = cached(request, "task-detail-task", (pk,), lambda: get_for_user_or_404(
        Task.objects.select_related("plan__jurisdiction", "owner_unit").defer("plan__extraction"),
        request.user, pk=pk,
    ))
    milestones = (
        Milestone.objects.for_user(request.user).filter(task=task)
        # The columns the rows show (`milestone_rows`), not every field of the milestone; of its unit the
        # name alone, as a column rather than a Unit built for each of a county task's ~100 rows.
        .only("id", "task_id", "label", "unit_id", "warn_on", "due_on", "planned_due_on", "state", "outcome",
              "due_provisional")
        .annotate(unit_name=F("unit__name"))
        # Each row's latest report (state and percent) is read by `milestone_rows` as plain values.
        .order_by("due_on", "unit__path")
    )
    reports = (
        ProgressReport.objects.for_user(request.user).filter(milestone__task=task)
        # What the list shows (`report_items`): the report's text and its milestone's fields stay unread, and
        # the unit's name, the milestone's label and the author's names come as columns of the report.
        .only("id", "state", "percent", "completed", "review_comment", "created_at", "unit_id", "milestone_id",
              "author_id")
        .annotate(unit_name=F("unit__name"), milestone_label=F("milestone__label"),
                  author_full_name=F("author__full_name"), author_username=F("author__username"))
        .order_by("-created_at")[:100]
    )
    units = (
        task.units
        # What the list and the 各镇 line show (`task_unit_items`, `_units_by_collective`): the unit's name only,
        # as a column (not a Unit built per row), and no join to the account that removed it (the list shows
        # when, not who).
        .only("id", "task_id", "unit_id", "role", "source", "via", "removed_at")
        .annotate(unit_name=F("unit__name"))
        .order_by("removed_at", ROLE_ORDER, "id")
    )
    can_supervise = has_capability(request.user, cap.SUPERVISE)
    relative = [(i, d) for i, d in enumerate(task.deadlines) if d.get("kind") == "relative"]
    return render(request, "supervision/task_detail.html", {
        # Lazy: read only when the page's fragments are not in the cache (task_detail.html).
        "task": task, "milestones": milestones, "reports": reports, "units": units,
        "by_via": SimpleLazyObject(lambda: _units_by_collective(units)),
        "can_supervise": can_supervise, "relative_deadlines": relative,
        "unit_form": forms.TaskUnitsForm(jurisdiction=task.plan.jurisdiction) if can_supervise else None,
        "trigger_form": forms.TriggerForm() if can_supervise else None,
        "user_unit_id": request.user.unit_id,
        "crumbs": SimpleLazyObject(lambda: task_trail(request, task)),  # kept by the page per way in
    })


def _units_by_collective(units) -> dict[str, list[TaskUnit]]:
    """The task's live units that came through a collective name (各镇 …), by that name."""
    by_via: dict[str, list[TaskUnit]] = {}
    for tu in units:
        if tu.source == TaskUnit.Source.COLLECTIVE and tu.removed_at is None:
            by_via.setdefault(tu.via, []).append(tu)
    return by_via


def task_trail(request, task: Task, *, to_task: bool = False) -> list[Crumb]:
    """Breadcrumbs to a task: through the ledger, the unit's inbox, the dashboard, the review queue or the
    督办单 list, whichever the user came from and may open (core.breadcrumbs)."""
    def plan_in_scope() -> bool:
        return Plan.objects.for_user(request.user).filter(pk=task.plan_id).exists()

    trails = [
        [Crumb("任务台账", reverse("supervision:ledger_list")),
         Crumb(task.plan.title, reverse("supervision:plan_ledger", args=[task.plan_id]), plan_in_scope)],
        [Crumb("本单位待办", reverse("supervision:inbox"))],
        [Crumb("督查督办看板", reverse("supervision:dashboard")),
         Crumb("节点明细", reverse("supervision:dashboard_milestones"))],
        [Crumb("报告审核", reverse("supervision:review_queue"))],
        [Crumb("督办单", reverse("supervision:order_list"))],
    ]
    trail = choose_trail(request, trails)
    if to_task:
        trail.append(Crumb(f"{task.label} {task.title}", reverse("supervision:task_detail", args=[task.pk])))
    return trail


def _task_for_office(request, pk: int) -> Task:
    return get_for_user_or_404(Task.objects.select_related("plan__jurisdiction"), request.user, pk=pk)


@require_POST
@capability_required(cap.SUPERVISE)
def task_unit_add(request, pk: int):
    task = _task_for_office(request, pk)
    form = forms.TaskUnitsForm(request.POST, jurisdiction=task.plan.jurisdiction)
    if not form.is_valid():
        messages.error(request, flash.form_errors_text(form))
    else:
        data = form.cleaned_data
        flash.call(request, services.add_task_units, request.user, task, data["role"], data["units"],
                   data["group"], done=lambda result: result.summary())
    return redirect("supervision:task_detail", pk=task.pk)


@require_POST
@capability_required(cap.SUPERVISE)
def task_units_remove(request, pk: int):
    """Take the ticked units off the task at once."""
    task = _task_for_office(request, pk)
    chosen = list(task.units.filter(pk__in=[int(v) for v in request.POST.getlist("task_units") if v.isdigit()],
                                    removed_at__isnull=True).select_related("unit"))
    flash.call(request, services.remove_task_units, request.user, task, chosen, request.POST.get("reason", ""),
               done=lambda removed: f"已移除 {len(removed)} 个单位：" + "、".join(tu.unit.name for tu in removed)
               + "，其未完成的时间节点已取消")
    return redirect("supervision:task_detail", pk=task.pk)


@require_POST
@capability_required(cap.SUPERVISE)
def task_unit_remove(request, pk: int, unit_pk: int):
    task = _task_for_office(request, pk)
    tu = task.units.filter(pk=unit_pk).select_related("unit").first()
    if tu is None:
        raise Http404("记录不存在或不在您的数据范围内")
    flash.call(request, services.remove_task_unit, request.user, tu, request.POST.get("reason", ""),
               done=f"已移除“{tu.unit.name}”，其未完成的时间节点已取消")
    return redirect("supervision:task_detail", pk=task.pk)


@require_POST
@capability_required(cap.SUPERVISE)
def task_trigger(request, pk: int):
    task = _task_for_office(request, pk)
    form = forms.TriggerForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写事件发生日期")
    else:
        flash.call(request, services.record_trigger, request.user, task, form.cleaned_data["deadline_index"],
                   form.cleaned_data["on"], done=lambda created: f"已登记触发事件，新增时间节点 {len(created)} 个")
    return redirect("supervision:task_detail", pk=task.pk)


# ---------------------------------------------------------------------------------------------- inbox

# ---------------------------------------------------------------------------------------------- reports

def _report_form_page(request, milestone: Milestone, report: ProgressReport | None):
    initial = {"percent": 0} if report is None else {
        "text": report.text, "percent": report.percent, "completed": report.completed,
    }
    form = forms.ReportForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = services.save_report(
                request.user, milestone, text=data["text"], percent=data["percent"], completed=data["completed"],
                report=report, files=data["files"], links=form.link_list(),
            )
            if request.POST.get("action") == "submit":
                services.submit_report(request.user, report)
                messages.success(request, "进展报告已报送，等待审核")
            else:
                messages.success(request, "草稿已保存")
        except ValidationError as exc:
            form.add_error(None, flash.error_text(exc))
        else:
            return redirect("supervision:report_detail", pk=report.pk)
    return render(request, "supervision/report_form.html", {
        "form": form, "milestone": milestone, "report": report,
        "max_mb": settings.FAZHI_EVIDENCE_MAX_BYTES // (1024 * 1024),
        "crumbs": task_trail(request, milestone.task, to_task=True),
    })


@capability_required(cap.REPORT_PROGRESS)
def report_new(request, milestone_pk: int):
    milestone = get_for_user_or_404(Milestone.objects.select_related("task__plan", "unit"), request.user,
                                    pk=milestone_pk)
    if milestone.unit_id != request.user.unit_id:
        raise PermissionDenied("只有该节点的报送单位可以填写进展报告")
    in_flight = milestone.reports.filter(
        state__in=[ProgressReport.State.DRAFT, ProgressReport.State.RETURNED]
    ).first()
    if in_flight is not None:
        return redirect("supervision:report_edit", pk=in_flight.pk)
    return _report_form_page(request, milestone, None)


@capability_required(cap.REPORT_PROGRESS)
def report_edit(request, pk: int):
    report = get_for_user_or_404(ProgressReport.objects.select_related("milestone__task__plan", "milestone__unit"),
                                 request.user, pk=pk)
    if report.unit_id != request.user.unit_id:
        raise PermissionDenied("只有报送单位可以修改进展报告")
    if not report.editable:
        messages.error(request, f"报告{report.get_state_display()}，不能修改")
        return redirect("supervision:report_detail", pk=report.pk)
    return _report_form_page(request, report.milestone, report)


@require_POST
@capability_required(cap.REPORT_PROGRESS)
def report_submit(request, pk: int):
    report = get_for_user_or_404(ProgressReport, request.user, pk=pk)
    flash.call(request, services.submit_report, request.user, report, done="进展报告已报送，等待审核")
    return redirect("supervision:report_detail", pk=report.pk)


@capability_required(cap.REPORT_PROGRESS, cap.SUPERVISE, cap.VIEW_DASHBOARD)
def report_detail(request, pk: int):
    report = get_for_user_or_404(
        ProgressReport.objects.select_related("milestone__task__plan", "unit", "author", "reviewed_by")
        .defer("milestone__task__plan__extraction"),
        request.user, pk=pk,
    )
    can_review = (
        has_capability(request.user, cap.SUPERVISE) and report.state == ProgressReport.State.SUBMITTED
        and report.unit_id != request.user.unit_id
    )
    return render(request, "supervision/report_detail.html", {
        "report": report, "evidence": report.evidence.all(),
        "transitions": report.transitions.select_related("actor", "case_type"),
        "can_edit": report.editable and report.unit_id == request.user.unit_id,
        "can_review": can_review, "review_form": forms.ReviewForm() if can_review else None,
        # Worked out only when the page's cached pieces are rendered (after a write the viewer can see).
        "crumbs": SimpleLazyObject(lambda: task_trail(request, report.milestone.task, to_task=True)),
    })


@require_POST
@capability_required(cap.REPORT_PROGRESS)
def evidence_remove(request, pk: int):
    evidence = get_object_or_404(attachments.attachments_for_user(request.user, ProgressReport), pk=pk)
    flash.call(request, services.remove_evidence, request.user, evidence)
    return redirect("supervision:report_edit", pk=evidence.owner_id)


def _review(request, pk: int, accept: bool):
    report = get_for_user_or_404(ProgressReport, request.user, pk=pk)
    form = forms.ReviewForm(request.POST)
    form.is_valid()
    comment = form.cleaned_data.get("comment", "")
    try:
        if accept:
            services.accept_report(request.user, report, comment)
            messages.success(request, "已采纳该进展报告")
        else:
            services.return_report(request.user, report, comment)
            messages.success(request, "已退回该进展报告")
    except ValidationError as exc:
        messages.error(request, flash.error_text(exc))
        return redirect("supervision:report_detail", pk=report.pk)
    return redirect("supervision:review_queue")


@require_POST
@capability_required(cap.SUPERVISE)
def report_accept(request, pk: int):
    return _review(request, pk, accept=True)


@require_POST
@capability_required(cap.SUPERVISE)
def report_return(request, pk: int):
    return _review(request, pk, accept=False)


# ---------------------------------------------------------------------------------------------- orders

@capability_required(cap.SUPERVISE)
def order_new(request):
    if request.user.unit is None:
        raise PermissionDenied("您的账号没有所属单位，不能下发督办单")
    recipient = None
    recipient_id = request.POST.get("recipient") or request.GET.get("recipient")
    if recipient_id and str(recipient_id).isdigit():
        recipient = Unit.objects.for_user(request.user).filter(pk=int(recipient_id)).first()
    conf = services.settings_for(request.user.unit.jurisdiction())
    initial = {"recipient": recipient, "reply_working_days": conf.order_reply_working_days}
    if request.GET.get("milestone", "").isdigit():
        initial["milestones"] = [int(request.GET["milestone"])]
    form = forms.OrderForm(
        request.POST if request.method == "POST" and "issue" in request.POST else None,
        user=request.user, recipient=recipient, initial=initial,
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            order = services.issue_order(
                request.user, recipient=data["recipient"], subject=data["subject"], body=data["body"],
                tasks=data["tasks"], milestones=data["milestones"], reply_working_days=data["reply_working_days"],
            )
        except ValidationError as exc:
            form.add_error(None, flash.error_text(exc))
        else:
            messages.success(request, f"督办单 {order.number} 已下发")
            return redirect("supervision:order_detail", pk=order.pk)
    return render(request, "supervision/order_form.html", {"form": form, "recipient": recipient})


@capability_required(cap.SUPERVISE, cap.REPORT_PROGRESS)
def order_detail(request, pk: int):
    order = get_for_user_or_404(SupervisionOrder.objects.select_related("recipient", "issuer", "replied_by"),
                                request.user, pk=pk)
    return render(request, "supervision/order_detail.html", {
        "order": order,
        "tasks": order.tasks.select_related("plan").annotate(**milestone_counts()),
        "milestones": order.milestones.select_related("task"),
        "transitions": order.transitions.select_related("actor", "case_type"),
        "can_reply": order.state in SupervisionOrder.OPEN_STATES and order.recipient_id == request.user.unit_id
        and has_capability(request.user, cap.REPORT_PROGRESS),
        "can_close": order.state == SupervisionOrder.State.REPLIED and has_capability(request.user, cap.SUPERVISE),
        "reply_form": forms.ReplyForm(),
        # The reply deadline, story and day-by-day trace: read only when the page's cached piece is rendered.
        "clocks": SimpleLazyObject(lambda: clocks.for_page(workflows.ORDER, order)),
    })


@require_POST
@capability_required(cap.REPORT_PROGRESS)
def order_reply(request, pk: int):
    order = get_for_user_or_404(SupervisionOrder, request.user, pk=pk)
    form = forms.ReplyForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, flash.form_errors_text(form))
    else:
        flash.call(request, services.reply_order, request.user, order, form.cleaned_data["text"],
                   files=form.cleaned_data["files"], links=form.link_list(), done="已回复督办单")
    return redirect("supervision:order_detail", pk=order.pk)


@require_POST
@capability_required(cap.SUPERVISE)
def order_close(request, pk: int):
    order = get_for_user_or_404(SupervisionOrder, request.user, pk=pk)
    flash.call(request, services.close_order, request.user, order, request.POST.get("reason", ""), done="督办单已办结")
    return redirect("supervision:order_detail", pk=order.pk)


@capability_required(cap.SUPERVISE, cap.REPORT_PROGRESS)
def order_docx(request, pk: int):
    order = get_for_user_or_404(SupervisionOrder.objects.select_related("recipient", "issuer"), request.user, pk=pk)
    response = HttpResponse(
        order_document(order),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    filename = f"督办通知单-{order.number}.docx"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


# ---------------------------------------------------------------------------------------------- settings

@capability_required(cap.SUPERVISE)
def settings_page(request):
    if request.user.unit is None:
        raise PermissionDenied("您的账号没有所属单位")
    jurisdiction = request.user.unit.jurisdiction()
    conf = services.settings_for(jurisdiction)
    initial = {
        "warn_working_days": conf.warn_working_days, "order_reply_working_days": conf.order_reply_working_days,
        "order_prefix": conf.order_prefix, "default_due": conf.default_due,
        "letterhead": conf.letterhead, "signer": conf.signer, "cc": conf.cc,
        "enforcement_units": list(Unit.objects.get_children(jurisdiction).filter(enforcement_powers=True)),
    }
    form = forms.SettingsForm(request.POST or None, initial=initial, jurisdiction=jurisdiction)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_settings(request.user, jurisdiction, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, flash.error_text(exc))
        else:
            messages.success(request, "设置已保存")
            return redirect("supervision:settings")
    return render(request, "supervision/settings.html", {
        "form": form, "jurisdiction": jurisdiction, "prefix": services.order_prefix(jurisdiction),
        "template_form": forms.OrderTemplateForm(), "placeholders": ORDER_NOTICE.placeholders,
        "own_template": WordTemplate.objects.filter(code=ORDER_NOTICE.code, jurisdiction=jurisdiction).exists(),
    })


@capability_required(cap.SUPERVISE)
def order_template(request):
    """GET: the template the jurisdiction's 督办通知单 are filled into (to edit); POST: upload or reset it."""
    if request.user.unit is None:
        raise PermissionDenied("您的账号没有所属单位")
    jurisdiction = request.user.unit.jurisdiction()
    if request.method == "POST":
        template_upload_or_reset(request, ORDER_NOTICE.code, jurisdiction)
        return redirect("supervision:settings")
    return template_download(ORDER_NOTICE.code, jurisdiction)
