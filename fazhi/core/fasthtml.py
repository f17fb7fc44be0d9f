"""Django's `format_html` and `conditional_escape`, same output, without their per-value overhead.

The pages that write their rows in Python (the task page's milestones, units and reports, the ledger, the
plan text, the list tables, the select options) escape tens of thousands of values a view after a write.
Django's `escape` goes through `keep_lazy` (a check of every argument for a lazy string) and
`conditional_escape` through two more calls for each; here a plain `str` goes straight to the standard
library's `html.escape`, which is what Django's `escape` calls in the end.
"""

from __future__ import annotations

from html import escape as _escape
from typing import Any

from django.utils.functional import Promise
from django.utils.safestring import SafeString


def conditional_escape(value: Any) -> SafeString:
    """`django.utils.html.conditional_escape`: a value with `__html__` (safe strings) as it is, anything
    else as text with & < > " ' escaped."""
    if type(value) is str:
        return SafeString(_escape(value))
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return SafeString(_escape(str(value)))


def format_html(format_string: str, *args: Any) -> SafeString:
    """`django.utils.html.format_html` with positional arguments: each escaped unless already safe."""
    return SafeString(format_string.format(*map(conditional_escape, args)))


def escape(value: Any) -> SafeString:
    """`django.utils.html.escape`: escaped even when the value is already safe."""
    return SafeString(_escape(str(value)))
