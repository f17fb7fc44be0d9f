"""Cached page fragments: what a page computes or renders that is costly, kept until the next write its viewer can see.

A ledger, a task page or the dashboard shows the same figures and rows on every view until someone
writes; rendering them again each time was most of those pages' cost. A fragment is kept in the cache
under a key made of

- its name and the parts the caller adds (the record shown, the query string …);
- the **viewer**: the user's id, so no fragment is ever served to another account (whose scope,
  unit and capabilities may differ);
- **today's date**: figures "as of today" (临期, 逾期, days late) move with the calendar;
- the viewer's **write marks** (`fazhi.core.writemarks`, read once per request by `fazhi.core.todo`):
  the count of logged writes in the regions the viewer can see (their region, the regions below and
  above it) and the newest message addressed to them. Every write of the platform logs a row and counts
  against its regions in the same transaction, so a write the viewer can see makes a new key at once
  and the next view computes afresh — a fragment is never older than the last write in its viewer's
  scope — while a write in another county leaves the fragment in place. This is the mechanism the 待办
  counts already use; there is no second one to keep in step.

`CACHE_SECONDS` only bounds how long an unused entry lingers. In the template, `{% fragment %}`
(`fazhi.core.templatetags.fragments`) caches a rendered piece of page; in Python, `cached()` caches a
computed value. A rendered fragment that holds a CSRF token is never stored: the token belongs to one
session, and a later session of the same user would get a form that fails.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.utils import timezone

from fazhi.core.todo import request_marks

CACHE_SECONDS = 600
CSRF_FIELD = "csrfmiddlewaretoken"
_MISSING = object()
T = TypeVar("T")
log = logging.getLogger(__name__)


def fragment_key(request, name: str, *parts: Any) -> str | None:
    """The cache key of fragment `name` for this request's viewer; None for an anonymous visitor (public
    pages are cheap, and nothing is cached without a viewer to key it by)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    scope_mark, note_mark = request_marks(request)
    raw = "\x1f".join(str(p) for p in parts)
    digest = hashlib.blake2b(raw.encode(), digest_size=12).hexdigest()
    return f"fazhi:fragment:{name}:{user.pk}:{timezone.localdate().isoformat()}:{scope_mark}:{note_mark}:{digest}"


def cached(request, name: str, parts: tuple, compute: Callable[[], T]) -> T:
    """`compute()`, or its value from the cache when nothing was written since it was computed for this
    viewer today (see the module docstring for the key). The value must pickle."""
    key = fragment_key(request, name, *parts)
    if key is None:
        return compute()
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value


def store_html(key: str, html: str) -> bool:
    """Keep rendered `html` under `key` unless it holds a CSRF token (see the module docstring)."""
    if CSRF_FIELD in html:
        log.warning("fragment %s holds a CSRF token: not cached", key.split(":")[2])
        return False
    cache.set(key, html, CACHE_SECONDS)
    return True
