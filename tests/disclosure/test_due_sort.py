"""The request list sorted by 答复期限 across every state, empty dates last in both directions, and its index
(disclosure 0007: (due_on, id) on SQLite, (due_on DESC NULLS LAST, id DESC) on PostgreSQL) created by the
migration and taken away by its reverse; likewise SQLite's covering index for the 办理结果 filter (0009)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.urls import reverse

from fazhi.disclosure.models import DisclosureRequest
from tests.disclosure.helpers import filed
from tests.migrating import leaves, migrate

D = dt.date
INDEX = "disclosure_request_due" if connection.vendor == "sqlite" else "disclosure_request_due_desc"


def _listed(client, sort: str) -> list[str]:
    page = client.get(reverse("disclosure:list"), {"sort": sort}).content.decode()
    return re.findall(r"GK-\d{4}-\d{6}", page)


def test_sorted_by_due_date_with_the_empty_dates_last_both_ways(org, users, login):
    # Five requests; the due dates are set by hand (the order is the point here, not the clock): two share a date.
    cases = [filed(users, org.gov, D(2026, 11, 2 + i), applicant_name=f"申请人{i}") for i in range(5)]
    dues = [D(2026, 12, 9), None, D(2026, 12, 1), None, D(2026, 12, 9)]
    for case, due in zip(cases, dues, strict=True):
        DisclosureRequest.objects.filter(pk=case.pk).update(due_on=due)
    n = [c.case_number for c in cases]
    client = login(users.office)
    # Ascending: 12-01 (#2), 12-09 (#0, #4 by id), then the empty ones by id (#1, #3).
    assert _listed(client, "due_on") == [n[2], n[0], n[4], n[1], n[3]]
    # Descending: 12-09 (#4, #0 by id descending), 12-01 (#2), then the empty ones by id descending (#3, #1).
    assert _listed(client, "-due_on") == [n[4], n[0], n[2], n[3], n[1]]


@pytest.mark.django_db(transaction=True)
def test_migration_creates_the_index_and_its_reverse_drops_it(org, users):
    def indexes() -> set[str]:
        with connection.cursor() as cursor:
            return set(connection.introspection.get_constraints(cursor, DisclosureRequest._meta.db_table))

    assert INDEX in indexes()
    migrate([("disclosure", "0006_sqlite_search_trigrams")])
    assert INDEX not in indexes()
    filed(users, org.gov, D(2026, 11, 2))  # a row already there when the index is made
    migrate(leaves())
    assert INDEX in indexes()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "sqlite", reason="the covering index is SQLite's alone")
def test_outcome_filter_index_forward_and_back(org, users, login):
    def indexes() -> set[str]:
        with connection.cursor() as cursor:
            return set(connection.introspection.get_constraints(cursor, DisclosureRequest._meta.db_table))

    assert "disclosure_request_outcome_list" in indexes()
    migrate([("disclosure", "0008_short_name_grams")])
    assert "disclosure_request_outcome_list" not in indexes()
    migrate(leaves())
    assert "disclosure_request_outcome_list" in indexes()
    # The filter still lists exactly the requests with that outcome.
    closed = filed(users, org.gov, D(2026, 11, 2), applicant_name="甲")
    filed(users, org.gov, D(2026, 11, 3), applicant_name="乙")
    DisclosureRequest.objects.filter(pk=closed.pk).update(outcome="partial")
    page = login(users.office).get(reverse("disclosure:list"), {"outcome": "partial"}).content.decode()
    assert re.findall(r"GK-\d{4}-\d{6}", page) == [closed.case_number]
