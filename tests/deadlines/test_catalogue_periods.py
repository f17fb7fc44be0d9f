"""Point 17 of issue #12: the catalogue's periods as the statute texts state them, with dates counted by hand.

Holidays used (State Council notices): 2025 春节 1-28..2-04 (make-up 1-26 Sun, 2-08 Sat), 劳动节
5-01..05, 端午 5-31..6-02, 国庆 10-01..08 (make-up 9-28 Sun, 10-11 Sat); 2026 元旦 1-01..03 (make-up
1-04 Sun), 春节 2-15..23 (make-up 2-14, 2-28 Sat), 劳动节 5-01..05, 端午 6-19..21, 中秋 9-25..27,
国庆 10-01..07. The start day is never counted; a natural-day period ending on a rest day ends on
the first working day after it (民事诉讼法 art. 85, 行政复议法 art. 88, 行政诉讼法 art. 101).
"""

import datetime as dt

import pytest

from fazhi.deadlines import ClockEvent, Unit, compute_due
from fazhi.deadlines.result import OTHER_LIMIT, PAUSED
from fazhi.deadlines.statutory import ANNUAL_DATES, get_rule, reconsideration_application_due

D = dt.date


@pytest.mark.parametrize("key, count, unit, start_event, source", [
    ("reconsideration.application_untold", 60, Unit.ND, "知道或者应当知道申请行政复议的权利、行政复议机关和申请期限之日",
     "行政复议法（2023）第二十条第三款"),
    ("reconsideration.application_untold_cap", 12, Unit.M, "知道或者应当知道行政行为内容之日", "第二十条第三款"),
    ("reconsideration.application_outer", 60, Unit.M, "行政行为作出之日", "第二十一条"),
    ("reconsideration.application_outer_real_property", 240, Unit.M, "行政行为作出之日", "第二十一条"),
    ("reconsideration.incidental_notify_maker", 3, Unit.WD, "行政复议中止之日", "第五十八条"),
    ("regulation.filing", 30, Unit.ND, "公布之日", "法规规章备案审查条例（2024）第四条"),
    ("regulation.resubmit", 15, Unit.ND, "收到通知之日", "法规规章备案审查条例（2024）第九条"),
    ("regulation.review", 2, Unit.M, "审查程序启动之日", "法规规章备案审查条例（2024）第十一条"),
    ("regulation.handling_report", 30, Unit.ND, "接到第十八条至第二十条规定的通知之日", "法规规章备案审查条例（2024）第二十一条"),
    ("litigation.defence", 15, Unit.ND, "收到起诉状副本之日", "行政诉讼法（2017）第六十七条"),
    ("litigation.evidence", 15, Unit.ND, "收到起诉状副本之日", "行政诉讼法（2017）第六十七条"),
    ("litigation.appeal_judgment", 15, Unit.ND, "判决书送达之日", "行政诉讼法（2017）第八十五条"),
    ("litigation.appeal_ruling", 10, Unit.ND, "裁定书送达之日", "行政诉讼法（2017）第八十五条"),
    ("transfer.decision", 3, Unit.ND, "接到移送书面报告之日", "移送涉嫌犯罪案件的规定（2020）第五条"),
    ("transfer.to_police", 24, Unit.H, "决定批准移送之时", "第五条"),
    ("transfer.police_forward", 24, Unit.H, "公安机关接受移送之时", "第七条"),
    ("transfer.police_review", 3, Unit.ND, "公安机关接受移送之日", "第八条"),
    ("transfer.reconsideration_request", 3, Unit.ND, "接到不予立案通知书之日", "第九条第一款"),
    ("transfer.police_reconsideration", 3, Unit.ND, "收到提请复议文件之日", "第九条第二款"),
    ("transfer.supervision_request", 3, Unit.ND, "收到复议决定通知书之日", "第九条第二款"),
    ("transfer.hand_over", 3, Unit.ND, "接到立案通知书之日", "第十二条"),
])
def test_rule_as_the_statute_states_it(key, count, unit, start_event, source):
    rule = get_rule(key)
    assert (rule.count, rule.unit, rule.start_event) == (count, unit, start_event)
    assert source in rule.source and rule.checked


def test_old_wrong_citations_are_gone():
    assert "第十一条" not in get_rule("regulation.resubmit").source
    assert "第二十一条" not in get_rule("regulation.review").source
    assert "第二十二条" not in get_rule("regulation.handling_report").source
    assert "第九条" not in get_rule("regulation.filing").source
    assert ANNUAL_DATES["regulation.yearly_list"].source.endswith("第二十二条")


