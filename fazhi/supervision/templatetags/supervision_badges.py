"""State badges of milestones and reports, written in Python: a task page shows one per milestone (a
county task has 150), and an `{% include %}` per badge was a fifth of the page's rendering."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

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
