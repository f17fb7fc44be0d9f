"""The PostgreSQL backend: a table of folded texts with the set of their grams under a GIN index.

    search_pg(id = SearchEntry.id, grams text[], ftitle text, fbody text)   GIN (grams)

`grams` holds every character and every two-character sequence of the folded title and text, plus the
filter words (`facet_token`). A term of one or two characters is then exactly a gram, found by the
index (`grams @> ...`); a longer term's bigrams give the candidates and `strpos` on the folded text
confirms the substring. This needs no parser or locale support for Chinese (pg_trgm ignores CJK under
a C locale) and has no position limit (a tsvector keeps positions only up to 16,383, and laws are longer).
"""

from __future__ import annotations

from collections.abc import Sequence

from fazhi.search.backend import SearchBackend, entry_document, facet_tokens
from fazhi.search.text import distinct_grams, fold, term_grams

TABLE = "search_pg"

CREATE_SQL = [
    f"CREATE TABLE IF NOT EXISTS {TABLE} (id bigint PRIMARY KEY, grams text[] NOT NULL, "
    "ftitle text NOT NULL, fbody text NOT NULL)",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_grams ON {TABLE} USING gin (grams)",
]
DROP_SQL = [f"DROP TABLE IF EXISTS {TABLE}"]


def row(entry) -> tuple:
    doc = entry_document(entry)
    title, body = fold(doc.title), fold(doc.body)
    grams = distinct_grams(title) | distinct_grams(body)
    grams.update(facet_tokens(doc))
    return entry.pk, sorted(grams), title, body


def where(terms: list[str], required: list[str], any_of: list[str]) -> tuple[str, list]:
    grams = sorted({g for t in terms for g in term_grams(t)} | set(required))
    sql, params = ["grams @> %s::text[]"], [grams]
    if any_of:
        sql.append("grams && %s::text[]")
        params.append(any_of)
    for term in terms:
        if len(term) > 2:  # one- and two-character terms are settled by the grams alone
            sql.append("(strpos(ftitle, %s) > 0 OR strpos(fbody, %s) > 0)")
            params += [term, term]
    return " AND ".join(sql), params


def title_condition(terms: list[str]) -> tuple[str, list]:
    return " AND ".join("strpos(ftitle, %s) > 0" for _ in terms), list(terms)


class PostgresBackend(SearchBackend):
    vendor = "postgresql"

    index_table = TABLE

    def __init__(self, conn):
        self.conn = conn

    def _index_rows(self, entries: Sequence) -> None:
        if entries:
            with self.conn.cursor() as cur:
                cur.executemany(f"INSERT INTO {TABLE} (id, grams, ftitle, fbody) VALUES (%s, %s, %s, %s)",
                                [row(e) for e in entries])

    def _unindex_rows(self, entries: Sequence) -> None:
        if entries:
            with self.conn.cursor() as cur:
                cur.execute(f"DELETE FROM {TABLE} WHERE id = ANY(%s)", [[e.pk for e in entries]])

    def _clear(self) -> None:
        with self.conn.cursor() as cur:
            cur.execute(f"TRUNCATE {TABLE}")

    def _count(self, terms, required, any_of, stop) -> int:
        cond, params = where(terms, required, any_of)
        with self.conn.cursor() as cur:
            cur.execute(f"SELECT count(*) FROM (SELECT 1 FROM {TABLE} WHERE {cond} LIMIT %s) s",
                        [*params, stop])
            return cur.fetchone()[0]

    def _ids(self, cond: str, params: list, limit: int, offset: int = 0) -> list[int]:
        with self.conn.cursor() as cur:
            cur.execute(f"SELECT id FROM {TABLE} WHERE {cond} ORDER BY id DESC LIMIT %s OFFSET %s",
                        [*params, limit, offset])
            return [r[0] for r in cur.fetchall()]

    def _match_page(self, terms, required, any_of, offset, limit):
        cond, params = where(terms, required, any_of)
        in_title, title_params = title_condition(terms)
        titled = self._ids(f"{cond} AND {in_title}", params + title_params, offset + limit)
        page = [(pk, True) for pk in titled[offset:]]
        if len(page) < limit:
            rest = self._ids(f"{cond} AND NOT ({in_title})", params + title_params, limit - len(page),
                             max(0, offset - len(titled)))
            page += [(pk, False) for pk in rest]
        return page
