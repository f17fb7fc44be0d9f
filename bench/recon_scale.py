"""行政复议 and 行政应诉 at province scale: 30,000 复议 cases and 20,000 诉讼 on a 2,000-unit province.

Builds (or reuses) its own database — the SQLite file <FAZHI_BENCH_DATA or the temp folder>/fazhi-bench/recon.sqlite3 or the PostgreSQL
database `recon` — migrates it, makes the province's unit tree with `fazhi.supervision.scale` (2,000 units,
a token 1,000 tasks), then bulk-writes the cases (states, outcomes, hearings, suggestions spread as in a real
province over two years), and requests each page with the Django test client as the province's office
(sees everything) and as one county's office, reporting p50 / p95 over `--runs` requests after a warm-up
and the SQL queries of one request:

    .venv/bin/python bench/recon_scale.py --db sqlite
    .venv/bin/python bench/recon_scale.py --db postgres --pg recon --fresh

On PostgreSQL the table also gives the backend's CPU per request (from /proc/<pid>/schedstat, when the
server runs on this machine): on a shared machine wall − CPU − server CPU is time spent waiting for a core.

Goal (issue #16): list pages p95 ≤ 150 ms, report tables ≤ 1 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

from _common import bench_sqlite, percentile, timed_gets

REPO = Path(__file__).resolve().parents[1]
PG = "postgresql://postgres@127.0.0.1:5432/"
PROVINCE = "复议省"
GOALS = {"list": 150.0, "report": 1000.0}
OUTCOMES = [("upheld", 45), ("dismissed", 15), ("revoked", 12), ("varied", 3), ("illegal", 8), ("ordered", 5),
            ("mediated", 4), ("settled", 5), ("terminated", 3)]
STATES = [("closed", 70), ("hearing", 15), ("reviewing", 3), ("correction", 2), ("rejected", 5), ("withdrawn", 2),
          ("suspended", 3)]


def pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    return rng.choices([v for v, _ in weighted], [w for _, w in weighted])[0]



def generate(province, rng: random.Random, today: dt.date, reconsideration: int, litigation: int) -> None:
    """Bulk rows (no services: a generator, not a workflow) under `province`'s governments and departments."""
    from disclosure_gen import KINDS
    from disclosure_gen import _applicant as applicant

    from fazhi.core.models import Unit
    from fazhi.litigation.models import Attendee, Hearing, LitigationCase, Observation, Result, Suggestion
    from fazhi.reconsideration.models import TO_PERFORM, ReconsiderationCase

    units = Unit.objects.filter(path__startswith=province.path)
    organs = list(units.filter(kind=Unit.Kind.GOVERNMENT).exclude(level="town"))
    departments = list(units.filter(kind=Unit.Kind.DEPARTMENT))
    places = sorted({u.name[:2] for u in units})
    seq: dict[int, int] = {}
    rows = []
    for _ in range(reconsideration):
        received = today - dt.timedelta(days=rng.randint(1, 730))
        seq[received.year] = seq.get(received.year, 0) + 1
        state = pick(rng, STATES)
        accepted = received + dt.timedelta(days=rng.randint(1, 7)) if state in ("closed", "hearing", "suspended") else None
        outcome = pick(rng, OUTCOMES) if state == "closed" else ""
        decided = min(today, accepted + dt.timedelta(days=rng.randint(20, 85))) if outcome else None
        performance = ""
        if outcome in TO_PERFORM:
            performance = rng.choices(["done", "pending", "refused"], [80, 15, 5])[0]
        rows.append(ReconsiderationCase(
            organ=rng.choice(organs), case_number=f"FY-{received.year}-{seq[received.year]:06d}",
            verification_hash=f"{rng.getrandbits(256):064x}", channel=rng.choice(["online", "paper", "mail"]),
            received_on=received, applicant_name=applicant(rng, pick(rng, KINDS), places), respondent=rng.choice(departments).name,
            act="行政处罚决定", knew_act_on=received - dt.timedelta(days=rng.randint(1, 50)), request="撤销",
            state=state, procedure=rng.choices(["ordinary", "simple"], [80, 20])[0], accepted_on=accepted,
            decision_due_on=accepted + dt.timedelta(days=60) if accepted and not decided else None,
            decided_on=decided, outcome=outcome, performance=performance,
            published_on=decided if decided and outcome not in ("settled", "terminated") and rng.random() < 0.5 else None))
    ReconsiderationCase.objects.bulk_create(rows, batch_size=2000)
    cases, hearings = [], []
    for _ in range(litigation):
        received = today - dt.timedelta(days=rng.randint(1, 730))
        judged = received + dt.timedelta(days=rng.randint(60, 200))
        done = judged < today
        cases.append(LitigationCase(
            unit=rng.choice(departments), court="某某人民法院", plaintiff=f"原告{rng.randint(1, 99999)}", cause="不服行政处罚",
            case_type=rng.choices(["", "food_drug", "ecology", "safety", "health", "mass"], [85, 3, 3, 3, 3, 3])[0],
            received_on=received, state="effective" if done else "defended", defended_on=received + dt.timedelta(days=14),
            judgment_kind="judgment" if done else "", judged_on=judged if done else None,
            result=rng.choices([Result.WON, Result.LOST, Result.WITHDRAWN], [75, 12, 13])[0] if done else ""))
    LitigationCase.objects.bulk_create(cases, batch_size=2000)
    for case in LitigationCase.objects.filter(unit__path__startswith=province.path).only("id", "received_on"):
        for n in range(rng.randint(0, 2)):
            hearings.append(Hearing(case_id=case.pk, held_on=case.received_on + dt.timedelta(days=30 + 20 * n),
                                    attendee=rng.choice(list(Attendee.values)), attendee_name="某某",
                                    absence_reason="另有公务"))
    Hearing.objects.bulk_create(hearings, batch_size=5000)
    Observation.objects.bulk_create([Observation(unit=rng.choice(departments), subject="某案",
                                                 held_on=today - dt.timedelta(days=rng.randint(1, 700)),
                                                 attendees=rng.randint(5, 40)) for _ in range(600)])
    suggestions = []
    for _ in range(3000):
        received = today - dt.timedelta(days=rng.randint(1, 730))
        due = received + dt.timedelta(days=61)
        replied = due + dt.timedelta(days=rng.randint(-50, 10)) if rng.random() < 0.9 else None
        suggestions.append(Suggestion(unit=rng.choice(departments), kind=rng.choice(["judicial", "procuratorial"]),
                                      issuer="某某人民检察院", subject="建议事项", received_on=received, due_on=due,
                                      replied_on=min(replied, today) if replied else None))
    Suggestion.objects.bulk_create(suggestions, batch_size=2000)


