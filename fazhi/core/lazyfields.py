"""The fields of a form that sits folded in a <details> (新增时间节点, 添加关系 …), sent when the user opens it.

The page carries the folded form with its CSRF token and a placeholder (`core/_lazy_fields.html`); opening
the <details> asks the form's fields view once (htmx, `toggle once`) and the answer replaces the
placeholder, so the open form is the same HTML as when the page rendered the fields itself. Most views of
these pages never open the form, and its select lists (a county's units, its documents) cost 2–5 ms CPU
to build and render on every view after a write.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.template.loader import render_to_string


def fields_response(request, template_name: str, context: dict[str, Any]) -> HttpResponse:
    """The fields template rendered with `request` in its context (the `{% fragment %}` cache key needs
    the viewer) but without the context processors: a piece of a form needs no menu or 待办 counts."""
    return HttpResponse(render_to_string(template_name, {"request": request, **context}))
