"""待办 counts: what is waiting for the user, declared by each module and counted in one query.

A module lists its `Todo`s in `module.py` (`Module.todo`): a label, the page where the work is done, the
capabilities that make it the user's work, and a function returning the waiting records as a scoped
queryset (or None where it does not apply, e.g. an account without a unit). Core counts every applicable
todo of every module in **one** query (each queryset becomes a scalar `COUNT` subquery) and keeps the
result on the request, so the menu badges, the home page cards and the daily digest read the same
figures and a page pays for them once. A new module plugs in by declaring its `todo` entries; nothing
in core changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import models
from django.db.models import F, Func, IntegerField, Subquery

from fazhi.core.menu import MenuEntry

_REQUEST_ATTR = "_fazhi_todos"
_MARKS_ATTR = "_fazhi_write_marks"
CACHE_SECONDS = 600  # a bound only: a write anywhere makes a new key at once


@dataclass(frozen=True)
class Todo:
    code: str  # "supervision.review": unique across modules
    label: str  # 待审核的进展报告
    url_name: str  # the page where the work is done; its menu entry carries the badge
    capability: str | tuple[str, ...]  # any one of them makes it the user's work
    items: Callable[[Any], models.QuerySet | None]  # user → the waiting records (scoped), or None
    query: str = ""  # appended to the page's URL ("?tab=open"), so the link opens the right list
    level: str = "warning"  # badge colour: "danger" for what is late

    def applies_to(self, user) -> bool:
        return MenuEntry("", "", self.url_name, self.capability).visible_to(user)


@dataclass(frozen=True)
class TodoCount:
    todo: Todo
    count: int

    @property
    def url(self) -> str:
        from django.urls import reverse

        return reverse(self.todo.url_name) + self.todo.query


def all_todos() -> tuple[Todo, ...]:
    from fazhi.core.modules import all_modules

    return tuple(t for m in all_modules() for t in m.todo)


def _count(queryset: models.QuerySet) -> Subquery:
    # COUNT without GROUP BY: one row per subquery, whatever the queryset's own ordering or joins.
    counted = queryset.order_by().annotate(_n=Func(F("pk"), function="COUNT")).values("_n")
    return Subquery(counted, output_field=IntegerField())


@dataclass(frozen=True)
class Waiting:
    """What waits for a user: the todos with their counts (zeros included) and unread notifications."""

    todos: list[TodoCount]
    unread: int

    @property
    def total(self) -> int:
        return sum(item.count for item in self.todos)


def count_waiting(user) -> Waiting:
    """The user's todos, in declaration order, and unread notifications: one query in all."""
    from fazhi.core.models import Notification, User

    if user is None or not user.is_authenticated:
        return Waiting([], 0)
    wanted: dict[str, tuple[Todo, models.QuerySet]] = {}
    for todo in all_todos():
        if not todo.applies_to(user):
            continue
        queryset = todo.items(user)
        if queryset is not None:
            wanted[todo.code] = (todo, queryset)
    aliases = {f"todo_{i}": code for i, code in enumerate(wanted)}
    counts = {alias: _count(wanted[code][1]) for alias, code in aliases.items()}
    counts["unread"] = _count(Notification.objects.filter(recipient=models.OuterRef("pk"), read_at__isnull=True))
    row = User.objects.filter(pk=user.pk).annotate(**counts).values(*counts).first() or {}
    return Waiting([TodoCount(wanted[code][0], row.get(alias) or 0) for alias, code in aliases.items()],
                   row.get("unread") or 0)


def write_marks() -> tuple[int, int]:
    """The newest operation-log row and the newest notification: every write of the platform logs a row
    (services, scans, marking messages read), so while neither moves, no count can have changed. The
    cached page fragments (`fazhi.core.fragments`) are keyed by the same marks."""
    from django.db import connection

    from fazhi.core.models import Notification, OperationLog

    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT (SELECT MAX(id) FROM {quote(OperationLog._meta.db_table)}), "
                       f"(SELECT MAX(id) FROM {quote(Notification._meta.db_table)})")
        oplog_mark, note_mark = cursor.fetchone()
    return oplog_mark or 0, note_mark or 0


def request_marks(request) -> tuple[int, int]:
    """`write_marks`, read once per request (the 待办 counts and every cached fragment of a page)."""
    marks = getattr(request, _MARKS_ATTR, None)
    if marks is None:
        marks = write_marks()
        setattr(request, _MARKS_ATTR, marks)
    return marks


def cached_waiting(user, marks: tuple[int, int] | None = None) -> Waiting:
    """`count_waiting`, kept in the cache until the next write anywhere: a page costs one trivial query
    instead of the counts (most page views follow no write), and never shows a count older than the
    last write. Keyed by the user and the write marks, so every process and worker agrees."""
    if user is None or not user.is_authenticated:
        return Waiting([], 0)
    key = "fazhi:waiting:{}:{}:{}".format(user.pk, *(marks or write_marks()))
    stored = cache.get(key)
    if stored is not None:
        by_code = {t.code: t for t in all_todos()}
        counts, unread = stored
        return Waiting([TodoCount(by_code[code], n) for code, n in counts if code in by_code], unread)
    waiting = count_waiting(user)
    cache.set(key, ([(item.todo.code, item.count) for item in waiting.todos], waiting.unread), CACHE_SECONDS)
    return waiting


def waiting_for(request) -> Waiting:
    """The request's user's waiting work, computed once per request (menu, home page and badges)."""
    cached = getattr(request, _REQUEST_ATTR, None)
    if cached is None:
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        cached = cached_waiting(user, request_marks(request) if signed_in else None)
        setattr(request, _REQUEST_ATTR, cached)
    return cached


def badges(counts: list[TodoCount]) -> dict[str, tuple[int, str]]:
    """URL name → (waiting records, badge level) for the menu: several todos on one page add up, and the
    page's badge is red if any of them is late."""
    result: dict[str, tuple[int, str]] = {}
    for item in counts:
        if not item.count:
            continue
        total, level = result.get(item.todo.url_name, (0, "warning"))
        result[item.todo.url_name] = (total + item.count, "danger" if "danger" in (level, item.todo.level) else level)
    return result
