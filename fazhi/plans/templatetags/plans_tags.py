from django import template
from django.utils.safestring import SafeString, mark_safe

from fazhi.core.fasthtml import conditional_escape, format_html
from fazhi.plans import display

register = template.Library()


@register.filter
def deadline_label(deadline: dict) -> str:
    return display.deadline_label(deadline)


@register.filter
def target_label(target: dict) -> str:
    return display.target_label(target)


@register.filter
def indent(depth: int) -> int:
    """Left padding in rem for an item at `depth` (1 = top level)."""
    return max(0, (int(depth or 1) - 1)) * 1.5


def _unit_badge(u) -> str:
    if u["unit"]:
        where = format_html(" → {}", u["unit"].name)
    elif u["state"] == "collective":
        where = "（集合称谓，由任务台账展开）"
    elif u["state"] == "left":
        where = "（暂不解析，列为待办）"
    else:
        where = "（未解析）"
    warn = mark_safe(' <i class="bi bi-exclamation-triangle-fill"></i>') if u["state"] == "unresolved" else ""
    tail = {"collective": mark_safe(" <small>集合</small>"), "left": mark_safe(" <small>待办</small>")}.get(u["state"], "")
    return format_html('<span class="badge unit-badge role-{} state-{}" title="{}单位{}">{}{} {}{}</span>',
                       u["role"], u["state"], u["role_label"], where, u["role_label"], warn, u["name"], tail)


def _segments(segments) -> str:
    return "".join(format_html('<span class="hl-{}">{}</span>', kind, piece) if kind else conditional_escape(piece)
                   for kind, piece in segments)


@register.simple_tag
def plan_rows(rows) -> SafeString:
    """The plan page's item tree (`plans/plan_detail.html`), written here: a plan of 200 items with their
    unit badges through `{% include %}`s was the largest part of the page's cold rendering."""
    html = []
    for row in rows:
        item = row["item"]
        title = format_html('<strong class="item-title">{}</strong>', item.title) if item.title else ""
        text = format_html('<div class="item-text">{}\n</div>', mark_safe(_segments(row["segments"]))) if item.text else ""
        facts = ""
        if row["units"] or row["deadlines"] or row["targets"]:
            badges = "".join(_unit_badge(u) + " " for u in row["units"])
            badges += "".join(format_html('<span class="badge fact-deadline"><i class="bi bi-alarm"></i> {}</span> ', d)
                              for d in row["deadlines"])
            badges += "".join(format_html('<span class="badge fact-target"><i class="bi bi-bullseye"></i> {}</span> ', t)
                              for t in row["targets"])
            facts = format_html('<div class="item-facts mt-1">{}</div>', mark_safe(badges))
        html.append(format_html(
            '<div class="plan-item depth-{}" id="plan-item-{}" style="margin-left: {}rem">'
            '<div class="d-flex align-items-start gap-2"><span class="item-path">{}</span>'
            '<div class="flex-grow-1">{}{}{}</div></div></div>',
            row["depth"], item.pk, indent(row["depth"]), item.display_path, title, text, facts,
        ))
    return mark_safe("\n".join(html))  # noqa: S308 (built with format_html above)
