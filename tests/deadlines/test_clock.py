"""Due dates derived from clock events: pauses, restarts, extensions, hours."""

import datetime as dt

import pytest

from fazhi.deadlines import ClockEvent, DeadlineRule, Unit, add_natural_days, add_working_days, compute_due
from fazhi.deadlines.result import COUNTED, EXTENDED, IGNORED, PAUSED, RESTARTED, STARTED
from fazhi.deadlines.statutory import get_rule

D = dt.date


def start(day, reason="受理"):
    return ClockEvent("start", day, reason=reason)


def test_without_events_beyond_start_it_is_plain_counting(cal):
    rule = get_rule("reconsideration.decision")
    due = compute_due(cal, rule, [start(D(2024, 3, 1))])
    assert due.date == add_natural_days(cal, D(2024, 3, 1), 60).date == D(2024, 4, 30)
    assert due.trace[0].action == STARTED and "受理" in due.trace[0].reason


def test_reconsideration_decision_extended_by_thirty_days(cal):
    rule = get_rule("reconsideration.decision")
    events = [start(D(2024, 3, 1)), ClockEvent("extend", D(2024, 4, 20), by="复议机构负责人张某", reason="案情复杂", days=30)]
    due = compute_due(cal, rule, events)
    assert due.date == D(2024, 5, 30)  # 90 days from 3-01
    step = next(s for s in due.trace if s.action == EXTENDED)
    assert "张某" in step.reason and "30日" in step.reason


def test_extension_limits(cal):
    rule = get_rule("reconsideration.decision")
    with pytest.raises(ValueError, match="最多延长30日"):
        compute_due(cal, rule, [start(D(2024, 3, 1)), ClockEvent("extend", D(2024, 4, 1), by="负责人", days=31)])
    with pytest.raises(ValueError, match="批准人"):
        compute_due(cal, rule, [start(D(2024, 3, 1)), ClockEvent("extend", D(2024, 4, 1), days=10)])
    with pytest.raises(ValueError, match="不得延长"):
        compute_due(cal, get_rule("reconsideration.decision_simple"),
                    [start(D(2024, 3, 1)), ClockEvent("extend", D(2024, 3, 5), by="负责人", days=5)])


def test_pause_and_resume_do_not_count_the_paused_days(cal):
    # Disclosure reply, 20 WD from 2024-03-01 (Fri): without pause due 2024-03-29.
    rule = get_rule("disclosure.reply")
    assert compute_due(cal, rule, [start(D(2024, 3, 1), "收到申请")]).date == D(2024, 3, 29)
    events = [
        start(D(2024, 3, 1), "收到申请"),
        ClockEvent("pause", D(2024, 3, 5), reason="征求第三方意见"),
        ClockEvent("resume", D(2024, 3, 12), reason="第三方答复"),
    ]
    due = compute_due(cal, rule, events)
    # 3-04, 3-05 counted; 3-06..3-12 paused (5 working days); 18 more from 3-13 → 2024-04-08 (清明 4-4..4-6, 4-7 Sun worked).
    assert due.date == D(2024, 4, 8)
    paused = [s.date for s in due.trace if s.action == PAUSED]
    assert paused == [D(2024, 3, day) for day in range(6, 13)]
    assert all(s.reason == "计时暂停期间，不计入" for s in due.trace if s.action == PAUSED)
    assert sum(s.action == COUNTED for s in due.trace) == 20


def test_restart_when_correction_arrives(cal):
    rule = get_rule("reconsideration.acceptance_review")  # 5 WD
    events = [
        start(D(2024, 9, 23), "收到复议申请"),
        ClockEvent("pause", D(2024, 9, 24), reason="通知补正"),
        ClockEvent("restart", D(2024, 9, 30), reason="补正材料到达"),
    ]
    due = compute_due(cal, rule, events)
    # 10-08..10-11 and the make-up Saturday 10-12.
    assert due.date == add_working_days(cal, D(2024, 9, 30), 5).date == D(2024, 10, 12)
    restart = next(s for s in due.trace if s.action == RESTARTED)
    assert restart.date == D(2024, 9, 30) and "补正材料到达" in restart.reason
    # Counting after the restart: only days after 9-30.
    counted_after = [s.date for s in due.trace if s.action == COUNTED and s.date > D(2024, 9, 30)]
    assert len(counted_after) == 5


