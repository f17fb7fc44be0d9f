"""Data scopes: the one place that decides which records a user may see.

Every business model gets `objects.for_user(user)`; views and API endpoints fetch through it or through
`get_for_user_or_404`, so a record outside the user's scope is simply not found (404), never shown.
The subtree is the treebeard materialised path prefix of the unit.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import Http404
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

NOTHING = models.Q(pk__in=[])


def _unit_lookup(unit_field: str, lookup: str) -> str:
    return f"{unit_field}__{lookup}" if unit_field else lookup


def _path_upper_bound(path: str) -> str | None:
    """The first path after every path that starts with `path` ("0001000J" → "0001000K"), if there is one.

    Paths use only the treebeard alphabet (digits then capital letters), which sorts the same in byte order
    and in the usual collations, so `[path, bound)` holds exactly the paths that start with `path`.
    """
    alphabet = MP_Node.alphabet
    chars = list(path)
    while chars:
        index = alphabet.find(chars[-1])
        if index < 0:
            return None
        if index + 1 < len(alphabet):
            chars[-1] = alphabet[index + 1]
            return "".join(chars)
        chars.pop()
    return None


def subtree(unit_field: str, path: str) -> models.Q:
    """Units under `path`. Below the root, the range beside the prefix lets SQLite use the unique path
    index (its LIKE is case-insensitive and cannot); PostgreSQL uses its pattern index for the prefix
    either way. A root's subtree is most of the table, and SQLite would take any range for a selective
    one and start there, so a root scope keeps the prefix alone."""
    q = models.Q(**{_unit_lookup(unit_field, "path__startswith"): path})
    upper = _path_upper_bound(path) if len(path) > MP_Node.steplen else None
    if upper is not None:
        q &= models.Q(
            **{_unit_lookup(unit_field, "path__gte"): path, _unit_lookup(unit_field, "path__lt"): upper}
        )
    return q


def scope_q(user: Any, unit_field: str = "unit", owner_field: str | None = None) -> models.Q:
    """The filter for `user`'s data scope over records whose unit sits at `unit_field`.

    `unit_field=""` means the record is itself a unit.
    """
    from fazhi.core.models import DataScope

    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOTHING
    if user.is_superuser or user.data_scope == DataScope.ALL:
        return models.Q()
    unit = user.unit
    scope = user.data_scope
    if scope == DataScope.OWN_RECORDS:
        if owner_field:
            return models.Q(**{owner_field: user})
        scope = DataScope.OWN_UNIT  # records without an owner fall back to the strictest unit scope
    if scope == DataScope.CUSTOM:
        q = NOTHING
        for scoped in user.scope_units.all():
            q |= subtree(unit_field, scoped.path)
        return q
    if unit is None:
        return NOTHING
    if scope == DataScope.OWN_UNIT:
        return models.Q(**{_unit_lookup(unit_field, "pk"): unit.pk})
    if scope == DataScope.SUBTREE:
        return subtree(unit_field, unit.path)
    if scope == DataScope.JURISDICTION:
        return subtree(unit_field, unit.jurisdiction().path)
    return NOTHING


class ScopedQuerySet(models.QuerySet):
    def for_user(self, user: Any) -> ScopedQuerySet:
        return self.filter(scope_q(user, self.model.scope_unit_field, self.model.scope_owner_field))


class ScopedManager(models.Manager.from_queryset(ScopedQuerySet)):
    """Default manager of business models; the model says where its unit and owner are.

    Set `scope_unit_field` (default "unit") and `scope_owner_field` (default None) on the model.
    """


class UnitQuerySet(MP_NodeQuerySet):
    def for_user(self, user: Any) -> UnitQuerySet:
        return self.filter(scope_q(user, "", None))


class UnitManager(MP_NodeManager):
    def get_queryset(self) -> UnitQuerySet:
        return UnitQuerySet(self.model).order_by("path")

    def for_user(self, user: Any) -> UnitQuerySet:
        return self.get_queryset().for_user(user)


def get_for_user_or_404(source: Any, user: Any, **lookup: Any) -> Any:
    """Fetch one record within the user's scope, or raise 404 whether it is missing or out of scope."""
    queryset = source.objects.all() if isinstance(source, type) else source
    try:
        return queryset.for_user(user).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError):
        raise Http404("记录不存在或不在您的数据范围内") from None


def user_sees_unit(user: Any, unit: Any) -> bool:
    from fazhi.core.models import Unit

    return Unit.objects.for_user(user).filter(pk=unit.pk).exists()
