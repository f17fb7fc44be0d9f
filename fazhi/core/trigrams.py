"""A list's search box on SQLite, narrowed by an FTS5 trigram index (PostgreSQL uses pg_trgm GIN indexes).

The list's table (`fazhi.core.tables`) matches each term with LIKE on its search columns; on a province's
200,000 rows that reads every row. An app that needs more keeps an FTS5 table with the trigram tokenizer
over the same columns (`fazhi.core.migration_ops.sqlite_trigram_index` creates it, with the triggers that
keep it current), and its list view passes the queryset through `narrowed` first: the LIKE then checks only
the candidates the index names for every term of three characters or more. The trigram index folds case
at least as widely as LIKE, so no match is lost.

A term of one or two characters (a surname, a two-character name: 王, 王芳) has no trigram. The same index name
has, on both databases, a table `<index>_grams` of every one- and two-character substring of the search columns
that holds a non-ASCII character (`migration_ops.short_gram_index`): such a term is looked up there by equality.
That is exact only for a term whose characters have no case (CJK, digits, punctuation), since LIKE folds ASCII
case on SQLite and UPPER folds all case on PostgreSQL; other short terms (a short ASCII fragment, which matches
most case numbers anyway) are left to the LIKE, as is every term on PostgreSQL of three characters or more (its
pg_trgm indexes serve the LIKE).
"""

from __future__ import annotations

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

TRIGRAM = 3


def short_indexed(term: str) -> bool:
    """Whether `term` is answered from the `<index>_grams` table: one or two characters, one of them non-ASCII,
    none with a case (so the table's raw substrings are exactly what LIKE / UPPER … LIKE match)."""
    return 0 < len(term) < TRIGRAM and any(ord(c) > 127 for c in term) and term.lower() == term == term.upper()


def narrowed(rows: QuerySet, query: str, index: str) -> QuerySet:
    """`rows` limited to the candidates `index` names for `query` (the list's `q`): the FTS5 trigram table on
    SQLite for a term of three characters or more, `<index>_grams` on either database for a short one.

    `index`'s rowids (and the grams' ids) are the primary keys of `rows`' model.
    """
    match = f"SELECT rowid FROM {index} WHERE {index} MATCH %s"
    gram = f"SELECT id FROM {index}_grams WHERE gram = %s"
    for term in query.strip()[:100].split():  # the table reads at most 100 characters of `q` too
        if short_indexed(term):
            rows = rows.filter(pk__in=RawSQL(gram, [term]))
        elif len(term) >= TRIGRAM and connection.vendor == "sqlite":
            phrase = '"' + term.replace('"', '""') + '"'  # one FTS5 string: the term as a substring
            rows = rows.filter(pk__in=RawSQL(match, [phrase]))
    return rows
