"""The 复议 list's search box: a name or part of one, 案号 or 被申请人, on either database (SQLite narrows
through its FTS5 trigram table first, fazhi.core.trigrams.narrowed; PostgreSQL has pg_trgm indexes)."""

from __future__ import annotations

import datetime

from fazhi.core.trigrams import narrowed
from fazhi.reconsideration.models import ReconsiderationCase
from tests.trigram_search import check_names_numbers_and_edits, found

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
    assert set(narrowed(cases, "阳春 晓", INDEX)) == set(cases)  # terms under three characters narrow nothing
    assert [c.applicant_name for c in narrowed(cases, "欧阳春", INDEX)] == ["欧阳春晓"]
