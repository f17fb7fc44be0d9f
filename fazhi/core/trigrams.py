"""A list's search box on SQLite, narrowed by an FTS5 trigram index (PostgreSQL uses pg_trgm GIN indexes).

The list's table (`fazhi.core.tables`) matches each term with LIKE on its search columns; on a province's
200,000 rows that reads every row. An app that needs more keeps an FTS5 table with the trigram tokenizer
over the same columns (`fazhi.core.migration_ops.sqlite_trigram_index` creates it, with the triggers that
keep it current), and its list view passes the queryset through `narrowed` first: the LIKE then checks only
the candidates the index names for every term of three characters or more. The trigram index folds case
at least as widely as LIKE, so no match is lost; shorter terms, and PostgreSQL, are left to the LIKE.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

TRIGRAM = 3


def narrowed(rows: QuerySet, query: str, index: str) -> QuerySet:
    """`rows` limited to what the FTS5 trigram table `index` finds for `query` (the list's `q`), on SQLite.

    `index`'s rowids are the primary keys of `rows`' model (an external-content table on its table).
    """
    if connection.vendor != "sqlite":
        return rows
    match = f"SELECT rowid FROM {index} WHERE {index} MATCH %s"
    for term in query.strip()[:100].split():  # the table reads at most 100 characters of `q` too
        if len(term) >= TRIGRAM:
            phrase = '"' + term.replace('"', '""') + '"'  # one FTS5 string: the term as a substring
            rows = rows.filter(pk__in=RawSQL(match, [phrase]))
    return rows
