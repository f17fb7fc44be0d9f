"""The office's supervision lists on the shared table (search, filters, sort, paging, Excel export), their
batch operations (accept several reports, remind several units) and the print pages (ledger, 通报)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_POST

from fazhi.core import capabilities as cap
from fazhi.core.models import Attachment, Unit
from fazhi.core.permissions import capability_required, has_capability
from fazhi.core.scopes import get_for_user_or_404
from fazhi.core.tables import ChoiceFilter, Column, DateRangeFilter, Table
from fazhi.plans.models import Plan
from fazhi.supervision import services, stats, todo, views_dashboard
from fazhi.supervision.models import Milestone, ProgressReport, SupervisionOrder, Task

BATCH_LIMIT = 200  # items per batch request: each is its own transaction and notification
# The tick-box and button columns of batch lists: on the page, never in the export.
SELECT = Column("select", "选择", export=False, accessor=lambda obj: "")
ACTION = Column("action", "操作", export=False, accessor=lambda obj: "")


def _ids(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.isdigit() and len(v) <= 9][:BATCH_LIMIT]


def _all_in_scope(queryset, ids: list[int]) -> list:
    """The chosen records, or 404 if any is outside the user's scope (as one record at a time would be)."""
    found = list(queryset)
    if len(found) != len(set(ids)):
        raise Http404("记录不存在或不在您的数据范围内")
    return found


def _unit_choices(queryset, field: str):
    """(id, name) of the units the rows belong to, for a unit filter."""
    return lambda: list(Unit.objects.filter(pk__in=queryset.values(field)).order_by("path").values_list("pk", "name"))


def _with_evidence_counts(reports: list[ProgressReport]) -> None:
    # Counted for the page's reports only (an annotation would group the whole queue first).
    counts = dict(Attachment.objects.filter(progress_report__in=reports).order_by().values_list("owner_id")
                  .annotate(n=Count("id")))
    for report in reports:
        report.evidence_count = counts.get(report.pk, 0)


# ------------------------------------------------------------------------------------------- 本单位待办

INBOX_TABS = {
    "open": ("待办", Q(state__in=Milestone.OPEN_STATES)),
    "closed": ("已完成", Q(state=Milestone.State.CLOSED)),
    "all": ("全部", ~Q(state=Milestone.State.CANCELLED)),
}


def _latest_report(m: Milestone) -> str:
    reports = m.reports.all()
    return f"{reports[0].get_state_display()} {reports[0].percent}%" if reports else "未报送"


@capability_required(cap.REPORT_PROGRESS)
def inbox(request):
    """The user's unit's milestones, soonest due first, with 临期/逾期 badges and the report in flight."""
    tab = request.GET.get("tab", "open")
    if tab not in INBOX_TABS:
        tab = "open"
    own = todo.unit_milestones(request.user)
    if own is None:
        own = Milestone.objects.none()
    milestones = (
        own.filter(INBOX_TABS[tab][1]).select_related("task__plan").defer(*Milestone.ROW_DEFERRED)
        # The row shows the latest report's state and percent only: leave its text (often pages long) unread.
        .prefetch_related(Prefetch("reports", queryset=ProgressReport.objects.only(
            "id", "milestone_id", "state", "percent", "created_at").order_by("-created_at")))
    )
    table = Table(
        milestones,
        columns=[
            Column("due_on", "截止日期", sortable=True, css="text-nowrap"),
            Column("task", "任务", accessor=lambda m: f"{m.task.label} {m.task.title}", sortable=True,
                   order_by="task__order", width=50),
            Column("label", "节点", width=16),
            Column("state", "状态", sortable=True),
            Column("report", "进展报告", accessor=_latest_report),
            ACTION,
        ],
        search=["task__title", "task__label", "label"],
        search_placeholder="任务内容或编号",
        filters=[
            ChoiceFilter("state", "状态", "state", choices=[
                (v, label) for v, label in Milestone.State.choices if v != Milestone.State.CANCELLED]),
            ChoiceFilter("plan", "方案", "plan_id", choices=lambda: list(
                Plan.objects.filter(pk__in=own.values("plan_id")).values_list("pk", "title"))),
        ],
        default_sort="due_on",
        per_page=50,
        dom_id="inbox-table",
        rows_template="supervision/_inbox_rows.html",
        empty_text="没有待办的时间节点" if tab == "open" else "没有时间节点",
        keep=("tab",),
        cache=True,
    ).from_request(request)
    # Counted only when the page's head is not in the fragment cache (inbox.html).
    counts = SimpleLazyObject(lambda: own.aggregate(
        due_soon=Count("id", filter=Q(state=Milestone.State.DUE_SOON)),
        overdue=Count("id", filter=Q(state=Milestone.State.OVERDUE)),
        open=Count("id", filter=Q(state__in=Milestone.OPEN_STATES)),
    ))
    orders = todo.orders_to_reply(request.user)
    orders = (orders if orders is not None else SupervisionOrder.objects.none()).order_by("reply_due_on")
    return table.respond(request, "supervision/inbox.html", {
        "tab": tab, "tabs": [(k, v[0]) for k, v in INBOX_TABS.items()], "counts": counts, "orders": orders,
    }, filename="本单位待办")


