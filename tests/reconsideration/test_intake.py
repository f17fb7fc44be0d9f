"""Intake: the application-period warning (arts. 20–21), the public page (anonymous, throttled) and the
applicant's lookup with case number and verification code."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from fazhi.reconsideration import services
from fazhi.reconsideration.models import ReconsiderationCase

D = datetime.date
pytestmark = pytest.mark.django_db


def test_sixty_days_from_knowing_the_act():
    # Knew on 2026-01-05: 01-31 is day 26, 02-28 day 54, 03-06 day 60 (a Friday): the last day.
    assert services.application_period_warning(received_on=D(2026, 3, 6), knew_act_on=D(2026, 1, 5)) == ""
    warning = services.application_period_warning(received_on=D(2026, 3, 9), knew_act_on=D(2026, 1, 5))
    assert "2026年3月6日" in warning and "第二十条第二款" in warning


def test_untold_right_is_capped_at_one_year_from_knowing_the_act():
    # Knew the act 2025-01-10, told of the right only on 2025-12-20: 60 days from then end 2026-02-18, in 春节
    # (02-15..23) → 02-24; but one year from 2025-01-10 is 2026-01-10, a Saturday → Monday 01-12, which is earlier.
    untold = dict(knew_act_on=D(2025, 1, 10), told_of_right=False, knew_right_on=D(2025, 12, 20))
    assert services.application_period_warning(received_on=D(2026, 1, 12), **untold) == ""
    assert "2026年1月12日" in services.application_period_warning(received_on=D(2026, 1, 20), **untold)


def test_five_year_outer_limit_from_the_act():
    # Made 2020-03-02, known (and told) only on 2026-02-10: 60 days would run to 04-11, but five years from
    # 2020-03-02 ended on 2025-03-02 (a Sunday → Monday 03-03): the application is out of time whatever it says.
    warning = services.application_period_warning(received_on=D(2026, 2, 11), knew_act_on=D(2026, 2, 10),
                                                  act_made_on=D(2020, 3, 2))
    assert "2025年3月3日" in warning


def test_an_office_entry_keeps_the_warning_and_does_not_refuse(file):
    case = file(D(2026, 3, 9), knew_act_on=D(2026, 1, 5))
    assert case.state == "reviewing" and "2026年3月6日" in case.period_warning


def test_dates_out_of_order_are_refused(file):
    with pytest.raises(ValidationError, match="知道行政行为的日期不能晚于"):
        file(D(2026, 3, 9), knew_act_on=D(2026, 3, 10))


def _form(org) -> dict:
    return {"organ": org.gov.pk, "applicant_name": "王五", "applicant_kind": "person", "respondent": "测试县自然资源局",
            "act": "不动产登记", "knew_act_on": "2026-11-20", "told_of_right": "on", "request": "撤销登记"}


def test_anonymous_application_then_lookup_with_number_and_code(client, org):
    response = client.post(reverse("reconsideration:apply"), _form(org))
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    case = ReconsiderationCase.objects.get(applicant_name="王五")
    assert case.channel == "online" and case.case_number in page
    code = page.split('id="case-code">')[1].split("<")[0]
    assert len(code) == 8 and code not in case.verification_hash
    found = client.post(reverse("portal:lookup"), {"case_number": case.case_number, "code": code}).content.decode()
    assert "受理审查" in found and "测试县人民政府" in found and "张三" not in found
    wrong = client.post(reverse("portal:lookup"), {"case_number": case.case_number, "code": "AAAAAAAA"})
    assert "查询码不正确" in wrong.content.decode() and "受理审查" not in wrong.content.decode()


@override_settings(FAZHI_PUBLIC_APPLICATIONS_PER_HOUR=2)
def test_the_public_page_is_throttled_per_address(client, org):
    for _ in range(2):
        assert client.post(reverse("reconsideration:apply"), _form(org)).status_code == 302
    refused = client.post(reverse("reconsideration:apply"), _form(org))
    assert refused.status_code == 200 and "过于频繁" in refused.content.decode()
    assert ReconsiderationCase.objects.filter(applicant_name="王五").count() == 2


def test_the_public_page_needs_the_csrf_token(org):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(reverse("reconsideration:apply"), _form(org)).status_code == 403
    assert not ReconsiderationCase.objects.exists()


def test_the_public_application_carries_its_materials_and_a_bad_file_loses_nothing(client, org):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from fazhi.core.attachments import attachments_of

    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    ok = client.post(reverse("reconsideration:apply"), {**_form(org), "materials": SimpleUploadedFile("决定书.pdf", pdf)})
    assert ok.status_code == 302
    case = ReconsiderationCase.objects.get(applicant_name="王五")
    assert [a.original_name for a in attachments_of(case, "materials")] == ["决定书.pdf"]
    bad = client.post(reverse("reconsideration:apply"), {**_form(org), "applicant_name": "赵六",
                                                         "materials": SimpleUploadedFile("决定书.pdf", b"MZ not a pdf")})
    assert bad.status_code == 200 and not ReconsiderationCase.objects.filter(applicant_name="赵六").exists()
