"""A probe, not the product: what roaring bitmaps of the frequent doc-level tokens would give the SQLite
search (`docs/benchmarks.md`, issue #13, "fifteenth session").

FTS5 answers an AND of doc-level tokens (one-character terms, vocabulary words, filter words: the
characters' table, `detail=none`) by stepping through their doclists entry by entry; tantivy skips
blocks. This measures, on a database `bench/search_bench.py` built:

- `queries`: the queries of `search_bench.make_queries` that the characters' table answers alone, each
  answered from bitmaps of its tokens' places (deserialized per call, intersected, the outside-scope
  token subtracted, counted, the newest 20 picked) against the backend's own count and page, asserting
  the same count;
- `size`: the serialized bitmaps of every token held by at least `--share` of the documents;
- `write`: adding the newest document's place to each of its frequent tokens' bitmaps, stored one blob
  per token, in one transaction (what a write would cost without a delta).

`pyroaring` is a probe-only dependency, installed into the running interpreter by pip when missing.

    .venv/bin/python bench/search_bitmap_probe.py --docs 200000
"""

from __future__ import annotations

import argparse
import os
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import search_bench  # noqa: E402


def token_match(token: str) -> str:
    """A token as an FTS5 MATCH string: CJK tokens quoted, filter words (`z…`) as they are."""
    return token if token.isascii() and len(token) > 2 else f'"{token}"'


def places_of(conn, token: str) -> list[int]:
    from fazhi.search.fts5 import CHARS_TABLE

    with conn.cursor() as cur:
        cur.execute(f"SELECT rowid FROM {CHARS_TABLE} WHERE {CHARS_TABLE} MATCH %s", [token_match(token)])
        return [r[0] for r in cur.fetchall()]


def probe_queries(reps: int) -> None:
    import corpus_gen
    from django.db import connection

    from fazhi.search.backend import SearchQuery, get_backend, parse_query, query_facets

    bitmap = search_bench.bench_dependency("pyroaring").BitMap
    backend = get_backend()
    chosen = []
    for text, _label in search_bench.make_queries(corpus_gen.load_sentences()):
        terms = parse_query(text)
        if not terms:
            continue
        query = SearchQuery(text=text, filters=search_bench.PORTAL_FILTER, public_only=True, limit=20)
        required, any_of = query_facets(query)
        exprs = backend._expressions(terms, required, any_of)
        if exprs["all"] is None and exprs["chars"] and not any_of:
            held = re.findall(r'"([^"]+)"', exprs["chars"]) + re.findall(r" AND (z\w+)", exprs["chars"])
            chosen.append((query, terms, held, re.findall(r" NOT (z\w+)", exprs["chars"])))
    blobs: dict[str, bytes] = {}
    for _query, _terms, held, outside in chosen:
        for token in held + outside:
            if token not in blobs:
                blobs[token] = bitmap(places_of(connection, token)).serialize()
    print(
        f"{len(chosen)} 个查询只用字符表；{len(blobs)} 个词元的位图，平均 "
        f"{statistics.mean(map(len, blobs.values())) / 1024:.0f} KB",
        flush=True,
    )
    from_bitmaps, from_fts5 = [], []
    for query, terms, held, outside in chosen:
        for _ in range(reps):
            started = time.process_time()
            maps = sorted((bitmap.deserialize(blobs[t]) for t in held), key=len)
            found = maps[0]
            for other in maps[1:]:
                found &= other
            for token in outside:
                found -= bitmap.deserialize(blobs[token])
            count = len(found)
            newest = [found[i] for i in range(count - 1, max(-1, count - 21), -1)]
            from_bitmaps.append((time.process_time() - started) * 1000)
            started = time.process_time()
            total, _page = backend.matches(query, terms)
            from_fts5.append((time.process_time() - started) * 1000)
            assert min(count, 10_001) == total and len(newest) == min(count, 20), (query.text, count, total)
    p = search_bench.percentile
    print("| CPU ms | p50 | p95 | max |\n| --- | ---: | ---: | ---: |")
    for name, values in (("bitmaps: count + newest 20", from_bitmaps), ("FTS5: the backend's count + page", from_fts5)):
        print(f"| {name} | {p(values, 0.5):.3f} | {p(values, 0.95):.3f} | {max(values):.3f} |")


