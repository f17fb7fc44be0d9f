"""`{% row_url "app:name" pk … %}`: `{% url %}` for the links of list rows, whose arguments are record ids.

Django's `reverse` walks the URL resolver on every call; a task page links each of its 150 milestones
and reports, and the reversing was a tenth of its rendering. The route is reversed once per name with
marker ids, and each row's link is that text with its ids put in.
"""

from __future__ import annotations

from functools import cache

from django import template
from django.urls import get_script_prefix, reverse

register = template.Library()

MARKERS = (987654321, 987654322, 987654323)  # ids no route here takes as literal text


@cache
def _pattern(name: str, arity: int, prefix: str) -> str:
    return reverse(name, args=MARKERS[:arity])


def row_url_of(name: str, *ids: int) -> str:
    url = _pattern(name, len(ids), get_script_prefix())
    for marker, value in zip(MARKERS, ids, strict=False):
        url = url.replace(str(marker), str(int(value)), 1)
    return url


@register.simple_tag
def row_url(name: str, *ids: int) -> str:
    return row_url_of(name, *ids)