def test_open_pause_leaves_the_due_date_unknown(cal):
    rule = get_rule("reconsideration.decision")
    events = [start(D(2024, 3, 1)), ClockEvent("pause", D(2024, 3, 11), reason="中止：等待鉴定结论")]
    due = compute_due(cal, rule, events)
    assert due.date is None
    assert due.paused_since == D(2024, 3, 11)
    assert due.remaining == 50
    assert "暂停" in due.explain() and "尚余50日" in due.explain()


def test_pause_in_a_month_period_lengthens_it_day_for_day(cal):
    rule = get_rule("procuratorate.reply")  # 2 M
    plain = compute_due(cal, rule, [start(D(2024, 3, 15), "收到检察建议书")])
    assert plain.date == D(2024, 5, 15)
    events = [start(D(2024, 3, 15)), ClockEvent("pause", D(2024, 4, 1)), ClockEvent("resume", D(2024, 4, 11))]
    assert compute_due(cal, rule, events).date == D(2024, 5, 27)  # 5-25 is a Saturday: rolls to Monday


def test_events_after_the_period_are_reported_not_used(cal):
    rule = DeadlineRule(5, Unit.WD, label="测试期限")
    events = [start(D(2024, 3, 4)), ClockEvent("pause", D(2024, 4, 1), reason="迟到的暂停")]
    due = compute_due(cal, rule, events)
    assert due.date == D(2024, 3, 11)
    assert due.trace[-1].action == IGNORED and "迟到的暂停" in due.trace[-1].reason


def test_event_order_is_by_date_not_by_list_order(cal):
    rule = DeadlineRule(10, Unit.ND)
    events = [ClockEvent("resume", D(2024, 3, 8)), start(D(2024, 3, 1)), ClockEvent("pause", D(2024, 3, 3))]
    assert compute_due(cal, rule, events).date == D(2024, 3, 16 + 2)  # 5 days paused; 3-16 is Saturday → 3-18


def test_bad_event_sequences(cal):
    rule = DeadlineRule(5, Unit.WD)
    with pytest.raises(ValueError, match="起算"):
        compute_due(cal, rule, [])
    with pytest.raises(ValueError, match="起算"):
        compute_due(cal, rule, [ClockEvent("pause", D(2024, 3, 1)), start(D(2024, 3, 4))])
    with pytest.raises(ValueError, match="未暂停"):
        compute_due(cal, rule, [start(D(2024, 3, 1)), ClockEvent("resume", D(2024, 3, 4))])
    with pytest.raises(ValueError, match="不能再次暂停"):
        compute_due(cal, rule, [start(D(2024, 3, 1)), ClockEvent("pause", D(2024, 3, 4)),
                                ClockEvent("pause", D(2024, 3, 5))])
    with pytest.raises(ValueError):
        ClockEvent("stop", D(2024, 3, 1))


def test_hour_rule_from_catalogue():
    rule = get_rule("transfer.to_police")
    due = compute_due(None, rule, [ClockEvent("start", dt.datetime(2024, 10, 1, 9, 15), reason="批准移送")])
    assert due.at == dt.datetime(2024, 10, 2, 9, 15)
    with pytest.raises(ValueError, match="不能暂停"):
        compute_due(None, rule, [ClockEvent("start", dt.datetime(2024, 10, 1, 9)), ClockEvent("pause", dt.datetime(2024, 10, 1, 10))])


def test_rule_overrides_do_not_touch_the_catalogue(cal):
    province = get_rule("normdoc.filing", count=15)
    assert province.count == 15 and get_rule("normdoc.filing").count == 30
    assert compute_due(cal, province, [start(D(2024, 3, 1), "公布")]).date == D(2024, 3, 18)  # 3-16 Sat → Mon
