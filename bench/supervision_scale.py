"""Supervision at province scale: list pages and the dashboard on a 2,000-unit, 50,000-task database.

Builds (or reuses) a database of its own — a SQLite file in /tmp/fazhi-scale/ or the PostgreSQL database
`fazhi_scale`, with the size in the name for other sizes than the default — migrates it, fills it with
`fazhi.supervision.scale.generate_province`, then requests each page with the Django test client as a
province office user and as a county office user (both 司法厅/司法局 staff with the office and reporter roles
and the jurisdiction scope) and reports p50 / p95 / p99 over `--runs` requests after a warm-up, and the
number of SQL queries of one request:

    .venv/bin/python bench/supervision_scale.py                 # SQLite, then PostgreSQL
    .venv/bin/python bench/supervision_scale.py --db sqlite --runs 30
    .venv/bin/python bench/supervision_scale.py --db postgres --fresh   # drop and regenerate

Goal (issue #4): list pages p95 ≤ 150 ms, dashboard ≤ 500 ms.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SQLITE_DIR = Path("/tmp/fazhi-scale")
PG_SERVER = "postgresql://postgres@127.0.0.1:5432"
PG_NAME = "fazhi_scale"
PROVINCE = "规模省"
GOALS = {"list": 150.0, "dashboard": 500.0}
ISSUE_SIZE = {"units": 2000, "tasks": 50000, "seed": 2026}  # the defaults: what docs/benchmarks.md reports


def _size_suffix(args: argparse.Namespace) -> str:
    """Empty for the issue's size; another size gets databases of its own, never reusing the big one."""
    size = {name: getattr(args, name) for name in ISSUE_SIZE}
    return "" if size == ISSUE_SIZE else f"_{args.units}_{args.tasks}_{args.seed}"


def _sqlite_file(args: argparse.Namespace) -> Path:
    return SQLITE_DIR / f"fazhi{_size_suffix(args)}.sqlite3"


def _pg_name(args: argparse.Namespace) -> str:
    return f"{PG_NAME}{_size_suffix(args)}"


def _database_url(args: argparse.Namespace) -> str:
    if args.db == "sqlite":
        return f"sqlite:///{_sqlite_file(args)}"
    return f"{PG_SERVER}/{_pg_name(args)}"


