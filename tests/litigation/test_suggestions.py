"""司法建议 / 检察建议: the reply clock (CaseClock, periods in months) from the letter or the rule, derived by hand
from the 2025–2026 table (春节 2026-02-15..23 with 调休 Saturdays 02-14 and 02-28; 国庆 2026-10-01..07), and
按期办复率."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from fazhi.litigation import rates, services
from fazhi.litigation.models import Suggestion
from fazhi.workflow import timelimits
from fazhi.workflow.clocks import clock_of, story
from fazhi.workflow.scan import scan_clocks
from tests.litigation.helpers import suggestion

D = datetime.date


def test_public_interest_two_months_ends_on_a_saturday_workday(org):
    # Two months from 2025-12-31 is 2026-02-28 (February has no 31st: its last day), a Saturday but a 春节调休
    # workday, so it is not rolled over (两高解释第二十一条).
    s = suggestion(org, on=D(2025, 12, 31))
    clock = clock_of(s, "reply")
    assert (s.due_on, clock.due_on, clock.rule_text) == (D(2026, 2, 28), D(2026, 2, 28), "2个月")
    assert "第二十一条" in timelimits.get_rule(clock.rule_code, s.unit).source
    assert story(clock) == "自2025年12月31日起算2个月，到期日为2026年2月28日。"


def test_two_months_ending_in_the_spring_festival_roll_over_to_the_first_day_after(org):
    # 2025-12-15 + 2 months = 2026-02-15, a Sunday inside 春节 (02-15..23): the period ends the day after the
    # holiday, Tuesday 02-24 (民法典第二百零三条).
    assert suggestion(org, on=D(2025, 12, 15)).due_on == D(2026, 2, 24)
    # Another 检察建议 (not 公益诉讼), two months by default: 2026-08-05 → 2026-10-05, inside 国庆 (10-01..07) → 10-08.
    s = suggestion(org, on=D(2026, 8, 5), public_interest=False)
    assert (s.due_on, clock_of(s, "reply").rule_code) == (D(2026, 10, 8), "procuratorate.reply_general")


def test_the_letters_period_in_months_replaces_the_default(org):
    # The letter writes three months: 2026-01-20 → 2026-04-20 (a Monday), not the default 03-20.
    s = suggestion(org, on=D(2026, 1, 20), period_count=3, period_unit="M")
    assert (s.due_on, clock_of(s, "reply").rule_text) == (D(2026, 4, 20), "3个月")
    # One month from 2026-01-31: February has no 31st, so its last day 02-28 — a Saturday 调休 workday.
    assert suggestion(org, on=D(2026, 1, 31), period_count=1, period_unit="M").due_on == D(2026, 2, 28)


def test_urgent_fifteen_days(org):
    # 15 days from 2026-09-28: 09-30 day 2, 10-13 day 15 (a Tuesday).
    assert suggestion(org, on=D(2026, 9, 28), urgent=True).due_on == D(2026, 10, 13)


def test_the_letter_sets_the_period_of_a_judicial_suggestion(org):
    # Two months by default (规定第八条): 2026-01-20 → 2026-03-20 (Friday); the letter's 30 days from 02-10:
    # 02-28 day 18, 03-12 day 30 (Thursday).
    assert suggestion(org, on=D(2026, 1, 20), kind="judicial", public_interest=False).due_on == D(2026, 3, 20)
    s = suggestion(org, on=D(2026, 2, 10), kind="judicial", public_interest=False, period_count=30, period_unit="ND")
    assert (s.due_on, s.period_count) == (D(2026, 3, 12), 30)


def test_refusals(org, users):
    with pytest.raises(ValidationError, match="仅适用于检察建议"):
        suggestion(org, kind="judicial", public_interest=True)
    with pytest.raises(ValidationError, match="仅适用于公益诉讼"):
        suggestion(org, public_interest=False, urgent=True)
    s = suggestion(org, on=D(2026, 9, 1))
    with pytest.raises(ValidationError, match="早于上一步“登记收到建议书”"):
        services.reply_suggestion(users.office, s, replied_on=D(2026, 8, 31), reply="已整改")
    s = services.reply_suggestion(users.office, s, replied_on=D(2026, 9, 2), reply="已整改")
    assert (s.state, clock_of(s, "reply").state, s.on_time) == ("replied", "met", True)
    with pytest.raises(ValidationError, match="该建议已回复"):
        services.reply_suggestion(users.office, s, replied_on=D(2026, 9, 3), reply="再次回复")


def test_on_time_reply_rate_for_the_half_year(org, users):
    # Received in 2026 H1: A due 03-20 replied 03-19 (on time); B due 03-20 replied 03-23 (late); C due 03-20 and
    # never replied (open and overdue on 07-10); D received 06-29, due 08-29, not yet due on 07-10 (not counted).
    a, b, c = (suggestion(org, on=D(2026, 1, 20), subject=f"建议{n}") for n in "ABC")
    suggestion(org, on=D(2026, 6, 29), subject="建议D")
    services.reply_suggestion(users.office, a, replied_on=D(2026, 3, 19), reply="已整改", evidence="整改报告")
    services.reply_suggestion(users.office, b, replied_on=D(2026, 3, 23), reply="已整改")
    rows, total = rates.suggestion_report(Suggestion.objects.for_user(users.office), D(2026, 1, 1), D(2026, 6, 30),
                                          D(2026, 7, 10))
    assert (total.received, total.due, total.on_time, total.late, total.overdue_open) == (4, 3, 1, 1, 1)
    assert round(total.rate, 1) == 33.3
    assert c.replied_on is None


def test_the_kernel_scan_tells_the_office_once_before_and_after_the_last_day(org, users):
    from fazhi.core.models import Notification

    # Urgent: 15 days from 2026-09-28 → 10-13. Warned from 10-08 (5 days before), overdue from 10-14.
    s = suggestion(org, on=D(2026, 9, 28), urgent=True)
    kind = ("litigation.suggestion", "reply")
    assert (scan_clocks(D(2026, 10, 7)).due_soon[kind], scan_clocks(D(2026, 10, 8)).due_soon[kind]) == (0, 1)
    assert scan_clocks(D(2026, 10, 9)).due_soon[kind] == 0  # told once
    assert (scan_clocks(D(2026, 10, 13)).overdue[kind], scan_clocks(D(2026, 10, 14)).overdue[kind]) == (0, 1)
    assert scan_clocks(D(2026, 10, 15)).overdue[kind] == 0
    titles = list(Notification.objects.filter(recipient=users.office).order_by("id").values_list("title", flat=True))
    what = "测试县发展和改革局收到的检察建议“加强农贸市场食品安全监管”（测试县人民检察院）"
    assert titles == [f"建议回复提醒：{what}须于2026-10-13前书面回复", f"建议回复逾期：{what}应于2026-10-13前书面回复"]
    assert not Notification.objects.filter(recipient=users.outsider).exists()
    s = services.reply_suggestion(users.office, s, replied_on=D(2026, 10, 15), reply="已整改")
    assert (clock_of(s, "reply").state, s.on_time) == ("late", False)
