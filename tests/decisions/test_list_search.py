"""The decision and contract lists' search boxes on one- and two-character terms (decisions 0009, contracts 0008):
looked up in `<index>_grams` on either database, exact against a brute-force substring test of the rows."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection

from fazhi.contracts.models import Contract
from fazhi.core.trigrams import narrowed
from fazhi.decisions.models import Decision
from tests.migrating import leaves, migrate
from tests.trigram_search import check_short_terms_against_substring_oracle, random_names


def test_decision_titles_short_terms_through_inserts_edits_and_deletions(org):
    Decision.objects.bulk_create([Decision(title=name, body=org.gov, lead_unit=org.gov) for name in random_names(7)])
    rows = list(Decision.objects.order_by("pk"))
    for row, name in zip(rows[:30], random_names(8, 30), strict=True):  # the update trigger
        Decision.objects.filter(pk=row.pk).update(title=name)
    Decision.objects.filter(pk__in=[r.pk for r in rows[30:45]]).delete()  # the delete trigger
    check_short_terms_against_substring_oracle(Decision, "decisions_decision_search", ["title"])


def test_contract_title_counterparty_and_number_short_terms(org):
    names = random_names(9)
    Contract.objects.bulk_create([
        Contract(unit=org.gov, title=name, counterparty=other, number=f"HT-{i:04d}{name[:2]}", amount=Decimal("1"),
                 signed_on=datetime.date(2026, 11, 2))
        for i, (name, other) in enumerate(zip(names, reversed(names), strict=True))])
    rows = list(Contract.objects.order_by("pk"))
    for row, name in zip(rows[:30], random_names(10, 30), strict=True):  # the update trigger, either column
        Contract.objects.filter(pk=row.pk).update(**{("title", "counterparty")[row.pk % 2]: name})
    Contract.objects.filter(pk__in=[r.pk for r in rows[30:45]]).delete()
    check_short_terms_against_substring_oracle(Contract, "contracts_contract_search", ["title", "counterparty", "number"])


@pytest.mark.django_db(transaction=True)
def test_grams_migration_fills_from_decisions_there_with_a_character_twice_in_a_title(org):
    """One search column, so no UNION removes a gram met twice in one title (决…决): the fill must still work."""
    migrate([("decisions", "0008_search_and_rates_indexes")])
    assert "decisions_decision_search_grams" not in connection.introspection.table_names()
    Decision.objects.bulk_create([Decision(title=title, body=org.gov, lead_unit=org.gov)
                                  for title in ["重大决策决定", "养老养老", "王芳"]])  # written with no grams to keep
    migrate(leaves())
    check_short_terms_against_substring_oracle(Decision, "decisions_decision_search", ["title"])
    assert set(narrowed(Decision.objects.all(), "决", "decisions_decision_search").values_list("title", flat=True)) == {
        "重大决策决定"}
