"""待办 counts: what is waiting for the user, declared by each module and counted in one query.

A module lists its `Todo`s in `module.py` (`Module.todo`): a label, the page where the work is done, the
capabilities that make it the user's work, and a function returning the waiting records as a scoped
queryset (or None where it does not apply, e.g. an account without a unit). Core counts every applicable
todo of every module in **one** query (each queryset becomes a scalar `COUNT` subquery) and keeps the
result on the request, so the menu badges, the home page cards and the daily digest read the same
figures and a page pays for them once. A new module plugs in by declaring its `todo` entries; nothing
in core changes.

A todo's `items` builds its queryset from the account, its unit (and that unit's region), its data scope
and capabilities, and today's date — nothing else: the compiled counting statement is kept per process
under exactly those (`_statement_key`), and only the rows are counted afresh on each view.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection, models
from django.utils import timezone

from fazhi.core.menu import MenuEntry

_REQUEST_ATTR = "_fazhi_todos"
_MARKS_ATTR = "_fazhi_write_marks"
CACHE_SECONDS = 600  # a bound only: a write the user can see makes a new key at once


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


def _count_sql(queryset: models.QuerySet) -> tuple[str, tuple]:
    """`SELECT COUNT(*)` of the queryset as SQL and parameters, whatever its ordering or joins. Each count
    is compiled on its own and the counts are put side by side in one statement: building them as
    subqueries of an annotated query (Django relabels and copies every one) cost ten times the query."""
    counted = queryset.order_by().values("pk")
    try:
        sql, params = counted.query.get_compiler(using=queryset.db).as_sql()
    except EmptyResultSet:  # a filter that matches nothing (a scope without units): nothing to ask
        return "0", ()
    return f"(SELECT COUNT(*) FROM ({sql}) counted)", tuple(params)


@dataclass(frozen=True)
class Waiting:
    """What waits for a user: the todos with their counts (zeros included) and unread notifications."""

    todos: list[TodoCount]
    unread: int

    @property
    def total(self) -> int:
        return sum(item.count for item in self.todos)


# The counting statement of each user, kept in the process: building the scoped querysets and compiling
# them cost 10–16 % of a signed-in page viewed after a write, while the statement itself changes only with
# what `_statement_key` reads. Cleared when full; a bound, not a cache policy.
_STATEMENTS: dict[tuple, tuple[tuple[str, ...], str, tuple]] = {}
STATEMENTS_KEPT = 5000


def _statement_key(user) -> tuple | None:
    """Everything the todos' querysets are built from (`Todo.items` reads the user's scope, unit and
    capabilities; a date-relative todo reads today), so an equal key means an equal statement. None for
    a custom data scope, whose units are a query of their own: its statement is built every time."""
    from fazhi.core.models import DataScope

    if user.data_scope == DataScope.CUSTOM:
        return None
    unit = user.unit
    # The region bounds only a jurisdiction scope (`scopes.scope_q`); for the others reading it is a query.
    region = unit.jurisdiction().path if unit is not None and user.data_scope == DataScope.JURISDICTION else None
    place = (unit.pk, unit.path, unit.depth, unit.kind, region) if unit is not None else None
    return (connection.alias, user.pk, user.is_superuser, user.is_active, user.data_scope,
            user.capabilities(), place, timezone.localdate())


def _build_statement(user) -> tuple[tuple[str, ...], str, tuple]:
    """(the codes of the user's todos, the one SELECT counting them and the unread messages, its params)."""
    from fazhi.core.models import Notification

    codes, parts = [], []
    for todo in all_todos():
        if not todo.applies_to(user):
            continue
        queryset = todo.items(user)
        if queryset is not None:
            codes.append(todo.code)
            parts.append(_count_sql(queryset))
    parts.append(_count_sql(Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True)))
    return tuple(codes), "SELECT " + ", ".join(sql for sql, _ in parts), tuple(p for _, ps in parts for p in ps)


def count_waiting(user) -> Waiting:
    """The user's todos, in declaration order, and unread notifications: one query in all."""
    if user is None or not user.is_authenticated:
        return Waiting([], 0)
    key = _statement_key(user)
    statement = _STATEMENTS.get(key) if key is not None else None
    if statement is None:
        statement = _build_statement(user)
        if key is not None:
            if len(_STATEMENTS) >= STATEMENTS_KEPT:
                _STATEMENTS.clear()
            _STATEMENTS[key] = statement
    codes, sql, params = statement
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        *counts, unread_count = cursor.fetchone()
    by_code = {t.code: t for t in all_todos()}
    return Waiting(
        [TodoCount(by_code[code], n or 0) for code, n in zip(codes, counts, strict=True)], unread_count or 0
    )


def write_marks(user) -> tuple[str, int]:
    """The user's write marks (`fazhi.core.writemarks.viewer_marks`): the logged writes in the regions the
    user can see, and the newest message to the user. While neither moves, none of the user's counts can
    have changed. The cached page fragments (`fazhi.core.fragments`) are keyed by the same marks."""
    from fazhi.core.writemarks import viewer_marks

    return viewer_marks(user)


def request_marks(request) -> tuple[str, int]:
    """`write_marks` of the request's user, read once per request (the 待办 counts and every cached
    fragment of a page)."""
    marks = getattr(request, _MARKS_ATTR, None)
    if marks is None:
        marks = write_marks(request.user)
        setattr(request, _MARKS_ATTR, marks)
    return marks


def cached_waiting(user, marks: tuple[str, int] | None = None) -> Waiting:
    """`count_waiting`, kept in the cache until the next write the user can see: a page costs one trivial
    query instead of the counts (most page views follow no such write), and never shows a count older
    than that write. Keyed by the user and the write marks, so every process and worker agrees."""
    if user is None or not user.is_authenticated:
        return Waiting([], 0)
    key = "fazhi:waiting:{}:{}:{}".format(user.pk, *(marks or write_marks(user)))
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
        result[item.todo.url_name] = (
            total + item.count,
            "danger" if "danger" in (level, item.todo.level) else level,
        )
    return result
