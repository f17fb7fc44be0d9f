"""The size of SQLite's main FTS5 table under different rowid layouts (issue #13: where the bytes go).

FTS5 stores each document's rowid as the varint difference from the previous one in every token's
doclist, so how far apart the rowids are decides a large share of the index. This builds the main table
in memory for the benchmark corpus's documents under each layout and prints its size. It builds the table
as it was when the layouts were chosen (seventh session): the distinct characters leading the bigrams,
`unicode61`; since migration 0014 the characters have a table of their own (`docs/benchmarks.md`,
"eighth session", measured from the same documents).

- `ids`: the entry ids, (date ordinal << 16) + 16 hash bits (the rowids until migration 0012);
- `places`: what the product lays out now (`fazhi.search.places.lay_out`, `REBUILD_STEP` apart at least);
- `dense`: 1, 2, 3 … in id order (the floor: no room for a later document);
- `gN`: N apart in id order; `aB`: anchors with B hash bits a day, pushed one past the one before.

`--squeeze K` divides the corpus's date range by K: the corpus spreads N documents over 9,300 days, so
20,000 documents with `--squeeze 10` have the density of the 200,000-document benchmark (21 a day).

    .venv/bin/python bench/search_rowid_layouts.py --docs 20000 --squeeze 10 --layouts ids,places,dense
"""

from __future__ import annotations

import argparse
import datetime
import sqlite3
import sys
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_gen import generate  # noqa: E402

from fazhi.search import places  # noqa: E402
from fazhi.search.backend import DAY_BITS, entry_id  # noqa: E402
from fazhi.search.text import fold, spaced_symbols, symbols  # noqa: E402


def documents(n: int, squeeze: int) -> list[tuple[int, str]]:
    """(entry id, the main table's text) in id order, dates squeezed."""
    base = datetime.date(2000, 1, 1).toordinal()
    out = []
    for doc in generate(n):
        day = datetime.date.fromordinal(base + (doc.date.toordinal() - base) // squeeze)
        title, body = symbols(fold(doc.title)), symbols(fold(doc.body))
        chars = " ".join(sorted(set(title) | set(body)))
        out.append((entry_id(doc.key, day), f"{chars} {spaced_symbols(title)} {spaced_symbols(body)}"))
    out.sort()
    return out


def rowids(layout: str, ids: list[int]) -> list[int]:
    if layout == "ids":
        return ids
    if layout == "places":
        return places.lay_out([(i, None) for i in ids], None, None, places.REBUILD_STEP)
    if layout == "dense":
        return list(range(1, len(ids) + 1))
    if layout.startswith("g"):
        return [int(layout[1:]) * (k + 1) for k in range(len(ids))]
    if layout.startswith("a"):  # the product's anchors with other bits, pushed one apart
        with mock.patch.object(places, "SLOT_BITS", int(layout[1:])):
            return places.lay_out([(i, None) for i in ids], None, None)
    raise SystemExit(f"unknown layout {layout}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--squeeze", type=int, default=1)
    parser.add_argument("--layouts", default="ids,places,dense")
    args = parser.parse_args()
    docs = documents(args.docs, args.squeeze)
    ids = [i for i, _ in docs]
    days = len({i >> DAY_BITS for i in ids})
    text_mib = sum(len(t.encode()) for _, t in docs) / 2**20
    print(
        f"{args.docs} documents over {days} days ({args.docs / days:.1f} a day); token text {text_mib:.0f} MiB"
    )
    for layout in args.layouts.split(","):
        conn = sqlite3.connect(":memory:")
        conn.execute(
            "CREATE VIRTUAL TABLE t USING fts5(text, facets, content='', columnsize=0, "
            "tokenize='unicode61 remove_diacritics 0')"
        )
        conn.execute("INSERT INTO t(t, rank) VALUES ('automerge', 0)")
        conn.executemany(
            "INSERT INTO t(rowid, text, facets) VALUES (?, ?, 'zfa zfb zpc')",
            zip(rowids(layout, ids), (t for _, t in docs), strict=True),
        )
        conn.execute("INSERT INTO t(t) VALUES ('optimize')")
        size = sum(len(block) for (block,) in conn.execute("SELECT block FROM t_data"))
        print(f"{layout:8} {size / 2**20:8.1f} MiB", flush=True)
        conn.close()


if __name__ == "__main__":
    main()
