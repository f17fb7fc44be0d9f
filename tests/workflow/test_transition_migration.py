"""normdocs.TransitionLog and supervision.Transition move into the kernel's one transition log
(workflow.TransitionRecord; normdocs 0005, supervision 0008): rows written at the old migration state come
out with their case, step, states, date, time, actor, reason and record; and a downgrade gives them back."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tests.migrating import leaves, migrate

OLD = [("supervision", "0007_evidence_to_attachments"), ("normdocs", "0004_attachments_to_core")]
AT = timezone.make_aware(datetime.datetime(2024, 5, 6, 10, 30))  # a Monday morning, local time


@pytest.mark.django_db(transaction=True)
def test_old_logs_become_kernel_records_and_come_back(org, users):
    from tests.normdocs.matrix_cases import draft
    from tests.supervision.matrix_cases import order as make_order
    from tests.supervision.matrix_cases import report as make_report

    report, doc, order = make_report(org, users), draft(org), make_order(org, users)
    milestone = report.milestone

    old = migrate(OLD)
    Transition, TransitionLog = old.get_model("supervision", "Transition"), old.get_model("normdocs", "TransitionLog")
    TransitionLog.objects.create(document_id=doc.pk, transition="submit_legality_review", from_state="drafting",
                                 to_state="legality_review", on=datetime.date(2024, 5, 2), at=AT,
                                 actor_id=users.office.pk, actor_name="测试县司法局 甲", reason="报送审核",
                                 data={"clock": {"due": {"date": "2024-05-31", "rule": "20个工作日"}}})
    Transition.objects.create(report_id=report.pk, action="submit", from_state="draft", to_state="submitted",
                              at=AT, actor_id=users.reporter.pk, actor_name="发改局 乙", reason="迁移-报告")
    Transition.objects.create(milestone_id=milestone.pk, action="scan", from_state="open", to_state="due_soon",
                              at=AT, actor_name="系统", reason="迁移-节点")
    Transition.objects.create(order_id=order.pk, action="reply", from_state="issued", to_state="replied", at=AT,
                              actor_id=users.reporter.pk, actor_name="发改局 乙", reason="迁移-督办单")

    migrate(leaves())

    log = doc.transitions.get()
    assert (log.workflow, log.action, log.from_state, log.to_state, log.on, log.at) == (
        "normdoc", "submit_legality_review", "drafting", "legality_review", datetime.date(2024, 5, 2), AT)
    assert (log.actor, log.actor_name, log.reason) == (users.office, "测试县司法局 甲", "报送审核")
    assert log.data["clock"]["due"] == {"date": "2024-05-31", "rule": "20个工作日"}
    assert log.get_to_state_display() == "合法性审核"  # the document's own state label
    moved = report.transitions.get(reason="迁移-报告")
    # A supervision row's date is its time's local day: 2024-05-06 10:30 → 2024-05-06.
    assert (moved.workflow, moved.action, moved.on, moved.actor) == (
        "supervision.report", "submit", datetime.date(2024, 5, 6), users.reporter)
    assert moved.get_action_label() == "报送"
    scan = milestone.transitions.get(reason="迁移-节点")
    assert (scan.workflow, scan.action, scan.to_state, scan.get_action_label()) == ("", "scan", "due_soon", "期限扫描")
    reply = order.transitions.get(reason="迁移-督办单")
    assert (reply.workflow, reply.action, reply.get_action_label()) == ("supervision.order", "reply", "回复")
    assert order.transitions.filter(action="issue").exists()  # what the order's issue wrote survives the trip

    old = migrate(OLD)
    assert old.get_model("normdocs", "TransitionLog").objects.get().reason == "报送审核"
    reasons = set(old.get_model("supervision", "Transition").objects.values_list("reason", flat=True))
    assert {"迁移-报告", "迁移-节点", "迁移-督办单"} <= reasons
    migrate(leaves())
