"""Where a page's time goes: its queries (count and database time) and a CPU profile, in process.

For each page of `bench/load.py`'s list (or those whose label contains one of `--only`'s parts): one
warm-up request, then one request under `CaptureQueriesContext` (queries, their time, the slowest and
the most repeated), then `--runs` requests under cProfile (the functions with the most own and
cumulative time). Needs the demo database of `bench/load.py` (FAZHI_DATA_DIR or DATABASE_URL):

    FAZHI_DATA_DIR=… .venv/bin/python bench/page_profile.py --only 台账,看板 [--runs 10] [--top 25] [--cold]

`--cold` empties the cache before each request, as a write before every view would (`load.py --cold`).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import re
import sys
import time
from collections import Counter

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings_test")  # plain static storage in process
sys.path.insert(0, os.path.dirname(__file__))

import _common  # noqa: E402
import load  # noqa: E402  (starts Django on the bench database)
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

try:
    import pyinstrument
except ImportError:  # the call tree is optional
    pyinstrument = None


def _shape(sql: str) -> str:
    """A query with its literals taken out, so the same query with other ids counts as a repeat."""
    return re.sub(r"\b\d+\b|'[^']*'", "?", sql)[:160]


def profile_page(
    label: str,
    account: str | None,
    path: str,
    runs: int,
    top: int,
    pyinstrument_profile: bool = False,
    cold: bool = False,
) -> None:
    client = _common.signed_in_client(account)
    status = client.get(path).status_code
    print(f"\n══ {label}  {path}  (as {account or 'anonymous'}): HTTP {status}")
    if status != 200:
        return
    timed: list[tuple[float, str]] = []

    def timer(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timed.append((time.perf_counter() - started, sql))

    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as queries, connection.execute_wrapper(timer):
        started = time.process_time()
        client.get(path)
        cpu = (time.process_time() - started) * 1000
    db_ms = sum(t for t, _ in timed) * 1000
    print(f"one request: CPU {cpu:.1f} ms, {len(queries)} queries, {db_ms:.1f} ms executing them (wall)")
    for t, sql in sorted(timed, reverse=True)[:6]:
        print(f"  {t * 1000:6.1f} ms  {sql[:200]}")
    repeated = [(n, s) for s, n in Counter(_shape(sql) for _, sql in timed).items() if n > 1]
    for n, shape in sorted(repeated, reverse=True)[:5]:
        print(f"  ×{n}  {shape}")
    if pyinstrument_profile:
        profiler = pyinstrument.Profiler(interval=0.0005)
        profiler.start()
        for _ in range(runs):
            if cold:
                cache.clear()
            client.get(path)
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False, show_all=False))
        return
    profiler = cProfile.Profile(time.process_time)  # CPU, not wall: the machine is shared
    profiler.enable()
    for _ in range(runs):
        if cold:
            cache.clear()
        client.get(path)
    profiler.disable()
    stats = pstats.Stats(profiler)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="comma-separated parts of page labels")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--tree", action="store_true", help="a pyinstrument call tree instead of cProfile")
    parser.add_argument(
        "--cold",
        action="store_true",
        help="empty the cache before every request (what a page costs after a write)",
    )
    args = parser.parse_args()
    ids = load.prepare()
    for label, account, path in load.PAGES:
        if args.only and not any(part in label for part in args.only.split(",")):
            continue
        profile_page(label, account, path.format(**ids), args.runs, args.top, args.tree, args.cold)


if __name__ == "__main__":
    main()
