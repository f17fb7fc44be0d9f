"""The annual report tables against a hand count on a constructed data set (year 2025)."""

import datetime as dt

from fazhi.disclosure import records, report, services
from fazhi.disclosure.codes import ApplicantKind
from tests.disclosure.helpers import APPLICANT, filed, step

D = dt.date


def _closed(users, unit, received, closed, outcome, kind="person"):
    case = filed(users, unit, received, applicant_kind=kind)
    return step(users, case, "reply", closed, outcome=outcome, reply_text="答复。")


def _data_set(org, users):
    a = _closed(users, org.gov, D(2024, 12, 20), D(2025, 1, 10), "disclosed")             # 二, 三(一)
    filed(users, org.gov, D(2024, 12, 25), applicant_kind="business")                     # 二, 四
    _closed(users, org.gov, D(2025, 3, 3), D(2025, 3, 20), "partial")                     # 一, 三(二)
    d = _closed(users, org.gov, D(2025, 5, 6), D(2025, 5, 20), "withheld_secret")         # 一, 三(三)1
    e = filed(users, org.gov, D(2025, 6, 2), applicant_kind="legal")                      # 一, 三(六)1
    step(users, e, "correct", D(2025, 6, 4), correction_items="请写明文号", correction_deadline="2025-06-13")
    step(users, e, "lapse", D(2025, 6, 16))
    _closed(users, org.gov, D(2025, 12, 22), D(2026, 1, 5), "unavailable_not_held", "nonprofit")  # 一, 四
    _closed(users, org.gov, D(2025, 9, 1), D(2025, 9, 10), "unhandled_repeat")            # 一, 三(五)2
    _closed(users, org.reform, D(2025, 2, 10), D(2025, 2, 20), "disclosed", "research")   # 一, 三(一) (a department of 测试县)
    other = services.register(users.outsider, unit=org.other_justice, channel="in_person", submitted_on=D(2025, 3, 3),
                              **APPLICANT)[0]                                             # 乙县: not counted
    services.transition(users.outsider, other, "reply", {"on": "2025-03-10", "outcome": "disclosed", "reply_text": "予以公开。"})
    services.submit_online(unit=org.gov, **APPLICANT)                                     # never confirmed: not counted
    _closed(users, org.gov, D(2023, 11, 1), D(2024, 1, 5), "disclosed")                   # all before 2025
    return a, d


def _row(lines, label):
    return next(line.counts for line in lines if line.label == label)


def test_request_table_matches_the_hand_count(org, users):
    _data_set(org, users)
    lines = report.request_table(org.gov, 2025)
    # Columns: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计.
    assert [kind for kind, _ in ApplicantKind.choices] == ["person", "business", "research", "nonprofit", "legal", "other"]
    # 一: received in 2025 — 03-03, 05-06, 09-01 (自然人 3), 02-10 at 发改局 (科研机构), 12-22 (公益组织), 06-02 (法律服务).
    assert _row(lines, "一、本年新收政府信息公开申请数量") == [3, 0, 1, 1, 1, 0, 6]
    # 二: received 2024, open on 2025-01-01 — 12-20 (自然人, answered 2025-01-10), 12-25 (商业企业, still open).
    assert _row(lines, "二、上年结转政府信息公开申请数量") == [1, 1, 0, 0, 0, 0, 2]
    assert _row(lines, "（一）予以公开") == [1, 0, 1, 0, 0, 0, 2]       # 2024-12-20's and 发改局's
    assert _row(lines, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）") == [1, 0, 0, 0, 0, 0, 1]
    assert _row(lines, "1.属于国家秘密") == [1, 0, 0, 0, 0, 0, 1]
    assert _row(lines, "2.重复申请") == [1, 0, 0, 0, 0, 0, 1]
    assert _row(lines, "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请") == [0, 0, 0, 0, 1, 0, 1]
    assert _row(lines, "1.本机关不掌握相关政府信息") == [0] * 7              # answered 2026-01-05: next year's
    assert _row(lines, "（七）总计") == [4, 0, 1, 0, 1, 0, 6]
    # 四: open on 2025-12-31 — 2024-12-25 (商业企业) and 2025-12-22 (公益组织).
    assert _row(lines, "四、结转下年度继续办理") == [0, 1, 0, 1, 0, 0, 2]
    # 勾稽关系: 一 + 二 = 三总计 + 四 (6 + 2 = 6 + 2).
    # A department's report counts its own requests only: 发改局 has the one from 2025-02-10.
    reform = report.request_table(org.reform, 2025)
    assert _row(reform, "一、本年新收政府信息公开申请数量") == [0, 0, 1, 0, 0, 0, 1]
    assert _row(reform, "（一）予以公开") == [0, 0, 1, 0, 0, 0, 1]


def test_appeal_table_and_rates_match_the_hand_count(org, users):
    a, d = _data_set(org, users)
    add = records.add_appeal
    add(users.office, unit=org.gov, kind="reconsideration", filed_on=D(2025, 4, 1), case_number=d.case_number,
        result="corrected", concluded_on=D(2025, 5, 20))
    add(users.office, unit=org.gov, kind="reconsideration", filed_on=D(2025, 11, 1), result="maintained",
        concluded_on=D(2026, 1, 10))                                     # pending on 2025-12-31
    add(users.office, unit=org.gov, kind="litigation_direct", filed_on=D(2025, 7, 1), result="maintained",
        concluded_on=D(2025, 10, 1))
    add(users.office, unit=org.gov, kind="litigation_after", filed_on=D(2024, 10, 1), result="other",
        concluded_on=D(2025, 3, 1))                                      # filed 2024, concluded in 2025
    add(users.office, unit=org.gov, kind="litigation_direct", filed_on=D(2024, 6, 1), result="maintained",
        concluded_on=D(2024, 12, 1))                                     # all in 2024: not counted
    table = report.appeal_table(org.gov, 2025)
    assert table["reconsideration"] == {"maintained": 0, "corrected": 1, "other": 0, "pending": 1, "total": 2}
    assert table["litigation_direct"] == {"maintained": 1, "corrected": 0, "other": 0, "pending": 0, "total": 1}
    assert table["litigation_after"] == {"maintained": 0, "corrected": 0, "other": 1, "pending": 0, "total": 1}
    rates = report.dispute_rates(org.gov, 2025)
    # Answered in 2025: 01-10, 02-20 (发改局), 03-20, 05-20, 06-16 (lapsed), 09-10 = 6; filed in 2025: 04-01,
    # 11-01, 07-01 = 3 → 50%. Concluded in 2025: 05-20 (纠正), 10-01, 03-01 = 3, one corrected → 33.33%.
    assert (rates["answered"], rates["disputes"], rates["dispute_rate"]) == (6, 3, 50.0)
    assert (rates["concluded"], rates["corrected"], rates["correction_rate"]) == (3, 1, 33.33)
    # 条例第四十九条: a department's report on 2025 is due 2026-01-31, the government's 2026-03-31.
    assert report.due_date(org.reform, 2025)[0] == D(2026, 1, 31)
    assert report.due_date(org.gov, 2025)[0] == D(2026, 3, 31)


def test_the_annual_page_shows_the_tables(org, users, login):
    _data_set(org, users)
    page = login(users.office).get("/disclosure/annual/", {"unit": org.gov.pk, "year": 2025}).content.decode()
    assert "一、本年新收政府信息公开申请数量" in page and "2026年3月31日" in page and "纠纷发生率：0.0%" in page