class SqlTimer:
    """A connection.execute_wrapper adding each statement's wall time (ms) to `into`."""

    def __init__(self, into: list[float]) -> None:
        self.into = into

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.into.append((time.perf_counter() - started) * 1000)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--pg", default="recon", help="the PostgreSQL database to build in")
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--only", default="", help="measure only the pages whose label contains this")
    parser.add_argument("--cold", action="store_true", help="empty the cache before each request")
    parser.add_argument("--reconsideration", type=int, default=30000)
    parser.add_argument("--litigation", type=int, default=20000)
    args = parser.parse_args()
    if args.db == "sqlite":
        os.environ["DATABASE_URL"] = f"sqlite:///{bench_sqlite('recon.sqlite3', args.fresh)}"
    else:
        os.environ["DATABASE_URL"] = PG + args.pg
        if args.fresh:
            import psycopg

            with psycopg.connect(PG + "postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{args.pg}" WITH (FORCE)')
                conn.execute(f'CREATE DATABASE "{args.pg}"')
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings_test")
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.utils import timezone

    from fazhi.core import services as core
    from fazhi.core.models import DataScope, Unit, User
    from fazhi.litigation.models import LitigationCase
    from fazhi.reconsideration.models import ReconsiderationCase
    from fazhi.supervision import scale

    setup_test_environment()
    call_command("migrate", verbosity=0)
    province = Unit.objects.get_root_nodes().filter(name=PROVINCE).first()
    if province is None:
        started = time.perf_counter()
        province = scale.generate_province(units=2000, tasks=1000, seed=2026, name=PROVINCE).province
        generate(province, random.Random(2026), timezone.localdate(), args.reconsideration, args.litigation)
        print(f"generated in {time.perf_counter() - started:.1f} s")
    with connection.cursor() as cursor:  # statistics for the tables and indexes a newer migration may have added
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    load = os.getloadavg()
    print(f"== {connection.vendor}: {ReconsiderationCase.objects.count()} 复议, {LitigationCase.objects.count()} 诉讼, "
          f"{Unit.objects.count()} units (load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f})")

    def office(username: str, unit: Unit) -> User:
        return User.objects.filter(username=username).first() or core.create_user(
            None, username=username, password="Fazhi@2026", unit=unit, roles=["office"], data_scope=DataScope.JURISDICTION)

    county = Unit.objects.filter(path__startswith=province.path, level="county", kind=Unit.Kind.REGION).first()
    users = {"省": office("recon_bench_province", Unit.objects.get(pk=province.pk)),
             "县": office("recon_bench_county", county)}
    year = timezone.localdate().year
    # Names searched as users type them: a whole three-character name, a two-character name, one surname.
    applicants = ReconsiderationCase.objects.order_by("pk").values_list("applicant_name", flat=True)
    names = {n: next(a for a in applicants[:500] if len(a) == n) for n in (2, 3)}
    names[1] = names[3][0]
    print(f"applicants searched: {names}")
    pages = [
        ("list", "复议案件列表", "/reconsideration/cases/"),
        ("list", "复议案件：审理中", "/reconsideration/cases/?state=hearing"),
        ("list", "复议案件：第50页", "/reconsideration/cases/?page=50"),
        ("list", "复议案件：检索申请人", f"/reconsideration/cases/?q={names[3]}"),
        ("list", "复议案件：检索申请人（两字）", f"/reconsideration/cases/?q={names[2]}"),
        ("list", "复议案件：检索申请人（一字）", f"/reconsideration/cases/?q={names[1]}"),
        ("list", "复议 API 列表", "/api/reconsideration/cases?limit=50"),
        ("report", "纠错与履行通报", f"/reconsideration/reports/?year={year - 1}&quarter=4&half=2"),
        ("list", "应诉案件列表", "/litigation/cases/"),
        ("list", "司法建议、检察建议", "/litigation/suggestions/"),
        ("report", "出庭与办复统计", f"/litigation/rates/?year={year - 1}&half=2"),
    ]
    print("| page | office | p50 ms | p95 ms | CPU p50 / p95 ms | server CPU p50 / p95 ms | SQL ms | queries | goal |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for who, user in users.items():
        client = Client()
        client.force_login(user)
        for kind, label, url in pages:
            if args.only and args.only not in label:
                continue
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            server: list[float] = []
            times, cpu = timed_gets(client, url, args.runs, args.cold, server)
            # The SQL's own wall time in one more request (on PostgreSQL it runs outside this process's CPU).
            sql_ms: list[float] = []
            if args.cold:
                cache.clear()
            with CaptureQueriesContext(connection) as queries, connection.execute_wrapper(SqlTimer(sql_ms)):
                client.get(url)
            p95 = percentile(times, 95)
            ok = "ok" if p95 <= GOALS[kind] else f"> {GOALS[kind]:.0f}"
            served = f"{percentile(server, 50):.1f} / {percentile(server, 95):.1f}" if server else "–"
            print(f"| {label} | {who} | {percentile(times, 50):.1f} | {p95:.1f} | {percentile(cpu, 50):.1f} / "
                  f"{percentile(cpu, 95):.1f} | {served} | {sum(sql_ms):.1f} | {len(queries)} | {ok} |")
    load = os.getloadavg()
    print(f"(load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f})")


if __name__ == "__main__":
    main()
