"""The supervision dashboard (统计看板): outcome rates by unit, region, plan section and month, overdue list.

Figures come from `fazhi.supervision.stats` over the milestones the user may see (their scope), so a
county office sees its county, a reporting unit its own figures, a leader their jurisdiction. Every chart
bar leads somewhere: a unit or section to the list of the milestones it counted (`dashboard_milestones`),
a region to the same dashboard narrowed to that region, a plan to the dashboard of that plan.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.shortcuts import render
from django.utils import timezone

from fazhi.core import capabilities as cap
from fazhi.core.fragments import cached
from fazhi.core.models import DataScope, Level, Unit
from fazhi.core.permissions import capability_required, has_capability
from fazhi.core.tables import ChoiceFilter, Column, Table
from fazhi.core.templatetags.row_urls import row_url_of
from fazhi.supervision import stats
from fazhi.supervision.models import Milestone

UNIT_CHART_LIMIT = 15
REGION_CHART_LIMIT = 20
WIDE_SCOPE_UNITS = 300
LEVEL_LABELS = dict(Level.choices)
# The series of a rate chart: (rate attribute, label, status its bars drill down to).
RATE_SERIES = [
    ("on_time_rate", "按期完成率", "on_time"),
    ("completion_rate", "完成率", "closed"),
    ("missed_rate", "逾期率", "missed"),
    ("overdue_rate", "逾期未完成率", "overdue"),
]


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _chart_value(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)


def _url(name: str, **params) -> str:
    # Reversed once per route (`row_url_of`): the charts link every unit, region and month.
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return f"{row_url_of(name)}?{query}" if query else row_url_of(name)


@dataclass
class Selection:
    """What the dashboard (and its drill-down list) counts: scope, region, plan and the as-of date."""

    as_of: dt.date
    as_of_error: str = ""
    root: Unit | None = None  # the region looked at (the user's jurisdiction unless narrowed)
    narrowed: bool = False  # root chosen with ?region= (a drill-down), not the user's own
    level: str = ""
    levels: list[tuple[str, str]] = field(default_factory=list)
    plan_id: int | None = None
    base: QuerySet | None = None  # scoped and narrowed to the region, every plan
    milestones: QuerySet | None = None  # … and to the plan

    def params(self, **changes) -> dict:
        """The query parameters that reproduce this selection, with `changes` applied."""
        params = {
            "as_of": self.as_of.isoformat() if self.as_of != timezone.localdate() else "",
            "plan": self.plan_id or "",
            "region": self.root.pk if self.narrowed and self.root else "",
            "level": self.level,
        }
        params.update(changes)
        return {k: v for k, v in params.items() if v not in (None, "")}


def _int(raw: str | None) -> int | None:
    """A record id from the query string; anything else (or an id too long for the database) is None."""
    return int(raw) if raw and raw.isdigit() and len(raw) <= 9 else None


def _home_region(user) -> Unit | None:
    """The region a user's figures belong to: their unit's jurisdiction; None for the whole platform."""
    if user.is_superuser or user.data_scope == DataScope.ALL or user.unit is None:
        return None
    return user.unit.jurisdiction()


def select(request) -> Selection:
    """Read ?as_of=, ?region=, ?level= and ?plan= against the user's scope (unknown values are ignored)."""
    today = timezone.localdate()
    as_of, error = today, ""
    raw = request.GET.get("as_of", "").strip()
    if raw:
        try:
            as_of = dt.date.fromisoformat(raw)
        except ValueError:
            error = f"统计日期“{raw[:20]}”格式不正确，已按今天统计"
    sel = Selection(as_of=as_of, as_of_error=error)
    milestones = Milestone.objects.for_user(request.user)
    region_id = _int(request.GET.get("region"))
    if region_id is not None:
        sel.root = Unit.objects.for_user(request.user).filter(pk=region_id, kind=Unit.Kind.REGION).first()
        sel.narrowed = sel.root is not None
    if sel.root is None:
        sel.root = _home_region(request.user)
    if sel.narrowed:
        milestones = milestones.filter(unit__path__startswith=sel.root.path)
    below = stats.region_levels_below(sel.root.level if sel.root else None)
    sel.levels = [(lv, LEVEL_LABELS[lv]) for lv in below]
    wanted = request.GET.get("level", "")
    sel.level = wanted if wanted in below else (below[0] if below else "")
    sel.base = milestones
    sel.plan_id = _int(request.GET.get("plan"))
    sel.milestones = milestones.filter(plan_id=sel.plan_id) if sel.plan_id else milestones
    return sel


