"""PostgreSQL: the RUM path against the GIN path on the same database, interleaved query by query.

Uses the database `bench/search_bench.py --db postgres --docs N` built (RUM and GIN structures both
filled) and its query set (`make_queries`, 208 queries); each query is timed as the whole portal call
(`search`: count up to 10,001, the top-20 page, snippets), alternately with the backend's RUM path and
with the GIN path it falls back to where the extension is absent. A change of load hits both alike.

Three clocks per call, because the machine is shared: the wall time; the server's CPU time, read from
the database backend's `/proc/<pid>/schedstat` (nanoseconds on a CPU, so the time the query waited for
one does not count; only when the server runs on this machine); and this process's CPU time (the
snippets, building the hits). Checks that both paths give the same page and a count equal to the ground
truth (plain substring test over every document the portal's filter keeps).

    .venv/bin/python bench/search_pg_paths.py --docs 20000 --reps 3
    FAZHI_BENCH_PG_DB=searchpg_b20k .venv/bin/python bench/search_pg_paths.py --docs 20000 --paths rum
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

CLOCKS = ("wall", "server", "client")


def backend_cpu_ns(pid: int) -> int | None:
    """Nanoseconds the database backend `pid` has spent on a CPU (None: not readable from here)."""
    try:
        with open(f"/proc/{pid}/schedstat") as f:
            return int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def timed_search(backend, query, pid: int) -> tuple[object, dict[str, float]]:
    server, client, wall = backend_cpu_ns(pid), time.process_time(), time.perf_counter()
    result = backend.search(query)
    wall, client = time.perf_counter() - wall, time.process_time() - client
    after = backend_cpu_ns(pid)
    spent = {"wall": wall * 1000, "client": client * 1000}
    if server is not None and after is not None:
        spent["server"] = (after - server) / 1e6
    return result, spent


def table(times, paths: list[str], labels: list[str], reps: int) -> None:
    p = sb.percentile
    head = " | ".join(f"{path.upper()} {clock} p50 | p95 | p99" for path in paths for clock in CLOCKS)
    print(f"\n| 类别 | 查询 | {head} |")
    print("| --- | ---: |" + " ---: | ---: | ---: |" * len(paths) * len(CLOCKS))
    for label in labels:
        cells = []
        for path in paths:
            for clock in CLOCKS:
                xs = times[path][clock][label]
                cells.append(
                    f"{statistics.median(xs):.1f} | {p(xs, 0.95):.1f} | {p(xs, 0.99):.1f}"
                    if xs
                    else "– | – | –"
                )
        count = len(times[paths[0]]["wall"][label]) // reps
        print(f"| {label} | {count} | " + " | ".join(cells) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description="PostgreSQL：RUM 与 GIN 两条路径对比")
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--paths", default="rum,gin", help="rum,gin (default), or one of them")
    parser.add_argument("--slowest", type=int, default=10, help="list the N slowest queries of each path")
    args = parser.parse_args()
    paths = args.paths.split(",")
    sb.configure("postgres", args.docs)
    import corpus_gen
    from django.db import connection

    from fazhi.search.backend import SearchQuery, get_backend

    if "rum" in paths and not get_backend(connection).rum:
        sys.exit("此库没有 search_rum（服务器未装 rum 扩展？）")
    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid(), current_setting('server_version')")
        pid, version = cur.fetchone()
    if backend_cpu_ns(pid) is None:
        print("读不到数据库后端进程的 /proc/<pid>/schedstat：不报服务器 CPU 时间")
    sentences = corpus_gen.load_sentences()
    truth = sb.GroundTruth()
    for doc in sb.bench_documents(args.docs, sentences):
        truth.add(doc)
    queries = sb.make_queries(sentences)
    print(
        f"PostgreSQL {version}；{len(queries)} 个查询，{args.docs} 件，每个 {args.reps} 次（先预热一次）；"
        f"负载（开始）{os.getloadavg()}",
        flush=True,
    )
    times = {path: {clock: collections.defaultdict(list) for clock in CLOCKS} for path in paths}
    parts_read = collections.defaultdict(list)  # RUM path: parts of search_rum read per query, by class
    per_query: dict[str, list[tuple[float, str, str]]] = {path: [] for path in paths}
    wrong = []
    for text, label in queries:
        query = SearchQuery(text=text, filters=sb.PORTAL_FILTER, public_only=True, limit=20)
        true = len(truth.hits(text))
        pages = {}
        for rep in range(args.reps + 1):  # the first round warms up
            for path in paths:
                backend = get_backend(connection)
                backend.rum = path == "rum"
                result, spent = timed_search(backend, query, pid)
                if rep:
                    for clock, ms in spent.items():
                        times[path][clock][label].append(ms)
                        times[path][clock]["全部"].append(ms)
                pages[path] = ([h.key for h in result.hits], result.total, result.total_is_lower_bound)
                if rep == 1 and path == "rum" and getattr(backend, "_matches", None) is not None:
                    for group in (label, "全部"):
                        parts_read[group].append(getattr(backend._matches, "parts_read", 0))
        for path in paths:
            walls = times[path]["wall"][label][-args.reps :]
            servers = times[path]["server"][label][-args.reps :]
            per_query[path].append((statistics.median(walls), text, label, statistics.median(servers or [0])))
        exact = (min(true, 10_000), true > 10_000)
        for path, (_keys, total, lower) in pages.items():
            if (total, lower) != exact:
                wrong.append(f"{path} {text!r}: {total}{'+' if lower else ''} / {true}")
        if len({tuple(keys) for keys, _, _ in pages.values()}) > 1:
            wrong.append(f"pages differ {text!r}")
    print(f"负载（结束）{os.getloadavg()}")
    print(
        "计数或页面不符："
        + ("；".join(wrong) if wrong else "无（每个查询的计数都与真值一致，各路径页面相同）")
    )
    labels = ["全部", *dict.fromkeys(lbl for _, lbl in queries)]
    table(times, paths, labels, args.reps)
    if parts_read:
        with connection.cursor() as cur:
            cur.execute(
                "SELECT count(*) FROM pg_partition_tree(to_regclass('search_rum')) WHERE isleaf AND level > 0"
            )
            print(
                f"\nsearch_rum 的分区数：{cur.fetchone()[0]}；RUM 路径每个查询读的分区数（均值 / 最大，按类别）："
            )
        for label in labels:
            if parts_read[label]:
                xs = parts_read[label]
                print(f"  {label}: {statistics.mean(xs):.1f} / {max(xs)}（{len(xs)} 个查询走 RUM）")
    for path in paths:
        print(f"\n{path.upper()} 最慢的 {args.slowest} 个查询（墙钟中位 ms / 服务器 CPU 中位 ms）：")
        for wall, text, label, server in sorted(per_query[path], reverse=True)[: args.slowest]:
            print(f"  {wall:8.1f} / {server:7.1f}  {text}  （{label}）")


if __name__ == "__main__":
    main()
