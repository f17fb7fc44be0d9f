"""Public case lookup (fazhi.workflow.public): case numbers, verification codes and /portal/lookup/,
with the toy module's errand (tests/toy: a PublicCase, looked up through its workflow)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from fazhi.core.models import OperationLog
from fazhi.core.modules import action_labels
from fazhi.workflow import engine, public
from fazhi.workflow.models import LookupAttempt
from tests.toy.models import Errand
from tests.toy.workflow import ERRAND

D = datetime.date
URL = "/portal/lookup/"


@pytest.fixture
def errand(org):
    return Errand.objects.create(title="群众来信答复", unit=org.justice)


@pytest.fixture
def issued(errand, org, users):
    code = public.issue_public_number(users.office, errand, "测信", unit=org.justice, year=2024)
    errand.refresh_from_db()
    return errand, code


def test_case_numbers_are_readable_and_never_repeat(org, db):
    assert public.new_case_number("测复", org.justice, 2026) == "测复〔2026〕1号"
    assert public.new_case_number("测复", org.gov, 2026) == "测复〔2026〕2号"  # one series per prefix and year
    assert public.new_case_number("测复", org.justice, 2027) == "测复〔2027〕1号"
    assert public.new_case_number("FY", org.justice, 2026) == "FY-2026-000001"
    with pytest.raises(ValidationError, match="前缀不能为空"):
        public.new_case_number(" ", org.justice, 2026)


def test_issuing_stores_the_number_and_only_a_hash_of_the_code(issued, org, users):
    errand, code = issued
    assert errand.case_number == "测信〔2024〕1号"
    assert len(code) == 8 and set(code) <= set(public.CODE_ALPHABET)
    assert code not in errand.verification_hash and errand.verification_hash == public.code_hash(code)
    assert OperationLog.objects.get(action="public_case.issue").after == {"case_number": "测信〔2024〕1号"}
    assert action_labels()["public_case.issue"] == "生成案件编号和查询码"
    with pytest.raises(ValidationError, match="已有编号"):
        public.issue_public_number(users.office, errand, "测信", unit=org.justice, year=2024)


def test_the_toy_module_is_looked_up_through_its_workflow():
    found = [lookup for lookup in public.lookups() if lookup.model is Errand]
    assert [lookup.label for lookup in found] == ["示例事项"]


def test_the_applicant_sees_the_status_and_the_clock(issued, users, client):
    errand, code = issued
    page = client.get(reverse("portal:lookup")).content.decode()
    assert "案件编号" in page and "查询码" in page
    answer = client.post(URL, {"case_number": "测信〔2024〕1号", "code": code}).content.decode()
    assert "示例事项 · 测信〔2024〕1号" in answer and "登记" in answer
    engine.run(users.office, ERRAND, errand, "accept", {"on": D(2024, 9, 27)})
    # The code as typed from a receipt: lower case, a space. The clock: 10 working days from Friday
    # 2024-09-27: 09-29 (调休), 09-30, [国庆 10-01…07], 10-08 … 10-11, 10-12 (调休), 10-14, 10-15, 10-16.
    typed = f"{code[:4].lower()} {code[4:]}"
    answer = client.post(URL, {"case_number": " 测信〔2024〕1号 ", "code": typed}).content.decode()
    assert "办理中" in answer and "答复期限" in answer and "计时中，2024-10-16到期" in answer
    assert "最近办理" in answer and "受理（2024-09-27）" in answer


def test_a_wrong_code_and_an_unknown_number_get_the_same_answer(issued, client):
    errand, code = issued
    wrong = client.post(URL, {"case_number": errand.case_number, "code": "AAAAAAAA"}).content.decode()
    unknown = client.post(URL, {"case_number": "测信〔2024〕99号", "code": code}).content.decode()
    assert public.NOT_FOUND in wrong and public.NOT_FOUND in unknown and "办理状态" not in wrong + unknown
    # A case without an issued code is never found, even with an empty code.
    Errand.objects.create(title="未编号", unit=errand.unit)
    assert public.NOT_FOUND in client.post(URL, {"case_number": "", "code": ""}).content.decode()


def test_one_address_is_throttled_after_ten_failures(issued, client):
    errand, code = issued
    for _ in range(public.MAX_FAILURES):
        client.post(URL, {"case_number": errand.case_number, "code": "AAAAAAAA"}, REMOTE_ADDR="203.0.113.7")
    refused = client.post(URL, {"case_number": errand.case_number, "code": code}, REMOTE_ADDR="203.0.113.7")
    assert refused.status_code == 429 and public.THROTTLED in refused.content.decode()
    # Another address is not affected; and failures older than the 15-minute window no longer count.
    other = client.post(URL, {"case_number": errand.case_number, "code": code}, REMOTE_ADDR="203.0.113.8")
    assert other.status_code == 200 and "办理状态" in other.content.decode()
    LookupAttempt.objects.filter(ip="203.0.113.7").update(at=timezone.now() - datetime.timedelta(minutes=16))
    again = client.post(URL, {"case_number": errand.case_number, "code": code}, REMOTE_ADDR="203.0.113.7")
    assert again.status_code == 200 and "办理状态" in again.content.decode()
