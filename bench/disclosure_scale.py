"""依申请公开 at province scale: 200,000 requests over a 2,000-unit province (issue #16).

Builds (or reuses) its own database — the SQLite file <FAZHI_BENCH_DATA or the temp folder>/fazhi-bench/disclosure.sqlite3 or the
PostgreSQL database named by --pg — migrates it, makes the province's unit tree with
`fazhi.supervision.scale` (2,000 units, a token 1,000 tasks), then the requests with bench/disclosure_gen.py,
and requests each page with the Django test client as the province's office (sees everything), one
county's office and one department's staff, reporting p50 / p95 wall time and the CPU time of this process
over `--runs` requests after a warm-up, and the SQL queries of one request:

    .venv/bin/python bench/disclosure_scale.py --db sqlite
    .venv/bin/python bench/disclosure_scale.py --db postgres --fresh

Goals: list pages p95 ≤ 150 ms, the 政府信息公开年度报告 tables ≤ 1 s.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PG = "postgresql://postgres@127.0.0.1:5432/"
PROVINCE = "公开省"
GOALS = {"list": 150.0, "report": 1000.0}


def _database(args) -> None:
    if args.db == "sqlite":
        from _common import bench_sqlite

        os.environ["DATABASE_URL"] = f"sqlite:///{bench_sqlite('disclosure.sqlite3', args.fresh)}"
        return
    os.environ["DATABASE_URL"] = PG + args.pg
    if args.fresh:
        import psycopg

        with psycopg.connect(PG + "postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{args.pg}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{args.pg}"')


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--pg", default="disclosure", help="the PostgreSQL database to build in")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--requests", type=int, default=200_000)
    parser.add_argument("--only", default="", help="measure only the pages whose label contains this")
    parser.add_argument("--cold", action="store_true",
                        help="empty the cache before each request: the first view after a write (a list kept "
                             "as a cached fragment costs almost nothing on a repeat)")
    args = parser.parse_args()
    _database(args)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings_test")
    sys.path.insert(0, str(REPO))
    sys.path.insert(0, str(REPO / "bench"))
    import django

    django.setup()
    import disclosure_gen
    from _common import percentile, timed_gets
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.utils import timezone

    from fazhi.core import services as core
    from fazhi.core.models import DataScope, Unit, User
    from fazhi.disclosure.models import DisclosureRequest
    from fazhi.supervision import scale

    setup_test_environment()
    call_command("migrate", verbosity=0)
    today = timezone.localdate()
    province = Unit.objects.get_root_nodes().filter(name=PROVINCE).first()
    if province is None:
        started = time.perf_counter()
        province = scale.generate_province(units=2000, tasks=1000, seed=2026, name=PROVINCE).province
        print(f"unit tree in {time.perf_counter() - started:.1f} s")
        states = disclosure_gen.generate(province, requests=args.requests, today=today)
        print(f"generated in {time.perf_counter() - started:.1f} s: {states}")
    with connection.cursor() as cursor:  # statistics for the indexes a newer migration may have added
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    load = os.getloadavg()
    print(f"== {connection.vendor}: {DisclosureRequest.objects.count()} requests, {Unit.objects.count()} units "
          f"(load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f})")

    def user(username: str, unit: Unit, scope: str) -> User:
        return User.objects.filter(username=username).first() or core.create_user(
            None, username=username, password="Fazhi@2026", unit=unit, roles=["office"], data_scope=scope)

    units = Unit.objects.filter(path__startswith=province.path)
    county = units.filter(level="county", kind=Unit.Kind.REGION).order_by("path").first()
    county_gov = units.get(path__startswith=county.path, depth=county.depth + 1, kind=Unit.Kind.GOVERNMENT)
    province_gov = units.get(depth=province.depth + 1, kind=Unit.Kind.GOVERNMENT)
    # The busiest department of the county: its staff see their own unit's requests.
    department = Unit.objects.get(pk=DisclosureRequest.objects.filter(
        unit__path__startswith=county.path, unit__kind=Unit.Kind.DEPARTMENT).values("unit").order_by("unit").first()["unit"])
    users = {"省": user("gk_bench_province", province, DataScope.JURISDICTION),
             "县": user("gk_bench_county", county, DataScope.JURISDICTION),
             "部门": user("gk_bench_department", department, DataScope.OWN_UNIT)}
    name = DisclosureRequest.objects.filter(unit=department).values_list("applicant_name", flat=True).first()
    # A two-character name and a surname, as users type them (the grams of disclosure 0008 answer them).
    short = next(n for n in DisclosureRequest.objects.order_by("pk").values_list("applicant_name", flat=True)[:500]
                 if len(n) == 2)
    last_year = today.year - 1
    lists = [
        ("公开申请列表", "/disclosure/"),
        ("公开申请：办理中", "/disclosure/?state=handling"),
        ("公开申请：部分公开", "/disclosure/?outcome=partial"),
        ("公开申请：去年收到", f"/disclosure/?received_from={last_year}-01-01&received_to={last_year}-12-31"),
        ("公开申请：办理中按答复期限", "/disclosure/?state=handling&sort=due_on"),
        ("公开申请：全部按答复期限", "/disclosure/?sort=due_on"),
        ("公开申请：第50页", "/disclosure/?page=50"),
        ("公开申请：检索申请人", f"/disclosure/?q={name}"),
        ("公开申请：检索申请人（两字）", f"/disclosure/?q={short}"),
        ("公开申请：检索申请人（一字）", f"/disclosure/?q={short[0]}"),
        ("公开申请 API 列表", "/api/disclosure/requests?limit=50"),
    ]
    reports = {"省": province_gov, "县": county_gov, "部门": department}
    print(f"department: {department.name}; applicants searched: {name}, {short}, {short[0]}")
    print("| page | user | p50 ms | p95 ms | CPU p50 / p95 ms | server CPU p50 / p95 ms | queries | goal |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for who, account in users.items():
        client = Client()
        client.force_login(account)
        pages = [("list", *page) for page in lists]
        pages.append(("report", "年度报告表格", f"/disclosure/annual/?unit={reports[who].pk}&year={last_year}"))
        pages.append(("list", "首页（临期逾期卡片）", "/"))
        pages.append(("list", "办理期限：逾期", "/workflow/clocks/?workflow=disclosure&kind=reply&state=overdue"))
        for kind, label, url in pages:
            if args.only and args.only not in label:
                continue
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            server: list[float] = []
            times, cpus = timed_gets(client, url, args.runs, args.cold, server)
            served = f"{percentile(server, 50):.1f} / {percentile(server, 95):.1f}" if server else "–"
            if args.cold:
                cache.clear()
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            p95 = percentile(times, 95)
            ok = "ok" if p95 <= GOALS[kind] else f"> {GOALS[kind]:.0f}"
            print(f"| {label} | {who} | {percentile(times, 50):.1f} | {p95:.1f} | {percentile(cpus, 50):.1f} / "
                  f"{percentile(cpus, 95):.1f} | {served} | {len(queries)} | {ok} |")
    load = os.getloadavg()
    print(f"(load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f})")



if __name__ == "__main__":
    main()
