"""Benchmark of plan import: stage → resolve names → confirm, and the revision diff, on the seed plans.

Runs against a throw-away SQLite database (or DATABASE_URL if set) with the demo organisation tree:

    .venv/bin/python bench/plans_import.py

The extraction engine's own speed is measured separately; here the documents are parsed once up front
(engine if present, else the gold files) so the numbers are the platform's side of the import.
"""

from __future__ import annotations

import io
import json
import time

import _common  # noqa: E402  (bench/ is on sys.path when a benchmark runs)

_common.setup()

from django.core.management import call_command  # noqa: E402

from fazhi.core import demo as core_demo  # noqa: E402
from fazhi.core.models import Unit, User  # noqa: E402
from fazhi.plans import demo, services  # noqa: E402
from fazhi.plans import staging as ops  # noqa: E402
from fazhi.plans.diff import diff_plan  # noqa: E402
from fazhi.plans.resolve import UnitResolver, names_in  # noqa: E402


def documents() -> dict[str, dict]:
    folder = demo.seed_dir()
    gold = _common.REPO.parent / "shared" / "gold"
    result = {}
    for prefix, *_ in demo.SEEDS:
        try:
            from fazhi.plans import extract

            path = next(folder.glob(f"{prefix}_*.txt"))
            result[prefix] = extract.parse_text(extract.read_document(str(path)), source=path.name)
        except ImportError:
            result[prefix] = json.loads(next(gold.glob(f"{prefix}_*.json")).read_text(encoding="utf-8"))
    return result


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def main() -> None:
    call_command("migrate", verbosity=0)
    if not Unit.objects.exists():
        core_demo.load(io.StringIO())
    docs = documents()
    from django.test import Client

    client = Client()
    print(f"{'plan':<6}{'items':>6}{'names':>6}{'resolve':>12}{'stage':>12}{'preview':>12}{'confirm':>12}"
          f"{'diff':>12}")
    for prefix, region, username, _ in demo.SEEDS:
        document = docs[prefix]
        jurisdiction = Unit.objects.get(name=region, kind=Unit.Kind.REGION)
        actor = User.objects.get(username=username)
        t0 = time.perf_counter()
        resolver = UnitResolver(jurisdiction)
        resolver.resolve_all(names_in(document))
        t1 = time.perf_counter()
        staging = services.stage_extraction(actor, jurisdiction=jurisdiction, extraction=document)
        t2 = time.perf_counter()
        client.force_login(actor)
        response = client.get(f"/plans/imports/{staging.pk}/")
        assert response.status_code == 200, response.status_code
        preview = time.perf_counter() - t2
        t2 = time.perf_counter()
        for name in services.open_names(staging):
            services.leave_unresolved(actor, staging, name)
        plan = services.confirm_import(actor, staging)
        t3 = time.perf_counter()
        revised, _ = ops.keyed(document)
        for item in revised["items"][::5]:
            item["text"] = item["text"][: len(item["text"]) // 2] + "（修订）" + item["text"][len(item["text"]) // 2:]
        del revised["items"][len(revised["items"]) // 2]
        t4 = time.perf_counter()
        diff_plan(plan, revised)
        t5 = time.perf_counter()
        print(f"{prefix:<6}{len(document['items']):>6}{len(names_in(document)):>6}"
              f"{ms(t1 - t0):>12}{ms(t2 - t1 - preview):>12}{ms(preview):>12}{ms(t3 - t2):>12}{ms(t5 - t4):>12}")


if __name__ == "__main__":
    main()
