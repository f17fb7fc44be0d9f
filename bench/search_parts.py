"""Where a portal search's CPU goes, part by part: the count (up to 10,001), the top-20 page, reading the
page's entries (display fields and the text as stored), and the snippets, per query class of `search_bench.make_queries`, p50 / p95 CPU ms
(`time.process_time`; SQLite runs in this process, so under load the CPU time is the honest figure).

Runs on a database `bench/search_bench.py` has built (it is not built here):

    .venv/bin/python bench/search_parts.py --docs 20000 [--reps 2]
    FAZHI_BENCH_SQLITE=/path/to/other.sqlite3 .venv/bin/python bench/search_parts.py --docs 20000

And where the SQLite index's bytes go (`--bytes`): each FTS5 table's size from `dbstat`, and the
(token, document) pairs and positions by token length from `fts5vocab`.
"""

from __future__ import annotations

import argparse
import collections
import os
import time
from collections.abc import Callable

import search_bench as sb  # puts the repository and bench/ on sys.path

PARTS = ("count", "page", "entries", "snippets", "whole")


def cpu_ms(call: Callable, *args) -> tuple[object, float]:
    started = time.process_time()
    result = call(*args)
    return result, (time.process_time() - started) * 1000


def parts_by_class(reps: int) -> dict[str, dict[str, list[float]]]:
    import corpus_gen

    from fazhi.search import snippets
    from fazhi.search.backend import SearchQuery, get_backend, parse_query, query_facets

    backend = get_backend()
    parts: dict[str, dict[str, list[float]]] = collections.defaultdict(lambda: collections.defaultdict(list))
    for text, label in sb.make_queries(corpus_gen.load_sentences()):
        query = SearchQuery(text=text, filters=sb.PORTAL_FILTER, public_only=True, limit=20)
        terms = parse_query(text)
        required, any_of = query_facets(query)
        for _ in range(reps):
            started = time.process_time()
            total, count = cpu_ms(backend._count, terms, required, any_of, 10_001)
            page, paging = cpu_ms(backend._match_page, terms, required, any_of, 0, 20) if total else ([], 0.0)
            entries, reading = cpu_ms(backend._page_rows, [pk for pk, _ in page])
            snipping = time.process_time()
            for pk, title_match in page:
                if pk in entries:
                    snippets.snippet_html(entries[pk][-1], terms, title_match=title_match)
            took = {
                "count": count,
                "page": paging,
                "entries": reading,
                "snippets": (time.process_time() - snipping) * 1000,
                "whole": (time.process_time() - started) * 1000,
            }
            for part, ms in took.items():
                parts[label][part].append(ms)
                parts["ALL"][part].append(ms)
    return parts


def print_parts(parts: dict[str, dict[str, list[float]]]) -> None:
    print(f"load average {os.getloadavg()}; CPU ms p50 / p95")
    print("| class | " + " | ".join(PARTS) + " |")
    print("| --- |" + " ---: |" * len(PARTS))
    for label, by_part in parts.items():
        cells = [
            f"{sb.percentile(by_part[p], 0.5):.1f} / {sb.percentile(by_part[p], 0.95):.1f}" for p in PARTS
        ]
        print(f"| {label} | " + " | ".join(cells) + " |")


def print_bytes() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sum(pgsize) FROM dbstat WHERE name LIKE 'search%' GROUP BY name ORDER BY 2 DESC"
        )
        for name, size in cursor.fetchall():
            print(f"{name}: {size / 2**20:.1f} MiB")
        cursor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_vocab USING fts5vocab(main, search_fts, 'col')"
        )
        cursor.execute(
            "SELECT col, length(term), count(*), sum(doc), sum(cnt) FROM temp.fts_vocab "
            "GROUP BY 1, 2 ORDER BY 1, 2"
        )
        print("| column | token length | tokens | (token, document) pairs | positions |")
        print("| --- | ---: | ---: | ---: | ---: |")
        for column, length, tokens, pairs, positions in cursor.fetchall():
            print(f"| {column} | {length} | {tokens} | {pairs} | {positions} |")


def main() -> None:
    parser = argparse.ArgumentParser(description="检索耗时分解与索引空间分布")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--docs", type=int, default=20_000, help="the corpus size search_bench.py built")
    parser.add_argument("--reps", type=int, default=2)
    parser.add_argument("--bytes", action="store_true", help="SQLite: where the index's bytes go, instead")
    args = parser.parse_args()
    sb.configure(args.db, args.docs)
    if args.bytes:
        print_bytes()
    else:
        print_parts(parts_by_class(args.reps))


if __name__ == "__main__":
    main()
