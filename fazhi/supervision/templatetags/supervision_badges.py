"""State badges of milestones and reports, written in Python: a task page shows one per milestone (a
county task has 150), and an `{% include %}` per badge was a fifth of the page's rendering."""

from __future__ import annotations

from django import template
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime

from fazhi.core.fasthtml import format_html

register = template.Library()

PROVISIONAL = mark_safe(' <span class="badge text-bg-light border text-secondary" '
                        'title="超出工作日历已录入年份，日期暂定">暂定</span>')
MILESTONE = {
    "overdue": mark_safe('<span class="badge text-bg-danger">逾期</span>'),
    "due_soon": mark_safe('<span class="badge text-bg-warning">临期</span>'),
    "cancelled": mark_safe('<span class="badge text-bg-light text-secondary border">已取消</span>'),
    "open": mark_safe('<span class="badge text-bg-primary">进行中</span>'),
}
REPORT = {
    "submitted": mark_safe('<span class="badge text-bg-info">待审核</span>'),
    "returned": mark_safe('<span class="badge text-bg-warning">已退回</span>'),
    "accepted": mark_safe('<span class="badge text-bg-success">已采纳</span>'),
    "draft": mark_safe('<span class="badge text-bg-secondary">草稿</span>'),
}


@register.simple_tag
def milestone_badge(m) -> SafeString:
    """进行中 / 临期 / 逾期 / 按期完成 / 逾期完成 / 已取消, and 暂定 where the date is provisional."""
    if m.state == "closed":
        css = "text-bg-secondary" if m.outcome == "late" else "text-bg-success"
        badge = format_html('<span class="badge {}">{}</span>', css, m.get_outcome_display())
    else:
        badge = MILESTONE.get(m.state, MILESTONE["open"])
    return badge + PROVISIONAL if m.due_provisional else badge


@register.simple_tag
def report_badge(r) -> SafeString:
    return REPORT.get(r.state, REPORT["draft"])


def _day(value) -> str:
    return value.isoformat() if value else ""


def _latest_reports(milestones) -> dict[int, tuple[int, str, int]]:
    """Milestone id → (id, state, percent) of its latest report, as plain values: a report per row as a
    model (the prefetch this replaces) cost more than the row itself."""
    from fazhi.supervision.models import ProgressReport

    latest: dict[int, tuple[int, str, int]] = {}
    reports = ProgressReport.objects.filter(milestone_id__in=[m.pk for m in milestones]).order_by("-created_at")
    for milestone_id, *report in reports.values_list("milestone_id", "id", "state", "percent"):
        latest.setdefault(milestone_id, tuple(report))
    return latest


@register.simple_tag
def milestone_rows(milestones, user_unit_id, can_supervise) -> SafeString:
    """The task page's milestone rows (`supervision/task_detail.html`), written here rather than in a
    template loop: a county task has ~150 rows, and the loop was a third of the page's cold rendering. Each
    milestone comes annotated with its `unit_name` (views.task_detail)."""
    from fazhi.core.templatetags.row_urls import row_url_of

    order_new = reverse("supervision:order_new")
    latest = _latest_reports(milestones)
    rows = []
    for m in milestones:
        moved = format_html('<div class="text-secondary">原定 {}</div>', _day(m.planned_due_on)) if m.due_moved else ""
        r = latest.get(m.pk)
        if r is not None:
            report_pk, report_state, percent = r
            report = format_html('<a href="{}">{}</a> <span class="small">{}%</span>',
                                 row_url_of("supervision:report_detail", report_pk),
                                 REPORT.get(report_state, REPORT["draft"]), percent)
        else:
            report = mark_safe('<span class="text-secondary small">—</span>')
        action = ""
        if m.is_open and m.unit_id == user_unit_id:
            action = format_html('<a class="btn btn-sm btn-outline-primary" href="{}">报送进展</a>',
                                 row_url_of("supervision:report_new", m.pk))
        elif m.is_open and can_supervise:
            action = format_html('<a class="btn btn-sm btn-outline-danger" href="{}?recipient={}&milestone={}">督办</a>',
                                 order_new, m.unit_id, m.pk)
        rows.append(format_html(
            '<tr><td class="small"><a href="{}">{}</a></td><td class="small">{}</td>'
            '<td class="text-nowrap small" title="提醒日期 {}">{}{}</td><td>{}</td><td>{}</td>'
            '<td class="text-end text-nowrap">{}</td></tr>',
            row_url_of("supervision:milestone_detail", m.pk), m.label, m.unit_name, _day(m.warn_on), _day(m.due_on),
            moved, milestone_badge(m), report, action,
        ))
    if not rows:
        return mark_safe('<tr><td colspan="6" class="text-secondary">没有时间节点</td></tr>')
    return mark_safe("\n".join(rows))


