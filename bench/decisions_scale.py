"""Decisions and contracts at province scale: list pages and the rates page on 2,000 units, 20,000 decisions
(with their step histories) and 50,000 contracts.

Builds (or reuses) a database of its own — <data-dir>/<size>.sqlite3 (default: FAZHI_BENCH_DATA or the temp folder's fazhi-bench) or the
PostgreSQL database given by --pg (default the engineer's `decisions`; --fresh empties its schema) — fills it with `fazhi.decisions.scale.generate_province`, then requests each
page with the test client as a province office user and a county office user and reports p50 / p95 of wall
time and the mean CPU time of this process (Django and, on SQLite, the database; on PostgreSQL also the
server backend's own CPU, from /proc/<pid>/schedstat when the server runs on this machine) over `--runs` requests after a warm-up, with the SQL queries of one request and the load average:

    .venv/bin/python bench/decisions_scale.py --db sqlite --runs 20
    .venv/bin/python bench/decisions_scale.py --db postgres --fresh

Goals (issue #15): list pages p95 ≤ 150 ms, the rates page ≤ 300 ms.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from _common import bench_sqlite, percentile, timed_gets

REPO = Path(__file__).resolve().parents[1]
PG_DEFAULT = "postgresql://postgres@127.0.0.1:5432/decisions"
PER_PAGE = 20  # the list table's default page size (fazhi.core.tables)
PROVINCE = "决策规模省"
GOALS = {"list": 150.0, "rates": 300.0}



def _backend_cpu_ms(connection) -> float | None:
    """CPU ms the PostgreSQL backend serving `connection` has used so far (/proc/<pid>/schedstat, on this
    machine), None on SQLite or when the server's processes cannot be read."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        with open(f"/proc/{pid}/schedstat") as f:
            return int(f.read().split()[0]) / 1e6
    except OSError:
        return None


