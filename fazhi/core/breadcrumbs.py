"""Breadcrumbs that follow where the user came from and link only to pages the user may open.

A page reached from several places (a task from the ledger, the unit's inbox, the dashboard or a
督办单) offers one trail per way in. The trail shown is the one whose last page is where the user came
from (the Referer, sent same-origin only by the referrer policy), else the first the user may open.
A trail with a page the user may not open (a leader has no 本单位待办) is never shown, so a breadcrumb
never leads to a 403.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve

from fazhi.core.permissions import has_capability


@dataclass(frozen=True)
class Crumb:
    label: str
    url: str
    # Whether the user's data scope reaches the record behind the page (capabilities are checked apart).
    in_scope: Callable[[], bool] | None = None


def may_open(user, crumb: Crumb) -> bool:
    """The user holds one of the capabilities the page's view requires, and its record is in scope."""
    try:
        view = resolve(urlsplit(crumb.url).path).func
    except Resolver404:
        return False
    needed = getattr(view, "required_capabilities", ())
    if needed and not any(has_capability(user, c) for c in needed):
        return False
    return crumb.in_scope is None or crumb.in_scope()


def _came_from(request) -> str:
    referer = request.headers.get("Referer", "")
    if not referer:
        return ""
    parts = urlsplit(referer)
    if parts.netloc and parts.netloc != request.get_host():
        return ""
    return parts.path


def choose_trail(request, trails: Sequence[Sequence[Crumb]]) -> list[Crumb]:
    """The trail to show: the openable one ending where the user came from, else the first openable one.

    When the user came from the trail's last page, that crumb keeps the query string the user had
    (filters, page), so the breadcrumb returns to the same list.
    """
    openable = [list(t) for t in trails if all(may_open(request.user, c) for c in t)]
    if not openable:
        return []
    came_from = _came_from(request)
    for trail in openable:
        if came_from and trail and urlsplit(trail[-1].url).path == came_from:
            referer = urlsplit(request.headers["Referer"])
            last = trail[-1]
            trail[-1] = Crumb(last.label, referer.path + (f"?{referer.query}" if referer.query else ""))
            return trail
    return openable[0]
