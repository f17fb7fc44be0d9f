"""备案 per recipient: who receives a filing, who may review it, its clocks (derived by hand) and outcomes.

Holidays used (the working-day table of the State Council's notices): 2025 国庆·中秋 10-01..08 with 09-28 (Sun)
and 10-11 (Sat) worked; 2026 春节 02-15..23 with 02-14 and 02-28 (Sat) worked; 2026-04-25/26 a weekend.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from fazhi.normdocs import filings
from fazhi.normdocs.filing_models import FilingChannel, FilingOutcome, FilingState
from fazhi.normdocs.filing_views import clock_status
from fazhi.normdocs.models import State
from fazhi.normdocs.recipients import recipients_for

D = datetime.date
# 征求意见 from Saturday 2025-05-17: published 66 days later on 07-22, filed 76 days later on 08-01.
START = D(2025, 5, 17)


@pytest.fixture
def filed(make_doc, walk, org, city):
    """测试县人民政府's document, filed with 测试市人民政府 and 测试县人大常委会 on 2025-08-01."""
    doc = walk(make_doc(title="测试县河道管理办法", issuer=org.gov), State.FILED, start=START)
    return doc, doc.filings.get(channel=FilingChannel.GOVERNMENT), doc.filings.get(channel=FilingChannel.PEOPLE_CONGRESS)


def _recipients(doc):
    return [(r.channel, r.name, r.unit, r.reviewer) for r in recipients_for(doc)]


def test_recipients_follow_the_issuer(org, city, make_doc):
    # A county government's document: the city government (its 司法局 reviews) and the county 人大常委会.
    assert _recipients(make_doc(issuer=org.gov)) == [
        (FilingChannel.GOVERNMENT, "测试市人民政府", city.gov, city.justice),
        (FilingChannel.PEOPLE_CONGRESS, "测试县人大常委会", None, None),
    ]
    # A department's: the county government, reviewed by the county 司法局.
    assert _recipients(make_doc(issuer=org.reform)) == [
        (FilingChannel.GOVERNMENT, "测试县人民政府", org.gov, org.justice)]
    # The 司法局's own: never reviewed by itself, so by the county government's own users.
    assert _recipients(make_doc(issuer=org.justice)) == [
        (FilingChannel.GOVERNMENT, "测试县人民政府", org.gov, org.gov)]
    # A town government's: the county government via its 司法局; a town has no 人大常委会.
    assert _recipients(make_doc(issuer=org.town_gov)) == [
        (FilingChannel.GOVERNMENT, "测试县人民政府", org.gov, org.justice)]


def test_each_recipient_gets_its_filing_with_a_due_date_and_is_sent(filed):
    doc, city_filing, congress = filed
    # Published 2025-07-22; 30 natural days (both rules) end on Thursday 08-21, a working day.
    assert (city_filing.due_on, congress.due_on) == (D(2025, 8, 21), D(2025, 8, 21))
    # 报送备案 of the document sent both, on time.
    assert (city_filing.state, city_filing.sent_on, congress.state, congress.sent_on) == (
        FilingState.SENT, D(2025, 8, 1), FilingState.SENT, D(2025, 8, 1))
    assert city_filing.transitions.get().data["clock"]["on_time"] is True
    assert (city_filing.reviewing_unit.name, congress.reviewing_unit) == ("测试市司法局", None)


def test_the_filer_cannot_register_or_conclude_its_own_filing(filed, users, city):
    doc, city_filing, _ = filed
    # The county office sees the filing (its data scope covers the issuer) but has no step on it.
    assert filings.allowed_for(users.office, city_filing) == []
    with pytest.raises(PermissionDenied, match="由测试市司法局办理备案审查"):
        filings.transition(users.office, city_filing, "register", {"on": D(2025, 8, 4)})
    assert {t.code for t in filings.allowed_for(city.reviewer, city_filing)} == {"register", "return_for_completion"}
    city_filing = filings.transition(city.reviewer, city_filing, "register", {"on": D(2025, 8, 4)})
    assert "approve" in {t.code for t in filings.allowed_for(city.reviewer, city_filing)}
    with pytest.raises(PermissionDenied):
        filings.transition(users.office, city_filing, "approve", {"on": D(2025, 8, 20), "reason": "自审"})


def test_an_issuer_never_reviews_its_own_document(make_doc, walk, org, users, make_user):
    # 司法局's own document goes to the county government; the 司法局's office is refused as the issuer.
    doc = walk(make_doc(title="测试县司法行政办法", issuer=org.justice), State.FILED, start=START)
    filing = doc.filings.get()
    with pytest.raises(PermissionDenied, match="制定机关不能办理本机关报送备案文件的备案审查"):
        filings.transition(users.office, filing, "register", {"on": D(2025, 8, 4)})
    gov_reviewer = make_user("t_gov_office", org.gov, ["office"], "jurisdiction")
    assert filings.transition(gov_reviewer, filing, "register", {"on": D(2025, 8, 4)}).state == FilingState.REVIEWING


