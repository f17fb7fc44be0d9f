"""Rates from the records, against hand-computed expectations."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from fazhi.normdocs import filings, services
from fazhi.normdocs.filing_models import FilingChannel
from fazhi.normdocs.models import DocType, DocumentVersion, NormativeDocument, Origin, State
from fazhi.normdocs.rates import normdoc_rates, normdoc_rates_by_unit

D = datetime.date
YEAR = (D(2024, 1, 1), D(2024, 12, 31))
AS_OF = D(2024, 12, 1)


@pytest.fixture
def cohort(org, make_doc, walk, city):
    """A, B by 司法局, C, D by 发改局 and H by 县政府 through the platform; E imported; F of 2023; G in 乙县.

    Each department's document is filed with 测试县人民政府 (one filing); the county government's with
    测试市人民政府 and 测试县人大常委会 (two filings). Published 2024-05-09 (征求意见 from 03-04 + 66 days),
    the 30-day 报送期限 ends on Saturday 06-08, rolled past Sunday and 端午 (Monday 06-10) to 06-11.
    """
    # A: filed 05-19, registered 05-21 at the first examination, passed 06-07.
    a = walk(make_doc(title="A"), State.RECORDED, start=D(2024, 3, 4))
    # B: filed late on 07-01, registered 07-02, 备案审查 required correction on 07-10.
    b = walk(make_doc(title="B"), State.PUBLISHED, start=D(2024, 3, 4))
    b = services.transition(None, b, "file_for_record", {"on": D(2024, 7, 1)})
    gov_filing = b.filings.get()
    filings.transition(None, gov_filing, "register", {"on": D(2024, 7, 2)})
    filings.transition(None, gov_filing, "require_correction", {"on": D(2024, 7, 10), "reason": "与上位法抵触"})
    # C: published 05-09, never filed, due 06-11 passed by AS_OF.
    walk(make_doc(title="C", issuer=org.reform), State.PUBLISHED, start=D(2024, 3, 4))
    # D: published 11-20, due 12-20 (a Friday): not yet due on AS_OF.
    d = walk(make_doc(title="D", issuer=org.reform), State.REGISTERED, start=D(2024, 9, 2))
    services.transition(None, d, "publish", {"on": D(2024, 11, 20)})
    # E: imported with no review or filing record, published 2024-04-01 (due 05-06): one filing, unsent.
    e = NormativeDocument.objects.create(title="E", issuer=org.justice, state=State.PUBLISHED, origin=Origin.IMPORTED,
                                         published_on=D(2024, 4, 1), effective_on=D(2024, 4, 1),
                                         filing_due_on=D(2024, 5, 6))
    DocumentVersion.objects.create(document=e, number=1, version_date=D(2024, 4, 1), text="E")
    # H: filed with both recipients on 05-19 (on time). The city's 司法局 returned it for 补正 on 05-21
    # (not conforming), registered it on 05-30 and passed it on 06-20; the 人大常委会 notified 通过 (06-18).
    h = walk(make_doc(title="H", issuer=org.gov), State.FILED, start=D(2024, 3, 4))
    city_filing = h.filings.get(channel=FilingChannel.GOVERNMENT)
    for code, on in (("return_for_completion", D(2024, 5, 21)), ("resubmit", D(2024, 5, 28)),
                     ("register", D(2024, 5, 30)), ("approve", D(2024, 6, 20))):
        filings.transition(None, city_filing, code, {"on": on, "reason": "材料不全" if code.startswith("return") else "准予备案"})
    filings.transition(None, h.filings.get(channel=FilingChannel.PEOPLE_CONGRESS), "record_feedback", {
        "on": D(2024, 6, 18), "outcome": "passed", "notice": "测人常函〔2024〕5号", "reason": "未发现问题"})
    # F: published in 2023, outside the period; G: another county.
    walk(make_doc(title="F"), State.PUBLISHED, start=D(2023, 3, 6))
    services.set_numbering_scheme(None, org.other_county, "乙规〔{year}〕{seq}号")
    walk(make_doc(title="G", issuer=org.other_justice), State.PUBLISHED, start=D(2024, 3, 4))
    return a, b


def test_rates_of_the_county(org, cohort):
    rates = normdoc_rates(org.county, *YEAR, as_of=AS_OF)
    # Documents: A B C D E H = 6, all but the imported E with a passing 合法性审核 = 5.
    # Filings: A, B, C, D, E (its own dates), H×2 = 7; due by 12-01: all but D = 6; sent: A, B, H×2 = 4;
    # on time: A, H×2 = 3 (B late). Examined at registration: A, B (first time: conforming) and H's city
    # filing (returned once: not conforming) = 3, conforming 2. Concluded: A, B, H×2 = 4; a problem: B = 1.
    assert rates == {
        "published": 6, "legality_reviewed": 5, "due_for_filing": 6, "filed": 4, "filed_on_time": 3,
        "examined": 3, "conforming": 2, "filing_reviewed": 4, "corrected": 1,
        "legality_review_rate": 5 / 6, "filing_rate": 4 / 6, "timely_filing_rate": 0.5,
        "conformity_rate": 2 / 3, "correction_rate": 0.25,
    }
    # 报备规范率 is not 1 − 纠错率: B was conforming when registered and still corrected.
    assert rates["conformity_rate"] + rates["correction_rate"] != 1


def test_rates_by_unit(org, cohort):
    by_unit = dict((u.name, r) for u, r in normdoc_rates_by_unit(org.county, *YEAR, as_of=AS_OF))
    assert set(by_unit) == {"测试县人民政府", "测试县司法局", "测试县发展和改革局"}
    justice, reform, gov = by_unit["测试县司法局"], by_unit["测试县发展和改革局"], by_unit["测试县人民政府"]
    # 司法局: A, B, E; due 3, sent A, B, on time A.
    assert (justice["published"], justice["legality_reviewed"], justice["due_for_filing"], justice["filed"],
            justice["filed_on_time"]) == (3, 2, 3, 2, 1)
    assert justice["legality_review_rate"] == pytest.approx(2 / 3)
    assert reform["published"] == 2 and reform["due_for_filing"] == 1 and reform["filing_rate"] == 0.0
    # Nothing reviewed yet: no data, not a perfect score.
    assert reform["conformity_rate"] is None and reform["correction_rate"] is None
    # 县政府: one document, two filings, both sent on time; the city's returned once (0 of 1 conforming).
    assert (gov["published"], gov["due_for_filing"], gov["filed_on_time"], gov["examined"], gov["conformity_rate"],
            gov["filing_reviewed"]) == (1, 2, 2, 1, 0.0, 2)


def test_rates_of_a_list_of_units_and_an_empty_period(org, cohort):
    assert normdoc_rates([org.reform], *YEAR, as_of=AS_OF)["published"] == 2
    empty = normdoc_rates(org.county, D(2020, 1, 1), D(2020, 12, 31))
    assert empty["published"] == 0 and empty["legality_review_rate"] is None and empty["filing_rate"] is None


def test_a_filing_counts_as_due_once_its_due_date_has_passed(org, cohort):
    # On 12-21, D (due 12-20) is due and unfiled too: 6 + 1.
    assert normdoc_rates(org.county, *YEAR, as_of=D(2024, 12, 21))["due_for_filing"] == 7


def test_the_rates_page_states_numerator_and_denominator(login, users, org, cohort):
    page = login(users.office).get(reverse("normdocs:rates"), {"unit": org.county.pk, "year": 2024}).content.decode()
    assert "报备规范率" in page and "首次报送即材料齐全、规范并予登记的备案" in page
    assert "备案审查机关已审查登记材料的备案" in page and "应报送的备案（已报送或报送期限已届满）" in page


def test_a_rule_is_not_counted_with_normative_documents(org, cohort):
    """A 规章 is filed and reviewed under its own rules: adding one, published in the period and never filed,
    changes no figure of the 行政规范性文件 rates."""
    before = normdoc_rates(org.county, *YEAR, as_of=AS_OF)
    rule = NormativeDocument.objects.create(title="规章", issuer=org.gov, doc_type=DocType.RULE, state=State.PUBLISHED,
                                            origin=Origin.IMPORTED, published_on=D(2024, 4, 1),
                                            effective_on=D(2024, 5, 6), filing_due_on=D(2024, 5, 6))
    DocumentVersion.objects.create(document=rule, number=1, version_date=D(2024, 4, 1), text="规章")
    assert normdoc_rates(org.county, *YEAR, as_of=AS_OF) == before