@pytest.mark.parametrize("key, start, due", [
    # 复议法 art. 58: 3 WD from 中止 on Tue 2025-09-30: 10-01..08 holiday, 10-09 1, 10-10 2,
    # 10-11 (make-up Saturday) 3.
    ("reconsideration.incidental_notify_maker", D(2025, 9, 30), D(2025, 10, 11)),
    # 行诉法 art. 67: 15 days from 2025-09-23 → 10-08 (国庆) → first working day 10-09.
    ("litigation.defence", D(2025, 9, 23), D(2025, 10, 9)),
    ("litigation.evidence", D(2025, 9, 23), D(2025, 10, 9)),
    # art. 85: judgment served 2026-02-05, 15 days → 2-20 (春节) → 2-21, 2-22 weekend within 春节, 2-23 → 2-24.
    ("litigation.appeal_judgment", D(2026, 2, 5), D(2026, 2, 24)),
    # ruling served 2026-09-21, 10 days → 10-01 (国庆 to 10-07) → 10-08.
    ("litigation.appeal_ruling", D(2026, 9, 21), D(2026, 10, 8)),
    # 备案审查条例 art. 9: 15 days from 2025-04-20 → 5-05 (劳动节) → 5-06.
    ("regulation.resubmit", D(2025, 4, 20), D(2025, 5, 6)),
    # art. 21: 30 days from 2025-12-04 → 2026-01-03 (元旦) → 1-04, the make-up Sunday, a working day.
    ("regulation.handling_report", D(2025, 12, 4), D(2026, 1, 4)),
    # 移送规定 art. 8: 3 days from 2026-04-30 → 5-03 (劳动节 to 5-05) → 5-06.
    ("transfer.police_review", D(2026, 4, 30), D(2026, 5, 6)),
    # art. 9 ¶1: 3 days from Sat 2025-01-25 → 1-28 (春节 to 2-04) → 2-05.
    ("transfer.reconsideration_request", D(2025, 1, 25), D(2025, 2, 5)),
    # art. 9 ¶2: 3 days from 2025-05-28 → 5-31 (端午 to 6-02) → 6-03.
    ("transfer.police_reconsideration", D(2025, 5, 28), D(2025, 6, 3)),
    # art. 9 ¶2: 3 days from 2026-06-16 → 6-19 (端午 to 6-21) → 6-22.
    ("transfer.supervision_request", D(2026, 6, 16), D(2026, 6, 22)),
    # art. 12: 3 days from 2026-09-22 → 9-25 (中秋 to 9-27) → 9-28.
    ("transfer.hand_over", D(2026, 9, 22), D(2026, 9, 28)),
])
def test_due_dates_over_holidays_and_make_up_days(cal, key, start, due):
    assert compute_due(cal, get_rule(key), [ClockEvent("start", start)]).date == due


def test_police_forward_within_24_hours_to_the_minute():
    result = compute_due(None, get_rule("transfer.police_forward"), [ClockEvent("start", dt.datetime(2025, 10, 1, 9, 30))])
    assert result.at == dt.datetime(2025, 10, 2, 9, 30)


def test_application_told_of_the_right(cal):
    # art. 20 ¶1: 60 days from knowing the act on 2025-12-20: 12-31 is +11, 1-31 +42, 2-18 +60, a day
    # of 春节 (2-15..23) → 2026-02-24.
    assert reconsideration_application_due(cal, D(2025, 12, 20)).date == D(2026, 2, 24)


def test_application_untold_sixty_days_from_knowing_the_right(cal):
    # art. 20 ¶3: knew the act 2025-03-03, learnt of the right 2025-05-10: 60 days → 5-31 +21,
    # 6-30 +51, 7-09 +60 (Wed) — well inside one year from knowing the act (2026-03-03).
    due = reconsideration_application_due(cal, D(2025, 3, 3), knew_right_on=D(2025, 5, 10))
    assert due.date == D(2025, 7, 9)
    other = [step for step in due.trace if step.action == OTHER_LIMIT]
    assert [step.date for step in other] == [D(2026, 3, 3)] and "最长一年" in other[0].reason
    # The old catalogue's reading (12 months from knowing the right) would have given 2026-05-11.


def test_application_untold_capped_at_one_year_from_knowing_the_act(cal):
    # Learnt of the right 2026-02-20: 60 days → 2026-04-21; but one year from knowing the act
    # (2025-03-03) ends 2026-03-03 (Tue), which decides.
    due = reconsideration_application_due(cal, D(2025, 3, 3), knew_right_on=D(2026, 2, 20))
    assert due.date == D(2026, 3, 3)
    assert due.description == "未告知复议权利时的申请期限（最长一年）"
    assert "届满于2026年4月21日，以较早者为准" in due.explain()


def test_outer_limit_of_five_years_from_the_act(cal):
    # art. 21: act made 2021-01-10; five years → 2026-01-10, a Saturday → Mon 2026-01-12, before the
    # 60 days from knowing it (2025-12-20 → 2026-02-24).
    due = reconsideration_application_due(cal, D(2025, 12, 20), act_made_on=D(2021, 1, 10))
    assert due.date == D(2026, 1, 12)
    # Real property: twenty years → 2041; the 60 days decide, and the far limit is not "provisional".
    due = reconsideration_application_due(cal, D(2025, 12, 20), act_made_on=D(2021, 1, 10), real_property=True)
    assert due.date == D(2026, 2, 24) and not due.provisional


def test_force_majeure_pauses_the_application_period(cal):
    # art. 20 ¶2: knew the act 2025-12-20; an obstacle from 2026-01-10 to 2026-01-20. Counted
    # 12-21..1-10 = 21 days; 1-11..1-20 paused; 39 more from 1-21: 1-31 is 32, 2-28 is 60 — the
    # make-up Saturday of 春节, a working day, so no roll-over.
    due = reconsideration_application_due(cal, D(2025, 12, 20), obstacles=[(D(2026, 1, 10), D(2026, 1, 20))])
    assert due.date == D(2026, 2, 28)
    assert [step.date for step in due.trace if step.action == PAUSED] == [D(2026, 1, day) for day in range(11, 21)]


def test_obstacle_still_lasting_leaves_the_date_open_under_the_outer_limit(cal):
    due = reconsideration_application_due(cal, D(2025, 12, 20), act_made_on=D(2021, 6, 1),
                                          obstacles=[(D(2026, 1, 10), None)])
    assert due.date is None and due.paused_since == D(2026, 1, 10) and due.remaining == 39
    # The five-year limit is not paused: 2021-06-01 + 5 years = 2026-06-01 (Mon).
    assert "行政复议申请最长期限（五年）：届满于2026年6月1日" in due.explain()