def test_the_review_queue_is_the_reviewing_units(filed, users, city):
    doc, city_filing, congress = filed
    assert list(filings.open_filings_for_review(city.reviewer)) == [city_filing]
    assert list(filings.open_filings_for_review(users.office)) == []
    assert list(filings.open_filings_for_review(users.outsider)) == []
    filings.transition(city.reviewer, city_filing, "register", {"on": D(2025, 8, 4)})
    filings.transition(city.reviewer, city_filing, "approve", {"on": D(2025, 8, 20), "reason": "准予备案"})
    assert list(filings.open_filings_for_review(city.reviewer)) == []


def test_review_clock_from_registration_rolls_over_the_national_day(filed, city):
    doc, city_filing, _ = filed
    # Registered Monday 2025-08-04: 60 natural days end on Friday 10-03, inside 国庆 (10-01..08): 10-09 (Thu).
    city_filing = filings.transition(city.reviewer, city_filing, "register", {"on": D(2025, 8, 4)})
    assert (city_filing.registered_on, city_filing.review_due_on, city_filing.conforming) == (
        D(2025, 8, 4), D(2025, 10, 9), True)
    doc.refresh_from_db()
    assert doc.state == State.FILING_REVIEW
    # Warned five working days before 10-09: 09-30, 09-29, 09-28 (调休 Sunday), 09-26, 09-25.
    issuer = doc.issuer
    assert [clock_status(D(2025, 10, 9), day, issuer) for day in (D(2025, 9, 24), D(2025, 9, 25), D(2025, 10, 9),
                                                                   D(2025, 10, 10))] == ["按期", "临期", "临期", "逾期"]


def test_return_for_completion_has_a_due_date_and_the_filing_is_then_not_conforming(filed, city, users):
    doc, city_filing, _ = filed
    # 退回补正 on Monday 2025-09-15: 15 natural days end on Tuesday 09-30, a working day.
    city_filing = filings.transition(city.reviewer, city_filing, "return_for_completion",
                                     {"on": D(2025, 9, 15), "reason": "缺少起草说明"})
    assert (city_filing.state, city_filing.resubmit_due_on, city_filing.outcome) == (
        FilingState.RETURNED, D(2025, 9, 30), FilingOutcome.RETURNED)
    city_filing = filings.transition(users.office, city_filing, "resubmit", {"on": D(2025, 9, 29), "reason": "已补正"})
    assert city_filing.transitions.get(action="resubmit").data["clock"]["on_time"] is True
    city_filing = filings.transition(city.reviewer, city_filing, "register", {"on": D(2025, 9, 30)})
    # Registered after a 补正: not conforming. 09-30 + 60 days = Saturday 11-29, rolled to Monday 12-01.
    assert (city_filing.conforming, city_filing.review_due_on, city_filing.outcome) == (False, D(2025, 12, 1), "")


def test_correction_clock_rolls_over_the_spring_festival_and_the_review_restarts(filed, city, users):
    doc, city_filing, _ = filed
    filings.transition(city.reviewer, city_filing, "register", {"on": D(2025, 12, 1)})
    # 要求纠正 on Tuesday 2026-01-20: 30 natural days end on Thursday 02-19, inside 春节 (02-15..23): 02-24.
    city_filing = filings.transition(city.reviewer, city_filing, "require_correction",
                                     {"on": D(2026, 1, 20), "reason": "第二条与上位法不一致"})
    assert (city_filing.state, city_filing.outcome, city_filing.correction_due_on, city_filing.review_due_on) == (
        FilingState.CORRECTING, FilingOutcome.CORRECTION, D(2026, 2, 24), None)
    doc.refresh_from_db()
    assert doc.state == State.CORRECTING
    city_filing = filings.transition(users.office, city_filing, "report_correction", {
        "on": D(2026, 2, 24), "reason": "已修改第二条", "corrected_text": "第一条 纠正后的正文。"})
    # The review runs again from 02-24: 60 days end on Saturday 04-25, rolled past Sunday to Monday 04-27.
    assert (city_filing.state, city_filing.correction_due_on, city_filing.review_due_on) == (
        FilingState.REVIEWING, None, D(2026, 4, 27))
    doc.refresh_from_db()
    assert doc.state == State.FILING_REVIEW and doc.current_version().text == "第一条 纠正后的正文。"
    city_filing = filings.transition(city.reviewer, city_filing, "approve", {"on": D(2026, 3, 2), "reason": "准予备案"})
    doc.refresh_from_db()
    assert (city_filing.state, city_filing.problem_found, doc.state) == (FilingState.PASSED, True, State.RECORDED)