# --------------------------------------------------------------------------------------------- tables


def _task_url(m: Milestone) -> str:
    return row_url_of("supervision:task_detail", m.task_id)


def _days_late(m: Milestone, as_of: dt.date) -> int | None:
    """Days past the deadline: until as_of for an open milestone, until completion for a late one."""
    status = stats.status_as_of(m, as_of)
    if status == "overdue":
        return (as_of - m.due_on).days
    if status == "late" and m.completed_on:
        return (m.completed_on - m.due_on).days
    return None


def milestone_columns(as_of: dt.date) -> list[Column]:
    return [
        Column("task", "任务", accessor=lambda m: str(m.task), link=_task_url, width=50),
        Column("label", "节点", width=16, css="text-nowrap"),
        Column("unit", "报送单位", accessor="unit.name", sortable=True, order_by="unit__path", width=24),
        Column("due_on", "截止日期", sortable=True, width=12, css="text-nowrap"),
        Column("completed_on", "完成日期", sortable=True, width=12, css="text-nowrap"),
        Column(
            "as_of_status",
            "截至统计日",
            accessor=lambda m: stats.STATUS_LABELS.get(stats.status_as_of(m, as_of), "已取消"),
            width=12,
            css="text-nowrap",
        ),
        Column("days_late", "超期天数", accessor=lambda m: _days_late(m, as_of), width=10, css="text-end"),
        Column("plan", "方案", accessor="task.plan.title", width=30, css="small text-secondary"),
    ]


