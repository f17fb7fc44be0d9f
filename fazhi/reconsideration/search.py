"""The 复议 list's search box on SQLite: candidates from the FTS5 trigram table (migration 0006).

The list's table still matches each term with LIKE on 案号, 申请人 and 被申请人; this only narrows the rows
it checks, first, to those the trigram index names for every term of three characters or more (the
trigram index folds case at least as widely as LIKE, so no match is lost). Shorter terms, and PostgreSQL
(pg_trgm GIN indexes on the same expressions, 0005), are left to the LIKE.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

TRIGRAM = 3
MATCH = "SELECT rowid FROM reconsideration_case_search WHERE reconsideration_case_search MATCH %s"


def narrowed(cases: QuerySet, query: str) -> QuerySet:
    """`cases` limited to the trigram index's candidates for `query` (the list's `q`), on SQLite."""
    if connection.vendor != "sqlite":
        return cases
    for term in query.strip()[:100].split():
        if len(term) >= TRIGRAM:
            phrase = '"' + term.replace('"', '""') + '"'  # one FTS5 string: the term as a substring
            cases = cases.filter(pk__in=RawSQL(MATCH, [phrase]))
    return cases
