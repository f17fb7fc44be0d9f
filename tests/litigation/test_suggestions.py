"""司法建议 / 检察建议: the reply period from the letter or the rule, derived by hand, and 按期办复率."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from fazhi.litigation import rates, services
from fazhi.litigation.models import Suggestion
from tests.litigation.helpers import suggestion

D = datetime.date


def test_public_interest_two_months_ends_on_a_saturday_workday(org):
    # Two months from 2025-12-31 is 2026-02-28 (February has no 31st: its last day), a Saturday but a 春节调休
    # workday, so it is not rolled over (两高解释第二十一条).
    s = suggestion(org, on=D(2025, 12, 31))
    assert s.due_on == D(2026, 2, 28) and "第二十一条" in s.rule_source


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
    with pytest.raises(ValidationError, match="回复日期"):
        services.reply_suggestion(users.office, s, replied_on=D(2026, 8, 31), reply="已整改")


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


def test_the_daily_scan_tells_the_office_once_before_and_after_the_last_day(org, users):
    from fazhi.core.models import Notification
    from fazhi.litigation.services import scan_suggestions

    # Urgent: 15 days from 2026-09-28 → 10-13. Warned from 10-08 (5 days before), overdue from 10-14.
    s = suggestion(org, on=D(2026, 9, 28), urgent=True)
    assert (scan_suggestions(D(2026, 10, 7)).due_soon, scan_suggestions(D(2026, 10, 8)).due_soon) == (0, 1)
    assert scan_suggestions(D(2026, 10, 9)).due_soon == 0  # told once
    assert (scan_suggestions(D(2026, 10, 13)).overdue, scan_suggestions(D(2026, 10, 14)).overdue) == (0, 1)
    assert scan_suggestions(D(2026, 10, 15)).overdue == 0
    titles = list(Notification.objects.filter(recipient=users.office).order_by("id").values_list("title", flat=True))
    assert titles == ["检察建议回复提醒：测试县发展和改革局“加强农贸市场食品安全监管”应于2026-10-13前书面回复测试县人民检察院",
                      "检察建议逾期未复：测试县发展和改革局“加强农贸市场食品安全监管”应于2026-10-13前书面回复测试县人民检察院"]
    assert not Notification.objects.filter(recipient=users.outsider).exists()
    assert s.replied_on is None