def frequent_tokens(path: str, share: float) -> list[tuple[str, int]]:
    """(token, documents) of the characters' table's tokens held by at least `share` of the documents."""
    from fazhi.search.fts5 import CHARS_TABLE

    conn = sqlite3.connect(path)
    conn.execute(f"CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, {CHARS_TABLE}, 'row')")
    rows = conn.execute("SELECT term, doc FROM temp.vocab").fetchall()
    documents = max(d for _, d in rows)  # EVERY_DOCUMENT's word is in every row
    print(f"字符表：{len(rows)} 个词元，{sum(d for _, d in rows) / 1e6:.1f} M 条（词元，文件）", flush=True)
    return [(t, d) for t, d in rows if d >= share * documents]


def probe_size_and_write(path: str, share: float) -> None:
    from django.db import connection

    bitmap = search_bench.bench_dependency("pyroaring").BitMap
    tokens = frequent_tokens(path, share)
    started = time.perf_counter()
    blobs = {token: bitmap(places_of(connection, token)).serialize() for token, _ in tokens}
    entries = sum(d for _, d in tokens)
    print(
        f"至少 {share:.0%} 的文件含有的词元 {len(tokens)} 个，{entries / 1e6:.1f} M 条；位图 "
        f"{sum(map(len, blobs.values())) / 2**20:.1f} MiB（读出并建位图 {time.perf_counter() - started:.0f} s）",
        flush=True,
    )
    with connection.cursor() as cur:
        cur.execute("SELECT max(place) FROM search_searchentry")
        newest = cur.fetchone()[0]
    held = [t for t, blob in blobs.items() if newest in bitmap.deserialize(blob)]
    with tempfile.TemporaryDirectory() as tmp:
        store = sqlite3.connect(os.path.join(tmp, "bitmaps.sqlite3"))
        store.execute("PRAGMA journal_mode=WAL")
        store.execute("PRAGMA synchronous=NORMAL")
        store.execute("CREATE TABLE bitmap (token TEXT PRIMARY KEY, bits BLOB) WITHOUT ROWID")
        with store:
            store.executemany("INSERT INTO bitmap VALUES (?, ?)", blobs.items())
        for n in range(3):
            wall, cpu = time.perf_counter(), time.process_time()
            with store:
                for token in held:
                    bits = bitmap.deserialize(store.execute("SELECT bits FROM bitmap WHERE token = ?", [token]).fetchone()[0])
                    bits.add(newest + 1 + n)
                    store.execute("UPDATE bitmap SET bits = ? WHERE token = ?", [bits.serialize(), token])
            print(
                f"最新一件文件（{len(held)} 个高频词元）写入位图：{(time.perf_counter() - wall) * 1000:.0f} ms，"
                f"CPU {(time.process_time() - cpu) * 1000:.0f} ms",
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description="高频词元位图探测（SQLite）")
    parser.add_argument("--docs", type=int, default=200_000)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--share", type=float, default=0.05, help="tokens held by at least this share")
    args = parser.parse_args()
    search_bench.configure("sqlite", args.docs)
    print(f"# SQLite {sqlite3.sqlite_version}，{args.docs} 件；负载 {os.getloadavg()}", flush=True)
    print(f"预读数据库文件：{search_bench.read_through(search_bench.SQLITE_PATH):.1f} s", flush=True)
    probe_queries(args.reps)
    probe_size_and_write(search_bench.SQLITE_PATH, args.share)


if __name__ == "__main__":
    main()