class SelectionTable(Table):
    """A `Table` whose filter form carries the dashboard's selection along (plan, date, region, …)."""

    def __init__(self, *args, carried: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.carried = carried

    @property
    def kept_params(self) -> list[tuple[str, str]]:
        return super().kept_params + self.carried


# What a row of `milestone_columns` reads, and nothing more: the three joined rows in full (a unit has
# twenty columns, a plan sixteen) were half the cost of the dashboard's overdue table. The status as of the
# date is worked out per row (`stats.status_as_of`), not annotated as a CASE in the query.
ROW_FIELDS = ("task_id", "label", "state", "outcome", "due_on", "completed_on", "unit__name", "task__label",
              "task__title", "task__plan__title")


def _milestone_rows(milestones: QuerySet) -> QuerySet:
    return milestones.select_related("task__plan", "unit").only(*ROW_FIELDS)


class CountedQuerySet(QuerySet):
    """A queryset whose number of rows is already known, e.g. the overdue milestones the dashboard's
    unit × plan aggregate has just counted, so the overdue table's paginator need not count them again
    (on a province that count is a second scan of every milestone).

    The known count survives re-ordering (the table's sort) and slicing only: any `filter()` (the
    table's search) makes a plain clone that counts in the database.
    """

    known_count: int | None = None

    def count(self) -> int:
        if self.known_count is not None and self._result_cache is None:
            return self.known_count
        return super().count()

    def order_by(self, *field_names) -> CountedQuerySet:
        clone = super().order_by(*field_names)
        clone.known_count = self.known_count
        return clone


def with_known_count(queryset: QuerySet, count: int) -> CountedQuerySet:
    """`queryset` as a `CountedQuerySet` that answers `count()` with `count` (see the class)."""
    counted = CountedQuerySet(model=queryset.model, query=queryset.query.chain(), using=queryset.db)
    counted.known_count = count
    return counted


# --------------------------------------------------------------------------------------------- charts


def _rate_chart(rows: list[stats.RateRow], url_for) -> dict:
    """The JSON a rate bar chart of dashboard.js reads: labels, drill URLs, series in percent, counts."""
    return {
        "kind": "rates",
        "labels": [r.label for r in rows],
        "urls": [url_for(r) for r in rows],
        "series": [
            {"name": label, "status": status, "data": [_chart_value(getattr(r, attr)) for r in rows]}
            for attr, label, status in RATE_SERIES
        ],
        "counts": [{"due": r.due, "on_time": r.on_time, "late": r.late, "overdue": r.overdue} for r in rows],
    }


def _trend_chart(months: list[stats.MonthRow], sel: Selection) -> dict:
    labels = [f"{m.month:%Y-%m}" for m in months]
    return {
        "kind": "trend",
        "labels": labels,
        "urls": [_url("supervision:dashboard_milestones", **sel.params(month=label)) for label in labels],
        "series": [
            {"name": "按期完成", "status": "on_time", "data": [m.on_time for m in months]},
            {"name": "逾期完成", "status": "late", "data": [m.late for m in months]},
            {"name": "到期未完成", "status": "unfinished", "data": [m.open for m in months]},
        ],
        "rate": {"name": "按期完成率", "data": [_chart_value(m.on_time_rate) for m in months]},
    }


def _region_url(row: stats.RateRow, sel: Selection) -> str:
    """A region with regions below it opens its own dashboard; a town or a 本级 row lists its milestones."""
    if not row.own_level and stats.region_levels_below(row.unit.level):
        below = stats.region_levels_below(row.unit.level)
        return _url("supervision:dashboard", **sel.params(region=row.key, level=below[0]))
    return _url("supervision:dashboard_milestones", **sel.params(bucket=row.key))


def _kpis(total: stats.RateRow, sel: Selection) -> list[dict]:
    def link(status: str) -> str:
        return _url("supervision:dashboard_milestones", **sel.params(status=status))

    return [
        {
            "label": "应完成节点",
            "value": total.due,
            "note": f"全部 {total.total} 个，未到期 {total.upcoming + total.ahead}",
            "url": link("due"),
            "css": "",
        },
        {
            "label": "完成率",
            "value": _percent(total.completion_rate),
            "note": f"已完成 {total.completed}",
            "url": link("closed"),
            "css": "text-primary",
        },
        {
            "label": "按期完成率",
            "value": _percent(total.on_time_rate),
            "note": f"按期完成 {total.on_time}",
            "url": link("on_time"),
            "css": "text-success",
        },
        {
            "label": "逾期率",
            "value": _percent(total.missed_rate),
            "note": f"逾期完成 {total.late} + 逾期未完成 {total.overdue}",
            "url": link("missed"),
            "css": "text-danger",
        },
        {
            "label": "逾期未完成率",
            "value": _percent(total.overdue_rate),
            "note": f"逾期未完成 {total.overdue}",
            "url": link("overdue"),
            "css": "text-danger",
        },
        {
            "label": "逾期完成",
            "value": total.late,
            "note": "完成时已过截止日期",
            "url": link("late"),
            "css": "text-warning",
        },
        {
            "label": "提前完成",
            "value": total.ahead,
            "note": "截止日期未到已完成",
            "url": link("ahead"),
            "css": "",
        },
    ]


def rate_figures(row: stats.RateRow) -> dict:
    return {"row": row, "completion": _percent(row.completion_rate), "on_time": _percent(row.on_time_rate),
            "missed": _percent(row.missed_rate)}


@capability_required(cap.SUPERVISE, cap.VIEW_DASHBOARD, cap.REPORT_PROGRESS)
def dashboard(request):
    sel = select(request)
    as_of = sel.as_of
    overdue = _milestone_rows(stats.overdue_milestones(sel.milestones, as_of))

    def overdue_table(queryset: QuerySet) -> SelectionTable:
        return SelectionTable(
            queryset,
            columns=milestone_columns(as_of),
            search=["task__title", "task__label", "unit__name"],
            search_placeholder="任务或单位",
            default_sort="due_on",
            dom_id="overdue-table",
            empty_text="没有逾期未完成的节点",
            carried=list(sel.params().items()),
            cache=True,
        ).from_request(request)

    partial = (
        request.headers.get("HX-Request") == "true" and request.headers.get("HX-Target") == "overdue-table"
    )
    if partial or request.GET.get("export") == "xlsx":
        # The table alone (htmx paging, sorting, search) or its export: no figures needed.
        table = overdue_table(overdue)
        return table.respond(request, "supervision/dashboard.html", {}, filename="逾期未完成节点")

    # The figures change only with a write or the date: kept in the fragment cache (`fazhi.core.fragments`),
    # like the rendered page below them (dashboard.html).
    figures = cached(request, "dashboard-figures", (request.GET.urlencode(),), lambda: _figures(request, sel))
    # The overdue list is exactly the `overdue` count of these figures (same milestones, same filter), so its
    # paginator takes that number instead of counting the milestones again; a search counts for itself.
    table = overdue_table(with_known_count(overdue, figures["overall"].overdue))
    return render(request, "supervision/dashboard.html", {
        **figures,
        "sel": sel,
        "table": table,
        "kpis": _kpis(figures["overall"], sel),
        "definitions": stats.RATE_DEFINITIONS,
        "unit_limit": UNIT_CHART_LIMIT,
        "region_limit": REGION_CHART_LIMIT,
        "home_url": _url("supervision:dashboard", **sel.params(region="", level="")),
        "status_labels": stats.STATUS_LABELS,
        "can_print": has_capability(request.user, cap.SUPERVISE) or has_capability(request.user, cap.VIEW_DASHBOARD),
        "can_remind": has_capability(request.user, cap.SUPERVISE),
    })


def _figures(request, sel: Selection) -> dict:
    """The dashboard's figures and charts for the selection (plain values, so they can be cached)."""
    as_of = sel.as_of
    # One aggregate query gives the unit, plan, region and total figures (see stats.milestone_rates).
    # … and, from the same rows, the per-task figures (the lead's milestones: `stats.task_rates`).
    pairs = stats.milestone_rates(sel.base, "unit_plan", as_of, with_tasks=True)
    plan_rows = stats.merge(pairs, "plan")
    plan = next((r for r in plan_rows if r.key == sel.plan_id), None)
    if sel.plan_id:
        pairs = [r for r in pairs if r.extra["plan"] == sel.plan_id]
    unit_rows = stats.merge(pairs, "unit")
    overall = stats.total(unit_rows)
    worst_units = stats.worst_first(unit_rows)
    region_rows = stats.worst_first(stats.rows_by_region(unit_rows, sel.level or None))
    if sel.plan_id:
        part_rows = [r for r in stats.milestone_rates(sel.milestones, "section", as_of) if r.due]
        part_chart = _rate_chart(
            part_rows,
            lambda r: _url("supervision:dashboard_milestones", **sel.params(section=r.extra["section"])),
        )
    else:
        part_rows = [r for r in plan_rows if r.due]
        part_chart = _rate_chart(part_rows, lambda r: _url("supervision:dashboard", **sel.params(plan=r.key)))
    # A wide scope reads the trend's window through the deadline index; a county's starts from its units.
    wide = len(unit_rows) > WIDE_SCOPE_UNITS
    months = stats.monthly_outcomes(sel.milestones, as_of, wide=wide) if overall.due else []

    unit_chart = _rate_chart(
        worst_units[:UNIT_CHART_LIMIT],
        lambda r: _url("supervision:dashboard_milestones", **sel.params(unit=r.key)),
    )
    region_chart = _rate_chart(region_rows[:REGION_CHART_LIMIT], lambda r: _region_url(r, sel))
    trail = []
    if sel.narrowed and sel.root is not None:
        home = _home_region(request.user)
        ancestors = Unit.objects.filter(
            kind=Unit.Kind.REGION,
            path__in=[sel.root.path[:i] for i in range(Unit.steplen, len(sel.root.path), Unit.steplen)],
        )
        if home is not None:
            ancestors = ancestors.filter(path__startswith=home.path)
        trail = [
            (u.name, _url("supervision:dashboard", **sel.params(region=u.pk, level=""))) for u in ancestors
        ]
    return {
        "plan": plan,
        "plans": plan_rows,
        "overall": overall,
        "by_task": rate_figures(stats.task_total(pairs)) if overall.total else None,
        "unit_chart": unit_chart,
        "unit_count": len(worst_units),
        "region_chart": region_chart,
        "region_count": len(region_rows),
        "show_regions": len(region_rows) > 1 or any(not r.own_level for r in region_rows),
        "part_chart": part_chart,
        "part_count": len(part_rows),
        "trend_chart": _trend_chart(months, sel),
        "has_trend": any(m.due for m in months),
        "trail": trail,
    }


# --------------------------------------------------------------------------------------------- drill-down


def _month(raw: str) -> tuple[dt.date, dt.date] | None:
    try:
        start = dt.date.fromisoformat(f"{raw}-01")
    except ValueError:
        return None
    nxt = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return start, nxt - dt.timedelta(days=1)


@capability_required(cap.SUPERVISE, cap.VIEW_DASHBOARD, cap.REPORT_PROGRESS)
def dashboard_milestones(request):
    """The milestones behind a figure: one unit, region (or its 本级), plan section or month, by status."""
    sel = select(request)
    as_of = sel.as_of
    milestones = stats.live(sel.milestones)
    context: list[str] = []
    carried = sel.params()
    unit_id = _int(request.GET.get("unit"))
    if unit_id is not None:
        unit = Unit.objects.for_user(request.user).filter(pk=unit_id).first()
        milestones = milestones.filter(unit_id=unit.pk) if unit else milestones.none()
        context.append(unit.name if unit else "（不在数据范围内的单位）")
        carried["unit"] = unit_id
    bucket_id = _int(request.GET.get("bucket"))
    if bucket_id is not None:
        # A row of the region chart: a region of the chosen level, or a region's own units (本级).
        bucket = Unit.objects.for_user(request.user).filter(pk=bucket_id, kind=Unit.Kind.REGION).first()
        if bucket is None:
            milestones = milestones.none()
            context.append("（不在数据范围内的区域）")
        else:
            level = sel.level or bucket.level
            milestones = milestones.filter(stats.region_bucket_q(bucket, level))
            context.append(bucket.name if bucket.level == level else f"{bucket.name}本级")
        carried["bucket"] = bucket_id
    elif sel.narrowed and sel.root is not None:
        context.append(sel.root.name)
    section = request.GET.get("section", "")
    if section and sel.plan_id:
        milestones = milestones.filter(task__item__path__0=section)
        context.append(f"第{section}部分" if section[-1] in stats.CHINESE_NUMERALS else section)
        carried["section"] = section
    month = _month(request.GET.get("month", ""))
    if month:
        milestones = milestones.filter(due_on__gte=month[0], due_on__lte=month[1])
        context.append(f"{month[0]:%Y年%m月}到期")
        carried["month"] = request.GET["month"]
    table = SelectionTable(
        _milestone_rows(milestones),
        columns=milestone_columns(as_of),
        search=["task__title", "task__label", "unit__name"],
        search_placeholder="任务或单位",
        filters=[
            ChoiceFilter(
                "status",
                "截至统计日",
                choices=list(stats.STATUS_LABELS.items()),
                method=lambda v: stats.status_q(v, as_of),
            )
        ],
        default_sort="due_on",
        dom_id="milestone-table",
        empty_text="没有符合条件的节点",
        carried=[(k, str(v)) for k, v in carried.items()],
        cache=True,
    ).from_request(request)
    plan_title = ""
    if sel.plan_id:
        plan_title = (
            sel.base.filter(plan_id=sel.plan_id).values_list("plan__title", flat=True).first()
        )
    status = request.GET.get("status", "")
    return table.respond(
        request,
        "supervision/dashboard_milestones.html",
        {
            "sel": sel,
            "context_parts": context,
            "plan_title": plan_title or "",
            "status_label": stats.STATUS_LABELS.get(status, ""),
            "back_url": _url("supervision:dashboard", **sel.params()),
        },
        filename="节点明细",
    )
