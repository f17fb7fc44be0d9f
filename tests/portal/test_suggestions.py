"""The public 审查建议 form: anonymous, acknowledged with a reference, routed to the reviewing body,
answered within the office's reply period, throttled per address."""

from __future__ import annotations

import datetime
from urllib.parse import quote

import pytest
from django.urls import reverse

from fazhi.normdocs import suggestions
from fazhi.normdocs.filing_models import ReviewSuggestion, SuggestionState
from fazhi.workflow.clocks import clock_of

D = datetime.date
# Monday 2026-08-03: 60 natural days end on Friday 10-02, inside 国庆 2026 (10-01..07): the reply is due 10-08.
TODAY = D(2026, 8, 3)


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY)
    return TODAY


@pytest.fixture
def city(org):
    from fazhi.core import services
    from fazhi.core.models import Unit

    services.create_unit(None, name="测试市人民政府", kind=Unit.Kind.GOVERNMENT, parent=org.city)
    return services.create_unit(None, name="测试市司法局", kind=Unit.Kind.DEPARTMENT, parent=org.city)


def form(ref: str, **extra) -> dict:
    return {"ref": ref, "name": "王五", "organisation": "某某有限公司", "contact": "13700000000",
            "content": "第一条与《中华人民共和国行政处罚法》第三十四条不一致。", **extra}


def test_an_anonymous_suggestion_is_acknowledged_and_routed(client, library, city, today):
    # 县政府's measures are filed with 测试市人民政府: the suggestion goes to 测试市司法局.
    ref = library.new.registration_number
    page = client.post(reverse("portal:suggest"), form(ref)).content.decode()
    suggestion = ReviewSuggestion.objects.get()
    assert suggestion.reference.startswith("SCJY20260803") and suggestion.reference in page
    assert suggestion.reviewing_unit == city and "测试市司法局" in page
    assert (suggestion.received_on, suggestion.reply_due_on, suggestion.state) == (
        TODAY, D(2026, 10, 8), SuggestionState.RECEIVED)
    assert "2026年10月8日" in page
    assert clock_of(suggestion, "reply").due_on == D(2026, 10, 8)
    # 司法局's own document is reviewed by the county government (never by the 司法局 itself): routed there.
    client.post(reverse("portal:suggest"), form(library.penalty.registration_number))
    assert ReviewSuggestion.objects.get(document=library.penalty).reviewing_unit.name == "测试县人民政府"


def test_only_published_documents_take_suggestions(client, library, today):
    page = client.post(reverse("portal:suggest"), form(str(library.draft.pk))).content.decode()
    assert "没有找到该登记号对应的已公开文件" in page and not ReviewSuggestion.objects.exists()


def test_the_form_is_throttled_per_address(client, library, city, today):
    ref = library.new.registration_number
    for _ in range(suggestions.PER_ADDRESS_PER_HOUR):
        client.post(reverse("portal:suggest"), form(ref))
    page = client.post(reverse("portal:suggest"), form(ref)).content.decode()
    assert f"一小时内最多提交{suggestions.PER_ADDRESS_PER_HOUR}件" in page
    assert ReviewSuggestion.objects.count() == suggestions.PER_ADDRESS_PER_HOUR
    client.post(reverse("portal:suggest"), form(ref), REMOTE_ADDR="10.9.9.9")
    assert ReviewSuggestion.objects.count() == suggestions.PER_ADDRESS_PER_HOUR + 1


def test_the_reviewing_body_replies_and_the_filer_cannot_see_it(client, library, city, today, make_user, login, users):
    client.post(reverse("portal:suggest"), form(library.new.registration_number))
    suggestion = ReviewSuggestion.objects.get()
    reviewer = make_user("t_city_office", city, ["office"], "jurisdiction")
    url = reverse("normdocs:suggestion_detail", args=[suggestion.pk])
    assert login(users.office).get(url).status_code == 404
    login(reviewer).post(url, {"reply": "经研究，已建议制定机关修改第一条。", "on": "2026-08-03"})
    suggestion.refresh_from_db()
    assert (suggestion.state, suggestion.replied_on, suggestion.replied_by) == (SuggestionState.REPLIED, TODAY, reviewer)
    assert clock_of(suggestion, "reply").state == "met"


def test_the_document_page_links_to_the_form(client, library):
    page = client.get(reverse("portal:document", args=[library.new.registration_number])).content.decode()
    assert f"{reverse('portal:suggest')}?doc={quote(library.new.registration_number, safe='/')}" in page
