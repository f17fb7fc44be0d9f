"""PostgreSQL: the RUM path against the GIN path on the same database, interleaved query by query.

Uses the database `bench/search_bench.py --db postgres --docs N` built (RUM and GIN structures both
filled) and its 208 queries; each query is timed as the whole portal call (`search`), alternately with
the backend's RUM path and with the GIN path it falls back to where the extension is absent. A change
of load hits both alike, so the ratio holds under load. Checks that both paths give the same page and a
count equal to the ground truth (plain substring test over every document).

    .venv/bin/python bench/search_pg_paths.py --docs 20000 --reps 3
"""

from __future__ import annotations

import argparse
import collections
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import search_bench as sb  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description="PostgreSQL：RUM 与 GIN 两条路径对比")
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    sb.configure("postgres", args.docs)
    import corpus_gen
    from django.db import connection

    from fazhi.search.backend import SearchQuery, get_backend

    if not get_backend(connection).rum:
        sys.exit("此库没有 search_rum（服务器未装 rum 扩展？）")
    sentences = corpus_gen.load_sentences()
    truth = sb.GroundTruth()
    for doc in sb.bench_documents(args.docs, sentences):
        truth.add(doc)
    queries = sb.make_queries(sentences)
    print(f"{len(queries)} 个查询，{args.docs} 件；负载（开始）{os.getloadavg()}", flush=True)
    times: dict[str, dict[str, list[float]]] = {
        "rum": collections.defaultdict(list),
        "gin": collections.defaultdict(list),
    }
    wrong = []
    for text, label in queries:
        query = SearchQuery(text=text, filters=sb.PORTAL_FILTER, public_only=True, limit=20)
        true = len(truth.hits(text))
        pages = {}
        for rep in range(args.reps + 1):  # the first round warms up
            for path in ("rum", "gin"):
                backend = get_backend(connection)
                backend.rum = path == "rum"
                started = time.perf_counter()
                result = backend.search(query)
                elapsed = (time.perf_counter() - started) * 1000
                if rep:
                    times[path][label].append(elapsed)
                    times[path]["全部"].append(elapsed)
                pages[path] = ([h.key for h in result.hits], result.total, result.total_is_lower_bound)
        exact = (min(true, 10_000), true > 10_000)
        for path, (_keys, total, lower) in pages.items():
            if (total, lower) != exact:
                wrong.append(f"{path} {text!r}: {total}{'+' if lower else ''} / {true}")
        if pages["rum"][0] != pages["gin"][0]:
            wrong.append(f"pages differ {text!r}")
    print(f"负载（结束）{os.getloadavg()}")
    print(
        "计数或页面不符："
        + ("；".join(wrong) if wrong else "无（两条路径每个查询的计数都与真值一致，页面相同）")
    )
    print("\n| 类别 | 查询 | RUM p50 | p95 | p99 | GIN p50 | p95 | p99 | p95 GIN / RUM |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for label in ["全部", *sorted({lbl for _, lbl in queries})]:
        r, g = times["rum"][label], times["gin"][label]
        p = sb.percentile
        print(
            f"| {label} | {len(r) // args.reps} | {statistics.median(r):.1f} | {p(r, 0.95):.1f} | {p(r, 0.99):.1f} | "
            f"{statistics.median(g):.1f} | {p(g, 0.95):.1f} | {p(g, 0.99):.1f} | {p(g, 0.95) / p(r, 0.95):.1f}× |"
        )


if __name__ == "__main__":
    main()
