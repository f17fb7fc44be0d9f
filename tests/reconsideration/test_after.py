"""After the decision: publication with names masked, performance, 意见书 and its 60-day report,
附带审查 into 清理, and the quarterly / half-yearly reports with a configurable 纠错 set."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from fazhi.normdocs.models import CleanupItem
from fazhi.reconsideration import opinions, reports, services
from fazhi.reconsideration.models import Performance, ReconsiderationCase
from fazhi.workflow.clocks import clock_of
from tests.normdocs.matrix_cases import published as published_doc
from tests.reconsideration.helpers import decided, filed

D = datetime.date


def test_published_decision_masks_the_persons_name(client, org, users):
    case = decided(org, applicant="张三丰")
    ReconsiderationCase.objects.filter(pk=case.pk).update(
        decision_text="申请人张三丰（身份证号110101199003071234，电话13912345678）不服处罚。")
    services.publish_decision(users.office, case, D(2026, 11, 20))
    page = client.get(reverse("portal:catalogue_detail", args=["reconsideration", case.case_number])).content.decode()
    assert "张某" in page and "张三丰" not in page and "110101199003071234" not in page and "13912345678" not in page
    listing = client.get(reverse("portal:catalogue", args=["reconsideration"])).content.decode()
    assert case.case_number in listing and "张三丰" not in listing
    with pytest.raises(ValidationError, match="已公开"):
        services.publish_decision(users.office, case, D(2026, 11, 21))


def test_unpublished_and_undecided_cases_stay_off_the_portal(client, org):
    case = decided(org)
    assert client.get(reverse("portal:catalogue_detail", args=["reconsideration", case.case_number])).status_code == 404
    assert client.get(reverse("portal:catalogue", args=["reconsideration"])).content.decode().count(case.case_number) == 0


def test_performance_of_a_revoking_decision(org, users):
    case = decided(org, outcome="revoked")
    assert case.performance == Performance.PENDING
    with pytest.raises(ValidationError, match="责令履行"):
        services.record_performance(users.office, case, performance="refused", on=D(2026, 11, 20))
    case = services.record_performance(users.office, case, performance="done", on=D(2026, 11, 25))
    assert (case.performance, case.performed_on) == ("done", D(2026, 11, 25))
    upheld = decided(org, outcome="upheld")
    with pytest.raises(ValidationError, match="没有需要履行"):
        services.record_performance(users.office, upheld, performance="done", on=D(2026, 11, 25))


def test_opinion_report_clock_is_sixty_days(org, users):
    case = decided(org, on=D(2026, 7, 1))
    opinion = opinions.issue_opinion(users.office, case, kind="opinion", addressee="测试县市场监督管理局",
                                     content="纠正违法处罚", on=D(2026, 7, 31))
    # 60 days from 07-31: 08-31 is day 31, 09-29 day 60 (a Tuesday).
    assert clock_of(opinion, "report").due_on == D(2026, 9, 29)
    opinion = opinions.report_opinion(users.office, opinion, "已撤销原决定并退还罚款", D(2026, 9, 30))
    assert (opinion.state, clock_of(opinion, "report").state) == ("reported", "late")


def test_unlawful_document_goes_into_cleanup(org, users):
    case = filed(org)
    document = published_doc(org)
    review = services.add_incidental_review(users.office, case, document, D(2026, 11, 3))
    with pytest.raises(ValidationError, match="已在附带审查中"):
        services.add_incidental_review(users.office, case, document, D(2026, 11, 3))
    review = services.conclude_incidental_review(users.office, review, conclusion="unlawful", on=D(2026, 11, 10),
                                                 note="与上位法相抵触", to_cleanup=True)
    assert review.cleanup is not None and review.cleanup.region == org.county
    assert CleanupItem.objects.filter(campaign=review.cleanup, document=document).exists()


def test_quarterly_correction_rate_with_a_configurable_outcome_set(org, users):
    # Decided (10 days after acceptance) in 2026 Q4: revoked, varied, upheld, dismissed → 2 of 4 corrected by
    # default; counting only 撤销 gives 1 of 4. One decided in Q3 is outside.
    for outcome in ("revoked", "varied", "upheld", "dismissed"):
        decided(org, outcome=outcome, on=D(2026, 10, 12))
    decided(org, outcome="revoked", on=D(2026, 9, 1))
    cases = ReconsiderationCase.objects.for_user(users.office)
    rows, total = reports.correction_report(cases, reports.quarter(2026, 4))
    assert (total.closed, total.corrected, total.rate) == (4, 2, 50.0)
    assert [(r.organ, r.closed) for r in rows] == [("测试县人民政府", 4)]
    _, only_revoked = reports.correction_report(cases, reports.quarter(2026, 4), ("revoked",))
    assert (only_revoked.corrected, only_revoked.rate) == (1, 25.0)
    _, q3 = reports.correction_report(cases, reports.quarter(2026, 3))
    assert (q3.closed, q3.corrected) == (1, 1)
    outsider_rows, _ = reports.correction_report(ReconsiderationCase.objects.for_user(users.outsider),
                                                 reports.quarter(2026, 4))
    assert outsider_rows == []


def test_half_yearly_performance_report(org, users):
    done = decided(org, outcome="ordered", on=D(2026, 8, 3))
    services.record_performance(users.office, done, performance="done", on=D(2026, 9, 1))
    refused = decided(org, outcome="revoked", on=D(2026, 8, 3))
    services.record_performance(users.office, refused, performance="refused", on=D(2026, 9, 1), note="已约谈并抄告")
    decided(org, outcome="varied", on=D(2026, 8, 3))  # pending
    decided(org, outcome="upheld", on=D(2026, 8, 3))  # nothing to perform
    rows, total, open_cases = reports.performance_report(ReconsiderationCase.objects.all(), reports.half_year(2026, 2))
    assert (total.due, total.done, total.pending, total.refused) == (3, 1, 1, 1)
    assert round(total.rate, 1) == 33.3
    assert {c.pk for c in open_cases} == {refused.pk} | set(
        ReconsiderationCase.objects.filter(outcome="varied").values_list("pk", flat=True))


def test_report_page_shows_both_tables(login, org, users):
    decided(org, outcome="revoked", on=D(2026, 10, 12))
    page = login(users.office).get(reverse("reconsideration:reports"), {"year": 2026, "quarter": 4, "half": 2,
                                                                        "outcomes": ["revoked"]}).content.decode()
    assert "2026年第四季度" in page and "2026年下半年" in page and "100.0%" in page


def test_case_page_timeline_reads_the_kernel_log_with_the_opinions_steps(login, org, users):
    case = decided(org, on=D(2026, 11, 2))  # 登记 and 受理 on 11-02, 决定 on 11-12
    opinions.issue_opinion(users.office, case, kind="opinion", addressee="测试县市场监督管理局", content="规范处罚程序",
                           on=D(2026, 11, 13))
    page = login(users.office).get(reverse("reconsideration:detail", args=[case.pk])).content.decode()
    labels = ["登记收到申请</strong> · 2026-11-02", "决定受理</strong> · 2026-11-02",
              "作出行政复议决定</strong> · 2026-11-12", "意见书、建议书制发</strong> · 2026-11-13"]
    positions = [page.index(label) for label in labels]
    assert positions == sorted(positions)
    # The opinion's step is the case's latest: no later case step may be dated before it.
    from fazhi.reconsideration.workflow import RECON

    assert RECON.last_step(case) == ("意见书、建议书制发", D(2026, 11, 13))
