"""Benchmark of the Excel ledger: export, import (round trip), re-import, refusal — and round-trip fidelity.

Part 1 builds a synthetic county (30 departments, 20 towns) with a 2024–2025 plan of N items (lead
县司法局, 各镇 or two named departments responsible, a quarterly or a dated deadline), generates its
ledger and times: the export; importing that workbook as a new plan (every row a new task, ledger
generated); importing it again into the new plan (every row matched, nothing to change); a workbook
with one bad row (all rows checked, the error workbook written, nothing imported).

Part 2 (`--seeds`) loads the demo (organisation tree, the five seed plans, their ledgers) and for each
plan exports the ledger, imports it as a new plan of the same jurisdiction and compares the two
ledgers task by task (text, units and roles, live milestones, deadlines).

    .venv/bin/python bench/ledger_excel.py [--items 300] [--seeds]

Runs in a throw-away SQLite database (or DATABASE_URL if set).
"""

from __future__ import annotations

import argparse
import io
import time

import _common  # noqa: E402  (bench/ is on sys.path when a benchmark runs)

_common.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from fazhi.plans.models import Plan, PlanItem, PlanItemUnit  # noqa: E402
from fazhi.supervision import ledger_excel, ledger_import, ledger_sheet, services  # noqa: E402
from fazhi.supervision.models import Milestone, Task  # noqa: E402


def build(items: int) -> Plan:
    county, justice, departments = _common.synthetic_county()
    plan = Plan.objects.create(
        jurisdiction=county, title="基准县法治政府建设实施方案", period_start=2024, period_end=2025
    )
    heading = None
    quarterly = {"text": "每季度", "kind": "recurring", "freq": "quarterly", "times": None, "by": None}
    dated = {"text": "2025年6月底前", "kind": "due", "date": "2025-06-30"}
    order = 0
    for n in range(items):
        if n % 20 == 0:
            order += 1
            heading = PlanItem.objects.create(
                plan=plan,
                order=order,
                path=[str(n // 20 + 1)],
                label=str(n // 20 + 1),
                title=f"第{n // 20 + 1}部分",
                text="",
            )
        order += 1
        item = PlanItem.objects.create(
            plan=plan,
            parent=heading,
            order=order,
            path=[*heading.path, str(n + 1)],
            label=str(n + 1),
            text=f"第{n + 1}项任务：推进依法行政工作的第{n + 1}个方面。",
            deadlines=[quarterly if n % 2 else dated],
        )
        PlanItemUnit.objects.create(item=item, role="lead", name="县司法局", unit=justice)
        if n % 3:
            PlanItemUnit.objects.create(item=item, role="responsible", name="各镇", is_collective=True)
        else:
            for unit in departments[n % 29 : n % 29 + 2]:
                PlanItemUnit.objects.create(item=item, role="responsible", name=unit.name, unit=unit)
    return plan


def timed(label: str, fn):
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - start
    print(f"{label:<44} {elapsed * 1000:9.1f} ms  {len(queries):6d} queries")
    return result


def state(plan: Plan) -> list[dict]:
    out = []
    for task in Task.objects.filter(plan=plan).order_by("order").select_related("item", "owner_unit"):
        out.append(
            {
                "text": ledger_sheet.task_content(task),
                "owner": task.owner_unit.name,
                "units": sorted((tu.unit.name, tu.role) for tu in task.units.filter(removed_at__isnull=True)),
                "milestones": sorted(
                    (m.unit.name, m.key, m.due_on)
                    for m in task.milestones.exclude(state=Milestone.State.CANCELLED)
                ),
                "deadlines": [ledger_excel.deadline_signature(d) for d in task.deadlines],
                "unresolved": sorted(task.unresolved_names),
            }
        )
    return out


def synthetic(items: int) -> None:
    plan = build(items)
    timed("generate the ledger", lambda: services.generate_ledger(None, plan))
    tasks = Task.objects.filter(plan=plan).count()
    milestones = Milestone.objects.filter(task__plan=plan).count()
    print(f"{items} items → {tasks} tasks, {milestones} milestones")
    data = timed("export (.xlsx)", lambda: ledger_sheet.export_ledger(plan, Task.objects.all()))
    print(f"workbook: {len(data) / 1024:.0f} KB")
    result = timed(
        "import as a new plan (round trip)",
        lambda: ledger_import.import_ledger(None, data, "台账.xlsx", jurisdiction=plan.jurisdiction),
    )
    assert result.ok, result.errors
    print(f"  {result.summary()}; same ledger: {state(result.plan) == state(plan)}")
    again = timed(
        "import again into that plan (no changes)",
        lambda: ledger_import.import_ledger(None, data, "台账.xlsx", plan=result.plan),
    )
    print(f"  {again.summary()}")
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    book.active.cell(book.active.max_row, 3).value = "不存在的单位"
    out = io.BytesIO()
    book.save(out)
    before = Task.objects.count()
    refused = timed(
        "refused workbook (1 bad row, error file)",
        lambda: ledger_import.import_ledger(
            None, out.getvalue(), "台账.xlsx", jurisdiction=plan.jurisdiction
        ),
    )
    print(f"  {refused.summary()}; tasks unchanged: {Task.objects.count() == before}")


def seeds() -> None:
    from fazhi.core import demo as core_demo
    from fazhi.plans import demo as plans_demo
    from fazhi.supervision import demo as supervision_demo

    class Quiet:
        def write(self, text: str) -> None:
            pass

    core_demo.load(Quiet())
    plans_demo.load(Quiet())
    supervision_demo.load(Quiet())
    for plan in Plan.objects.filter(superseded_by__isnull=True).order_by("id"):
        if plan.title.endswith("（台账导入）"):
            continue
        data = ledger_sheet.export_ledger(plan, Task.objects.all())
        start = time.perf_counter()
        result = ledger_import.import_ledger(
            None, data, "台账.xlsx", jurisdiction=plan.jurisdiction, title=f"{plan.title}（台账导入）"
        )
        elapsed = time.perf_counter() - start
        if not result.ok:
            print(f"{plan.jurisdiction.name}《{plan.title}》: refused rows {result.errors}")
            continue
        a, b = state(plan), state(result.plan)
        differing = [i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y]
        print(
            f"{plan.jurisdiction.name:<6} {len(a):4d} tasks → {len(b):4d} tasks, "
            f"{len(differing)} differ, import {elapsed:6.2f} s"
        )
        for index in differing[:3]:
            for key in a[index]:
                if a[index][key] != b[index][key]:
                    print(f"    task {index + 1} {key}: {a[index][key]!r:.200} ≠ {b[index][key]!r:.200}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=300)
    parser.add_argument("--seeds", action="store_true", help="round-trip the five demo plans")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if args.seeds:
        seeds()
    else:
        synthetic(args.items)


if __name__ == "__main__":
    main()
