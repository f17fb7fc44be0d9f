"""The rowids two queries both match, newest first, without reading either to its end (a leapfrog join).

SQLite keeps one-character terms in a table of their own (`fts5.CHARS_TABLE`) and the longer terms in the
main table, so a query holding both kinds is an intersection of two FTS5 queries, which FTS5 cannot do
across tables. Each side is a `Descending` source: its rowids from any bound down. The join asks each
side in turn for its rowids from the other's head down, so a rare side makes the common one jump instead
of being read row by row. A jump far down the common side is a new query from there (`rowid <= bound`),
which FTS5 answers by seeking in its doclists; a jump a few rows down just reads on. Where both sides
are dense the rowids in common are found a block at a time (`common`).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from operator import neg
from typing import Protocol

TOP = (1 << 63) - 1  # above every rowid


class Descending(Protocol):
    def rows(self, bound: int) -> tuple[list[int], int]:
        """The rowids the source holds at hand, descending, and the index among them of the largest at
        most `bound` (the block goes on from there to its end); ([], 0) when there is none. Bounds only
        ever go down."""


def common(a: Descending, b: Descending) -> Iterator[int]:
    """The rowids both sources hold, largest first.

    Whenever both sources' heads are equal, their blocks at hand both hold every rowid down to the higher
    of their last ones, and the rowids in common there are one set intersection: a dense side costs a
    few operations a block, not a step of Python a row. Each step costs what it passes over."""
    bound = TOP
    while True:
        block_a, i = a.rows(bound)
        if not block_a:
            return
        block_b, j = b.rows(block_a[i])
        if not block_b:
            return
        if block_b[j] < block_a[i]:
            bound = block_b[j]
            continue
        low = max(block_a[-1], block_b[-1])
        end_a = bisect_right(block_a, -low, lo=i, key=neg)  # the blocks are descending
        end_b = bisect_right(block_b, -low, lo=j, key=neg)
        yield from sorted(set(block_a[i:end_a]).intersection(block_b[j:end_b]), reverse=True)
        bound = low - 1


def minus(a: Descending, b: Descending) -> Iterator[int]:
    """The rowids `a` holds and `b` does not, largest first (`b` the few documents that lack a common
    character: cheaper to read than the many that have it)."""
    bound = TOP
    while True:
        block_a, i = a.rows(bound)
        if not block_a:
            return
        block_b, j = b.rows(block_a[i])
        low = max(block_a[-1], block_b[-1]) if block_b else block_a[-1]
        end_a = bisect_right(block_a, -low, lo=i, key=neg)
        lacking = set(block_b[j : bisect_right(block_b, -low, lo=j, key=neg)]) if block_b else set()
        yield from (r for r in block_a[i:end_a] if r not in lacking)
        bound = low - 1


class QuerySource:
    """A query's rowids, newest first, from any bound down, fetched a block at a time.

    `fetch(bound, size)` returns up to `size` rowids at most `bound`, descending: one SQL statement that
    hands back the block as one value (Python's sqlite3 costs about 0.35 µs a row, more than FTS5 takes
    to find it). A block read to its end is followed by one twice as large (a dense side is read
    cheaply); a jump far past the block starts again small at the new bound, which FTS5 seeks to in its
    doclists (a rare other side makes this side jump instead of being read)."""

    FIRST_BLOCK = 16
    LAST_BLOCK = 4096

    def __init__(self, fetch: Callable[[int, int], list[int]]) -> None:
        self._fetch = fetch
        self._rows: list[int] = []
        self._next = 0  # index of the head in `_rows`
        self._size = self.FIRST_BLOCK
        self._end = False  # `_rows` runs to the last match

    def rows(self, bound: int) -> tuple[list[int], int]:
        held = self._rows
        if self._next < len(held) and held[-1] <= bound:
            self._next = bisect_left(held, -bound, lo=self._next, key=neg)  # `held` is descending
            return held, self._next
        if self._end:
            return [], 0
        if held and self._passed_over(held, bound) >= self._size:
            self._size = self.FIRST_BLOCK
        elif held:
            self._size = min(2 * self._size, self.LAST_BLOCK)
        self._rows, self._next = self._fetch(bound, self._size), 0
        self._end = len(self._rows) < self._size
        return (self._rows, 0) if self._rows else ([], 0)

    @staticmethod
    def _passed_over(held: list[int], bound: int) -> float:
        """About how many matches lie between the block's end and `bound`, at the block's density."""
        return (held[-1] - bound) * len(held) / (held[0] - held[-1] + 1)
