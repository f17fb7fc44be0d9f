"""Page timings on the demo data: every main page of the UI, server side (request in, HTML out).

Loads the whole demo (organisation tree, accounts, the five seed plans and their ledgers, normative
documents, the law library) into a throw-away SQLite database (or the database of DATABASE_URL or
FAZHI_DATA_DIR when set; the demo is loaded only into an empty one), then asks
each page `--runs` times after one warm-up through Django's test client, signed in as the account
that would use it:

    .venv/bin/python bench/pages.py [--runs 20]

Times are wall-clock per request inside one process (no network, no browser rendering); p50 and p95
over the runs, with the query count of the last run.
"""

from __future__ import annotations

import argparse
import statistics
import time

import _common  # noqa: E402  (bench/ is on sys.path when a benchmark runs)

_common.setup("fazhi.settings")

from django.conf import settings  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402

# (account, path, what it is)
PAGES = [
    ("lx_office", "/", "首页"),
    ("sysadmin", "/units/", "组织机构树（全省）"),
    ("sysadmin", "/users/", "用户列表"),
    ("auditor", "/logs/operations/", "操作日志"),
    ("auditor", "/logs/logins/", "登录日志"),
    ("lx_office", "/calendar/?year=2026", "工作日历"),
    ("lx_office", "/plans/", "规划方案列表"),
    ("lx_office", "/plans/{plan}/", "方案详情（陇县纲要）"),
    ("lx_office", "/supervision/", "任务台账"),
    ("lx_office", "/supervision/plans/{plan}/", "方案任务台账"),
    ("lx_fgj", "/supervision/inbox/", "本单位待办"),
    ("lx_office", "/supervision/review/", "报告审核"),
    ("lx_office", "/normdocs/documents/", "规范性文件登记"),
    (None, "/portal/", "公开查询首页"),
    (None, "/portal/?q=行政处罚", "公开查询：行政处罚"),
    (None, "/portal/?q=听证 罚款", "公开查询：两个词"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()


    took = _common.demo_database()
    if took is not None:
        print(f"demo data loaded in {took:.1f} s ({connection.vendor})")
    from fazhi.plans.models import Plan

    plan = Plan.objects.filter(jurisdiction__name="陇县").order_by("pk").first()
    settings.DEBUG = True  # count queries
    print(f"{'page':<28}{'account':<12}{'p50':>10}{'p95':>10}{'queries':>9}  status")
    for account, path, label in PAGES:
        client = _common.signed_in_client(account)
        url = path.format(plan=plan.pk if plan else 0)
        response = client.get(url)  # warm-up
        times = []
        for _ in range(args.runs):
            reset_queries()
            t = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - t)
        queries = len(connection.queries)
        p50 = statistics.median(times) * 1000
        p95 = statistics.quantiles(times, n=20)[18] * 1000 if len(times) >= 20 else max(times) * 1000
        print(f"{label:<28}{account or '公众':<12}{p50:>8.1f}ms{p95:>8.1f}ms{queries:>9}  {response.status_code}")


if __name__ == "__main__":
    main()
