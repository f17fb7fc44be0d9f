"""Benchmark of the supervision loop: ledger generation, regeneration and the deadline scan at county scale.

Builds a synthetic county (30 departments, 20 towns) and a 2024–2025 plan whose items each name
各镇、各部门 with a quarterly deadline, in a throw-away SQLite database (or DATABASE_URL if set):

    .venv/bin/python bench/supervision_ledger.py [--items 60]

Prints the number of tasks and milestones and the time of: first generation, regeneration (nothing to
add), a scan in which one quarter of the milestones falls due, and a scan with nothing to do.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

import _common  # noqa: E402  (bench/ is on sys.path when a benchmark runs)

_common.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from fazhi.core import calendar  # noqa: E402
from fazhi.plans.models import Plan, PlanItem, PlanItemUnit  # noqa: E402
from fazhi.supervision import services  # noqa: E402
from fazhi.supervision.models import Milestone, Task  # noqa: E402


def build(items: int) -> Plan:
    county, justice, _ = _common.synthetic_county()
    plan = Plan.objects.create(jurisdiction=county, title="基准方案", period_start=2024, period_end=2025)
    quarterly = {"text": "每季度", "kind": "recurring", "freq": "quarterly", "times": 1, "by": None}
    for n in range(items):
        item = PlanItem.objects.create(plan=plan, order=n, path=[str(n + 1)], label=str(n + 1),
                                       text=f"第{n + 1}项任务", deadlines=[quarterly])
        PlanItemUnit.objects.create(item=item, role="lead", name="县司法局", unit=justice)
        PlanItemUnit.objects.create(item=item, role="responsible", name="各镇", is_collective=True)
        PlanItemUnit.objects.create(item=item, role="responsible", name="各部门", is_collective=True)
    return plan


def timed(label: str, fn):
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - start
    print(f"{label:<28} {elapsed * 1000:9.1f} ms  {len(queries):6d} queries")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=60)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    plan = build(args.items)
    # Dates in the future so generation leaves every milestone open and the first scan moves them all.
    Plan.objects.filter(pk=plan.pk).update(period_start=2099, period_end=2100)
    plan.refresh_from_db()
    timed("load the working-day table", calendar.get_calendar)  # once per process, cached after
    timed("generate_ledger (first)", lambda: services.generate_ledger(None, plan))
    print(f"  tasks {Task.objects.count()}, milestones {Milestone.objects.count()}")
    timed("generate_ledger (again)", lambda: services.generate_ledger(None, plan))
    reverse("supervision:inbox")  # the URL table loads once per process: not the scan's cost (its notices link)
    timed("scan (a quarter falls due)", lambda: services.scan_deadlines(dt.date(2099, 3, 31)))
    timed("scan (nothing to do)", lambda: services.scan_deadlines(dt.date(2099, 3, 31)))


if __name__ == "__main__":
    main()
