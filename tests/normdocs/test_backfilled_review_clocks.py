"""normdocs 0008: filings 0007 backfilled as 审查中 get the 备案审查 clock 登记 would have started.

By hand: registered (= filed) Friday 2025-08-01. Default 60 natural days: 08-01 + 30 = 08-31, + 30 = 09-30,
a Tuesday and a working day. 测试县 sets 61 days: 10-01, 国庆 (10-01…10-08 off), rolled to Thursday 10-09.
"""

from __future__ import annotations

import datetime

import pytest

from tests.migrating import leaves, migrate

D = datetime.date
OLD = [("normdocs", "0007_backfill_filings")]
BEFORE_BACKFILL = [("normdocs", "0006_filings_per_recipient_and_review_suggestions")]


@pytest.mark.django_db(transaction=True)
def test_backfilled_filings_under_review_get_their_review_clock(org, city):
    from fazhi.normdocs.filing_models import Filing
    from fazhi.workflow.clocks import clock_of
    from fazhi.workflow.models import CaseClock
    from fazhi.workflow.scan import scan_clocks

    old = migrate(BEFORE_BACKFILL)
    Doc, TimeLimit = old.get_model("normdocs", "NormativeDocument"), old.get_model("workflow", "TimeLimit")
    dates = {"published_on": D(2025, 7, 22), "filing_due_on": D(2025, 8, 21), "filed_on": D(2025, 8, 1)}
    county = Doc.objects.create(title="县政府文件", issuer_id=org.gov.pk, state="filing_review", **dates).pk
    other = Doc.objects.create(title="乙县司法局文件", issuer_id=org.other_justice.pk, state="filing_review",
                               **dates).pk
    Doc.objects.create(title="已报送文件", issuer_id=org.gov.pk, state="filed", **dates)
    TimeLimit.objects.create(code="normdoc.filing_review", jurisdiction_id=org.county.pk, count=61, unit="ND",
                             roll_over=True, note="测试县规定")

    migrate(leaves())

    reviewing = {f.document_id: f for f in Filing.objects.filter(state="reviewing")}
    assert set(reviewing) == {county, other}
    mine, theirs = clock_of(reviewing[county], "review"), clock_of(reviewing[other], "review")
    assert (mine.started_on, mine.due_on, mine.rule_text, mine.unit_id, mine.state) == (
        D(2025, 8, 1), D(2025, 10, 9), "61日", city.justice.pk, "running")
    assert "顺延至其后第一个工作日" in mine.trace[-1]
    assert (theirs.due_on, theirs.rule_text, theirs.unit_id) == (D(2025, 9, 30), "60日", org.other_justice.pk)
    assert reviewing[county].review_due_on == D(2025, 10, 9)
    # Only the filings under review: the sent ones wait for 登记, which starts their clock.
    assert CaseClock.objects.filter(workflow="normdoc_filing").count() == 2

    # The kernel's scan now counts them: 乙县's is 逾期 the day after 09-30; 测试县's is within its warning
    # (5 working days before 10-09: 09-30, 09-29, 09-28 调休, 09-26, 09-25), so 临期.
    scan_clocks(D(2025, 10, 1))
    assert [clock_of(reviewing[pk], "review").state for pk in (county, other)] == ["due_soon", "overdue"]

    migrate(OLD)  # back: the clocks and the 审查期限 set here go; the backfilled filings stay
    assert not CaseClock.objects.filter(workflow="normdoc_filing").exists()
    assert list(Filing.objects.filter(state="reviewing").values_list("review_due_on", flat=True)) == [None, None]
    migrate(leaves())
    assert CaseClock.objects.filter(workflow="normdoc_filing").count() == 2
