"""The reply clock of 依申请公开, with dates derived by hand from the rules and the 2025–2026 holiday table.

Rules (政府信息公开条例 2019): reply within 20 working days of receipt, the receipt day not counted
(第三十三条第二款); one 补正 notice within 7 working days, the reply period counting again from receipt of
the corrected request (第三十条); time spent consulting a third party or another agency not counted, the
consulted party having 15 working days (第三十二条至第三十四条); an extension of at most 20 working days
approved by the 工作机构负责人 (第三十三条第二款); a reasonable delay for excessive requests (第三十五条).
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from fazhi.disclosure.models import State
from fazhi.workflow.clocks import clock_of
from tests.disclosure.helpers import filed, step

D = dt.date


def test_twenty_working_days_across_the_2026_national_day_holiday(org, users):
    # Received Mon 2026-09-21. Counting from 09-22: 22, 23, 24 (3); 09-25..27 中秋 holiday; 28, 29, 30 (6);
    # 10-01..07 国庆 holiday; 10-08, 10-09 (8); Sat 10-10 调休 workday (9); 10-12..16 (14); 10-19..23 (19);
    # Mon 10-26 (20). Due 2026-10-26.
    case = filed(users, org.gov, D(2026, 9, 21))
    clock = clock_of(case, "reply")
    assert (case.received_on, case.state, clock.due_on) == (D(2026, 9, 21), State.HANDLING, D(2026, 10, 26))
    assert case.due_on == D(2026, 10, 26)
    assert "依申请公开答复期限" in clock.trace[0] and "2026年10月26日" in clock.trace[0]

    # The 负责人 approves 20 more working days on 10-20: from 10-26, 10-27..30 (4), 11-02..06 (9), 11-09..13 (14),
    # 11-16..20 (19), Mon 11-23 (20) — November 2026 has no holiday. Due 2026-11-23.
    case = step(users, case, "extend", D(2026, 10, 20), extension_days=20, reason="需调取档案")
    assert clock_of(case, "reply").due_on == D(2026, 11, 23)
    assert (case.extension_days, case.extension_approver) == (20, str(users.office))

    # 答复 on 11-20, before the extended due date: kept (按期办结).
    case = step(users, case, "reply", D(2026, 11, 20), outcome="disclosed", reply_text="现提供所申请信息。")
    clock = clock_of(case, "reply")
    assert (case.state, case.outcome, case.closed_on, clock.state) == (State.CLOSED, "disclosed", D(2026, 11, 20), "met")


def test_an_extension_beyond_twenty_working_days_is_refused(org, users):
    case = filed(users, org.gov, D(2026, 9, 21))
    with pytest.raises(ValidationError, match="最多延长20"):
        step(users, case, "extend", D(2026, 10, 20), extension_days=21, reason="复杂")


def test_correction_pauses_and_the_period_restarts_on_receipt_across_the_2026_spring_festival(org, users):
    # Online request confirmed (received) Tue 2026-02-10. 补正 notice within 7 working days: 02-11, 12, 13 (3),
    # Sat 02-14 调休 workday (4), 02-15..23 春节 holiday, 02-24, 25, 26 (7): the last day is Thu 2026-02-26.
    case = filed(users, org.gov, D(2026, 2, 9), channel="online")
    assert case.state == State.PENDING and clock_of(case, "reply") is None
    from fazhi.disclosure import services

    case = services.receive(users.office, case, D(2026, 2, 10))
    with pytest.raises(ValidationError, match="不晚于2026年2月26日"):
        step(users, case, "correct", D(2026, 2, 27), correction_items="请写明文号", correction_deadline="2026-03-13")
    case = step(users, case, "correct", D(2026, 2, 26), correction_items="请写明文号", correction_deadline="2026-03-13")
    clock = clock_of(case, "reply")
    assert (case.state, clock.state, clock.due_on) == (State.CORRECTING, "paused", None)

    # Corrected request received Thu 2026-03-05: 20 working days again from there — 03-06 (1), 03-09..13 (6),
    # 03-16..20 (11), 03-23..27 (16), 03-30, 31, 04-01 (19), Thu 04-02 (20). Due 2026-04-02 (清明 is 04-04..06).
    case = step(users, case, "corrected", D(2026, 3, 5))
    clock = clock_of(case, "reply")
    assert (case.state, clock.state, clock.due_on, case.due_on) == (State.HANDLING, "running", D(2026, 4, 2), D(2026, 4, 2))
    assert any("重新起算" in line for line in clock.trace) and any("暂停" in line for line in clock.trace)
    # Only one 补正 notice (第三十条: 一次性告知).
    with pytest.raises(ValidationError, match="一次性告知"):
        step(users, case, "correct", D(2026, 3, 6), correction_items="再补", correction_deadline="2026-03-20")


def test_a_lapsed_correction_closes_the_request_as_other_handling(org, users):
    case = filed(users, org.gov, D(2026, 3, 2))
    case = step(users, case, "correct", D(2026, 3, 4), correction_items="请写明文号", correction_deadline="2026-03-13")
    with pytest.raises(ValidationError, match="期满后"):
        step(users, case, "lapse", D(2026, 3, 13))
    case = step(users, case, "lapse", D(2026, 3, 16))
    assert (case.state, case.outcome) == (State.CLOSED, "other_no_correction")


def test_consultation_time_is_not_counted_across_the_2025_national_day_holiday(org, users):
    # Received Mon 2025-09-22; counted 09-23, 24, 25, 26 (4) — the third party receives the 征求意见书 on Fri
    # 09-26, a pause that leaves its own day counted.
    case = filed(users, org.gov, D(2025, 9, 22))
    case = step(users, case, "consult", D(2025, 9, 26), consult_party="某公司（第三方）")
    assert clock_of(case, "reply").state == "paused"
    # The third party's 15 working days from 09-26: Sun 09-28 调休 workday (1), 09-29, 30 (3), 10-01..08 holiday,
    # 10-09, 10 (5), Sat 10-11 调休 workday (6), 10-13..17 (11), 10-20..23 (15): due Thu 2025-10-23.
    assert clock_of(case, "consult").due_on == D(2025, 10, 23)
    # The opinion arrives Mon 10-20: the reply clock resumes (that day not counted) with 16 left: 10-21..24 (8),
    # 10-27..31 (13), 11-03..07 (18), 11-10 (19), Tue 11-11 (20). Due 2025-11-11.
    case = step(users, case, "consulted", D(2025, 10, 20), reason="第三方不同意公开，理由为商业秘密")
    assert clock_of(case, "reply").due_on == D(2025, 11, 11)
    assert clock_of(case, "consult").state == "met"
    case = step(users, case, "reply", D(2025, 11, 12), outcome="withheld_third_party", reply_text="不予公开。")
    assert clock_of(case, "reply").state == "late"  # answered a day after 11-11: 逾期办结


def test_an_excessive_request_gets_a_reasonable_delay_without_the_twenty_day_cap(org, users):
    # Received Mon 2025-12-22, excessive (第三十五条). 20 working days: 12-23..26 (4), 12-29..31 (7),
    # 2026-01-01..03 元旦, Sun 01-04 调休 workday (8), 01-05..09 (13), 01-12..16 (18), 01-19 (19), Tue 01-20 (20).
    case = filed(users, org.gov, D(2025, 12, 22), excessive=True)
    assert clock_of(case, "reply").due_on == D(2026, 1, 20)
    with pytest.raises(ValidationError, match="第三十五条"):
        step(users, case, "extend", D(2026, 1, 5), extension_days=10, reason="复杂")
    # A delay of 30 working days (more than art. 33's 20): from 01-20, 01-21..23 (3), 01-26..30 (8), 02-02..06 (13),
    # 02-09..13 (18), Sat 02-14 调休 workday (19), 02-15..23 春节, 02-24..27 (23), Sat 02-28 调休 workday (24),
    # 03-02..06 (29), Mon 03-09 (30). Due 2026-03-09.
    case = step(users, case, "delay", D(2026, 1, 5), extension_days=30, reason="申请数量较大，理由合理")
    assert clock_of(case, "reply").due_on == D(2026, 3, 9)


def test_receipt_date_by_channel():
    from fazhi.disclosure.services import receipt_date

    submitted = D(2026, 3, 2)
    assert receipt_date("in_person", submitted) == submitted                         # (一) the day handed in
    assert receipt_date("registered_mail", submitted, signed_on=D(2026, 3, 4)) == D(2026, 3, 4)  # (二) signed for
    assert receipt_date("ordinary_mail", submitted, confirmed_on=D(2026, 3, 3)) == D(2026, 3, 3)  # (二) confirmed
    assert receipt_date("online", submitted) is None                                  # (三) not yet confirmed
    assert receipt_date("fax", submitted, confirmed_on=D(2026, 3, 5)) == D(2026, 3, 5)
    with pytest.raises(ValidationError, match="不能早于提交日期"):
        receipt_date("registered_mail", submitted, signed_on=D(2026, 3, 1))


def test_the_daily_scan_marks_the_reply_clock_due_soon_then_overdue_and_tells_the_office(org, users):
    from fazhi.core.models import Notification
    from fazhi.workflow.scan import scan_clocks

    case = filed(users, org.gov, D(2026, 9, 21))  # due Mon 2026-10-26 (first test)
    # Warned from 5 working days before: Fri 10-23, Thu 22, Wed 21, Tue 20, Mon 10-19.
    assert clock_of(case, "reply").warn_on == D(2026, 10, 19)
    scan_clocks(D(2026, 10, 16), workflow="disclosure")
    assert clock_of(case, "reply").state == "running"
    scan_clocks(D(2026, 10, 19), workflow="disclosure")
    assert clock_of(case, "reply").state == "due_soon"
    scan_clocks(D(2026, 10, 27), workflow="disclosure")
    scan_clocks(D(2026, 10, 28), workflow="disclosure")  # a second scan tells no one again
    assert clock_of(case, "reply").state == "overdue"
    titles = list(Notification.objects.filter(recipient=users.office).values_list("title", flat=True))
    assert sum("答复逾期" in t for t in titles) == 1 and sum("答复提醒" in t for t in titles) == 1
    assert not Notification.objects.filter(recipient=users.outsider).exists()
