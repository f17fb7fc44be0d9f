"""supervision 0010: the 督办单 of an existing database get their reply clocks, and lose them going back.

Orders written at the old state (0009) by hand: due dates as the old service computed them (5 working days
from 2024-09-27 → 2024-10-10); replies in 北京时间.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tests.migrating import leaves, migrate

OLD = [("supervision", "0009_order_template_to_wordtemplates")]
D = dt.date
BJ = ZoneInfo("Asia/Shanghai")


@pytest.mark.django_db(transaction=True)
def test_existing_orders_get_their_reply_clocks_forward_and_back(org, users):
    from fazhi.supervision import services
    from fazhi.supervision.models import SupervisionOrder
    from fazhi.workflow.clocks import clock_of, story
    from fazhi.workflow.models import CaseClock
    from fazhi.workflow.scan import scan_deadlines

    old = migrate(OLD)
    order_model = old.get_model("supervision", "SupervisionOrder")

    def make(serial, state, replied_at=None):
        return order_model.objects.create(
            jurisdiction_id=org.county.pk, issuer_id=org.justice.pk, recipient_id=org.reform.pk, year=2024,
            serial=serial, number=f"测法督〔2024〕{serial}号", subject="督办", issued_on=D(2024, 9, 27),
            reply_working_days=5, reply_due_on=D(2024, 10, 10), reply_due_trace=["自2024年9月27日起5个工作日"],
            state=state, replied_at=replied_at, issued_by_id=users.office.pk).pk

    issued, overdue = make(1, "issued"), make(2, "overdue")
    in_time = make(3, "replied", dt.datetime(2024, 10, 10, 17, 0, tzinfo=BJ))
    late = make(4, "closed", dt.datetime(2024, 10, 12, 9, 0, tzinfo=BJ))
    no_date = make(5, "replied")

    migrate(leaves())

    orders = SupervisionOrder.objects.in_bulk()
    found = {pk: clock_of(orders[pk], "reply") for pk in orders}
    assert {pk: (c.state, c.stopped_on) if c else None for pk, c in found.items()} == {
        issued: ("running", None), overdue: ("overdue", None), in_time: ("met", D(2024, 10, 10)),
        late: ("late", D(2024, 10, 12)), no_date: None}
    clock = found[issued]
    assert (clock.due_on, clock.unit_id, clock.rule_text, clock.title) == (D(2024, 10, 10), org.reform.pk,
                                                                          "5个工作日", "督办单 测法督〔2024〕1号")
    assert story(clock) == "自2024年9月27日起算5个工作日，到期日为2024年10月10日。"

    # The kernel's scan now carries them: the open order past its day becomes 逾期未回复, once.
    scan_deadlines(D(2024, 10, 11))
    assert SupervisionOrder.objects.get(pk=issued).state == "overdue"
    assert CaseClock.objects.get(pk=clock.pk).state == "overdue"
    # And the reply stops the carried clock as 逾期办结.
    services.reply_order(users.reporter, SupervisionOrder.objects.get(pk=overdue), "迟到的回复")
    assert clock_of(orders[overdue], "reply").state == "late"

    migrate(OLD)  # back: the clocks go, the orders stay
    assert not CaseClock.objects.filter(workflow="supervision.order").exists()
    assert old.get_model("supervision", "SupervisionOrder").objects.count() == 5
    migrate(leaves())
    assert CaseClock.objects.filter(workflow="supervision.order").count() == 4
