"""统一登记号: unique per scheme and year, sequential, never reused, templates checked."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from fazhi.normdocs import numbering, services
from fazhi.normdocs.models import NormativeDocument, RegistrationCounter

D = datetime.date


def test_numbers_are_sequential_per_year(org, scheme):
    with transaction.atomic():
        numbers = [numbering.issue_number(org.justice, 2024) for _ in range(3)]
        numbers.append(numbering.issue_number(org.reform, 2025))
    assert numbers == ["测司规〔2024〕1号", "测司规〔2024〕2号", "测司规〔2024〕3号", "测司规〔2025〕1号"]
    assert RegistrationCounter.objects.get(scheme=scheme, year=2024).last_number == 3


def test_nearest_scheme_wins_and_each_counts_on_its_own(org, scheme):
    services.set_numbering_scheme(None, org.reform, "FGJ-{year}-{seq:03d}")
    assert numbering.issue_number(org.reform, 2024) == "FGJ-2024-001"
    assert numbering.issue_number(org.justice, 2024) == "测司规〔2024〕1号"
    with pytest.raises(ValidationError, match="乙县司法局"):
        numbering.issue_number(org.other_justice, 2024)


def test_a_number_taken_by_an_imported_document_is_skipped(org, scheme, make_doc):
    doc = make_doc()
    NormativeDocument.objects.filter(pk=doc.pk).update(registration_number="测司规〔2024〕1号")
    assert numbering.issue_number(org.justice, 2024) == "测司规〔2024〕2号"


def test_the_database_refuses_a_duplicate_number(make_doc):
    a, b = make_doc(title="甲"), make_doc(title="乙")
    NormativeDocument.objects.filter(pk=a.pk).update(registration_number="X-2024-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        NormativeDocument.objects.filter(pk=b.pk).update(registration_number="X-2024-1")


def test_registering_documents_gives_distinct_numbers(make_doc, walk):
    docs = [walk(make_doc(title=f"文件{i}"), "registered", start=D(2024, 3, 4)) for i in range(3)]
    assert sorted(d.registration_number for d in docs) == [f"测司规〔2024〕{i}号" for i in (1, 2, 3)]


@pytest.mark.parametrize("template, message", [
    ("", "不能为空"),
    ("陇司规〔{year}〕号", "序号"),
    ("{seq.__class__}-{year}", "无法识别"),
    ("{year}/{seq}", "斜杠"),
    ("{year}-{seq}-{name}", "无法识别"),
])
def test_bad_templates_are_refused(template, message):
    with pytest.raises(ValidationError, match=message):
        numbering.validate_template(template)


def test_a_scheme_outside_the_actor_scope_is_refused(org, users):
    with pytest.raises(ValidationError, match="不在您的数据范围内"):
        services.set_numbering_scheme(users.office, org.other_county, "Y-{year}-{seq}")
