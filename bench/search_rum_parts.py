"""PostgreSQL with RUM: the cost of reading `search_rum`'s parts, one statement per part, two ways.

`range`: the part selected on the partitioned table by its id range (the planner prunes the other parts;
what the backend did until the fifth session of 2026-12-06); `table`: the same statement on the part's own
table, named (what `rum.part_matches` does now: with no id condition the planner cannot take a part's
primary key instead of its RUM index). Each query of `bench/search_bench.py`'s
set that holds a term of three or more characters (the RUM path) is counted the backend's way, newest
part first until 10,001 matches, alternately both ways, and timed by the database backend's CPU
(`/proc/<pid>/schedstat`) and wall. Also prints how many parts each query read and how the matches
spread over the parts.

    FAZHI_BENCH_PG_DB=searchpg_b50k .venv/bin/python bench/search_rum_parts.py --docs 50000 --reps 3
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
from search_pg_paths import backend_cpu_ns  # noqa: E402


def by_table(cur, rum, name: str, terms, required, any_of, rng: str = "") -> list[int]:
    """The part's matches, from its own table `name`, or from the parent with the id condition `rng`."""
    filters, params = rum._filters(required, any_of)
    filters += rng
    intersect = " INTERSECT ".join(
        f"SELECT id FROM {name} WHERE grams @@ %s::tsquery AND multi{filters}" for _ in terms
    )
    cur.execute(
        f"SELECT id FROM {name} WHERE grams @@ %s::tsquery AND NOT multi{filters} "
        f"UNION ALL SELECT DISTINCT id FROM ({intersect}) m",
        [rum.query(terms), *params, *[p for t in terms for p in (rum.query([t]), *params)]],
    )
    return [r[0] for r in cur.fetchall()]


def count(cur, rum, layout, way: str, terms, required, any_of, stop: int) -> tuple[int, int]:
    """(matches counted, parts read), newest part first until `stop`."""
    found = read = 0
    for lo, hi, name in reversed(layout):
        if way == "range":
            found += len(by_table(cur, rum, rum.TABLE, terms, required, any_of, rum._range(lo, hi)[0]))
        else:
            found += len(by_table(cur, rum, name, terms, required, any_of))
        read += 1
        if found >= stop:
            break
    return found, read


def main() -> None:
    parser = argparse.ArgumentParser(description="RUM 分区：按 id 范围与按分区表名读取的开销")
    parser.add_argument("--docs", type=int, default=50_000)
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    sb.configure("postgres", args.docs)
    import corpus_gen
    from django.db import connection, transaction

    from fazhi.search import rum
    from fazhi.search.backend import COUNT_LIMIT, SearchQuery, parse_query, query_facets

    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        pid = cur.fetchone()[0]
        layout = rum.parts(cur)
        sizes = []
        for *_, name in layout:
            cur.execute(f"SELECT count(*) FROM {name} WHERE part = 0")
            sizes.append(cur.fetchone()[0])
    print(f"{len(layout)} 个分区，各 {sizes} 件；负载 {os.getloadavg()}", flush=True)
    queries = [
        (text, label)
        for text, label in sb.make_queries(corpus_gen.load_sentences())
        if any(len(t) > 2 for t in parse_query(text))
    ]
    times = {way: collections.defaultdict(list) for way in ("range", "table")}
    reads = collections.Counter()
    for text, _label in queries:
        terms = parse_query(text)
        required, any_of = query_facets(SearchQuery(text=text, filters=sb.PORTAL_FILTER))
        results = set()
        for rep in range(args.reps + 1):
            for way in ("range", "table"):
                with transaction.atomic(), connection.cursor() as cur:
                    cur.execute("SET LOCAL enable_seqscan = off")
                    cpu, wall = backend_cpu_ns(pid), time.perf_counter()
                    found, read = count(cur, rum, layout, way, terms, required, any_of, COUNT_LIMIT + 1)
                    wall = (time.perf_counter() - wall) * 1000
                    server = (backend_cpu_ns(pid) - cpu) / 1e6
                if rep:
                    times[way]["wall"].append(wall)
                    times[way]["server"].append(server)
                results.add((found, read))
        assert len(results) == 1, (text, results)
        reads[read] += 1
    print(f"负载（结束）{os.getloadavg()}；{len(queries)} 个查询（有三字以上的词），每种 {args.reps} 次")
    print("| way | wall p50 | p95 | server CPU p50 | p95 | p99 |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for way, clocks in times.items():
        w, s = clocks["wall"], clocks["server"]
        print(
            f"| {way} | {statistics.median(w):.1f} | {sb.percentile(w, 0.95):.1f} | "
            f"{statistics.median(s):.1f} | {sb.percentile(s, 0.95):.1f} | {sb.percentile(s, 0.99):.1f} |"
        )
    print("读的分区数：" + "，".join(f"{k} 个分区 {v} 个查询" for k, v in sorted(reads.items())))


if __name__ == "__main__":
    main()
