"""Shared by the tests of list search boxes that SQLite narrows through a trigram table
(`fazhi.core.trigrams`; PostgreSQL has pg_trgm indexes): 复议 and 依申请公开."""

from __future__ import annotations

from django.core.cache import cache
from django.urls import reverse


def found(client, list_name: str, detail_name: str, model, q: str) -> set[str]:
    """The applicants of the rows listed (by their page links: the query itself is echoed in the box)."""
    page = client.get(reverse(list_name), {"q": q}).content.decode()
    return {row.applicant_name for row in model.objects.all()
            if f'href="{reverse(detail_name, args=[row.pk])}"' in page}


def check_names_numbers_and_edits(client, list_name: str, detail_name: str, first, third) -> None:
    """`first` is 欧阳春晓's row, `third` Smith Co's, beside one of 张三: part of a name, case, the number,
    every term on one row, and the index following edits and deletions (triggers)."""
    model = type(first)

    def search(q: str) -> set[str]:
        return found(client, list_name, detail_name, model, q)

    assert search("阳春晓") == {"欧阳春晓"}  # three characters: the trigram index on SQLite
    assert search("春晓") == {"欧阳春晓"}  # two: the LIKE alone
    assert search("SMITH") == {"Smith Co"}  # ASCII case folded as LIKE folds it
    assert search(first.case_number) == {"欧阳春晓"}
    assert search("阳春晓 张三") == set()  # every term must match the same row
    # These writes bypass the services (and so the operation log that invalidates the list's cached
    # fragment): the cache is dropped by hand.
    model.objects.filter(pk=first.pk).update(applicant_name="欧阳秋实")
    cache.clear()
    assert (search("阳春晓"), search("阳秋实")) == (set(), {"欧阳秋实"})
    model.objects.filter(pk=third.pk).delete()
    cache.clear()
    assert search("SMITH") == set()