def _prepare_database(args: argparse.Namespace) -> None:
    """Create the empty database (before Django starts), dropping the old one when asked."""
    if args.db == "sqlite":
        SQLITE_DIR.mkdir(parents=True, exist_ok=True)
        if args.fresh:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{_sqlite_file(args)}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    name = _pg_name(args)
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and args.fresh:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (p95 of 30 runs is the 29th fastest)."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(pct / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def run_one(args: argparse.Namespace) -> None:
    os.environ["DATABASE_URL"] = _database_url(args)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings_test")
    sys.path.insert(0, str(REPO))
    _prepare_database(args)

    import django

    django.setup()

    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import NoReverseMatch, reverse

    from fazhi.core import services as core
    from fazhi.core.models import DataScope, Unit, User
    from fazhi.plans.models import Plan
    from fazhi.supervision import scale
    from fazhi.supervision.models import Milestone, ProgressReport, Task, TaskUnit

    setup_test_environment()  # lets the test client accept the 'testserver' host
    load = os.getloadavg()
    print(
        f"== {args.db}: {os.environ['DATABASE_URL']}  (load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f})"
    )
    call_command("migrate", verbosity=0)
    province = Unit.objects.get_root_nodes().filter(name=PROVINCE).first()
    if province is None:
        started = time.perf_counter()
        result = scale.generate_province(units=args.units, tasks=args.tasks, seed=args.seed, name=PROVINCE)
        print(f"generated in {time.perf_counter() - started:.1f} s: {result.summary()}")
        province = result.province
    else:
        print("reusing the generated data (--fresh to regenerate)")
    with connection.cursor() as cursor:
        # Planner statistics (and, on PostgreSQL, the visibility map) after the bulk load, as autovacuum
        # would leave a database that has settled.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        if connection.vendor == "postgresql" and args.random_page_cost:
            # The planner's default (4.0) prices random reads for spinning disks: with it, PostgreSQL
            # scans all 160,000 milestones rather than probe the task index for one plan's 1,263 tasks.
            cursor.execute(f"SET random_page_cost = {float(args.random_page_cost)}")
            print(f"random_page_cost = {float(args.random_page_cost)} (SSD setting; 0 keeps the default 4.0)")
    print(
        f"units {Unit.objects.filter(path__startswith=province.path).count()}, plans {Plan.objects.count()}, "
        f"tasks {Task.objects.count()}, task units {TaskUnit.objects.count()}, "
        f"milestones {Milestone.objects.count()}, reports {ProgressReport.objects.count()}"
    )

    def bench_user(username: str, unit: Unit) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = core.create_user(
                None,
                username=username,
                password="Fazhi@2026",
                unit=unit,
                roles=["office", "reporter"],
                data_scope=DataScope.JURISDICTION,
            )
        return user

    justice = Unit.objects.get(path__startswith=province.path, depth=2, name=f"{PROVINCE}司法厅")
    county = Unit.objects.filter(
        path__startswith=province.path, kind=Unit.Kind.REGION, level="county"
    ).first()
    county_justice = Unit.objects.get(
        path__startswith=county.path, depth=county.depth + 1, name__endswith="司法局"
    )
    users = {
        "province": bench_user("scale_province", justice),
        "county": bench_user("scale_county", county_justice),
    }

    def biggest_plan(region: Unit) -> Plan:
        return (
            Plan.objects.filter(jurisdiction=region).annotate(n=Count("tasks")).order_by("-n", "id").first()
        )

    def urls_for(who: str, user: User) -> list[tuple[str, str, str]]:
        """(label, url, kind) of every page timed for `user`."""
        region = province if who == "province" else county
        plan = biggest_plan(region)
        ledger = reverse("supervision:plan_ledger", args=[plan.pk])
        tasks = Task.objects.filter(plan=plan).count()
        last = max(1, (tasks + 49) // 50)
        dept = (
            TaskUnit.objects.filter(task__plan=plan, role="responsible")
            .values_list("unit_id", flat=True)
            .first()
        )
        plans = Plan.objects.for_user(user).count()
        inbox_all = Milestone.objects.filter(unit=user.unit).exclude(state="cancelled").count()
        submitted = ProgressReport.objects.for_user(user).filter(state="submitted").count()
        pages = [
            ("ledger list (plans), page 1", reverse("supervision:ledger_list"), "list"),
            (
                f"ledger list, last page ({plans} plans)",
                reverse("supervision:ledger_list") + f"?page={max(1, (plans + 49) // 50)}",
                "list",
            ),
            (f"plan ledger, page 1 ({tasks} tasks)", ledger, "list"),
            ("plan ledger, status=overdue", ledger + "?status=overdue", "list"),
            ("plan ledger, unit filter", ledger + f"?unit={dept}", "list"),
            ("plan ledger, search q=执法", ledger + "?q=执法", "list"),
            ("plan ledger, sort -progress", ledger + "?sort=-progress", "list"),
            ("plan ledger, sort next_due", ledger + "?sort=next_due", "list"),
            (f"plan ledger, last page ({last})", ledger + f"?page={last}", "list"),
            ("inbox (open)", reverse("supervision:inbox"), "list"),
            (
                f"inbox (all, last page of {inbox_all})",
                reverse("supervision:inbox") + f"?tab=all&page={max(1, (inbox_all + 49) // 50)}",
                "list",
            ),
            (f"review queue ({submitted} submitted)", reverse("supervision:review_queue"), "list"),
            (
                "review queue, last page",
                reverse("supervision:review_queue") + f"?page={max(1, (submitted + 49) // 50)}",
                "list",
            ),
            ("order list", reverse("supervision:order_list"), "list"),
        ]
        optional = [
            (
                "lead suggestions (tasks without a lead)",
                "supervision:plan_suggestions",
                [plan.pk],
                "",
                "list",
            ),
            (
                "dashboard drill-down, overdue",
                "supervision:dashboard_milestones",
                [],
                "?status=overdue",
                "list",
            ),
            ("dashboard", "supervision:dashboard", [], "", "dashboard"),
        ]
        for label, name, url_args, query, kind in optional:
            try:
                pages.append((label, reverse(name, args=url_args) + query, kind))
            except NoReverseMatch:
                print(f"  ({name} does not exist yet: not timed)")
        return pages

    rows = []
    for who, user in users.items():
        client = Client()
        client.force_login(user)
        for label, url, kind in urls_for(who, user):
            if args.only and args.only not in label:
                continue
            for _ in range(args.warmup):
                response = client.get(url)
                if response.status_code != 200:
                    raise SystemExit(f"{who} {label}: {url} answered {response.status_code}")
            with CaptureQueriesContext(connection) as captured:
                client.get(url)
            queries = len(captured)
            times, cpu = [], []
            for _ in range(args.runs):
                started, started_cpu = time.perf_counter(), time.process_time()
                client.get(url)
                times.append((time.perf_counter() - started) * 1000)
                # This process's CPU time: the whole request on SQLite, all but the server's side on
                # PostgreSQL. Less sensitive than wall time to the other processes on a shared machine.
                cpu.append((time.process_time() - started_cpu) * 1000)
            p50, p95, p99 = (percentile(times, p) for p in (50, 95, 99))
            cpu50 = percentile(cpu, 50)
            ok = "yes" if p95 <= GOALS[kind] else "NO"
            rows.append((who, label, p50, p95, p99, cpu50, queries, ok))
            print(
                f"  {who:<8} {label:<42} p50 {p50:7.1f}  p95 {p95:7.1f}  p99 {p99:7.1f} ms  "
                f"cpu p50 {cpu50:6.1f} ms  {queries:3d} q  goal {ok}",
                flush=True,
            )
    load = os.getloadavg()
    print(f"load average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    if args.markdown:
        with open(args.markdown, "a", encoding="utf-8") as out:
            out.write(f"\n{args.db} ({args.runs} runs, load {load[0]:.1f})\n\n")
            out.write("| user | page | p50 ms | p95 ms | p99 ms | CPU p50 ms | queries | goal |\n")
            out.write("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |\n")
            for who, label, p50, p95, p99, cpu50, queries, ok in rows:
                out.write(
                    f"| {who} | {label} | {p50:.0f} | {p95:.0f} | {p99:.0f} | {cpu50:.0f} | {queries} | {ok} |\n"
                )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--units", type=int, default=ISSUE_SIZE["units"])
    parser.add_argument("--tasks", type=int, default=ISSUE_SIZE["tasks"])
    parser.add_argument("--seed", type=int, default=ISSUE_SIZE["seed"])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--fresh", action="store_true", help="drop the database and generate again")
    parser.add_argument(
        "--random-page-cost",
        type=float,
        default=1.1,
        help="PostgreSQL random_page_cost for the session (1.1 = SSD; 0 = server default)",
    )
    parser.add_argument("--only", help="time only the pages whose label contains this text")
    parser.add_argument("--markdown", help="append the result tables to this file")
    args = parser.parse_args()
    if args.db == "both":
        # One process per database: Django's settings are read once per process.
        for db in ("sqlite", "postgres"):
            rest = [a for i, a in enumerate(sys.argv[1:]) if a != "--db" and sys.argv[i] != "--db"]
            subprocess.run([sys.executable, __file__, "--db", db, *rest], check=True)
        return
    run_one(args)


if __name__ == "__main__":
    main()
