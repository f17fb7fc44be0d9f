"""The annual report tables on the demo: 陇县's requests as `fazhi.disclosure.demo` files them, loaded as on
2026-06-15, counted by hand from the demo's own list for the year before (2025)."""

from __future__ import annotations

import datetime as dt
import io
from types import SimpleNamespace
from unittest import mock

from fazhi.core.models import Unit
from fazhi.disclosure import report

LOADED_ON = dt.date(2026, 6, 15)  # mid-year: none of this year's requests (the oldest 40 days back) is last year's


def _load_demo() -> None:
    from fazhi.core import demo as core_demo
    from fazhi.disclosure import demo

    core_demo.load(io.StringIO())
    with mock.patch.object(demo, "timezone", SimpleNamespace(localdate=lambda: LOADED_ON)):
        demo.load(io.StringIO())


def _row(lines, label):
    return next(line.counts for line in lines if line.label == label)


def test_last_years_tables_match_a_hand_count_of_the_demo(db):
    _load_demo()
    county = Unit.objects.get(name="陇县人民政府")
    lines = report.request_table(county, 2025)
    # The demo's six answered requests, received 2025-03-10 … 08-10 and answered 14 days later, the n-th by
    # applicant n of APPLICANTS (自然人, 企业, 自然人, 法律服务机构, 自然人, 科研机构) with outcome n of
    # (予以公开, 部分公开, 过程性信息, 不掌握, 重复申请, 予以公开); and one received 2025-12-22 (企业) answered in 2026.
    # Columns: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计.
    assert _row(lines, "一、本年新收政府信息公开申请数量") == [3, 2, 1, 0, 1, 0, 7]
    assert _row(lines, "二、上年结转政府信息公开申请数量") == [0] * 7
    assert _row(lines, "（一）予以公开") == [1, 0, 1, 0, 0, 0, 2]
    assert _row(lines, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）") == [0, 1, 0, 0, 0, 0, 1]
    assert _row(lines, "6.属于四类过程性信息") == [1, 0, 0, 0, 0, 0, 1]
    assert _row(lines, "1.本机关不掌握相关政府信息") == [0, 0, 0, 0, 1, 0, 1]
    assert _row(lines, "2.重复申请") == [1, 0, 0, 0, 0, 0, 1]
    assert _row(lines, "（七）总计") == [3, 1, 1, 0, 1, 0, 6]
    assert _row(lines, "四、结转下年度继续办理") == [0, 1, 0, 0, 0, 0, 1]  # 一 + 二 = 7 = 6 + 1
    # 发改局 (the odd-numbered ones: 企业 部分公开, 法律服务机构 不掌握, 科研机构 予以公开) reports its own.
    department = report.request_table(Unit.objects.get(name="陇县发展和改革局"), 2025)
    assert _row(department, "一、本年新收政府信息公开申请数量") == [0, 1, 1, 0, 1, 0, 3]
    assert _row(department, "（七）总计") == [0, 1, 1, 0, 1, 0, 3]
    # The 复议 on the 过程性信息 answer (answered 05-24): filed 06-13, corrected 08-02.
    appeals = report.appeal_table(county, 2025)
    assert appeals["reconsideration"] == {"maintained": 0, "corrected": 1, "other": 0, "pending": 0, "total": 1}
    assert appeals["litigation_direct"]["total"] == appeals["litigation_after"]["total"] == 0
    # This year's requests are all 2026's: none enters 2025's 四.
    rates = report.dispute_rates(county, 2025)
    assert (rates["answered"], rates["disputes"], rates["corrected"]) == (6, 1, 1)
    assert rates["dispute_rate"] == round(1 / 6 * 100, 2) and rates["correction_rate"] == 100.0