def _database(args) -> str:
    size = f"{args.units}_{args.decisions}_{args.contracts}"
    if args.db == "sqlite":
        return f"sqlite:///{bench_sqlite(f'decisions_{size}.sqlite3', args.fresh)}"
    if args.fresh:
        import psycopg

        with psycopg.connect(args.pg, autocommit=True) as conn:
            conn.execute("DROP SCHEMA public CASCADE")
            conn.execute("CREATE SCHEMA public")
    return args.pg


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--decisions", type=int, default=20000)
    parser.add_argument("--contracts", type=int, default=50000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--pg", default=PG_DEFAULT, help="PostgreSQL database URL (one of your own)")
    parser.add_argument("--generate-only", action="store_true")
    parser.add_argument("--only", default="", help="comma-separated words: run only the pages whose label has one")
    parser.add_argument("--cold", action="store_true",
                        help="empty the cache before each request: the first view after a write (pages kept as "
                             "cached fragments cost almost nothing on a repeat)")
    parser.add_argument("--cap", type=int, default=0,
                        help="count lists up to this many rows instead of FAZHI_LIST_COUNT_CAP (a province above the "
                             "cap pages only its first cap rows; with --cap 50000 its last page is the 20,000th row)")
    parser.add_argument("--show-queries", action="store_true", help="the three slowest SQL statements of each page")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = _database(args)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings_test")
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from fazhi.contracts.models import Contract
    from fazhi.core import services as core
    from fazhi.core.models import DataScope, Unit, User
    from fazhi.decisions import scale
    from fazhi.decisions.models import Decision
    from fazhi.workflow.models import TransitionRecord

    setup_test_environment()
    call_command("migrate", verbosity=0)
    province = Unit.objects.get_root_nodes().filter(name=PROVINCE).first()
    if province is None:
        result = scale.generate_province(units=args.units, decisions=args.decisions, contracts=args.contracts,
                                         name=PROVINCE)
        print(f"generated: {result.summary()}")
        province = result.province
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    if args.generate_only:
        return
    print(f"== {args.db}: units {Unit.objects.filter(path__startswith=province.path).count()}, decisions "
          f"{Decision.objects.count()}, decision steps {TransitionRecord.objects.filter(workflow='decision').count()}, contracts {Contract.objects.count()}")

    def office(username: str, region: Unit) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            justice = Unit.objects.filter(path__startswith=region.path, depth=region.depth + 1,
                                          name__endswith="司法局").first() or region
            user = core.create_user(None, username=username, password="Fazhi@2026", unit=justice,
                                    roles=["office", "reporter", "leader"], data_scope=DataScope.JURISDICTION)
        return user

    county = Unit.objects.filter(path__startswith=province.path, level="county").order_by("path").first()
    if args.cap:
        settings.FAZHI_LIST_COUNT_CAP = args.cap
    cap = settings.FAZHI_LIST_COUNT_CAP

    def last_page(region: Unit) -> int:
        """The last page the list links to: the pages of the first `cap` rows (BoundedPaginator)."""
        rows = min(cap, Decision.objects.filter(lead_unit__path__startswith=region.path).count())
        return max(1, (rows + PER_PAGE - 1) // PER_PAGE)

    pages = [("decisions list, page 1", reverse("decisions:list"), "list"),
             ("decisions list, last page", reverse("decisions:list") + "?page={last}", "list"),
             ("decisions list, state=executing", reverse("decisions:list") + "?state=executing", "list"),
             ("decisions list, search", reverse("decisions:list") + "?q=事项12", "list"),
             ("contracts list, page 1", reverse("contracts:list"), "list"),
             ("contracts list, sorted by amount", reverse("contracts:list") + "?sort=-amount", "list"),
             ("contracts list, search", reverse("contracts:list") + "?q=相对人12", "list"),
             ("catalogues", reverse("decisions:catalogues"), "list"),
             ("portal: published decisions", reverse("portal:catalogue", args=["decisions"]), "list"),
             ("API decisions", "/api/decisions/decisions?limit=50", "list"),
             ("rates", reverse("decisions:rates"), "rates")]
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; {args.runs} runs after a warm-up; lists count up "
          f"to {cap} rows")
    failures = 0
    for who, region in (("province", province), ("county", county)):
        client = Client()
        client.force_login(office(f"bench_dec_{who}", region))
        for label, url, kind in pages:
            if args.only and not any(word in label for word in args.only.split(",")):
                continue
            url = url.replace("{last}", str(last_page(region)))
            client.get(url)
            queries: list[tuple[float, str]] = []

            def timed(execute, sql, params, many, context, queries=queries):
                started = time.perf_counter()
                try:
                    return execute(sql, params, many, context)
                finally:
                    queries.append((time.perf_counter() - started, sql))

            with connection.execute_wrapper(timed):
                response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            server_before = _backend_cpu_ms(connection)
            times, cpus = timed_gets(client, url, args.runs, args.cold)
            server_after = _backend_cpu_ms(connection)
            server = "" if server_before is None or server_after is None else (
                f"  server cpu {(server_after - server_before) / args.runs:6.1f} ms")
            cpu = sum(cpus) / 1000
            p95 = percentile(times, 95)
            ok = p95 <= GOALS[kind]
            failures += not ok
            print(f"{who:<8} {label:<36} p50 {percentile(times, 50):7.1f} ms  p95 {p95:7.1f} ms  "
                  f"cpu {1000 * cpu / args.runs:6.1f} ms{server}  {len(queries):3d} queries  "
                  f"{'ok' if ok else 'OVER ' + str(GOALS[kind])}")
            if args.show_queries:
                for seconds, sql in sorted(queries, reverse=True)[:3]:
                    print(f"           {1000 * seconds:7.1f} ms  {sql[:300]}")
    print("all within the goals" if not failures else f"{failures} page(s) over the goal")


if __name__ == "__main__":
    main()
