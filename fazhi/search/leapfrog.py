"""The rowids two queries both match, newest first, without reading either to its end (a leapfrog join).

SQLite keeps one-character terms in a table of their own (`fts5.CHARS_TABLE`) and the longer terms in the
main table, so a query holding both kinds is an intersection of two FTS5 queries, which FTS5 cannot do
across tables. Each side is a `Descending` source: its rowids from any bound down, a block at a time.
`common` asks each side in turn for its rowids from the other's head down, so a rare side makes the
common one jump instead of being read row by row: a jump far down is a new statement from there
(`rowid <= bound`), which FTS5 answers by seeking in its doclists. Where both sides are dense the rowids
in common are one set intersection a block. `minus` takes out of one side the few rowids of the other
(the documents lacking a common character), asking the other only over the range the first has covered.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from operator import neg
from typing import Protocol

TOP = (1 << 63) - 1  # above every rowid
BOTTOM = -(1 << 63)  # below every rowid
# Rowids further apart than this, on average, are checked one by one in `minus` rather than by reading the
# other side over their range: at 200,000 documents about 25 µs a rowid against 0.16 µs a document of the
# range, and places lie about two apart there (`docs/benchmarks.md`, "eighth session").
SPARSE = 300


class Descending(Protocol):
    def rows(self, bound: int, floor: int = BOTTOM) -> tuple[list[int], int, int]:
        """(block, start, low): the source's rowids at hand, descending, and two facts about them:
        block[start:] are those at most `bound`, and they are all the source holds from `bound` down to
        `low` (low ≤ bound; `BOTTOM` when the source has nothing further down). `floor`: no rowid below
        it is wanted (the block may stop there). Bounds only ever go down."""


def _down_to(block: list[int], start: int, low: int) -> list[int]:
    """block[start:] cut at `low` (the rowids at least `low`)."""
    return block[start : bisect_right(block, -low, lo=start, key=neg)]  # `block` is descending


def common(a: Descending, b: Descending) -> Iterator[int]:
    """The rowids both sources hold, largest first."""
    bound = TOP
    while True:
        block_a, i, low_a = a.rows(bound)
        if i == len(block_a):
            return
        block_b, j, low_b = b.rows(block_a[i])
        if j == len(block_b):
            return
        if block_b[j] < block_a[i]:
            bound = block_b[j]
            continue
        low = max(low_a, low_b)
        yield from sorted(
            set(_down_to(block_a, i, low)).intersection(_down_to(block_b, j, low)), reverse=True
        )
        if low == BOTTOM:
            return
        bound = low - 1


def minus(
    a: Descending, b: Descending, lacking_among: Callable[[list[int]], set[int]] | None = None
) -> Iterator[int]:
    """The rowids `a` holds and `b` does not, largest first. `b` is asked only down to where `a`'s block
    ends: a `b` that holds almost nothing would otherwise be read to its end for each block. Where `a`'s
    rows lie more than `SPARSE` apart, `lacking_among(rows)` (those of the rows `b` holds) is asked
    about them instead: a question per row costs less than reading `b` over a long range."""
    bound = TOP
    while True:
        block_a, i, low_a = a.rows(bound)
        if i == len(block_a):
            return
        if lacking_among is not None and block_a[i] - low_a > SPARSE * (len(block_a) - i):
            low = low_a
            held = lacking_among(block_a[i:])
        else:
            block_b, j, low_b = b.rows(block_a[i], floor=low_a)
            low = max(low_a, low_b)
            held = set(_down_to(block_b, j, low))
        yield from (r for r in _down_to(block_a, i, low) if r not in held)
        if low == BOTTOM:
            return
        bound = low - 1


class QuerySource:
    """A query's rowids, newest first, from any bound down, fetched a block at a time.

    `fetch(bound, floor, size)` returns up to `size` rowids from `bound` down to `floor`, descending: one
    SQL statement that hands back the block as one value (Python's sqlite3 costs about 0.35 µs a row,
    more than FTS5 takes to find it). A block read to its end is followed by one twice as large (a dense
    side is read cheaply); a jump far past a block starts again small at the new bound."""

    FIRST_BLOCK = 16
    LAST_BLOCK = 2048

    def __init__(self, fetch: Callable[[int, int, int], list[int]]) -> None:
        self._fetch = fetch
        self._rows: list[int] = []
        self._low: int | None = None  # `_rows` are every rowid of the query down to here (None: none yet)
        self._size = self.FIRST_BLOCK

    def rows(self, bound: int, floor: int = BOTTOM) -> tuple[list[int], int, int]:
        held = self._rows
        if self._low is None or self._low > bound:
            if held and self._passed_over(held, bound) >= self._size:
                self._size = self.FIRST_BLOCK
            elif held:
                self._size = min(2 * self._size, self.LAST_BLOCK)
            held = self._rows = self._fetch(bound, floor, self._size)
            self._low = held[-1] if len(held) == self._size else floor
        return held, bisect_left(held, -bound, key=neg), self._low

    @staticmethod
    def _passed_over(held: list[int], bound: int) -> float:
        """About how many matches lie between the block's end and `bound`, at the block's density."""
        return (held[-1] - bound) * len(held) / (held[0] - held[-1] + 1)