# ------------------------------------------------------------------------------------------- 报告审核

@capability_required(cap.SUPERVISE)
def review_queue(request):
    """Submitted reports waiting for the office (the menu's 待办 count is this list's length)."""
    reports = (todo.reports_to_review(request.user).select_related("unit", "milestone__task__plan", "author")
               .defer("milestone__task__plan__extraction"))
    table = Table(
        reports,
        columns=[
            SELECT,
            Column("submitted_at", "报送时间", sortable=True, css="text-nowrap small", width=18),
            Column("unit", "单位", accessor="unit.name", sortable=True, order_by="unit__path", width=24),
            Column("task", "任务", accessor=lambda r: f"{r.milestone.task.label} {r.milestone.task.title}",
                   sortable=True, order_by="milestone__task__order", width=50),
            Column("milestone", "节点", accessor="milestone.label", width=20),
            Column("due_on", "节点截止", accessor="milestone.due_on", sortable=True, order_by="milestone__due_on"),
            Column("percent", "进度（%）", sortable=True),
            Column("completed", "已完成"),
            Column("evidence", "佐证材料数", accessor="evidence_count"),
            ACTION,
        ],
        search=["milestone__task__title", "milestone__task__label", "unit__name", "text"],
        search_placeholder="任务、单位或报告内容",
        filters=[
            ChoiceFilter("unit", "单位", "unit_id", choices=_unit_choices(reports, "unit_id")),
            ChoiceFilter("plan", "方案", "milestone__plan_id", choices=lambda: list(
                Plan.objects.filter(pk__in=reports.values("milestone__plan_id")).values_list("pk", "title"))),
            DateRangeFilter("submitted", "报送日期", "submitted_at__date"),
        ],
        default_sort="submitted_at",
        per_page=50,
        dom_id="review-table",
        rows_template="supervision/_review_rows.html",
        empty_text="没有待审核的进展报告",
        prepare=_with_evidence_counts,
        cache=True,
    ).from_request(request)
    return table.respond(request, "supervision/review_queue.html", {"batch_limit": BATCH_LIMIT},
                         filename="待审核进展报告")


@require_POST
@capability_required(cap.SUPERVISE)
def review_batch(request):
    """Accept the ticked reports, each through the one-at-a-time service; show every report's result."""
    ids = _ids(request.POST.getlist("reports"))
    chosen = ProgressReport.objects.for_user(request.user).filter(pk__in=ids).select_related(
        "unit", "milestone__task").order_by("submitted_at", "id")
    if not ids:
        messages.error(request, "请先勾选要采纳的报告")
        return redirect("supervision:review_queue")
    results = services.accept_reports(request.user, _all_in_scope(chosen, ids), request.POST.get("comment", "").strip())
    done = sum(r.ok for r in results)
    return render(request, "supervision/batch_result.html", {
        "title": "批量采纳结果", "summary": f"采纳 {done} 份，未采纳 {len(results) - done} 份",
        "results": [(f"{r.obj.unit.name} · {r.obj.milestone.task.label} {r.obj.milestone.task.title}",
                     reverse("supervision:report_detail", args=[r.obj.pk]), r) for r in results],
        "back": reverse("supervision:review_queue"), "back_label": "返回报告审核",
    })


# ------------------------------------------------------------------------------------------- 督办单

ORDER_STATES = [("open", "待回复（含逾期）"), *SupervisionOrder.State.choices]


def _order_state(value: str) -> Q:
    return Q(state__in=SupervisionOrder.OPEN_STATES) if value == "open" else Q(state=value)


@capability_required(cap.SUPERVISE, cap.REPORT_PROGRESS)
def order_list(request):
    orders = SupervisionOrder.objects.for_user(request.user).select_related("recipient", "issuer").annotate(
        task_count=Count("tasks", distinct=True), milestone_count=Count("milestones", distinct=True))
    table = Table(
        orders,
        columns=[
            Column("number", "文号", sortable=True, css="text-nowrap",
                   link=lambda o: reverse("supervision:order_detail", args=[o.pk]), width=20),
            Column("subject", "事由", width=40),
            Column("recipient", "承办单位", accessor="recipient.name", sortable=True, order_by="recipient__path",
                   width=24),
            Column("issuer", "督办单位", accessor="issuer.name", width=24),
            Column("issued_on", "下发日期", sortable=True),
            Column("reply_due_on", "回复截止", sortable=True),
            Column("items", "事项", accessor=lambda o: f"{o.task_count} 项任务 / {o.milestone_count} 个节点"),
            Column("state", "状态", sortable=True),
        ],
        search=["number", "subject", "body", "recipient__name"],
        search_placeholder="文号、事由或承办单位",
        filters=[
            ChoiceFilter("state", "状态", choices=ORDER_STATES, method=_order_state),
            ChoiceFilter("recipient", "承办单位", "recipient_id", choices=_unit_choices(
                SupervisionOrder.objects.for_user(request.user), "recipient_id")),
            DateRangeFilter("issued", "下发日期", "issued_on"),
        ],
        default_sort="-issued_on",
        per_page=50,
        dom_id="order-table",
        rows_template="supervision/_order_rows.html",
        empty_text="没有督办单",
        cache=True,
    ).from_request(request)
    return table.respond(request, "supervision/order_list.html", {
        "can_issue": has_capability(request.user, cap.SUPERVISE),
    }, filename="督办单")


