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
computed value. A rendered fragment keeps its forms: a CSRF token belongs to one session (a later session of
the same user would get a form that fails), so each `{% csrf_token %}` input is stored as a slot and filled
with the current request's token when the fragment is served (`fill_csrf`). A fragment that holds a token
anywhere else (an `hx-headers` attribute, a script) is never stored.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.utils import timezone
from django.utils.html import format_html

from fazhi.core.todo import request_marks

CACHE_SECONDS = 600
CSRF_FIELD = "csrfmiddlewaretoken"
# What `{% csrf_token %}` renders (django.template.defaulttags.CsrfTokenNode), and what stands for it in the
# cache: a tag, which no escaped text can contain, so a viewer's text can never be filled with the token.
_CSRF_INPUT = re.compile(r'<input type="hidden" name="csrfmiddlewaretoken" value="[A-Za-z0-9]+">')
CSRF_SLOT = "<fazhi-csrf-slot>"
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


def store_html(key: str, html: str, token: str = "") -> bool:
    """Keep rendered `html` under `key`, its CSRF inputs as slots; not at all when the request's `token`
    or a CSRF field is still in it after that (see the module docstring)."""
    kept = _CSRF_INPUT.sub(CSRF_SLOT, html)
    if CSRF_FIELD in kept or (token and token in kept):
        log.warning("fragment %s holds a CSRF token outside a form input: not cached", key.split(":")[2])
        return False
    cache.set(key, kept, CACHE_SECONDS)
    return True


def fill_csrf(html: str, token: str) -> str:
    """Stored `html` with its CSRF slots filled with the serving request's `token`."""
    if CSRF_SLOT not in html:
        return html
    return html.replace(CSRF_SLOT, format_html('<input type="hidden" name="{}" value="{}">', CSRF_FIELD, token))
