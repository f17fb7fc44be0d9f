"""An applicant files a request online without an account and follows it with its number and code."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from fazhi.disclosure import services
from fazhi.disclosure.models import DisclosureRequest, State
from tests.disclosure.helpers import APPLICANT


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def test_apply_online_then_follow_to_the_reply(client, org, users, login):
    page = client.post(reverse("disclosure:apply"), {**APPLICANT, "unit": org.gov.pk}).content.decode()
    case = DisclosureRequest.objects.get()
    assert case.case_number in page and case.state == State.PENDING and case.channel == "online"
    code = page.split('id="verification-code">')[1].split("<")[0]
    assert case.verification_hash and code not in case.verification_hash

    # The kernel's one lookup page (/portal/lookup/) shows what the module's public status returns.
    status = client.post(reverse("portal:lookup"), {"case_number": case.case_number, "code": code}).content.decode()
    assert "待确认收到" in status and "测试县人民政府" in status and "政府信息公开申请" in status
    wrong = client.post(reverse("portal:lookup"), {"case_number": case.case_number, "code": "WRONG123"})
    assert "案件编号或查询码不正确" in wrong.content.decode() and "待确认收到" not in wrong.content.decode()

    today = timezone.localdate()
    services.receive(users.office, case, today)
    services.transition(users.office, case, "reply", {"on": today.isoformat(), "outcome": "partial", "reply_text": "部分公开。"})
    status = client.post(reverse("portal:lookup"), {"case_number": case.case_number, "code": code.lower()})
    assert "已办结" in status.content.decode() and "部分公开" in status.content.decode()
    assert "部分公开。" not in status.content.decode()  # the reply's text is not shown, only the outcome


def test_the_public_form_is_throttled_per_address(client, org):
    for _ in range(5):
        assert client.post(reverse("disclosure:apply"), {**APPLICANT, "unit": org.gov.pk}).status_code == 200
    assert client.post(reverse("disclosure:apply"), {**APPLICANT, "unit": org.gov.pk}).status_code == 429
    assert DisclosureRequest.objects.count() == 5


def test_the_public_form_needs_a_csrf_token(org):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(reverse("disclosure:apply"), {**APPLICANT, "unit": org.gov.pk}).status_code == 403
    assert not DisclosureRequest.objects.exists()


def test_only_agencies_accept_requests(org):
    with pytest.raises(Exception, match="请选择受理申请的行政机关"):
        services.submit_online(unit=org.county, **APPLICANT)


def test_office_entry_by_post_starts_the_clock_on_the_day_signed_for(org, users, login):
    office = login(users.office)
    response = office.post(reverse("disclosure:new"), {
        **APPLICANT, "unit": org.gov.pk, "channel": "registered_mail", "submitted_on": "2026-03-02",
        "signed_on": "2026-03-04"})
    case = DisclosureRequest.objects.get()
    assert response.status_code == 302 and case.received_on == dt.date(2026, 3, 4)
    # 20 working days from Wed 2026-03-04: 03-05, 06 (2), 03-09..13 (7), 16..20 (12), 23..27 (17), 30, 31 (19),
    # Wed 04-01 (20).
    assert case.due_on == dt.date(2026, 4, 1)
    page = office.get(reverse("disclosure:detail", args=[case.pk])).content.decode()
    assert "2026年4月1日" in page and "起算" in page
