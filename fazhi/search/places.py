"""Places: the rowids of SQLite's full-text index, in entry-id (date) order and close together.

FTS5 stores, for every token of every document, the difference to the previous document's rowid as a
varint. An entry's id (`backend.entry_id`: the date above 16 bits of a key hash) keeps the index in date
order, but two documents' ids differ by thousands: two or three bytes for each of those differences. A
*place* keeps the same order with 16 numbers a day instead of 65,536, so a common bigram's differences
take one byte: the index is a fifth to a quarter smaller (`docs/benchmarks.md`, issue #13, seventh
session).

An entry's *anchor* is its id scaled down so: the date, then the top `SLOT_BITS` bits of the hash. Laid
out afresh, each entry sits at its anchor, or two past the entry before it where they crowd (`lay_out`,
`REBUILD_STEP`): never closer, so that a back-dated document always finds a free number between two
neighbours, however many documents a day holds. A new entry takes its anchor if that falls between its
neighbours' places, else a place spread evenly between them. When there is no room at all (a
back-dated document between two places one apart), the nearest placed neighbours on each side are
pushed along too, the window doubling until its entries fit (an ordered-list labelling; the caller
re-indexes the moved entries). A document dated today lands after every other, where there is always
room, so the common case moves nothing. A bulk load stores the entries first and lays them all out at
once (`SearchBackend.load`, then `Fts5Backend.rebuild`).
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

from fazhi.search.backend import DAY_BITS

SLOT_BITS = 4  # anchors a day: 16. 3 or 5 bits: within 4 % in size at 2 and at 21 documents a day

REBUILD_STEP = 2  # the closest two places are laid out afresh (one apart leaves no room between)

Placed = tuple[int, int]  # (entry id, place)


def anchor(entry_id: int) -> int:
    """Where an entry sits when nothing crowds it: its id with the hash cut to `SLOT_BITS` bits."""
    day, low = entry_id >> DAY_BITS, entry_id & ((1 << DAY_BITS) - 1)
    return (day << SLOT_BITS) + (low >> (DAY_BITS - SLOT_BITS))


def lay_out(
    entries: list[tuple[int, int | None]], low: int | None, high: int | None, step: int = 1
) -> list[int] | None:
    """Places for `entries` ((id, place or None for a new one), ascending ids), strictly between `low`
    and `high` (None: an open end). Each keeps its place, or a new one its anchor, pushed to `step` past
    the one before where they crowd; where that runs into `high` and the low end is open, they are pulled
    back below `high` the same way; where both ends are fixed, they are spread evenly, at least `step`
    apart. None when even that does not fit."""
    out: list[int] = []
    place = low
    for i, old in entries:
        wanted = anchor(i) if old is None else old
        place = wanted if place is None else max(wanted, place + step)
        out.append(place)
    if not out or high is None or out[-1] < high:
        return out
    if low is None:
        place = high
        for k in range(len(out) - 1, -1, -1):
            place = out[k] = min(out[k], place - step)
        return out
    spacing = (high - low) // (len(out) + 1)
    if spacing < step:
        return None
    return [low + spacing * (k + 1) for k in range(len(out))]


def plan(run: list[int], neighbours: Callable[[int], tuple[list[Placed], list[Placed]]]) -> dict[int, int]:
    """Places for `run` (new entry ids, ascending, with no placed entry between them) and for the placed
    entries that must move to make room: {entry id: new place}.

    `neighbours(k)` gives up to `k` placed entries on each side of the run, nearest first: (below, above).
    With `k` of them on a side, the farthest stays where it is and bounds the window; with fewer, that
    side is open. The window doubles until its entries fit. The run between its two neighbours may take
    places one apart; a wider window, or one open at an end, lays them `REBUILD_STEP` apart, so that a
    moved stretch leaves room for the next document. Placed entries move only as far as they are pushed."""
    k = 1
    while True:
        below, above = neighbours(k)
        low = below[-1] if len(below) == k else None
        high = above[-1] if len(above) == k else None
        inner = [
            *reversed(below[:-1] if low is not None else below),
            *((i, None) for i in run),
            *(above[:-1] if high is not None else above),
        ]
        found = lay_out(
            inner,
            None if low is None else low[1],
            None if high is None else high[1],
            step=1 if k == 1 and low is not None and high is not None else REBUILD_STEP,
        )
        if found is not None:
            return {i: p for (i, old), p in zip(inner, found, strict=True) if old != p}
        k *= 2


def runs(fresh: list[int], placed_between: Callable[[int, int], bool]) -> list[list[int]]:
    """`fresh` ids (ascending) cut where a placed entry lies between two of them
    (`placed_between(a, b)`: is any entry with a < id < b placed?)."""
    out: list[list[int]] = []
    for i in fresh:
        if out and not placed_between(out[-1][-1], i):
            out[-1].append(i)
        else:
            out.append([i])
    return out


def reorder(old: list[tuple[int, int | None]], new: list[int]) -> list[tuple[int, int]] | None:
    """(new place, entry id) for each entry of `old` ((id, place or None), ascending ids) whose place `new`
    (ascending too, as `lay_out` gives) changes, in an order in which no entry is given a place another
    one still holds: those moving down in ascending order, then those moving up in descending order,
    then those without a place. Since both layouts keep id order, an entry moving down finds the places
    below it already left or never held, and one moving up those above it. So a rebuild's new layout is
    one pass of updates under the unique index, and an entry whose place stays is not written at all,
    where clearing every place first rewrote every row twice (`Fts5Backend._lay_out_places`). None when
    the old places are not in id order, for which no such order is sure."""
    held = [p for _, p in old if p is not None]
    if any(a >= b for a, b in pairwise(held)):
        return None
    pairs = list(zip(old, new, strict=True))
    down = [(p, i) for (i, was), p in pairs if was is not None and p < was]
    up = [(p, i) for (i, was), p in pairs if was is not None and p > was]
    return down + up[::-1] + [(p, i) for (i, was), p in pairs if was is None]
