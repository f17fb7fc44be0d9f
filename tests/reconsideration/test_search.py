"""The 复议 list's search box: a name or part of one, 案号 or 被申请人, on either database (SQLite narrows
through its FTS5 trigram table first, fazhi.core.trigrams.narrowed; PostgreSQL has pg_trgm indexes)."""

from __future__ import annotations

import datetime

from django.core.cache import cache
from django.urls import reverse

from fazhi.core.trigrams import narrowed
from fazhi.reconsideration.models import ReconsiderationCase

D = datetime.date
INDEX = "reconsideration_case_search"


def _found(client, q: str) -> set[str]:
    """The applicants of the cases listed (by their page links: the query itself is echoed in the box)."""
    page = client.get(reverse("reconsideration:list"), {"q": q}).content.decode()
    return {case.applicant_name for case in ReconsiderationCase.objects.all()
            if f'href="{reverse("reconsideration:detail", args=[case.pk])}"' in page}


def test_search_by_part_of_a_name_number_or_respondent_kept_in_step_with_edits(login, file, users):
    first = file(D(2026, 11, 2), applicant_name="欧阳春晓")
    file(D(2026, 11, 3), applicant_name="张三")
    third = file(D(2026, 11, 4), applicant_name="Smith Co", respondent="测试县交通运输局")
    client = login(users.office)
    assert _found(client, "阳春晓") == {"欧阳春晓"}  # three characters: the trigram index on SQLite
    assert _found(client, "春晓") == {"欧阳春晓"}  # two: the LIKE alone
    assert _found(client, "SMITH") == {"Smith Co"}  # ASCII case folded as LIKE folds it
    assert _found(client, "交通运输") == {"Smith Co"}
    assert _found(client, first.case_number) == {"欧阳春晓"}
    assert _found(client, "阳春晓 张三") == set()  # every term must match the same case
    # The index follows edits and deletions (triggers). These writes bypass the services (and so the
    # operation log that invalidates the list's cached fragment): the cache is dropped by hand.
    ReconsiderationCase.objects.filter(pk=first.pk).update(applicant_name="欧阳秋实")
    cache.clear()
    assert (_found(client, "阳春晓"), _found(client, "阳秋实")) == (set(), {"欧阳秋实"})
    ReconsiderationCase.objects.filter(pk=third.pk).delete()
    cache.clear()
    assert _found(client, "SMITH") == set()


def test_narrowing_is_a_superset_of_the_matches(file, users):
    file(D(2026, 11, 2), applicant_name="欧阳春晓")
    cases = ReconsiderationCase.objects.all()
    assert set(narrowed(cases, "阳春 晓", INDEX)) == set(cases)  # terms under three characters narrow nothing
    assert [c.applicant_name for c in narrowed(cases, "欧阳春", INDEX)] == ["欧阳春晓"]
