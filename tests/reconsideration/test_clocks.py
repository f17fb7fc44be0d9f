"""The 行政复议 clocks through a case's life, every due date derived by hand from the rule and the
2025–2026 holiday table (国庆 2025-10-01..08 with 调休 09-28 and 10-11; 春节 2026-02-15..23 with 调休
02-14 and 02-28; 清明 2026-04-04..06; 劳动节 2025-05-01..05 with 调休 04-27; 国庆 2026-10-01..07 with 调休 10-10)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.reconsideration import services
from fazhi.reconsideration.models import Outcome, Performance
from fazhi.reconsideration.workflow import RECON
from fazhi.workflow import engine
from fazhi.workflow.clocks import clock_of, story

D = datetime.date


def step(user, case, code, on, **data):
    return engine.run(user, RECON, case, code, {"on": on, **data})


def test_correction_pauses_the_review_and_restarts_it_then_pause_and_extension_of_the_decision(file, users):
    case = file(D(2026, 2, 9))
    # Review 5 WD from Mon 02-09: 02-10, 02-11, 02-12, 02-13, 02-14 (Saturday, 春节调休 workday).
    assert clock_of(case, "review").due_on == D(2026, 2, 14)
    case = step(users.office, case, "request_correction", D(2026, 2, 13), items="身份证明复印件")
    assert case.state == "correction"
    # Applicant's 10 WD from Fri 02-13: 02-14 (调休) 1, [春节 02-15..23], 02-24 2, 02-25 3, 02-26 4, 02-27 5,
    # 02-28 (Sat 调休) 6, 03-02 7, 03-03 8, 03-04 9, 03-05 10.
    assert clock_of(case, "correction").due_on == D(2026, 3, 5)
    assert clock_of(case, "review").state == "paused"
    case = step(users.office, case, "extend_correction", D(2026, 3, 4), extension_days=5, reason="申请人在外地就医")
    # +5 WD after 03-05: 03-06, 03-09, 03-10, 03-11, 03-12.
    assert clock_of(case, "correction").due_on == D(2026, 3, 12)
    case = step(users.office, case, "materials_received", D(2026, 3, 10))
    review = clock_of(case, "review")
    # The review begins again on arrival (art. 31): 03-11, 03-12, 03-13, 03-16, 03-17.
    assert (case.state, review.due_on, clock_of(case, "correction").state) == ("reviewing", D(2026, 3, 17), "met")
    text = story(review)
    assert "自2026年2月9日起算5个工作日" in text and "2026年2月13日起暂停计时" in text
    assert "2026年3月10日" in text and "重新起算" in text and text.endswith("到期日为2026年3月17日。")

    case = step(users.office, case, "accept", D(2026, 3, 16), procedure="ordinary")
    # Decision 60 days from 03-16: 03-31 is day 15, 04-30 day 45, 05-15 day 60 (a Friday).
    # Copy 7 WD: 03-17, 18, 19, 20, 23, 24, 25.
    assert (case.decision_due_on, clock_of(case, "copy").due_on) == (D(2026, 5, 15), D(2026, 3, 25))
    case = step(users.office, case, "send_copy", D(2026, 3, 25))
    # Answer 10 WD from 03-25: 03-26, 27, 30, 31, 04-01, 02, 03, [清明 04-04..06], 04-07, 08, 09.
    assert (clock_of(case, "copy").state, clock_of(case, "answer").due_on) == ("met", D(2026, 4, 9))

    case = step(users.office, case, "suspend", D(2026, 4, 20), ground="5")
    assert (case.state, clock_of(case, "decision").state, case.decision_due_on) == ("suspended", "paused", None)
    assert clock_of(case, "suspension") is None  # ground 5 does not end the case after 60 days
    case = step(users.office, case, "resume", D(2026, 5, 6))
    # Counted before the pause: 03-17..04-20 = 15 + 20 = 35 days; 04-21..05-06 paused; 25 left from 05-07 end on
    # 05-31, a Sunday, so the period ends on Monday 06-01.
    assert case.decision_due_on == D(2026, 6, 1)
    case = step(users.office, case, "extend", D(2026, 5, 20), extension_days=30, reason="案情复杂",
                notice_on=D(2026, 5, 20))
    # 30 more days counted on from 05-31 (day 60 of the period): 06-30, a Tuesday.
    assert case.decision_due_on == D(2026, 6, 30)
    with pytest.raises(ValidationError, match="最多延长30日"):
        step(users.office, case, "extend", D(2026, 5, 21), extension_days=1, reason="再延长",
             notice_on=D(2026, 5, 21))
    text = story(clock_of(case, "decision"))
    assert "2026年4月20日起暂停计时" in text and "暂停至2026年5月6日" in text and "批准延长30日" in text

    case = step(users.office, case, "decide", D(2026, 6, 29), outcome="revoked", decision_text="撤销被申请人的处罚决定。")
    assert (case.state, case.outcome, case.performance) == ("closed", Outcome.REVOKED, Performance.PENDING)
    assert clock_of(case, "decision").state == "met"
    assert case.transitions.get(action="decide").data["on_time"] is True


def test_simple_procedure_has_no_extension_and_switching_needs_the_head(file, users, clerk):
    case = file(D(2025, 9, 26))
    with pytest.raises(ValidationError, match="第五十三条"):
        step(users.office, case, "accept", D(2025, 9, 26), procedure="simple")
    case = step(users.office, case, "accept", D(2025, 9, 26), procedure="simple", simple_ground="small_amount")
    # Simple: decision 30 days from Fri 09-26 → 10-26, a Sunday → Monday 10-27; copy 3 WD: 09-28 (Sunday, 调休
    # workday), 09-29, 09-30.
    assert (case.decision_due_on, clock_of(case, "copy").due_on) == (D(2025, 10, 27), D(2025, 9, 30))
    case = step(users.office, case, "send_copy", D(2025, 9, 29))
    # Simple answer 5 WD from 09-29: 09-30, [国庆 10-01..08], 10-09, 10-10, 10-11 (Saturday, 调休), 10-13.
    assert clock_of(case, "answer").due_on == D(2025, 10, 13)
    with pytest.raises(ValidationError, match="不得延长"):
        step(users.office, case, "extend", D(2025, 10, 9), extension_days=10, reason="复杂", notice_on=D(2025, 10, 9))
    with pytest.raises(PermissionDenied):
        step(clerk, case, "to_ordinary", D(2025, 10, 9), reason="案情复杂")
    case = step(users.office, case, "to_ordinary", D(2025, 10, 9), reason="案情复杂，不宜适用简易程序")
    # Ordinary from the same acceptance day: 60 days from 09-26 → 09-30 day 4, 10-31 day 35, 11-25 day 60 (Tue);
    # answer 10 WD from 09-29: 09-30, 10-09, 10-10, 10-11, 10-13, 14, 15, 16, 17, 20.
    assert (case.procedure, case.decision_due_on) == ("ordinary", D(2025, 11, 25))
    assert clock_of(case, "answer").due_on == D(2025, 10, 20)


def test_silence_is_acceptance_at_the_end_of_the_review(file):
    case = file(D(2025, 9, 30))
    # 5 WD from Tue 09-30: [国庆 10-01..08], 10-09, 10-10, 10-11 (Saturday, 调休), 10-13, 10-14.
    assert clock_of(case, "review").due_on == D(2025, 10, 14)
    assert services.scan_reconsideration(D(2025, 10, 14)).accepted == 0
    assert services.scan_reconsideration(D(2025, 10, 15)).accepted == 1
    case.refresh_from_db()
    # Accepted on 10-14; 60 days: 10-31 day 17, 11-30 day 47, 12-13 day 60, a Saturday → Monday 12-15.
    assert (case.state, case.accepted_on, case.decision_due_on) == ("hearing", D(2025, 10, 14), D(2025, 12, 15))
    assert case.transitions.get(action="deem_accepted").actor_name == "系统"


def test_correction_not_made_in_time_is_deemed_withdrawn(file, users):
    case = file(D(2025, 4, 25))
    # Notice within 5 WD of Fri 04-25: 04-27 (Sunday, 调休), 04-28, 04-29, 04-30, [劳动节 05-01..05], 05-06.
    with pytest.raises(ValidationError, match="最迟2025年5月6日"):
        step(users.office, case, "request_correction", D(2025, 5, 7), items="委托书")
    case = step(users.office, case, "request_correction", D(2025, 4, 27), items="委托书")
    # 10 WD from 04-27: 04-28, 04-29, 04-30, [05-01..05], 05-06, 07, 08, 09, 12, 13, 14.
    assert clock_of(case, "correction").due_on == D(2025, 5, 14)
    with pytest.raises(ValidationError, match="2025年5月14日届满"):
        step(users.office, case, "materials_received", D(2025, 5, 15))
    assert services.scan_reconsideration(D(2025, 5, 14)).withdrawn == 0
    assert services.scan_reconsideration(D(2025, 5, 15)).withdrawn == 1
    case.refresh_from_db()
    assert case.state == "withdrawn"
    assert clock_of(case, "review").state == "cancelled"


def test_suspension_on_grounds_1_2_4_ends_the_case_after_60_days(file, users):
    case = step(users.office, file(D(2025, 1, 6)), "accept", D(2025, 1, 6), procedure="ordinary")
    case = step(users.office, case, "suspend", D(2025, 1, 20), ground="1")
    # 60 days from 01-20: 01-31 day 11, 02-28 day 39, 03-21 day 60 (a Friday).
    assert clock_of(case, "suspension").due_on == D(2025, 3, 21)
    assert services.scan_reconsideration(D(2025, 3, 21)).terminated == 0
    assert services.scan_reconsideration(D(2025, 3, 22)).terminated == 1
    case.refresh_from_db()
    assert (case.state, case.outcome, case.decided_on) == ("closed", Outcome.TERMINATED, D(2025, 3, 22))


def test_hearing_notice_at_least_five_working_days_before(file, users):
    case = step(users.office, file(D(2026, 9, 21)), "accept", D(2026, 9, 21), procedure="ordinary")
    # Notice on Wed 09-30: [国庆 10-01..07], 10-08, 10-09, 10-10 (Saturday, 调休), 10-12, 10-13.
    with pytest.raises(ValidationError, match="最早于2026年10月13日"):
        step(users.office, case, "schedule_hearing", D(2026, 9, 30), hearing_on=D(2026, 10, 12), place="第一听证室")
    case = step(users.office, case, "schedule_hearing", D(2026, 9, 30), hearing_on=D(2026, 10, 13), place="第一听证室")
    assert case.hearing_on == D(2026, 10, 13)
