"""The request list's search box (申请编号或申请人) on either database: SQLite narrows through its FTS5
trigram table (disclosure 0006, `fazhi.core.trigrams`), PostgreSQL through its pg_trgm indexes (0005)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from fazhi.core.trigrams import narrowed
from fazhi.disclosure.models import DisclosureRequest
from tests.disclosure.helpers import filed
from tests.migrating import leaves, migrate
from tests.trigram_search import check_names_numbers_and_edits

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
    assert set(narrowed(requests, "阳春 晓", INDEX)) == set(requests)  # terms under three characters narrow nothing
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
