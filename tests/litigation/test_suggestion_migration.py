"""litigation 0004: suggestions on file get their reply clock (CaseClock) as the module had computed it, and
going back puts the trace, the rule's source and the scan's notice on the suggestion again."""

from __future__ import annotations

import datetime

import pytest

from fazhi.workflow.clocks import clock_of, story
from tests.migrating import leaves, migrate

OLD = [("litigation", "0003_case_log_to_kernel")]
D = datetime.date


@pytest.mark.django_db(transaction=True)
def test_suggestions_on_file_get_their_reply_clock_and_come_back(org, users):
    from fazhi.litigation.models import Suggestion

    old = migrate(OLD)
    Old = old.get_model("litigation", "Suggestion")
    common = dict(unit_id=org.reform.pk, issuer="测试县人民检察院", received_on=D(2025, 12, 31))
    # A 公益诉讼 letter due 2026-02-28, the module's scan already told of it as overdue; a 司法建议 replied late.
    Old.objects.create(kind="procuratorial", subject="甲", public_interest=True, due_on=D(2026, 2, 28),
                       due_trace=["起算：2025年12月31日", "到期：2026年2月28日"], rule_source="两高解释第二十一条",
                       notified="overdue", **common)
    Old.objects.create(kind="judicial", subject="乙", due_on=D(2026, 2, 28), replied_on=D(2026, 3, 2), reply="已整改",
                       period_count=2, period_unit="M", **common)

    migrate(leaves())

    open_, replied = Suggestion.objects.get(subject="甲"), Suggestion.objects.get(subject="乙")
    clock = clock_of(open_, "reply")
    assert (clock.workflow, clock.rule_code, clock.rule_text, clock.state) == (
        "litigation.suggestion", "procuratorate.reply", "2个月", "overdue")
    assert (clock.started_on, clock.due_on, clock.trace) == (D(2025, 12, 31), D(2026, 2, 28),
                                                            ["起算：2025年12月31日", "到期：2026年2月28日"])
    assert story(clock) == "自2025年12月31日起算2个月，到期日为2026年2月28日。"
    assert open_.state == "open"
    done = clock_of(replied, "reply")
    assert (replied.state, done.rule_code, done.state, done.stopped_on) == (
        "replied", "judicial_suggestion.reply", "late", D(2026, 3, 2))

    old = migrate(OLD)
    back = old.get_model("litigation", "Suggestion").objects.get(subject="甲")
    assert (back.due_on, back.notified, back.due_trace) == (D(2026, 2, 28), "overdue",
                                                           ["起算：2025年12月31日", "到期：2026年2月28日"])
    assert "第二十一条" in back.rule_source
    assert not old.get_model("workflow", "CaseClock").objects.filter(workflow="litigation.suggestion").exists()
    migrate(leaves())
