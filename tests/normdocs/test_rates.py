"""Rates from the records, against hand-computed expectations."""

from __future__ import annotations

import datetime

import pytest

from fazhi.normdocs import services
from fazhi.normdocs.models import DocumentVersion, NormativeDocument, Origin, State
from fazhi.normdocs.rates import normdoc_rates, normdoc_rates_by_unit

D = datetime.date
YEAR = (D(2024, 1, 1), D(2024, 12, 31))
AS_OF = D(2024, 12, 1)


@pytest.fixture
def cohort(org, make_doc, walk):
    """A, B by 司法局 and C, D by 发改局 through the platform; E imported; F of 2023; G in 乙县."""
    # A: published 05-09, filed 05-19 (due 06-11), 备案审查 passed.
    a = walk(make_doc(title="A"), State.RECORDED, start=D(2024, 3, 4))
    # B: published 05-09, filed late on 07-01, 备案审查 required correction.
    b = walk(make_doc(title="B"), State.PUBLISHED, start=D(2024, 3, 4))
    b = services.transition(None, b, "file_for_record", {"on": D(2024, 7, 1), "recipients": "市政府"})
    b = services.transition(None, b, "accept_filing", {"on": D(2024, 7, 2)})
    b = services.transition(None, b, "require_correction", {"on": D(2024, 7, 10), "reason": "与上位法抵触"})
    # C: published 05-09, never filed, due 06-11 passed by AS_OF.
    walk(make_doc(title="C", issuer=org.reform), State.PUBLISHED, start=D(2024, 3, 4))
    # D: published 11-20, due 12-20: not yet due on AS_OF.
    d = walk(make_doc(title="D", issuer=org.reform), State.REGISTERED, start=D(2024, 9, 2))
    services.transition(None, d, "publish", {"on": D(2024, 11, 20)})
    # E: imported with no review or filing record, published 2024-04-01 (due 05-06).
    e = NormativeDocument.objects.create(title="E", issuer=org.justice, state=State.PUBLISHED, origin=Origin.IMPORTED,
                                         published_on=D(2024, 4, 1), effective_on=D(2024, 4, 1),
                                         filing_due_on=D(2024, 5, 6))
    DocumentVersion.objects.create(document=e, number=1, version_date=D(2024, 4, 1), text="E")
    # F: published in 2023, outside the period; G: another county.
    walk(make_doc(title="F"), State.PUBLISHED, start=D(2023, 3, 6))
    services.set_numbering_scheme(None, org.other_county, "乙规〔{year}〕{seq}号")
    walk(make_doc(title="G", issuer=org.other_justice), State.PUBLISHED, start=D(2024, 3, 4))
    return a, b


def test_rates_of_the_county(org, cohort):
    rates = normdoc_rates(org.county, *YEAR, as_of=AS_OF)
    assert rates == {
        "published": 5, "legality_reviewed": 4, "due_for_filing": 4, "filed": 2, "filed_on_time": 1,
        "filing_reviewed": 2, "conforming": 1, "corrected": 1,
        "legality_review_rate": 0.8, "filing_rate": 0.5, "timely_filing_rate": 0.25,
        "conformity_rate": 0.5, "correction_rate": 0.5,
    }


def test_rates_by_unit(org, cohort):
    by_unit = dict((u.name, r) for u, r in normdoc_rates_by_unit(org.county, *YEAR, as_of=AS_OF))
    assert set(by_unit) == {"测试县司法局", "测试县发展和改革局"}
    justice, reform = by_unit["测试县司法局"], by_unit["测试县发展和改革局"]
    assert (justice["published"], justice["legality_reviewed"], justice["due_for_filing"], justice["filed"],
            justice["filed_on_time"]) == (3, 2, 3, 2, 1)
    assert justice["legality_review_rate"] == pytest.approx(2 / 3)
    assert reform["published"] == 2 and reform["due_for_filing"] == 1 and reform["filing_rate"] == 0.0
    # Nothing reviewed yet: no data, not a perfect score.
    assert reform["conformity_rate"] is None and reform["correction_rate"] is None


def test_rates_of_a_list_of_units_and_an_empty_period(org, cohort):
    assert normdoc_rates([org.reform], *YEAR, as_of=AS_OF)["published"] == 2
    empty = normdoc_rates(org.county, D(2020, 1, 1), D(2020, 12, 31))
    assert empty["published"] == 0 and empty["legality_review_rate"] is None and empty["filing_rate"] is None


def test_a_document_counts_as_due_once_its_due_date_has_passed(org, cohort):
    # On 12-21, D (due 12-20) is due and unfiled too.
    assert normdoc_rates(org.county, *YEAR, as_of=D(2024, 12, 21))["due_for_filing"] == 5
