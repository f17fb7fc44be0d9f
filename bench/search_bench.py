"""Full-text search benchmark: index build time and size, query latency, and a LIKE scan as the floor.

Builds an index of N generated normative documents (`bench/corpus_gen.py`: sentences of the national
law corpus, 2–20 KB each) in a database of its own, never the project's, then times the portal's query.

    .venv/bin/python bench/search_bench.py --db sqlite --docs 5000               # a quick run (~2 min)
    .venv/bin/python bench/search_bench.py --db sqlite --docs 200000             # the issue's size
    .venv/bin/python bench/search_bench.py --db postgres --docs 200000
    .venv/bin/python bench/search_bench.py --db sqlite --docs 200000 --no-build  # query what a build left

Options: `--reps N` timed runs per query (default 10, after one warm-up), `--rebuild` (a database that
already holds exactly --docs documents is reused otherwise), `--no-floor` (skip the LIKE scans),
`--batch N` (documents per transaction while loading), `--no-build` (query the database as it is, e.g.
after an interrupted build; its index is finished first). Exit status 0; the report goes to stdout,
ending with a Markdown table for `docs/benchmarks.md`.

Databases: SQLite `/tmp/fazhi_search_bench_<N>.sqlite3`; PostgreSQL `fazhi_search_bench_<N>` on
`$FAZHI_BENCH_PG` (default `postgresql://postgres@127.0.0.1:5432`), created when missing. Delete
them by hand when done (a 200,000-document SQLite file is several GB).

Each query runs the whole portal search (count up to 10,001, top-20 page with title matches first,
snippets) with the portal's default filter (现行有效, public); p50/p95/p99 are over all timed runs,
wall clock and this process's CPU (on a shared machine the CPU time shows what load added). The floor is
one `LIKE '%term%'` scan per query over the same rows (count up to 10,001 + newest 20), without
folding (so it finds less than the index does for traditional input).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

# (query, what it exercises)
QUERIES = [
    ("法", "1 字·常见"),
    ("的", "1 字·极常见"),
    ("罚", "1 字"),
    ("麋", "1 字·罕见"),
    ("听证", "2 字"),
    ("罚款", "2 字"),
    ("备案", "2 字"),
    ("鹦鹉", "2 字·罕见"),
    ("规范性", "3 字"),
    ("营商环", "3 字"),
    ("的规定", "3 字·常见字组合"),
    ("行政处罚", "4 字"),
    ("重大行政决策", "6 字"),
    ("中华人民共和国", "7 字·常见"),
    ("第一百条", "4 字·罕见"),
    ("听证 罚款", "多词"),
    ("城市 管理 办法", "多词·常见"),
    ("耕地 听证 公示", "多词"),
    ("行政處罰", "繁体"),
    ("聽證　罰款", "繁体·全角空格"),
    ("2023", "数字"),
    ("量子纠缠", "无结果"),
]

PG_SERVER = os.environ.get("FAZHI_BENCH_PG", "postgresql://postgres@127.0.0.1:5432")
SQLITE_PATH = ""  # set by configure(): one file per corpus size, in /tmp, never in the repository


def sqlite_path(n: int) -> str:
    return f"/tmp/fazhi_search_bench_{n}.sqlite3"


def pg_name(n: int) -> str:
    return f"fazhi_search_bench_{n}"


def configure(db: str, n: int) -> None:
    global SQLITE_PATH
    os.environ["FAZHI_EMBEDDED"] = "1"
    os.environ["DJANGO_SETTINGS_MODULE"] = "fazhi.settings"
    if db == "sqlite":
        SQLITE_PATH = sqlite_path(n)
        os.environ["DATABASE_URL"] = f"sqlite:///{SQLITE_PATH}"
    else:
        import psycopg

        name = pg_name(n)
        try:
            with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True, connect_timeout=5) as conn:
                if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                    conn.execute(f'CREATE DATABASE "{name}"')
        except psycopg.OperationalError as exc:
            sys.exit(f"无法连接 PostgreSQL（{PG_SERVER}）：{exc}")
        os.environ["DATABASE_URL"] = f"{PG_SERVER}/{name}"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def query_class(text: str, label: str) -> str:
    """The class a query is reported under: rare terms, common one- or two-character terms, longer
    terms, several terms, traditional input."""
    if "罕见" in label or "无结果" in label:
        return "罕见 / 无结果"
    if "繁体" in label:
        return "繁体输入"
    if "多词" in label:
        return "多词"
    return "常见 1–2 字" if len(text) <= 2 else "常见 3 字及以上"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def finish_index() -> float:
    """After a bulk load: FTS5 'optimize' (merge the segments) or the GIN indexes + VACUUM ANALYZE.
    Returns the seconds it took."""
    from django.db import connection

    from fazhi.search.backend import get_backend

    started = time.perf_counter()
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SET maintenance_work_mem = '1GB'")
            from fazhi.search.postgres import CREATE_SQL

            for sql in CREATE_SQL[1:]:
                cur.execute(sql)
            cur.execute("VACUUM ANALYZE search_pg")
            cur.execute("VACUUM ANALYZE search_searchentry")
        else:
            get_backend().optimize()
    return time.perf_counter() - started


def build(n: int, batch: int) -> dict:
    import corpus_gen
    from django.db import connection, transaction

    from fazhi.search.backend import SearchDocument, get_backend
    from fazhi.search.models import SearchEntry

    backend = get_backend()
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        backend._clear()
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:  # a GIN index is built far faster in one go than row by row
            cur.execute("DROP INDEX IF EXISTS search_pg_grams")
            cur.execute("DROP INDEX IF EXISTS search_pg_tgrams")
    sentences = corpus_gen.load_sentences()
    started = time.perf_counter()
    chars = 0
    docs = []

    def flush():
        with transaction.atomic():
            backend.index(docs)
        docs.clear()

    for i, g in enumerate(corpus_gen.generate(n, seed=1, sentences=sentences), 1):
        chars += len(g.body) + len(g.title)
        docs.append(
            SearchDocument(
                key=g.key,
                title=g.title,
                body=f"{g.doc_number}\n{g.body}",
                kind="normdoc",
                issuer=g.issuer,
                date=g.date,
                status=g.status,
                year=g.date.year,
                doc_type=g.doc_type,
                public=True,
                url=f"/portal/doc/{i}/",
            )
        )
        if len(docs) == batch:
            flush()
        if i % 10_000 == 0:
            elapsed = time.perf_counter() - started
            print(f"  {i:>7} 件  {elapsed:7.1f} s  ({i / elapsed:.0f} 件/s)", flush=True)
    if docs:
        flush()
    loaded = time.perf_counter() - started
    finish = finish_index()
    return {"docs": n, "chars": chars, "load_s": loaded, "finish_s": finish}


def sizes() -> dict:
    from django.db import connection

    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            out = {}
            for table in ("search_pg", "search_searchentry"):
                cur.execute("SELECT pg_total_relation_size(%s), pg_indexes_size(%s)", [table, table])
                out[table] = cur.fetchone()
            return {
                "index_bytes": out["search_pg"][0],
                "entries_bytes": out["search_searchentry"][0],
                "gin_bytes": out["search_pg"][1],
            }
        cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the size of the database, not of a pending WAL
        total = Path(SQLITE_PATH).stat().st_size
        try:
            cur.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'search_fts%'")
            fts = cur.fetchone()[0]
        except Exception:  # dbstat is an optional SQLite module
            fts = None
        return {"file_bytes": total, "index_bytes": fts}


def like_floor(text: str) -> tuple[float, int]:
    from django.db import connection

    from fazhi.search.backend import parse_query

    terms = parse_query(text)
    cond = " AND ".join("(title LIKE %s OR body LIKE %s)" for _ in terms)
    params = [p for t in terms for p in (f"%{t}%", f"%{t}%")]
    started = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM search_searchentry WHERE {cond} LIMIT 10001) s", params
        )
        count = cur.fetchone()[0]
        cur.execute(f"SELECT id FROM search_searchentry WHERE {cond} ORDER BY id DESC LIMIT 20", params)
        cur.fetchall()
    return (time.perf_counter() - started) * 1000, count


def run_queries(reps: int, floor: bool) -> list[dict]:
    from fazhi.search.backend import SearchQuery, search

    rows = []
    for text, label in QUERIES:
        query = SearchQuery(text=text, filters={"status": "现行有效"}, public_only=True, limit=20)
        result = search(query)  # warm-up
        times, cpu = [], []
        for _ in range(reps):
            started, cpu_started = time.perf_counter(), time.process_time()
            result = search(query)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
        row = {
            "q": text,
            "label": label,
            "hits": f"{result.total}{'+' if result.total_is_lower_bound else ''}",
            "times": times,
            "cpu": cpu,
        }
        if floor:
            row["like_ms"], row["like_hits"] = like_floor(text)
        rows.append(row)
        print(
            f"  {text:<10} {label:<14} {row['hits']:>7}  p50 {statistics.median(times):7.1f} ms"
            f" (CPU {statistics.median(cpu):6.1f} ms)"
            + (f"   LIKE {row['like_ms']:8.0f} ms" if floor else ""),
            flush=True,
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description="全文检索基准")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--docs", type=int, default=200_000)
    parser.add_argument("--reps", type=int, default=10)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--rebuild", action="store_true", help="rebuild even if an index of this size exists")
    parser.add_argument("--no-floor", action="store_true", help="skip the LIKE scans")
    parser.add_argument(
        "--no-build",
        action="store_true",
        help="query the database of --docs as it is, whatever its size (e.g. after an interrupted build); "
        "its index is finished (optimize / GIN) first",
    )
    args = parser.parse_args()

    configure(args.db, args.docs)
    from django.db import connection

    from fazhi.search.backend import get_backend

    print(
        f"# {args.db} {connection.vendor} · {platform.processor() or platform.machine()} · "
        f"{os.cpu_count()} CPU · Python {platform.python_version()}"
    )
    if connection.vendor == "sqlite":
        import sqlite3

        print(f"SQLite {sqlite3.sqlite_version}")
    else:
        with connection.cursor() as cur:
            cur.execute("SHOW server_version")
            print(f"PostgreSQL {cur.fetchone()[0]}")
    print(f"负载（loadavg，开始时）：{os.getloadavg()}")
    existing = get_backend().count()
    if args.no_build:
        print(f"不建索引：库中现有 {existing} 件（目标 {args.docs} 件）；收尾 {finish_index():.0f} s")
    elif existing != args.docs or args.rebuild:
        print(f"建索引：{args.docs} 件")
        stats = build(args.docs, args.batch)
        print(
            f"建索引 {stats['docs']} 件（{stats['chars'] / 1e6:.0f} M 字）：写入 {stats['load_s']:.0f} s，"
            f"收尾（FTS5 optimize / GIN 建索引 + VACUUM ANALYZE）{stats['finish_s']:.0f} s"
        )
    else:
        print(f"复用已有索引：{existing} 件")
    print("大小：" + "，".join(f"{k} {v / 2**20:.0f} MiB" for k, v in sizes().items() if v))
    rows = run_queries(args.reps, floor=not args.no_floor)
    print(
        "\n| 查询类别 | 查询数 | p50 ms | p95 ms | p99 ms | LIKE p50 ms |\n| --- | ---: | ---: | ---: | ---: | ---: |"
    )
    for name in dict.fromkeys(query_class(r["q"], r["label"]) for r in rows):
        members = [r for r in rows if query_class(r["q"], r["label"]) == name]
        every = [t for r in members for t in r["times"]]
        like = f"{percentile([r['like_ms'] for r in members], 0.5):.0f}" if "like_ms" in members[0] else "–"
        print(
            f"| {name} | {len(members)} | {percentile(every, 0.5):.1f} | {percentile(every, 0.95):.1f} | "
            f"{percentile(every, 0.99):.1f} | {like} |"
        )
    every = [t for r in rows for t in r["times"]]
    like = f"{percentile([r['like_ms'] for r in rows], 0.5):.0f}" if "like_ms" in rows[0] else "–"
    print(
        f"| 全部 | {len(rows)} | {percentile(every, 0.5):.1f} | {percentile(every, 0.95):.1f} | "
        f"{percentile(every, 0.99):.1f} | {like} |\n"
    )
    for name, key in (("墙钟", "times"), ("本进程 CPU", "cpu")):
        every = [t for r in rows for t in r[key]]
        print(
            f"全部 {len(every)} 次查询（{name}）：p50 {percentile(every, 0.5):.1f} ms，"
            f"p95 {percentile(every, 0.95):.1f} ms，p99 {percentile(every, 0.99):.1f} ms，最大 {max(every):.1f} ms"
        )
    print(f"负载（loadavg）：{os.getloadavg()}")
    if not args.no_floor:
        floors = [r["like_ms"] for r in rows]
        print(f"LIKE 扫描：p50 {percentile(floors, 0.5):.0f} ms，p95 {percentile(floors, 0.95):.0f} ms")
    print(
        "\n| 查询 | 类型 | 命中 | p50 ms | p95 ms | CPU p50 ms | LIKE ms |\n"
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |"
    )
    for r in rows:
        like = f"{r['like_ms']:.0f}" if "like_ms" in r else "–"
        print(
            f"| `{r['q']}` | {r['label']} | {r['hits']} | {statistics.median(r['times']):.1f} | "
            f"{percentile(r['times'], 0.95):.1f} | {statistics.median(r['cpu']):.1f} | {like} |"
        )


if __name__ == "__main__":
    main()
