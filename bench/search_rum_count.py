"""PostgreSQL with RUM: where a count over `search_rum`'s parts spends its time, three ways, alternated.

Each query of `bench/search_bench.py`'s set that takes the RUM path (a term of three or more characters)
is counted up to 10,001 with the portal's default filter, in turn:

- `old`: one statement per part, newest first, the part selected by its id range on the parent, every
  matching id returned to Python, until 10,001 (`rum.Matches` until the 2026-12-06 fifth session, kept
  here to compare);
- `new, serial`: `rum.Matches.count` (the newest parts listed, the older ones counted by one prepared
  statement over the named parts) without parallel workers;
- `new, parallel`: the same with `FAZHI_SEARCH_PARALLEL_WORKERS` = 2 (a Parallel Append: each part's RUM
  scan is run whole by one process), on a connection of its own (a statement's plan is prepared once per
  session).

`--portal` times the whole portal call instead (count, page, snippets; all 208 queries, the one- and
two-character ones on the GIN path in every way) and checks that every way gives the same page.

Clocks: wall; the database backend's CPU (`/proc/<pid>/schedstat`); and the CPU of the postmaster's exited
children (`cutime + cstime` in `/proc/<postmaster>/stat`, clock ticks of 10 ms), which holds the parallel
workers' CPU, and also that of any other connection that ended meanwhile: reported as a mean per query
beside the same figure for the serial ways, which start no worker (that is the noise). Every way must find
the count of the substring ground truth.

Reads the database only (no migration is run): point it at a database the benchmark built.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/search_bench_200000 \
        .venv/bin/python bench/search_rum_count.py --docs 200000 --reps 2
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
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from search_pg_paths import backend_cpu_ns  # noqa: E402
from search_rum_parts import by_table  # noqa: E402

WAYS = ("old", "new, serial", "new, parallel")
TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")


def children_cpu_ms(pid: int) -> float:
    """CPU of the exited children of `pid` (the postmaster: parallel workers, ended connections), in ms."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[13]) + int(fields[14])) * TICK_MS  # cutime, cstime (fields 16 and 17 of stat)


class OldMatches:
    """`rum.Matches` as it was until the fifth session of 2026-12-06: one statement per part, newest first,
    the part selected by its id range on the parent, every matching id returned, until `stop`."""

    def __init__(self, conn, terms, required, any_of):
        from fazhi.search import rum

        self.rum, self.conn, self.key = rum, conn, (terms, required, any_of)
        self.ids: list[int] = []
        self.parts_listed = 0
        self._unread = None

    @property
    def done(self) -> bool:
        return self._unread == []

    def count(self, stop: int) -> int:
        self.read(stop)
        return min(len(self.ids), stop)

    def read(self, at_least: int) -> None:
        from django.db import transaction

        rum = self.rum
        with transaction.atomic(using=self.conn.alias), self.conn.cursor() as cur:
            cur.execute("SET LOCAL enable_seqscan = off")
            if self._unread is None:
                self._unread = rum.parts(cur)[::-1]
            while self._unread and len(self.ids) < at_least:
                lo, hi, _ = self._unread.pop(0)
                found = by_table(cur, rum, rum.TABLE, *self.key, rum._range(lo, hi)[0])
                self.ids += sorted(found, reverse=True)
                self.parts_listed += 1
            cur.execute("SET LOCAL enable_seqscan = DEFAULT")


