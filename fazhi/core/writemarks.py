"""Write marks per region: which logged writes can change what a viewer sees.

Every write logs a row (`fazhi.core.oplog.record`), and in the same transaction counts one write against
the region (行政区) of the written record's unit and the region of the writer's unit (`WriteMark`). A
record with no unit to read (a role, the calendar, a scan over all cases) counts against "" — every viewer.

A viewer sees the records of their scope (`fazhi.core.scopes`), which never leaves the subtree of their
unit's region, and what the regions above issue to it (a city's plan, a 督办单 from the city office, a
rule set above). So a viewer's mark is the sum of the writes in

- their unit's region and every region below it,
- every region above it (their own writes and what those levels show downward),
- and "" (writes of no region).

A write in 陇县 moves the mark of 陇县's, 宝鸡市's and 陕西省's viewers and leaves 千阳县's and another
province's alone. The region, not the viewer's own unit, bounds the set, because a department's pages
show records of its county beside its own (a task's other units, the plan a task belongs to).

Counts only grow, and a committed write adds to at least one counted row of every viewer who can see it,
so a viewer's sum changes with every such write (a sum of maxima would not: a transaction that took an
earlier id may commit later). The row is updated inside the writing transaction, so no reader sees the
new mark before the write itself; it also means two writes in one region wait for each other's commit on
PostgreSQL (the row lock), which the platform's write rate never feels — except behind a bulk import,
whose one transaction runs for seconds: it counts its writes at its end (`deferred`). Notifications are
not logged per message; the newest one addressed to the viewer is the second mark.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, models

EVERY_REGION = ""  # the row of writes no region holds: every viewer counts it


def region_path(unit: Any) -> str:
    """The tree path of the region (行政区) at or above `unit`; "" when there is none."""
    if unit is None:
        return EVERY_REGION
    return unit.jurisdiction().path


def written_unit(obj: models.Model | None) -> tuple[bool, Any]:
    """(known, unit) of a written record: the unit its data scope reads (`scope_unit_field`), the unit
    itself, a user's unit or a message's recipient's unit. known=False when the record says nothing of a
    unit (no record, or a model without one): such a write counts for every viewer."""
    from fazhi.core.models import Notification, Unit, User

    if obj is None:
        return False, None
    if isinstance(obj, Unit):
        return True, obj
    if isinstance(obj, User):
        return True, obj.unit
    if isinstance(obj, Notification):
        return True, obj.recipient.unit
    field = getattr(type(obj), "scope_unit_field", None)
    if field is None:
        return False, None
    value: Any = obj
    for part in field.split("__") if field else ():
        value = getattr(value, part, None)
        if value is None:
            return True, None
    return True, value


def regions_written(actor: Any, obj: models.Model | None) -> set[str]:
    """The regions one logged write counts against: the written record's and the writer's."""
    known, unit = written_unit(obj)
    if not known or unit is None:
        return {EVERY_REGION}
    paths = {region_path(unit)}
    actor_unit = getattr(actor, "unit", None) if getattr(actor, "pk", None) else None
    if actor_unit is not None:
        paths.add(region_path(actor_unit))
    return paths


_deferred = threading.local()  # .counts: the writes a `deferred` block has yet to count, by region


def count_write(actor: Any, obj: models.Model | None) -> None:
    """Count one write against its regions (`regions_written`). Call inside the writing transaction."""
    pending = getattr(_deferred, "counts", None)
    if pending is not None:
        pending.update(regions_written(actor, obj))
    else:
        _add(Counter(regions_written(actor, obj)))


@contextmanager
def deferred() -> Iterator[None]:
    """Count the block's writes when it ends, one statement a region, instead of as they happen. For a
    long transaction (a bulk import): a region's row stays locked from its first count to the commit, so
    counting at the end keeps other writers in the region waiting for the commit only, not for the
    import. Enter it inside the transaction, so the counts still land with the writes or not at all; a
    block that raises counts nothing (its transaction is rolled back). Nested blocks count with the
    outermost one."""
    if getattr(_deferred, "counts", None) is not None:
        yield
        return
    _deferred.counts = Counter()
    try:
        yield
        counts = _deferred.counts
    finally:
        _deferred.counts = None
    _add(counts)


def _add(counts: Counter) -> None:
    from fazhi.core.models import WriteMark

    table = connection.ops.quote_name(WriteMark._meta.db_table)
    with connection.cursor() as cursor:
        for path in sorted(counts):  # one order for every writer: no lock cycle
            cursor.execute(
                f"INSERT INTO {table} (path, writes) VALUES (%s, %s) "
                f"ON CONFLICT (path) DO UPDATE SET writes = {table}.writes + %s",
                [path, counts[path], counts[path]],
            )


def viewer_units(user: Any) -> list[str] | None:
    """The tree paths of the units whose regions bound what `user` can see; None for a viewer of
    everything."""
    from fazhi.core.models import DataScope

    if user.is_superuser or user.data_scope == DataScope.ALL:
        return None
    if user.data_scope == DataScope.CUSTOM:
        return sorted({unit.path for unit in user.scope_units.all()})
    return [user.unit.path] if user.unit is not None else []


def viewer_marks(user: Any) -> tuple[str, int]:
    """The viewer's write mark ("units:sum" of the writes that can change what they see) and the newest
    message addressed to them, in one query (the viewer's region is looked up inside it)."""
    from fazhi.core.models import Notification, Unit, WriteMark

    quote = connection.ops.quote_name
    table = quote(WriteMark._meta.db_table)
    units = viewer_units(user)
    if units is None:
        where, params = "1 = 1", []
    else:
        # The rows of the regions at and above each unit (among its path's prefixes), the rows of the
        # regions below the unit's own region (the longest of those prefixes that is a region), and "".
        step, region = Unit.steplen, Unit.Kind.REGION
        clauses, params = ["path = %s"], [EVERY_REGION]
        for path in units:
            prefixes = [path[:end] for end in range(step, len(path) + 1, step)]
            marks = ", ".join(["%s"] * len(prefixes))
            clauses.append(
                f"path IN ({marks}) OR path LIKE (SELECT u.path FROM {quote(Unit._meta.db_table)} u "
                f"WHERE u.kind = %s AND u.path IN ({marks}) ORDER BY u.depth DESC LIMIT 1) || '%%'"
            )
            params += [*prefixes, region, *prefixes]
        where = " OR ".join(clauses)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT SUM(writes) FROM {table} WHERE {where}), "
            f"(SELECT MAX(id) FROM {quote(Notification._meta.db_table)} WHERE recipient_id = %s)",
            [*params, user.pk],
        )
        writes, note_mark = cursor.fetchone()
    scope = "*" if units is None else ",".join(units)
    return f"{scope}:{writes or 0}", note_mark or 0
