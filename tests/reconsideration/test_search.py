"""The 复议 list's search box: a name or part of one, 案号 or 被申请人, on either database (SQLite narrows
through its FTS5 trigram table first, fazhi.core.trigrams.narrowed; PostgreSQL has pg_trgm indexes)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection

from fazhi.core.trigrams import narrowed
from fazhi.reconsideration.models import ReconsiderationCase
from tests.migrating import leaves, migrate
from tests.trigram_search import (
    check_names_numbers_and_edits,
    check_short_terms_against_substring_oracle,
    found,
    random_names,
)

D = datetime.date
INDEX = "reconsideration_case_search"


def test_search_by_part_of_a_name_number_or_respondent_kept_in_step_with_edits(login, file, users):
    first = file(D(2026, 11, 2), applicant_name="欧阳春晓")
    file(D(2026, 11, 3), applicant_name="张三")
    third = file(D(2026, 11, 4), applicant_name="Smith Co", respondent="测试县交通运输局")
    client = login(users.office)
    assert found(client, "reconsideration:list", "reconsideration:detail", ReconsiderationCase, "交通运输") == {
        "Smith Co"}  # 被申请人 is searched too
    check_names_numbers_and_edits(client, "reconsideration:list", "reconsideration:detail", first, third)


def test_narrowing_is_a_superset_of_the_matches(file, users):
    file(D(2026, 11, 2), applicant_name="欧阳春晓")
    cases = ReconsiderationCase.objects.all()
    file(D(2026, 11, 3), applicant_name="张三")
    # Terms of one or two CJK characters are looked up in the grams (reconsideration 0007), on either database.
    assert [c.applicant_name for c in narrowed(cases, "阳春 晓", INDEX)] == ["欧阳春晓"]
    expected = {"欧阳春晓"} if connection.vendor == "sqlite" else {"欧阳春晓", "张三"}  # PostgreSQL: pg_trgm and LIKE
    assert {c.applicant_name for c in narrowed(cases, "欧阳春", INDEX)} == expected


FIELDS = ["case_number", "applicant_name", "respondent"]


def _cases(org, names: list[str]) -> None:
    ReconsiderationCase.objects.bulk_create([
        ReconsiderationCase(organ=org.gov, channel="online", received_on=D(2026, 11, 2), applicant_name=name,
                            respondent=respondent, act="行政处罚决定", knew_act_on=D(2026, 10, 1), request="撤销",
                            case_number=f"FY-2026-{i:06d}")
        for i, (name, respondent) in enumerate(zip(names, reversed(names), strict=True))])


def test_short_terms_exact_against_a_substring_oracle_through_inserts_edits_and_deletions(org):
    _cases(org, random_names(16))
    rows = list(ReconsiderationCase.objects.order_by("pk"))
    for row, name in zip(rows[:30], random_names(61, 30), strict=True):  # the update trigger, either column
        ReconsiderationCase.objects.filter(pk=row.pk).update(**{FIELDS[1 + row.pk % 2]: name})
    ReconsiderationCase.objects.filter(pk__in=[r.pk for r in rows[30:45]]).delete()  # the delete trigger
    check_short_terms_against_substring_oracle(ReconsiderationCase, INDEX, FIELDS)


@pytest.mark.django_db(transaction=True)
def test_grams_migration_fills_from_the_cases_there_and_goes_back(org):
    migrate([("reconsideration", "0006_sqlite_search_trigrams")])
    assert f"{INDEX}_grams" not in connection.introspection.table_names()
    _cases(org, ["王芳", "欧阳春晓", "李伟"])  # written with no grams to keep
    migrate(leaves())
    assert f"{INDEX}_grams" in connection.introspection.table_names()
    check_short_terms_against_substring_oracle(ReconsiderationCase, INDEX, FIELDS)
