"""The 督办单 reply deadline is the order's case clock: started on 下发 with the issuer's N working days,
moved to 逾期 by the kernel's one daily scan (and the order to 逾期未回复), stopped by the reply.

Dates by hand: issued Friday 2024-09-27 with 5 working days — 09-29 (Sunday, 国庆调休 worked) 1, 09-30 2,
10-01…10-07 国庆 off, 10-08 3, 10-09 4, 10-10 5: due 2024-10-10; 逾期 from 2024-10-11.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from fazhi.core.models import Notification
from fazhi.supervision import services, workflows
from fazhi.supervision.models import SupervisionOrder
from fazhi.workflow import engine, steplog
from fazhi.workflow.clocks import clock_of
from fazhi.workflow.scan import scan_deadlines
from tests.supervision.conftest import task_for

D = dt.date


@pytest.fixture
def order(ledger, users, org):
    Notification.objects.all().delete()
    return services.issue_order(users.office, recipient=org.reform, subject="年度报告未按期报送",
                                tasks=[task_for(ledger.test_items.yearly)], reply_working_days=5,
                                issued_on=D(2024, 9, 27))


def test_issuing_starts_the_reply_clock_with_the_issuers_count(order, ledger, users, org):
    clock = clock_of(order, "reply")
    assert (clock.state, clock.started_on, clock.due_on, clock.rule_text) == ("running", D(2024, 9, 27),
                                                                              D(2024, 10, 10), "5个工作日")
    assert (order.reply_due_on, order.reply_due_trace) == (clock.due_on, clock.trace)
    # Another order of the same office with 3 working days: 09-29, 09-30, 10-08.
    other = services.issue_order(users.office, recipient=org.town_gov, subject="督办",
                                 tasks=[task_for(ledger.test_items.yearly)], reply_working_days=3,
                                 issued_on=D(2024, 9, 27))
    assert (clock_of(other, "reply").due_on, clock_of(other, "reply").rule_text) == (D(2024, 10, 8), "3个工作日")


def test_the_kernel_scan_makes_an_unanswered_order_overdue_once(order, users):
    scan_deadlines(D(2024, 10, 10))  # the last day is still in time
    order.refresh_from_db()
    assert order.state == SupervisionOrder.State.ISSUED
    lines = scan_deadlines(D(2024, 10, 11))
    order.refresh_from_db()
    assert order.state == SupervisionOrder.State.OVERDUE and clock_of(order, "reply").state == "overdue"
    assert "逾期 1 件" in lines[0]
    step = steplog.steps_of(order).get(action="scan")
    assert (step.from_state, step.to_state, step.on, step.get_action_label()) == ("issued", "overdue",
                                                                                  D(2024, 10, 11), "期限扫描")
    # The recipient unit's own users are told (as before the kernel): 发改局's reporter, not the office.
    told = Notification.objects.filter(title__startswith="回复逾期：督办单")
    assert [n.recipient for n in told] == [users.reporter]
    assert told.get().link == reverse("supervision:order_detail", args=[order.pk])
    scan_deadlines(D(2024, 10, 12))  # idempotent: nothing new the next day
    assert told.count() == 1 and steplog.steps_of(order).filter(action="scan").count() == 1


def test_a_reply_after_the_deadline_stops_the_clock_late(order, users):
    scan_deadlines(D(2024, 10, 11))
    order.refresh_from_db()
    services.reply_order(users.reporter, order, "迟到的回复")
    clock = clock_of(order, "reply")
    assert (clock.state, clock.get_state_display()) == ("late", "逾期办结")


def test_a_reply_in_time_stops_the_clock_met_and_the_scan_leaves_it(order, users):
    engine.run(users.reporter, workflows.ORDER, order, "reply", {"text": "已整改", "on": D(2024, 10, 10)})
    assert clock_of(order, "reply").state == "met"
    scan_deadlines(D(2024, 10, 11))
    order.refresh_from_db()
    assert order.state == SupervisionOrder.State.REPLIED


def test_the_order_page_shows_the_clock_story_and_trace(order, client, users):
    client.force_login(users.office)
    page = client.get(reverse("supervision:order_detail", args=[order.pk])).content.decode()
    assert "自2024年9月27日起算5个工作日，到期日为2024年10月10日。" in page
    assert 'data-clock="reply"' in page
