"""What a relevance order would cost: the portal's date-ordered page against a page ranked by the
title (how many terms the title holds, how close together), date as the tie-break.

Any relevance order has to score every hit before it can show the first page; the date order reads the
index newest-first and stops after 20 rows. This times, per query of `search_bench.make_queries`, on a
database `bench/search_bench.py` built:

- `date`: the page as the portal reads it (`_match_page`, 20 rows);
- `relevance`: every hit's id (no stop at 10,001), the titles of all hits, and the ranking in Python
  (the cheapest exact way: FTS5's bm25 needs positions of every hit too, and PostgreSQL's `search_pg`
  keeps none).

    .venv/bin/python bench/search_rank_cost.py --db sqlite --docs 20000
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import search_bench  # noqa: E402


def title_score(title: str, terms: list[str]) -> tuple[int, int]:
    """(terms the title holds, span from the first to the last of them: smaller is closer)."""
    spots = [title.find(t) for t in terms]
    held = [(i, i + len(t)) for i, t in zip(spots, terms, strict=True) if i >= 0]
    if not held:
        return 0, 0
    return len(held), max(e for _, e in held) - min(s for s, _ in held)


def relevance_page(backend, terms, required, any_of, limit: int = 20) -> list[int]:
    from fazhi.search.models import SearchEntry
    from fazhi.search.text import fold

    ids = [pk for pk, _ in backend._match_page(terms, required, any_of, 0, 10**8)]
    titles = {}
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        titles.update(SearchEntry.objects.filter(pk__in=chunk).values_list("pk", "title"))
    scored = []
    for pk in ids:
        held, span = title_score(fold(titles[pk]), terms)
        scored.append((-held, span, -pk))
    scored.sort()
    return [-pk for *_, pk in scored[:limit]]


def main() -> None:
    parser = argparse.ArgumentParser(description="相关度排序的代价")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    search_bench.configure(args.db, args.docs)
    import corpus_gen
    from django.db import connection

    from fazhi.search.backend import SearchQuery, get_backend, parse_query, query_facets

    backend = get_backend(connection)
    print(f"# {args.db}, {backend.count()} 件；负载 {os.getloadavg()}", flush=True)
    queries = search_bench.make_queries(corpus_gen.load_sentences())
    date_ms, rel_ms = [], []
    for text, _label in queries:
        terms = parse_query(text)
        required, any_of = query_facets(SearchQuery(text=text, filters=search_bench.PORTAL_FILTER))
        for _ in range(args.reps):
            started = time.perf_counter()
            backend._match_page(terms, required, any_of, 0, 20)
            date_ms.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            relevance_page(backend, terms, required, any_of)
            rel_ms.append((time.perf_counter() - started) * 1000)
    p = search_bench.percentile
    print(f"{len(queries)} 个查询 × {args.reps} 次；负载 {os.getloadavg()}")
    print("| page | p50 ms | p95 ms | p99 ms |\n| --- | ---: | ---: | ---: |")
    for name, values in (("date order (portal)", date_ms), ("relevance (every hit scored)", rel_ms)):
        print(f"| {name} | {p(values, 0.5):.1f} | {p(values, 0.95):.1f} | {p(values, 0.99):.1f} |")


if __name__ == "__main__":
    main()
