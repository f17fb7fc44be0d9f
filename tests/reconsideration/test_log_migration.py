"""reconsideration.CaseLog retires into the kernel's one transition log (reconsideration 0003).

The engine wrote each step to both logs, so going forward pairs every CaseLog row with its record and
carries only the rows without one (a step logged before the kernel's log existed, an opinion's step, a
second like step on the same day). Going back rebuilds CaseLog from the records, as the old code kept it."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from fazhi.reconsideration import opinions
from tests.migrating import leaves, migrate
from tests.reconsideration.helpers import decided

OLD = [("reconsideration", "0002_grant_capabilities")]
AT = timezone.make_aware(datetime.datetime(2026, 11, 3, 9, 15))
D = datetime.date


@pytest.mark.django_db(transaction=True)
def test_case_log_pairs_with_kernel_records_and_comes_back(org, users):
    from fazhi.reconsideration.workflow import case_steps

    case = decided(org)  # filed 11-02 (登记收到申请), accepted 11-02, decided 11-12
    opinion = opinions.issue_opinion(users.office, case, kind="opinion", addressee="测试县市场监督管理局",
                                     content="规范处罚程序", on=D(2026, 11, 13))
    before = [(r.action, r.on, r.actor_name) for r in case_steps(case)]
    assert [b[0] for b in before] == ["receive", "accept", "decide", "issue"]

    old = migrate(OLD)
    CaseLog = old.get_model("reconsideration", "CaseLog")
    rebuilt = list(CaseLog.objects.order_by("on", "id").values_list("step", "on", "to_state"))
    # Back: one CaseLog row per record; the opinion's step under the case, with the case's state.
    assert rebuilt == [("receive", D(2026, 11, 2), "reviewing"), ("accept", D(2026, 11, 2), "hearing"),
                       ("decide", D(2026, 11, 12), "closed"), ("opinion.issue", D(2026, 11, 13), "closed")]
    assert CaseLog.objects.get(step="opinion.issue").data["opinion"] == opinion.pk
    # Rows the kernel never saw: a hearing notice logged before the kernel log, the opinion's report, and a
    # second 决定受理 on the same day as the mirrored one (a pair is used once).
    CaseLog.objects.create(case_id=case.pk, step="schedule_hearing", from_state="hearing", to_state="hearing",
                           on=D(2026, 11, 3), at=AT, actor_id=users.office.pk, actor_name="旧日志 甲", reason="迁移-听证",
                           data={"hearing_on": "2026-11-10", "place": "第一会议室"})
    CaseLog.objects.create(case_id=case.pk, step="opinion.report", from_state="closed", to_state="closed",
                           on=D(2026, 11, 20), at=AT, actor_name="旧日志 乙", reason="迁移-报告",
                           data={"report": "已整改", "opinion": opinion.pk, "kind": "行政复议意见书"})
    accept = CaseLog.objects.get(step="accept")
    accept.pk = None
    accept.save()

    migrate(leaves())

    steps = list(case_steps(case))
    assert [(r.action, r.on) for r in steps] == [
        ("receive", D(2026, 11, 2)), ("accept", D(2026, 11, 2)), ("accept", D(2026, 11, 2)),
        ("schedule_hearing", D(2026, 11, 3)), ("decide", D(2026, 11, 12)), ("issue", D(2026, 11, 13)),
        ("report", D(2026, 11, 20))]
    hearing = case.transitions.get(action="schedule_hearing")
    assert (hearing.workflow, hearing.from_state, hearing.to_state, hearing.at, hearing.actor, hearing.reason) == (
        "reconsideration", "hearing", "hearing", AT, users.office, "迁移-听证")
    assert hearing.data == {"hearing_on": "2026-11-10", "place": "第一会议室"}
    assert hearing.get_action_label() == "通知听证"
    report = opinion.transitions.get(action="report")
    assert (report.workflow, report.from_state, report.to_state, report.actor, report.data) == (
        "reconsideration.opinion", "issued", "reported", None, {"report": "已整改"})
    from fazhi.reconsideration.workflow import step_label
    assert step_label(report) == "意见书、建议书登记纠正情况报告"

    # Back and forward again: nothing doubles.
    migrate(OLD)
    migrate(leaves())
    assert case_steps(case).count() == 7
