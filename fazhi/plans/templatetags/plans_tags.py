from django import template

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
