"""decisions 0003 and contracts 0003: the modules' own step logs (CatalogueLog, DecisionLog, ContractLog,
PaymentLog) move into the kernel's one transition log. Steps the engine wrote into both logs are not written
twice; steps only the old logs held are carried with their states (from the frozen tables where the old log kept
none), and a downgrade gives every old row back with its 程序轮次, again without duplicates on the way up."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from fazhi.contracts import services as contract_services
from fazhi.decisions.gates import current_round, with_rounds
from tests.contracts.matrix_cases import signed
from tests.decisions.helpers import started
from tests.migrating import leaves, migrate

OLD = [("decisions", "0002_grant_decisions"), ("contracts", "0002_grant_contracts")]
D = datetime.date
AT = timezone.make_aware(datetime.datetime(2026, 9, 7, 9, 0))


def _counts(*cases) -> list[int]:
    return [case.transitions.count() for case in cases]


@pytest.mark.django_db(transaction=True)
def test_step_logs_become_kernel_records_once_and_come_back(org, users):
    decision = started(org)  # the helper's catalogue took 同意 and 公布 through the engine
    catalogue = decision.entry.catalogue
    contract = signed(org)  # 送审, 审查通过, 签订
    payment = contract_services.add_payment(None, contract, label="首付款", amount=Decimal("100"))
    payment = contract_services.payment_transition(None, payment, "start", {"on": timezone.localdate(),
                                                                            "basis": "delivery"})
    before = _counts(catalogue, decision, contract, payment)
    assert before == [2, 0, 3, 1]

    old = migrate(OLD)
    CatalogueLog, DecisionLog = old.get_model("decisions", "CatalogueLog"), old.get_model("decisions", "DecisionLog")
    ContractLog, PaymentLog = old.get_model("contracts", "ContractLog"), old.get_model("contracts", "PaymentLog")
    # The downgrade rebuilt the old logs from the kernel's rows, as the engine of that version wrote them.
    assert list(CatalogueLog.objects.order_by("id").values_list("transition", flat=True)) == ["agree", "publish"]
    assert list(ContractLog.objects.order_by("id").values_list("transition", flat=True)) == [
        "submit_review", "pass_review", "sign"]
    assert PaymentLog.objects.get().transition == "start"
    # Rows only the old logs held (a bulk-made history): an adjusted decision and a completed contract.
    for n, (code, from_state, to_state, round_) in enumerate([
            ("start_execution", "published", "executing", 1), ("adjust", "executing", "drafting", 1),
            ("open_comment", "drafting", "comment", 2)]):
        DecisionLog.objects.create(decision_id=decision.pk, transition=code, from_state=from_state, to_state=to_state,
                                   round=round_, on=D(2026, 9, 7 + n), at=AT, actor_id=users.office.pk,
                                   actor_name="测试县司法局 甲", reason=f"迁移-{code}", data={"n": n})
    ContractLog.objects.create(contract_id=contract.pk, transition="complete", on=timezone.localdate(), at=AT,
                               actor_name="规模生成", reason="迁移-履行完毕")

    migrate(leaves())
    assert _counts(catalogue, decision, contract, payment) == [2, 3, 4, 1]  # nothing written twice
    steps = list(decision.transitions.order_by("on", "at", "id"))
    assert [(s.workflow, s.action, s.from_state, s.to_state, s.on, s.at, s.actor, s.reason, s.data) for s in steps][0] == (
        "decision", "start_execution", "published", "executing", D(2026, 9, 7), AT, users.office, "迁移-start_execution",
        {"n": 0})
    assert [(r, s.action) for r, s in with_rounds(steps)] == [(1, "start_execution"), (1, "adjust"), (2, "open_comment")]
    assert list(current_round(decision).values_list("action", flat=True)) == ["open_comment"]
    completed = contract.transitions.get(action="complete")
    # The old contract log kept no states: 签订 left it 履行中 (signed), 确认履行完毕 leads to completed.
    assert (completed.workflow, completed.from_state, completed.to_state, completed.actor) == (
        "contract", "signed", "completed", None)
    assert completed.get_action_label() == "确认履行完毕"
    assert catalogue.transitions.get(action="publish").get_to_state_display() == "已公布"

    old = migrate(OLD)
    rows = old.get_model("decisions", "DecisionLog").objects.order_by("id")
    assert list(rows.values_list("transition", "round", "from_state", "to_state")) == [
        ("start_execution", 1, "published", "executing"), ("adjust", 1, "executing", "drafting"),
        ("open_comment", 2, "drafting", "comment")]
    assert old.get_model("contracts", "ContractLog").objects.count() == 4
    migrate(leaves())
    assert _counts(catalogue, decision, contract, payment) == [2, 3, 4, 1]
