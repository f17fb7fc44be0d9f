"""Shared by the tests of list search boxes that SQLite narrows through a trigram table
(`fazhi.core.trigrams`; PostgreSQL has pg_trgm indexes): 复议 and 依申请公开."""

from __future__ import annotations

import random

from django.core.cache import cache
from django.urls import reverse

from fazhi.core.trigrams import narrowed, short_indexed


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


# Short terms (fazhi.core.trigrams.short_indexed, the `<index>_grams` table of migration_ops.short_gram_index).
SHORT_ALPHABET = "王李张芳伟丽华明欧阳Aa1-"  # CJK, an ASCII letter in both cases, a digit, punctuation


def random_names(seed: int, count: int = 120) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(SHORT_ALPHABET) for _ in range(rng.randint(1, 6))) for _ in range(count)]


def check_short_terms_against_substring_oracle(model, index: str, fields: list[str]) -> None:
    """Every one- and two-character term over SHORT_ALPHABET, against a brute-force substring test of the rows
    now in `model` (written, edited and deleted by the caller through the database, so the triggers ran):

    - a term the grams answer (`short_indexed`) narrows to exactly the rows holding it as a substring;
    - every term (narrowed, then the list's LIKE on each field) finds exactly the rows holding it, ASCII case
      folded as LIKE folds it.
    """
    from django.db.models import Q

    rows = {r["pk"]: r for r in model.objects.values("pk", *fields)}
    terms = [*SHORT_ALPHABET, *(a + b for a in SHORT_ALPHABET for b in SHORT_ALPHABET)]
    indexed = 0
    for term in terms:
        holding = {pk for pk, r in rows.items() if any(term in r[f] for f in fields)}
        folded = {pk for pk, r in rows.items() if any(_ascii_lower(term) in _ascii_lower(r[f]) for f in fields)}
        candidates = narrowed(model.objects.all(), term, index)
        if short_indexed(term):
            indexed += 1
            assert set(candidates.values_list("pk", flat=True)) == holding, term
        like = Q()
        for f in fields:
            like |= Q(**{f"{f}__icontains": term})
        assert set(candidates.filter(like).values_list("pk", flat=True)) == folded, term
    assert indexed == 10 + 10 * 10 + 2 * 10 * 2  # CJK alone, or beside a CJK, the digit or the hyphen (not a letter)


def _ascii_lower(text: str) -> str:
    return "".join(c.lower() if c.isascii() else c for c in text)
