"""Matching across SQLite's two FTS5 tables: a query with one-character terms (the characters' table,
`fts5.CHARS_TABLE`) and longer ones (the main table) is the intersection of the two tables' matches,
which FTS5 cannot compute across tables. The join itself is `fazhi.search.leapfrog`; this module gives
it its sources, each a block of rowids per SQL statement, and chooses how to read the characters.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import partial

from fazhi.search import leapfrog

# One-character terms finding more than this share of the newest SHARE_SAMPLE documents are read as the
# documents that lack them: few, where the characters are common.
COMMON_SHARE = 0.5
SHARE_SAMPLE = 1000
# Where fewer than this share of the sample lack them, the documents lacking them are counted before they
# are read (`TwoTables._lacking`).
FEW_LACK = 0.01


class TwoTables:
    """The main table and the characters' table of one connection. `every`: a word every row of the
    characters' table holds, so that `every NOT (chars)` is the documents without the characters."""

    def __init__(self, conn, main: str, chars: str, every: str) -> None:
        self.conn, self.main, self.chars, self.every = conn, main, chars, every
        self._shares: dict[str, float] = {}  # `_share` by match: a search's count and page ask the same

    def matches(self, main_match: str, chars_match: str) -> Iterator[int]:
        """The rowids both tables match, newest first."""
        main = leapfrog.QuerySource(partial(self.block, self.main, main_match))
        share = self._share(chars_match)
        if share > COMMON_SHARE:
            lacking = leapfrog.QuerySource(
                partial(self._lacking, chars_match, {"count": share > 1 - FEW_LACK})
            )
            return leapfrog.minus(main, lacking, partial(self._lacking_among, chars_match))
        return leapfrog.common(main, leapfrog.QuerySource(partial(self.block, self.chars, chars_match)))

    def block(self, table: str, match: str, bound: int, floor: int, size: int) -> list[int]:
        """Up to `size` rowids `match` finds in `table` from `bound` down to `floor`, newest first, handed
        back as one JSON array (a row each would cost Python's sqlite3 more than FTS5 takes to find them)."""
        with self.conn.cursor() as cur:
            cur.execute(
                f"SELECT json_group_array(rowid) FROM (SELECT rowid FROM {table} WHERE {table} MATCH %s "  # noqa: S608
                "AND rowid <= %s AND rowid >= %s ORDER BY rowid DESC LIMIT %s)",
                [match, bound, floor, size],
            )
            block = json.loads(cur.fetchone()[0])
        # The aggregate's order is not promised (before SQLite 3.44's ORDER BY); sorting a sorted list is one pass.
        block.sort(reverse=True)
        return block

    def _share(self, chars: str) -> float:
        """The share of the newest `SHARE_SAMPLE` documents that `chars` (a characters' table match) finds."""
        if chars not in self._shares:
            self._shares[chars] = self._sampled_share(chars)
        return self._shares[chars]

    def _sampled_share(self, chars: str) -> float:
        table = self.chars
        with self.conn.cursor() as cur:
            cur.execute(
                f"SELECT (SELECT count(*) FROM {table} WHERE {table} MATCH %s AND rowid >= low), n "  # noqa: S608
                f"FROM (SELECT min(rowid) AS low, count(*) AS n FROM (SELECT rowid FROM {table} "
                f"WHERE {table} MATCH %s ORDER BY rowid DESC LIMIT %s))",
                [chars, self.every, SHARE_SAMPLE],
            )
            found, sampled = cur.fetchone()
        return found / sampled if sampled else 0.0

    def _lacking(self, chars: str, state: dict, bound: int, floor: int, size: int) -> list[int]:
        """`block` of the documents without `chars`, `every NOT (chars)`.

        FTS5 checks a rowid range only between the rows it returns, so past the last document lacking the
        characters in the range the NOT runs on to the next one, and where there is none to the corpus's
        end (`的` at 200,000 documents: 8 ms a statement, whatever the range). So where few lack them
        (`state["count"]`: fewer than FEW_LACK of the sample, or a statement has found none) how many lack
        them in the range is counted first, from two terms FTS5 stops in, and bounds the statement."""
        table, not_chars = self.chars, f"{self.every} NOT ({chars})"
        if state["count"]:
            with self.conn.cursor() as cur:
                cur.execute(
                    f"SELECT (SELECT count(*) FROM {table} WHERE {table} MATCH %s AND rowid BETWEEN %s AND %s)"  # noqa: S608
                    f" - (SELECT count(*) FROM {table} WHERE {table} MATCH %s AND rowid BETWEEN %s AND %s)",
                    [self.every, floor, bound, chars, floor, bound],
                )
                missing = cur.fetchone()[0]
            return self.block(table, not_chars, bound, floor, min(missing, size)) if missing else []
        block = self.block(table, not_chars, bound, floor, size)
        state["count"] = not block
        return block

    def _lacking_among(self, chars: str, rowids: list[int]) -> set[int]:
        """Those of `rowids` whose documents lack `chars`: the ones FTS5 finds them in are looked up by
        rowid (a positive match, which FTS5 stops at the next document holding them)."""
        with self.conn.cursor() as cur:
            cur.execute(
                f"SELECT json_group_array(rowid) FROM {self.chars} WHERE {self.chars} MATCH %s "  # noqa: S608
                "AND rowid IN (SELECT value FROM json_each(%s))",
                [chars, json.dumps(rowids)],
            )
            return set(rowids).difference(json.loads(cur.fetchone()[0]))