@register.simple_tag
def report_items(reports) -> SafeString:
    """The task page's report list, written here for the same reason as `milestone_rows`; each report comes
    annotated with `unit_name`, `milestone_label`, `author_full_name` and `author_username` (views.task_detail)."""
    from fazhi.core.templatetags.row_urls import row_url_of

    items = []
    for r in reports:
        when = date_filter(template_localtime(r.created_at), "Y-m-d H:i")
        # The author as User.__str__ writes it (full name, else username); none for a report without one.
        author = (r.author_full_name or r.author_username) if r.author_id else ""
        items.append(format_html(
            '<li class="list-group-item"><div class="d-flex justify-content-between"><a href="{}">{} · {}</a>{}</div>'
            '<div class="text-secondary">{}{} · 进度 {}%{}</div>{}</li>',
            row_url_of("supervision:report_detail", r.pk), r.unit_name, r.milestone_label, report_badge(r),
            when, format_html(" · {}", author) if author else "", r.percent, " · 已完成" if r.completed else "",
            format_html("<div>审核意见：{}</div>", r.review_comment) if r.review_comment else "",
        ))
    if not items:
        return mark_safe('<li class="list-group-item text-secondary">尚无报告</li>')
    return mark_safe("\n".join(items))


@register.simple_tag
def ledger_rows(table, can_supervise) -> SafeString:
    """The plan ledger's rows (`supervision/_ledger_rows.html`), one per task, written here: a ledger page
    shows 50 tasks, and the template loop over them was a third of the page's cold rendering."""
    from fazhi.core.templatetags.row_urls import row_url_of

    rows = []
    for row in table.rows:
        task = row.obj
        notes = mark_safe("")
        if task.targets:
            notes += format_html('<div class="small text-secondary"><i class="bi bi-bullseye"></i> {}</div>',
                                 "；".join(task.target_texts))
        if task.unresolved_names:
            notes += format_html('<div class="small text-danger"><i class="bi bi-exclamation-triangle"></i> 待指定：{}</div>',
                                 "、".join(task.unresolved_names))
        if task.m_total:
            progress = format_html('<div class="d-flex align-items-center gap-2 small"><span class="text-nowrap">{}/{}</span>',
                                   task.m_closed, task.m_total)
            if task.m_overdue:
                progress += format_html('<span class="badge text-bg-danger">逾期 {}</span>', task.m_overdue)
            if task.m_due_soon:
                progress += format_html('<span class="badge text-bg-warning">临期 {}</span>', task.m_due_soon)
            if task.m_closed == task.m_total:
                progress += mark_safe('<span class="badge text-bg-success">已完成</span>')
            progress += mark_safe("</div>")
        else:
            progress = format_html('<span class="text-secondary small">{}</span>',
                                   "待登记触发事件" if task.deadlines else "无时间节点")
        rows.append(format_html(
            '<tr><td class="text-nowrap small">{}</td><td><a href="{}">{}</a>{}</td><td class="small">{}</td>'
            '<td>{}</td><td class="text-nowrap small">{}</td></tr>',
            task.label, row_url_of("supervision:task_detail", task.pk), task.title, notes, task.units_html,
            progress, _day(task.m_next_due) or "—",
        ))
    if not rows:
        hint = "，请点击“重新生成台账”" if can_supervise and not table.is_filtered else ""
        return format_html('<tr><td colspan="5" class="text-secondary text-center py-3">{}{}</td></tr>',
                           table.empty_text, hint)
    return mark_safe("\n".join(rows))


@register.simple_tag
def task_unit_items(task, units, can_supervise) -> SafeString:
    """The task page's list of its units (`supervision/task_detail.html`), written here for the reason of
    `milestone_rows`: a county task names dozens of units (各镇、各部门). Each comes annotated with its
    `unit_name` (views.task_detail)."""
    from fazhi.core.templatetags.row_urls import row_url_of

    sources = {"collective": None, "manual": "（人工添加）", "office": "（原文未指定，默认由办公室承担）"}
    items = []
    for tu in units:
        live = tu.removed_at is None
        pick = can_supervise and live
        checkbox = format_html('<input class="form-check-input flex-shrink-0" type="checkbox" name="task_units" '
                               'value="{}" id="tu-{}" aria-label="选择{}">', tu.pk, tu.pk, tu.unit_name) if pick else ""
        if tu.source == "collective":
            source = format_html('<span class="text-secondary">（由“{}”展开）</span>', tu.via)
        elif tu.source in sources:
            source = format_html('<span class="text-secondary">{}</span>', sources[tu.source])
        else:
            source = ""
        removed = "" if live else format_html(
            '<span class="text-secondary">· {} 移除</span>', date_filter(template_localtime(tu.removed_at), "Y-m-d"))
        button = format_html(
            '<button class="btn btn-sm btn-link text-danger p-0" title="移除" formaction="{}" '
            'data-confirm="从任务中移除“{}”？其未完成的时间节点将取消。">移除</button>',
            row_url_of("supervision:task_unit_remove", task.pk, tu.pk), tu.unit_name) if pick else ""
        items.append(format_html(
            '<li class="list-group-item d-flex justify-content-between align-items-center gap-2{}">{}'
            '<label class="flex-grow-1"{}><span class="badge text-bg-light border">{}</span> {}\n{}\n{}</label>{}</li>',
            "" if live else " text-decoration-line-through text-secondary", checkbox,
            format_html(' for="tu-{}"', tu.pk) if pick else "", tu.get_role_display(), tu.unit_name,
            source, removed, button,
        ))
    return mark_safe("\n".join(items))
