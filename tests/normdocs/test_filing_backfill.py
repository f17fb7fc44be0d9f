"""normdocs 0007: documents published or filed before filings were kept per recipient get their filings,
with states and dates taken from the document, and reach the reviewing 司法局's queue."""

from __future__ import annotations

import datetime
import importlib

import pytest

from tests.migrating import leaves, migrate

D = datetime.date
OLD = [("normdocs", "0006_filings_per_recipient_and_review_suggestions")]
BACKFILL = importlib.import_module("fazhi.normdocs.migrations.0007_backfill_filings")
# Published Tuesday 2025-07-22; 报备 30 days later: 07-22 + 30 = 08-21 (July has 31 days).
PUBLISHED, DUE, FILED = D(2025, 7, 22), D(2025, 8, 21), D(2025, 8, 1)


def _rows(doc):
    return [(f.channel, f.recipient_name, f.recipient_id, f.reviewing_unit_id, f.state, f.due_on, f.sent_on,
             f.registered_on, f.outcome, f.concluded_on, f.problem_found) for f in doc.filings.order_by("channel")]


@pytest.mark.django_db(transaction=True)
def test_old_documents_get_their_filings_and_reach_the_reviewers_queue(org, city):
    from fazhi.normdocs import filings
    from fazhi.normdocs.models import NormativeDocument
    from fazhi.normdocs.recipients import recipients_for

    old = migrate(OLD)
    Doc, Review, Filing = (old.get_model("normdocs", name) for name in ("NormativeDocument", "Review", "Filing"))
    made = {}

    def doc(key, issuer, state, doc_type="normative", **dates):
        dates = {"published_on": PUBLISHED, "filing_due_on": DUE, **dates}
        made[key] = Doc.objects.create(title=f"测试文件{key}", issuer_id=issuer.pk, state=state, doc_type=doc_type,
                                       **dates).pk

    doc("published", org.gov, "published")
    doc("filed", org.gov, "filed", filed_on=FILED)
    doc("reviewing", org.gov, "filing_review", filed_on=FILED)
    doc("correcting", org.gov, "correcting", filed_on=FILED)
    doc("recorded", org.gov, "recorded", filed_on=FILED)
    doc("department", org.reform, "filed", filed_on=FILED)
    doc("justice", org.justice, "filing_review", filed_on=FILED)
    doc("rule", org.gov, "filed", doc_type="rule", filed_on=FILED)
    doc("draft", org.gov, "drafting", published_on=None, filing_due_on=None)
    doc("has_filing", org.gov, "filed", filed_on=FILED)
    for key, outcome, on in (("correcting", "correction", D(2025, 9, 10)), ("recorded", "correction", D(2025, 9, 10)),
                             ("recorded", "passed", D(2025, 10, 20))):
        Review.objects.create(document_id=made[key], kind="filing", outcome=outcome, opinion=f"{outcome}意见",
                              decided_on=on)
    # The legality review of a document is no filing review: it must not give a conclusion date.
    Review.objects.create(document_id=made["reviewing"], kind="legality", outcome="passed", opinion="合法",
                          decided_on=D(2025, 7, 1))
    kept = Filing.objects.create(document_id=made["has_filing"], channel="government", recipient_name="测试市人民政府",
                                 recipient_id=city.gov.pk, reviewing_unit_id=city.justice.pk, state="sent",
                                 due_on=DUE, sent_on=FILED).pk

    migrate(leaves())
    docs = NormativeDocument.objects.in_bulk(made.values())
    get = {key: docs[pk] for key, pk in made.items()}
    gov, congress = "government", "people_congress"
    # 测试县人民政府's documents: 测试市人民政府 (reviewed by 测试市司法局) and 测试县人大常委会 (no unit in the tree,
    # no reviewer in the platform). Published only: both pending; the congress's 30 days also end on 08-21.
    assert _rows(get["published"]) == [
        (gov, "测试市人民政府", city.gov.pk, city.justice.pk, "pending", DUE, None, None, "", None, False),
        (congress, "测试县人大常委会", None, None, "pending", DUE, None, None, "", None, False)]
    sent_congress = (congress, "测试县人大常委会", None, None, "sent", DUE, FILED, None, "", None, False)
    assert _rows(get["filed"]) == [
        (gov, "测试市人民政府", city.gov.pk, city.justice.pk, "sent", DUE, FILED, None, "", None, False), sent_congress]
    # Under review: registered on the filed date (nothing better is recorded); the legality review is ignored.
    assert _rows(get["reviewing"]) == [
        (gov, "测试市人民政府", city.gov.pk, city.justice.pk, "reviewing", DUE, FILED, FILED, "", None, False),
        sent_congress]
    assert _rows(get["correcting"]) == [
        (gov, "测试市人民政府", city.gov.pk, city.justice.pk, "correcting", DUE, FILED, FILED, "correction",
         D(2025, 9, 10), True), sent_congress]
    # Recorded after a correction: passed, concluded on the latest filing review (10-20), a problem was found.
    assert _rows(get["recorded"]) == [
        (gov, "测试市人民政府", city.gov.pk, city.justice.pk, "passed", DUE, FILED, FILED, "passed",
         D(2025, 10, 20), True), sent_congress]
    assert get["recorded"].filings.get(channel=gov).opinion == "passed意见"
    # A department's: the county government only, reviewed by the county 司法局; the 司法局's own: by the government.
    assert _rows(get["department"]) == [
        (gov, "测试县人民政府", org.gov.pk, org.justice.pk, "sent", DUE, FILED, None, "", None, False)]
    assert _rows(get["justice"]) == [
        (gov, "测试县人民政府", org.gov.pk, org.gov.pk, "reviewing", DUE, FILED, FILED, "", None, False)]
    # A 规章 and a draft get none; a document that already had a filing keeps exactly that one.
    assert not get["rule"].filings.exists() and not get["draft"].filings.exists()
    assert list(get["has_filing"].filings.values_list("pk", flat=True)) == [kept]

    # The frozen rule still agrees with the live one (a drift here means a later change to recipients_for).
    for key in ("filed", "department", "justice"):
        assert [(r.channel, r.name, getattr(r.unit, "pk", None), getattr(r.reviewer, "pk", None))
                for r in recipients_for(get[key])] == [row[:4] for row in _rows(get[key])]

    # 测试市司法局's reviewer sees what is to register, review or follow up: not the pending or the passed one,
    # not the already-kept filing's document twice, not a 人大常委会 filing.
    queue = {(f.document.title, f.state) for f in filings.open_filings_for_review(city.reviewer)}
    assert queue == {("测试文件filed", "sent"), ("测试文件reviewing", "reviewing"),
                     ("测试文件correcting", "correcting"), ("测试文件has_filing", "sent")}

    # Running it again creates nothing (every document now has its filings).
    from django.apps import apps as live_apps

    count = live_apps.get_model("normdocs", "Filing").objects.count()
    assert count == 2 * 5 + 2 + 1
    BACKFILL.backfill(live_apps, None)
    assert live_apps.get_model("normdocs", "Filing").objects.count() == count

    # Reversed: only the backfilled rows go; the filing made before is kept.
    old = migrate(OLD)
    assert list(old.get_model("normdocs", "Filing").objects.values_list("pk", flat=True)) == [kept]
    migrate(leaves())
