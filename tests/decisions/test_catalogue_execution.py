"""The annual catalogue's versions, execution on the supervision ledger, adjustment, the review clock's scan,
the 决策档案 and the rates."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from fazhi.core.models import Notification
from fazhi.decisions import archive, rates, services
from fazhi.decisions.models import Decision
from fazhi.supervision import services as supervision
from fazhi.supervision.models import Milestone, Task
from fazhi.workflow import scan
from tests.decisions.helpers import D, started
from tests.decisions.test_workflow import reviewed, run, through_comment


def test_catalogue_party_agreement_publication_and_versioned_adjustment(org, users):
    catalogue = services.create_catalogue(users.office, body=org.gov, year=2026, publish_by=D(2026, 3, 31))
    with pytest.raises(ValidationError, match="目录中没有决策事项"):
        services.catalogue_transition(users.office, catalogue, "agree", {"on": D(2026, 1, 5), "party_body": "县委"})
    first = services.add_entry(users.office, catalogue, title="老旧小区改造", lead_unit=org.reform, category="livelihood")
    assert first.procedures == ["risk", "legality", "collective"]  # 民生类 always carries 风险评估
    catalogue = services.catalogue_transition(users.office, catalogue, "agree", {"on": D(2026, 1, 5), "party_body": "县委常委会"})
    with pytest.raises(ValidationError, match="请先“调整目录”"):
        services.add_entry(users.office, catalogue, title="x", lead_unit=org.reform)
    catalogue = services.catalogue_transition(users.office, catalogue, "publish", {"on": D(2026, 1, 20)})
    assert (catalogue.state, catalogue.version, catalogue.first_published_on) == ("published", 1, D(2026, 1, 20))
    catalogue = services.catalogue_transition(users.office, catalogue, "adjust", {"on": D(2026, 6, 1), "reason": "增加事项"})
    second = services.add_entry(users.office, catalogue, title="新建污水处理厂", lead_unit=org.reform, category="nimby",
                                market_related=True)
    with pytest.raises(ValidationError, match="不在已公布的决策事项目录中"):
        services.start_decision(users.office, second)
    services.start_decision(users.office, first, started_on=D(2026, 6, 2))  # the published entry may start meanwhile
    services.catalogue_transition(users.office, catalogue, "agree", {"on": D(2026, 6, 3), "party_body": "县委常委会"})
    catalogue = services.catalogue_transition(users.office, catalogue, "publish", {"on": D(2026, 6, 5), "reason": "增加1项"})
    assert catalogue.version == 2 and catalogue.first_published_on == D(2026, 1, 20)
    versions = {r.version: [e["title"] for e in r.entries] for r in catalogue.revisions.all()}
    assert versions == {1: ["老旧小区改造"], 2: ["老旧小区改造", "新建污水处理厂"]}
    assert services.start_decision(users.office, second).procedures == ["risk", "fair_competition", "legality",
                                                                         "collective"]


def published(org, users) -> Decision:
    decision = reviewed(org, users)
    decision = run(decision, "decide", users.office, on=D(2026, 10, 20), meeting_kind="standing", dissent="无",
                   head_departs="no", reason="通过")
    decision = run(decision, "report_party", users.office, on=D(2026, 10, 21))
    return run(decision, "publish", users.office, on=D(2026, 10, 22))


def test_execution_goes_on_the_supervision_ledger_and_reports_feed_back(org, users):
    decision = published(org, users)
    with pytest.raises(ValidationError, match="请先明确决策执行单位"):
        run(decision, "start_execution", users.office, on=D(2026, 10, 23))
    due = timezone.localdate().replace(year=timezone.localdate().year + 1, month=3, day=31)
    services.add_requirement(users.office, decision, unit=org.reform, requirement="制定分档收费实施细则", due_on=due)
    decision = run(decision, "start_execution", users.office, on=D(2026, 10, 23))
    task = Task.objects.get(plan=decision.execution_plan)
    milestone = Milestone.objects.get(task=task)
    assert (task.owner_unit, milestone.unit, milestone.due_on) == (org.reform, org.reform, due)
    # A requirement added during execution goes on the same ledger at once.
    services.add_requirement(users.office, decision, unit=org.town_gov, requirement="入户宣传", due_on=due)
    assert Task.objects.filter(plan=decision.execution_plan).count() == 2
    report = supervision.save_report(users.reporter, milestone, text="细则已起草", percent=40)
    supervision.submit_report(users.reporter, report)
    from fazhi.decisions.execution import execution_reports

    assert [r.text for r in execution_reports(decision)] == ["细则已起草"]


def test_post_evaluation_and_adjustment_repeat_the_procedures(org, users):
    decision = published(org, users)
    services.add_requirement(users.office, decision, unit=org.reform, requirement="实施",
                             due_on=timezone.localdate().replace(year=timezone.localdate().year + 1))
    decision = run(decision, "start_execution", users.office, on=D(2026, 10, 23))
    decision = run(decision, "start_evaluation", users.office, on=D(2026, 11, 2), trigger="opinions", evaluator="县社科联")
    decision = run(decision, "conclude_evaluation", users.office, on=D(2026, 11, 20), findings="收费档次过多，群众意见较大",
                   conclusion="adjust")
    assert decision.evaluations.get().conclusion == "adjust"
    decision = run(decision, "adjust", users.office, on=D(2026, 11, 23), reason="根据后评估调整档次")
    assert (decision.state, decision.round, decision.review_outcome) == ("drafting", 2, "")
    with pytest.raises(ValidationError, match="“公众参与”"):  # round 2 must take part again
        run(decision, "submit_review", users.reporter, on=D(2026, 11, 24), discussion_planned_on=D(2026, 12, 31))


def test_the_daily_scan_tells_the_reviewer_once_when_the_review_is_overdue(org, users):
    decision = started(org, procedures=())
    run(decision, "submit_review", users.reporter, on=D(2026, 9, 29), discussion_planned_on=D(2026, 10, 14))
    # Due 2026-10-14 (see test_the_reviewer_gets_7_working_days_across_national_day_2026); warned 2 working days
    # before: 10-12; overdue from 10-15.
    assert scan.scan_clocks(D(2026, 10, 14), workflow="decision").overdue == {}
    assert scan.scan_clocks(D(2026, 10, 15), workflow="decision").overdue == {("decision", "review"): 1}
    assert scan.scan_clocks(D(2026, 10, 16), workflow="decision").overdue == {}
    titles = list(Notification.objects.filter(recipient=users.office, title__contains="合法性审查")
                  .values_list("title", flat=True))
    assert any("逾期" in t and "2026-10-14" in t for t in titles)
    assert not Notification.objects.filter(recipient=users.outsider).exists()


def test_the_archive_holds_every_record_and_lists_what_is_missing(org, users):
    decision = reviewed(org, users)
    data, missing = archive.build_archive(decision)
    assert "法律顾问或公职律师的法律意见（条例第二十八条）" in missing and "决策公布记录" in missing
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert {"index.html", "目录.docx", "记录/log.json", "公众参与/意见采纳情况.txt", "完整性检查.txt"} <= set(names)
    log = json.loads(zipfile.ZipFile(io.BytesIO(data)).read("记录/log.json"))
    assert [row["transition"] for row in log] == ["open_comment", "close_comment", "submit_review", "pass_review"]


def test_rates_count_records_against_the_catalogue(org, users):
    # 2026's catalogue (due 01-31, published 01-15: on time) has A needing 公众参与 and B needing 公众参与 and
    # 专家论证. A completes 公众参与, passes review and is decided; B has not started. So: 公众参与 1 of 2, 专家论证
    # 0 of 1, 风险评估 none required (no data), review coverage 1 of 1, counsel 0 of 1 sent to review.
    catalogue = services.create_catalogue(None, body=org.gov, year=2026, publish_by=D(2026, 1, 31))
    a = services.add_entry(None, catalogue, title="甲事项", lead_unit=org.reform, procedures=["participation"])
    services.add_entry(None, catalogue, title="乙事项", lead_unit=org.reform, procedures=["participation", "expert"])
    services.catalogue_transition(None, catalogue, "agree", {"on": D(2026, 1, 10), "party_body": "县委常委会"})
    services.catalogue_transition(None, catalogue, "publish", {"on": D(2026, 1, 15)})
    decision = through_comment(services.start_decision(None, a, draft="草案", started_on=D(2026, 8, 3)), users)
    decision = run(decision, "submit_review", users.reporter, on=D(2026, 9, 29), discussion_planned_on=D(2026, 10, 14))
    decision = run(decision, "pass_review", users.office, on=D(2026, 10, 14), reason="合法")
    run(decision, "decide", users.office, on=D(2026, 10, 20), meeting_kind="standing", dissent="无", head_departs="no",
        reason="通过")
    found = rates.decision_rates(org.county, 2026)
    assert (found["participation_completion"].numerator, found["participation_completion"].denominator) == (1, 2)
    assert (found["expert_completion"].numerator, found["expert_completion"].denominator) == (0, 1)
    assert found["risk_completion"].value is None
    assert (found["legality_review_coverage"].numerator, found["legality_review_coverage"].denominator) == (1, 1)
    assert (found["counsel_participation"].numerator, found["counsel_participation"].denominator) == (0, 1)
    assert (found["catalogue_timeliness"].numerator, found["catalogue_timeliness"].denominator) == (1, 1)
    assert rates.decision_rates(org.other_county, 2026)["participation_completion"].denominator == 0


@pytest.mark.parametrize("most", [True, False], ids=["log-read-once", "per-entry"])
def test_rates_are_the_same_whichever_shape_the_completion_query_takes(org, users, monkeypatch, most):
    """A province reads the log once per procedure, a smaller region asks per entry (fazhi.decisions.rates):
    the same hand-counted figures either way."""
    monkeypatch.setattr(rates, "_holds_most_units", lambda region: most)
    test_rates_count_records_against_the_catalogue(org, users)


def test_catalogue_input_is_checked(org, users):
    with pytest.raises(ValidationError, match="年度应在2000至2100之间"):
        services.create_catalogue(users.office, body=org.gov, year=-1)
    with pytest.raises(ValidationError, match="决策机关应为人民政府"):
        services.create_catalogue(users.office, body=org.county, year=2026)
    catalogue = services.create_catalogue(users.office, body=org.gov, year=2026)
    with pytest.raises(ValidationError, match="类别无效"):
        services.add_entry(users.office, catalogue, title="x", lead_unit=org.reform, category="nonsense")
    with pytest.raises(ValidationError, match="未知的程序"):
        services.add_entry(users.office, catalogue, title="x", lead_unit=org.reform, procedures=["vote"])