@pytest.mark.parametrize(("code", "state", "outcome", "correction_due"), [
    ("approve", FilingState.PASSED, FilingOutcome.PASSED, None),
    ("require_correction", FilingState.CORRECTING, FilingOutcome.CORRECTION, D(2025, 9, 19)),
    ("suggest_amend_or_repeal", FilingState.CORRECTING, FilingOutcome.AMEND_OR_REPEAL, D(2025, 9, 19)),
    ("refuse", FilingState.REFUSED, FilingOutcome.REFUSED, None),
    ("revoke", FilingState.REVOKED, FilingOutcome.REVOKED, None),
])
def test_every_outcome(filed, city, code, state, outcome, correction_due):
    doc, city_filing, _ = filed
    filings.transition(city.reviewer, city_filing, "register", {"on": D(2025, 8, 4)})
    # Concluded on Wednesday 2025-08-20; a correction is due 30 days later, Friday 09-19.
    city_filing = filings.transition(city.reviewer, city_filing, code, {"on": D(2025, 8, 20), "reason": "审查意见"})
    assert (city_filing.state, city_filing.outcome, city_filing.concluded_on, city_filing.correction_due_on) == (
        state, outcome, D(2025, 8, 20), correction_due)
    assert city_filing.problem_found is (outcome != FilingOutcome.PASSED)


def test_a_conclusion_needs_an_opinion_and_a_registered_filing(filed, city):
    doc, city_filing, _ = filed
    with pytest.raises(ValidationError, match="已报送待登记"):
        filings.transition(city.reviewer, city_filing, "approve", {"on": D(2025, 8, 4), "reason": "准予备案"})
    filings.transition(city.reviewer, city_filing, "register", {"on": D(2025, 8, 4)})
    with pytest.raises(ValidationError, match="请填写审查意见"):
        filings.transition(city.reviewer, city_filing, "approve", {"on": D(2025, 8, 20)})


def test_the_people_congress_filing_is_tracked_by_the_filer_from_its_notice(filed, city, users):
    doc, city_filing, congress = filed
    # Nobody in the platform reviews for the 人大常委会: the reviewer's steps are refused there ...
    with pytest.raises(PermissionDenied, match="不在本平台办理备案审查"):
        filings.transition(city.reviewer, congress, "register", {"on": D(2025, 8, 4)})
    # ... and the filer may not record a "result" on the filing the city reviews.
    with pytest.raises(PermissionDenied, match="由测试市司法局在本平台审查"):
        filings.transition(users.office, city_filing, "record_feedback", {
            "on": D(2025, 8, 30), "outcome": "passed", "notice": "x", "reason": "x"})
    assert [t.code for t in filings.allowed_for(users.office, congress)] == ["record_feedback"]
    congress = filings.transition(users.office, congress, "record_feedback", {
        "on": D(2025, 9, 1), "outcome": "amend_or_repeal", "notice": "测人常函〔2025〕7号", "reason": "建议修改第三条"})
    assert (congress.state, congress.outcome, congress.concluded_on, congress.problem_found) == (
        FilingState.FEEDBACK, FilingOutcome.AMEND_OR_REPEAL, D(2025, 9, 1), True)
    assert congress.transitions.get(action="record_feedback").data["notice"] == "测人常函〔2025〕7号"
    # The document's stage follows the filings reviewed in the platform only.
    doc.refresh_from_db()
    assert doc.state == State.FILED


def test_pages_show_the_reviewer_buttons_to_the_reviewer_only(filed, city, users, login):
    doc, city_filing, _ = filed
    url = reverse("normdocs:filing_detail", args=[city_filing.pk])
    filer_page = login(users.office).get(url).content.decode()
    assert "报测试市人民政府备案" in filer_page and "登记（材料齐全、规范）" not in filer_page
    reviewer_page = login(city.reviewer).get(url).content.decode()
    assert "登记（材料齐全、规范）" in reviewer_page and "退回补正" in reviewer_page
    doc_page = login(users.office).get(reverse("normdocs:detail", args=[doc.pk])).content.decode()
    assert "报测试市人民政府备案" in doc_page and "报测试县人大常委会备案" in doc_page
    queue = login(city.reviewer).get(reverse("normdocs:filing_queue")).content.decode()
    assert "测试县河道管理办法" in queue
    response = login(users.office).post(reverse("normdocs:filing_transition", args=[city_filing.pk, "register"]),
                                        {"on": "2025-08-04"})
    assert response.status_code == 403


def test_the_daily_scan_tells_the_reviewing_body_not_the_filer(filed, city, users):
    from fazhi.core.models import Notification
    from fazhi.workflow.scan import scan_clocks

    doc, city_filing, _ = filed
    filings.transition(city.reviewer, city_filing, "register", {"on": D(2025, 8, 4)})  # review due 2025-10-09
    # Warned from 09-25 (five working days before 10-09, counting the 调休 Sunday 09-28), overdue from 10-10.
    assert scan_clocks(D(2025, 9, 24), workflow="normdoc_filing").summary() == "办理期限新增临期 0 件、逾期 0 件"
    assert scan_clocks(D(2025, 9, 25), workflow="normdoc_filing").summary() == "办理期限新增临期 1 件、逾期 0 件"
    assert scan_clocks(D(2025, 10, 10), workflow="normdoc_filing").summary() == "办理期限新增临期 0 件、逾期 1 件"
    titles = list(Notification.objects.filter(recipient=city.reviewer).values_list("title", flat=True))
    assert len(titles) == 2 and titles[0].startswith("备案审查") and "2025-10-09" in titles[0]
    assert not Notification.objects.filter(recipient=users.office).exists()
