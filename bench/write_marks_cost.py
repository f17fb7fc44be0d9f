"""What the write marks cost a bulk import: the same imports with `count_write` as it is and as a no-op.

Every logged write (`fazhi.core.oplog.record`) also counts itself against its regions
(`fazhi.core.writemarks.count_write`: one INSERT … ON CONFLICT per region). This runs two bulk writes
alternately with the marks counted and with `count_write` replaced by a no-op **in this process only**
(the product code is not changed), and prints per workload and mode the CPU time (time.process_time),
wall time, the number of queries, the number of `count_write` calls, and how long the first mark row is held
before the transaction ends (on PostgreSQL the region's mark row stays locked that long):

* ``ledger import``: `bench/ledger_excel.py`'s synthetic county, a plan of `--items` items, its ledger
  exported and imported as a new plan (every row a new task, the ledger generated);
* ``plan import``: the five seed plans staged, their unknown names left unresolved, and confirmed
  (`bench/plans_import.py`'s path, through the services).

    .venv/bin/python bench/write_marks_cost.py [--items 300] [--rounds 3]
    DATABASE_URL=postgresql://… .venv/bin/python bench/write_marks_cost.py

Runs in a throw-away SQLite database (or DATABASE_URL if set: use an empty database).
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import time
from collections import defaultdict

import _common  # noqa: E402  (bench/ is on sys.path when a benchmark runs)

_common.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from fazhi.core import writemarks  # noqa: E402

REAL_COUNT_WRITE = writemarks.count_write


REAL_ADD = writemarks._add


def run(label: str, marks: bool, fn, results) -> None:
    calls, first = 0, None

    def counting(actor, obj) -> None:
        nonlocal calls
        calls += 1
        if marks:
            REAL_COUNT_WRITE(actor, obj)

    def adding(counts) -> None:  # the mark rows' increments: the lock is taken here
        nonlocal first
        first = first or time.perf_counter()
        REAL_ADD(counts)

    writemarks.count_write = counting  # oplog.record imports it at call time
    writemarks._add = adding
    try:
        # Rolled back afterwards, so every run starts from the same database (a second import of the same
        # plan would otherwise take another path: a revision of the first).
        with transaction.atomic(), CaptureQueriesContext(connection) as queries:
            cpu, wall = time.process_time(), time.perf_counter()
            fn()
            ended = time.perf_counter()
            cpu, wall = time.process_time() - cpu, ended - wall
            transaction.set_rollback(True)
    finally:
        writemarks.count_write = REAL_COUNT_WRITE
        writemarks._add = REAL_ADD
    # From the first mark row's increment to the end of the transaction: on PostgreSQL, how long the
    # region's mark row is locked, i.e. how long another write in that region would wait (a bulk import
    # counts its writes at its end, `writemarks.deferred`).
    held = (ended - first) * 1000 if first else 0.0
    results[(label, marks)].append((cpu * 1000, wall * 1000, len(queries), calls, held))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)

    import ledger_excel
    import plans_import

    from fazhi.core import demo as core_demo
    from fazhi.core.models import Unit, User
    from fazhi.plans import demo as plans_demo
    from fazhi.plans import services as plan_services
    from fazhi.supervision import ledger_import, ledger_sheet
    from fazhi.supervision import services as supervision_services
    from fazhi.supervision.models import Task

    core_demo.load(io.StringIO())
    plan = ledger_excel.build(args.items)
    supervision_services.generate_ledger(None, plan)
    workbook = ledger_sheet.export_ledger(plan, Task.objects.all())
    documents = plans_import.documents()
    results: dict[tuple[str, bool], list] = defaultdict(list)

    def ledger_import_once() -> None:
        result = ledger_import.import_ledger(
            None, workbook, "台账.xlsx", jurisdiction=plan.jurisdiction, title=f"{plan.title}（导入）"
        )
        assert result.ok, result.errors

    def plan_import_once() -> None:
        for prefix, region, username, _ in plans_demo.SEEDS:
            jurisdiction = Unit.objects.get(name=region, kind=Unit.Kind.REGION)
            actor = User.objects.get(username=username)
            staging = plan_services.stage_extraction(actor, jurisdiction=jurisdiction, extraction=documents[prefix])
            for name in plan_services.open_names(staging):
                plan_services.leave_unresolved(actor, staging, name)
            plan_services.confirm_import(actor, staging)

    for round_no in range(args.rounds):
        for marks in ((True, False) if round_no % 2 == 0 else (False, True)):
            run("ledger import", marks, ledger_import_once, results)
            run("plan import", marks, plan_import_once, results)
    load = "/".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"\n{connection.vendor}, {args.items} items, {args.rounds} rounds (median), load {load}")
    print(f"{'workload':<18}{'marks':>7}{'CPU ms':>10}{'wall ms':>10}{'queries':>9}{'marks':>7}{'held ms':>9}"
          "  CPU ratio")
    for label in ("ledger import", "plan import"):
        base = None
        for marks in (False, True):
            rows = results[(label, marks)]
            cpu = statistics.median(r[0] for r in rows)
            wall = statistics.median(r[1] for r in rows)
            queries, calls = rows[0][2], rows[0][3]
            held = statistics.median(r[4] for r in rows)
            base = base or cpu
            print(f"{label:<18}{'on' if marks else 'off':>7}{cpu:>10.0f}{wall:>10.0f}{queries:>9}{calls:>7}"
                  f"{held:>9.0f}  {cpu / base:.3f}")


if __name__ == "__main__":
    main()