# ------------------------------------------------------------------------------------------- 提醒单位

def _units_to_remind(user):
    """Units in the user's scope with open milestones, most overdue first, with their counts."""
    open_ms = Milestone.objects.for_user(user).filter(state__in=Milestone.OPEN_STATES)
    return (
        Unit.objects.for_user(user).filter(Exists(open_ms.filter(unit=OuterRef("pk"))))
        .annotate(
            m_open=Count("milestones", filter=Q(milestones__state__in=Milestone.OPEN_STATES)),
            m_overdue=Count("milestones", filter=Q(milestones__state=Milestone.State.OVERDUE)),
            m_due_soon=Count("milestones", filter=Q(milestones__state=Milestone.State.DUE_SOON)),
        )
    )


@capability_required(cap.SUPERVISE)
def remind(request):
    """GET: units with unfinished milestones (filter, sort, export); POST: remind the ticked units at once."""
    if request.method == "POST":
        ids = _ids(request.POST.getlist("units"))
        if not ids:
            messages.error(request, "请先勾选要提醒的单位")
            return redirect("supervision:remind")
        units = _all_in_scope(Unit.objects.for_user(request.user).filter(pk__in=ids).order_by("path"), ids)
        results = services.remind_units(request.user, units, request.POST.get("message", ""))
        done = sum(r.ok for r in results)
        return render(request, "supervision/batch_result.html", {
            "title": "提醒结果", "summary": f"已提醒 {done} 个单位，未提醒 {len(results) - done} 个",
            "results": [(r.obj.name, "", r) for r in results],
            "back": reverse("supervision:remind"), "back_label": "返回提醒单位",
        })
    units = _units_to_remind(request.user)
    table = Table(
        units,
        columns=[
            SELECT,
            Column("name", "单位", sortable=True, order_by="path", width=30),
            Column("m_overdue", "逾期节点", sortable=True),
            Column("m_due_soon", "临期节点", sortable=True),
            Column("m_open", "未完成节点", sortable=True),
        ],
        search=["name"],
        search_placeholder="单位名称",
        filters=[ChoiceFilter("late", "情况", choices=[("overdue", "有逾期"), ("due_soon", "有临期")],
                              method=lambda v: Q(m_overdue__gt=0) if v == "overdue" else Q(m_due_soon__gt=0))],
        default_sort="-m_overdue",
        dom_id="remind-table",
        rows_template="supervision/_remind_rows.html",
        empty_text="没有有未完成节点的单位",
        cache=True,
    ).from_request(request)
    return table.respond(request, "supervision/remind.html", {"batch_limit": BATCH_LIMIT}, filename="待提醒单位")


# ------------------------------------------------------------------------------------------- 打印

@capability_required(cap.SUPERVISE, cap.VIEW_DASHBOARD)
def ledger_print(request, plan_id: int):
    """The plan's whole ledger on A4 paper: every task in order with units and milestone figures."""
    from fazhi.supervision.views import attach_unit_lines, milestone_counts, progress_text

    plan = get_for_user_or_404(Plan.objects.select_related("jurisdiction"), request.user, pk=plan_id)
    tasks = list(Task.objects.for_user(request.user).filter(plan=plan).annotate(**milestone_counts())
                 .order_by("order", "id"))
    attach_unit_lines(tasks)
    for task in tasks:
        task.progress_text = progress_text(task)
    return render(request, "supervision/ledger_print.html", {
        "plan": plan, "tasks": tasks, "printed_on": timezone.localdate(),
    })


@capability_required(cap.SUPERVISE, cap.VIEW_DASHBOARD)
def bulletin(request):
    """督查督办情况通报: the dashboard's figures per unit, worst first, as a page to print and circulate."""
    sel = views_dashboard.select(request)
    pairs = stats.milestone_rates(sel.base, "unit_plan", sel.as_of)
    if sel.plan_id:
        pairs = [r for r in pairs if r.extra["plan"] == sel.plan_id]
    unit_rows = [r for r in stats.worst_first(stats.merge(pairs, "unit")) if r.due]
    overdue = (stats.overdue_milestones(sel.milestones, sel.as_of).select_related("unit", "task")
               .order_by("due_on", "unit__path")[:100])
    plan = Plan.objects.for_user(request.user).filter(pk=sel.plan_id).first() if sel.plan_id else None
    return render(request, "supervision/bulletin.html", {
        "sel": sel, "plan": plan, "overall": stats.total(unit_rows),
        "rows": [views_dashboard.rate_figures(r) for r in unit_rows], "overdue": overdue,
        "region": sel.root.name if sel.root else "全部地区",
    })
