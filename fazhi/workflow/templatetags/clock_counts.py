"""`{% clock_counts %}`: the 临期/逾期 card of the dashboards and the home page (fazhi.workflow.overdue)."""

from django import template

from fazhi.workflow.overdue import clock_counts as count

register = template.Library()


@register.inclusion_tag("workflow/_clock_counts.html", takes_context=True)
def clock_counts(context) -> dict:
    user = context["request"].user
    return {"counts": count(user) if user.is_authenticated else []}
