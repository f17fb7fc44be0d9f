"""The request list's search box (申请编号或申请人) on either database: SQLite narrows through its FTS5
trigram table (disclosure 0006, `fazhi.core.trigrams`), PostgreSQL through its pg_trgm indexes (0005), and
both look a term of one or two CJK characters up in the grams table (0008)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from fazhi.core.trigrams import narrowed
from fazhi.disclosure.models import DisclosureRequest
from tests.disclosure.helpers import filed
from tests.migrating import leaves, migrate
from tests.trigram_search import (
    check_names_numbers_and_edits,
    check_short_terms_against_substring_oracle,
    random_names,
)

D = dt.date
INDEX = "disclosure_request_search"


def test_search_by_part_of_a_name_or_the_number_kept_in_step_with_edits(org, users, login):
    first = filed(users, org.gov, D(2026, 11, 2), applicant_name="欧阳春晓")
    filed(users, org.gov, D(2026, 11, 3), applicant_name="张三")
    third = filed(users, org.gov, D(2026, 11, 4), applicant_name="Smith Co")
    check_names_numbers_and_edits(login(users.office), "disclosure:list", "disclosure:detail", first, third)


def test_narrowing_is_a_superset_of_the_matches(org, users):
    filed(users, org.gov, D(2026, 11, 2), applicant_name="欧阳春晓")
    filed(users, org.gov, D(2026, 11, 3), applicant_name="张三")
    requests = DisclosureRequest.objects.all()
    # Terms of one or two CJK characters are looked up in the grams (disclosure 0008), on either database.
    assert [r.applicant_name for r in narrowed(requests, "阳春 晓", INDEX)] == ["欧阳春晓"]
    assert set(narrowed(requests, "Sm", INDEX)) == set(requests)  # a short ASCII term is left to the LIKE
    expected = {"欧阳春晓"} if connection.vendor == "sqlite" else {"欧阳春晓", "张三"}  # PostgreSQL: LIKE alone
    assert {r.applicant_name for r in narrowed(requests, "欧阳春", INDEX)} == expected


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "sqlite", reason="the trigram table is SQLite's alone")
def test_migration_indexes_the_requests_already_there_and_goes_back(org, users):
    def tables() -> set[str]:
        return set(connection.introspection.table_names())

    migrate([("disclosure", "0005_postgres_list_indexes")])
    assert INDEX not in tables()
    filed(users, org.gov, D(2026, 11, 2), applicant_name="欧阳春晓")  # written with no index to keep
    migrate(leaves())
    assert INDEX in tables()
    assert [r.applicant_name for r in narrowed(DisclosureRequest.objects.all(), "欧阳春", INDEX)] == ["欧阳春晓"]


def _requests(org, names: list[str]) -> None:
    DisclosureRequest.objects.bulk_create([
        DisclosureRequest(unit=org.gov, applicant_kind="person", applicant_name=name, content="某文件", channel="online",
                          submitted_on=D(2026, 11, 2), case_number=f"GK-2026-{i:06d}") for i, name in enumerate(names)])


def test_short_terms_exact_against_a_substring_oracle_through_inserts_edits_and_deletions(org):
    _requests(org, random_names(16))
    rows = list(DisclosureRequest.objects.order_by("pk"))
    for row, name in zip(rows[:30], random_names(61, 30), strict=True):  # the update trigger
        DisclosureRequest.objects.filter(pk=row.pk).update(applicant_name=name)
    DisclosureRequest.objects.filter(pk__in=[r.pk for r in rows[30:45]]).delete()  # the delete trigger
    check_short_terms_against_substring_oracle(DisclosureRequest, INDEX, ["case_number", "applicant_name"])


@pytest.mark.django_db(transaction=True)
def test_grams_migration_fills_from_the_rows_there_and_goes_back(org):
    def tables() -> set[str]:
        return set(connection.introspection.table_names())

    migrate([("disclosure", "0007_due_sort_indexes")])
    assert f"{INDEX}_grams" not in tables()
    _requests(org, ["王芳", "欧阳春晓", "李伟"])  # written with no grams to keep
    migrate(leaves())
    assert f"{INDEX}_grams" in tables()
    requests = DisclosureRequest.objects.all()
    assert [r.applicant_name for r in narrowed(requests, "芳", INDEX)] == ["王芳"]
    assert [r.applicant_name for r in narrowed(requests, "阳春", INDEX)] == ["欧阳春晓"]
    check_short_terms_against_substring_oracle(DisclosureRequest, INDEX, ["case_number", "applicant_name"])