def main() -> None:
    parser = argparse.ArgumentParser(description="RUM 分区计数：三种读法交替计时")
    parser.add_argument("--docs", type=int, required=True, help="documents in the database (ground truth)")
    parser.add_argument("--reps", type=int, default=2)
    parser.add_argument("--limit", type=int, default=0, help="only the first N queries (0: all)")
    parser.add_argument(
        "--portal",
        action="store_true",
        help="time the whole portal call (count, page, snippets) of all 208 queries, not the count alone",
    )
    parser.add_argument(
        "--ways", default="old,serial,parallel", help="the ways to time, comma-separated: old, serial, parallel"
    )
    args = parser.parse_args()
    ways = [w for w in WAYS if w.split()[-1] in args.ways.split(",")]
    os.environ["FAZHI_EMBEDDED"] = "1"
    # A persistent connection, as in production (docs/configuration.md): PostgreSQL's RUM statements are
    # prepared only then (fazhi.search.rum.persistent).
    os.environ.setdefault("DB_CONN_MAX_AGE", "60")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    import django

    django.setup()
    import corpus_gen
    import search_bench as sb
    from django.conf import settings
    from django.db import connection, connections

    from fazhi.search import rum
    from fazhi.search.backend import COUNT_LIMIT, SearchQuery, get_backend, parse_query, query_facets

    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid(), current_setting('data_directory')")
        pid, data_dir = cur.fetchone()
        layout = rum.parts(cur)
    # The parallel way on a connection of its own: a statement's plan is prepared once per session, with
    # the parallel setting of its first run.
    connections.settings["parallel"] = dict(connections.settings["default"])
    parallel = connections["parallel"]
    with parallel.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        parallel_pid = cur.fetchone()[0]
    with open(Path(data_dir) / "postmaster.pid") as f:
        postmaster = int(f.readline())
    sentences = corpus_gen.load_sentences()
    truth = sb.SavedTruth.of(args.docs, sentences, [text for text, _label in sb.make_queries(sentences)])
    queries = [
        (text, label)
        for text, label in sb.make_queries(sentences)
        if args.portal or any(len(t) > 2 for t in parse_query(text))
    ]
    if args.limit:
        queries = queries[: args.limit]
    what = "门户整次调用" if args.portal else "计数（走 RUM 的查询）"
    print(
        f"{len(layout)} 个分区；{what}，{len(queries)} 个查询，每种 {args.reps} 次；负载（开始）{os.getloadavg()}"
    )
    new_matches = rum.Matches
    times = {way: collections.defaultdict(list) for way in ways}
    workers_ms = dict.fromkeys(ways, 0.0)
    stop = COUNT_LIMIT + 1
    wrong = []
    for text, label in queries:
        terms = parse_query(text)
        required, any_of = query_facets(SearchQuery(text=text, filters=sb.PORTAL_FILTER))
        expected = min(len(truth.hits(text)), stop)
        pages = set()
        for rep in range(args.reps + 1):  # the first round warms up
            for way in ways:
                settings.FAZHI_SEARCH_PARALLEL_WORKERS = 2 if way == "new, parallel" else 0
                conn, conn_pid = (parallel, parallel_pid) if way == "new, parallel" else (connection, pid)
                children, cpu, wall = (
                    children_cpu_ms(postmaster),
                    backend_cpu_ns(conn_pid),
                    time.perf_counter(),
                )
                matches = OldMatches if way == "old" else new_matches
                if args.portal:
                    rum.Matches = matches
                    result = get_backend(conn).search(
                        SearchQuery(text=text, filters=sb.PORTAL_FILTER, public_only=True, limit=20)
                    )
                    rum.Matches = new_matches
                    found = result.total + result.total_is_lower_bound
                    pages.add(tuple(h.key for h in result.hits))
                else:
                    found = matches(conn, terms, required, any_of).count(stop)
                wall = (time.perf_counter() - wall) * 1000
                server = (backend_cpu_ns(conn_pid) - cpu) / 1e6
                children = children_cpu_ms(postmaster) - children
                if rep:
                    times[way]["wall"].append(wall)
                    times[way]["server"].append(server)
                    times[way][label].append((wall, server))
                    workers_ms[way] += children
                if min(found, stop) != expected:
                    wrong.append(f"{way} {text!r}: {found} / {expected}")
        if len(pages) > 1:
            wrong.append(f"pages differ {text!r}")
    print(f"负载（结束）{os.getloadavg()}")
    print("计数不符：" + ("；".join(sorted(set(wrong))) if wrong else "无（每种读法的计数都与真值一致）"))
    n = len(queries) * args.reps
    print(
        "\n| way | wall p50 | p95 | p99 | backend CPU p50 | p95 | p99 | exited children's CPU, mean per query |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for way in ways:
        w, s = times[way]["wall"], times[way]["server"]
        print(
            f"| {way} | {statistics.median(w):.1f} | {sb.percentile(w, 0.95):.1f} | {sb.percentile(w, 0.99):.1f} | "
            f"{statistics.median(s):.1f} | {sb.percentile(s, 0.95):.1f} | {sb.percentile(s, 0.99):.1f} | "
            f"{workers_ms[way] / n:.1f} |"
        )
    print(
        "\n| class | queries | "
        + " | ".join(f"{way}: wall p50 / p95, backend CPU p50 / p95" for way in ways)
        + " |"
    )
    print("| --- | ---: |" + " ---: |" * len(ways))
    for label in dict.fromkeys(label for _text, label in queries):
        cells = []
        for way in ways:
            w, s = zip(*times[way][label], strict=True)
            cells.append(
                f"{statistics.median(w):.1f} / {sb.percentile(list(w), 0.95):.1f}, "
                f"{statistics.median(s):.1f} / {sb.percentile(list(s), 0.95):.1f}"
            )
        count = sum(1 for _text, other in queries if other == label)
        print(f"| {label} | {count} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
