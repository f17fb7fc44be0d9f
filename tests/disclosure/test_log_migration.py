"""disclosure.DisclosureLog moves into the kernel's one transition log (disclosure 0003): the engine had
written every step to both, so a row already mirrored by a kernel row stays one row, and a row only the old
log had (written by hand, or before the kernel's log) is carried with its step, states, date, time, actor,
reason and record; the page, the letters and the public lookup read it; a downgrade gives the rows back and
takes away only what it carried."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from fazhi.disclosure import letters
from fazhi.workflow import steplog
from fazhi.workflow.models import TransitionRecord
from tests.disclosure.helpers import filed, step
from tests.migrating import leaves, migrate

D = dt.date
OLD = [("disclosure", "0002_grant_disclosure")]
AT = timezone.make_aware(dt.datetime(2026, 10, 20, 9, 15))


@pytest.mark.django_db(transaction=True)
def test_unmirrored_log_rows_are_carried_and_come_back(org, users, login):
    case = filed(users, org.gov, D(2026, 9, 21))  # 确认收到申请 on 09-21 (the engine's row)
    case = step(users, case, "correct", D(2026, 9, 24), correction_items="请写明文号", correction_deadline="2026-10-09")
    kernel_rows = steplog.steps_of(case).count()
    assert kernel_rows == 2

    old = migrate(OLD)
    Log = old.get_model("disclosure", "DisclosureLog")
    # The downgrade gave the old log one row per kernel row, as the engine had written them.
    assert list(Log.objects.filter(request_id=case.pk).order_by("on").values_list("step", "label", "on")) == [
        ("receive", "确认收到申请", D(2026, 9, 21)), ("correct", "补正告知", D(2026, 9, 24))]
    # A step only the old log has: 补正 arrived on 09-30 and the office extended on 10-20 (written by hand).
    Log.objects.create(request_id=case.pk, step="corrected", label="收到补正申请", on=D(2026, 9, 30),
                       actor_id=users.office.pk, actor_name="测试县司法局 甲", created_at=AT, data={})
    extension = Log.objects.create(request_id=case.pk, step="extend", label="延长答复期限", on=D(2026, 10, 20),
                                   actor_id=users.office.pk, actor_name="测试县司法局 甲", reason="需调取档案",
                                   data={"extension_days": 20})
    Log.objects.filter(pk=extension.pk).update(created_at=AT)

    migrate(leaves())

    rows = list(case.transitions.order_by("on", "at", "id"))
    assert [(r.action, r.on) for r in rows] == [
        ("receive", D(2026, 9, 21)), ("correct", D(2026, 9, 24)), ("corrected", D(2026, 9, 30)),
        ("extend", D(2026, 10, 20))]  # the two mirrored rows were not doubled
    carried = rows[-1]
    assert (carried.workflow, carried.from_state, carried.to_state, carried.at) == ("disclosure", "handling", "handling", AT)
    assert (carried.actor, carried.actor_name, carried.reason) == (users.office, "测试县司法局 甲", "需调取档案")
    assert carried.data["extension_days"] == 20
    assert (carried.get_action_label(), carried.get_to_state_display()) == ("延长答复期限", "办理中")
    # The date-order check and the public lookup read the kernel's log: the latest step is the extension.
    from fazhi.disclosure.workflow import REQUEST

    assert REQUEST.last_step(case) == ("延长答复期限", D(2026, 10, 20))
    page = login(users.office).get(reverse("disclosure:detail", args=[case.pk])).content.decode()
    assert "2026-09-30 收到补正申请" in page and "2026-10-20 延长答复期限 · 测试县司法局 甲：需调取档案" in page

    old = migrate(OLD)
    Log = old.get_model("disclosure", "DisclosureLog")
    assert Log.objects.filter(request_id=case.pk).count() == 4
    back = Log.objects.get(request_id=case.pk, step="extend")
    assert (back.reason, back.created_at, back.data) == ("需调取档案", AT, {"extension_days": 20})
    # Only the carried rows left the kernel's log (its table is the same in both states).
    assert TransitionRecord.objects.filter(case_id=case.pk, case_type__model="disclosurerequest").count() == kernel_rows
    migrate(leaves())
    assert case.transitions.count() == 4  # forward again: every old row is mirrored once, none doubled


def test_the_extension_letter_reads_its_reason_from_the_kernel_log(org, users):
    case = filed(users, org.gov, D(2026, 9, 21))
    case = step(users, case, "extend", D(2026, 10, 20), extension_days=20, reason="需调取档案")
    assert letters.context(case, "extension")["reason"] == "需调取档案"
    assert steplog.steps_of(case).get(action="extend").reason == "需调取档案"
