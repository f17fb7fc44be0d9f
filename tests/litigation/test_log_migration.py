"""litigation.CaseLog retires into the kernel's one transition log (litigation 0003): mirrored rows pair
with their records, the others are carried with the state their step leaves; going back rebuilds CaseLog."""

from __future__ import annotations

import datetime

import pytest

from fazhi.litigation.workflow import LITIGATION
from fazhi.workflow import engine
from tests.litigation.helpers import registered
from tests.migrating import leaves, migrate

OLD = [("litigation", "0002_grant_capabilities")]
D = datetime.date


@pytest.mark.django_db(transaction=True)
def test_case_log_pairs_with_kernel_records_and_comes_back(org, users):
    case = registered(org)  # 登记收到起诉状副本 on 2026-11-02
    engine.run(users.office, LITIGATION, case, "defend", {"on": D(2026, 11, 10)})

    old = migrate(OLD)
    CaseLog = old.get_model("litigation", "CaseLog")
    assert list(CaseLog.objects.order_by("on", "id").values_list("step", "on", "to_state")) == [
        ("receive", D(2026, 11, 2), "received"), ("defend", D(2026, 11, 10), "defended")]
    # A 一审裁判 logged only in the old log (before the kernel log existed).
    CaseLog.objects.create(case_id=case.pk, step="judge", to_state="judged", on=D(2026, 11, 10),
                           actor_id=users.office.pk, actor_name="旧日志 甲", reason="迁移-裁判",
                           data={"judgment_kind": "judgment", "result": "won"})

    migrate(leaves())

    steps = case.transitions.order_by("on", "at", "id")
    assert [(r.action, r.on) for r in steps] == [("receive", D(2026, 11, 2)), ("judge", D(2026, 11, 10)),
                                                 ("defend", D(2026, 11, 10))]
    judge = case.transitions.get(action="judge")
    assert (judge.workflow, judge.from_state, judge.to_state, judge.actor, judge.reason) == (
        "litigation", "defended", "judged", users.office, "迁移-裁判")
    assert judge.data == {"judgment_kind": "judgment", "result": "won"}
    assert judge.get_action_label() == "登记一审裁判"

    migrate(OLD)
    migrate(leaves())
    assert case.transitions.count() == 3
