"""The SQLite backend: a contentless FTS5 table of bigram tokens (see `fazhi.search.text`).

    search_fts(title, body, facets, chars, tchars)   rowid = SearchEntry.id (date-ordered)

- `title`/`body` hold the folded text as space-separated bigrams; a term is the phrase of its bigrams
  (exactly a substring match).
- `chars` holds each distinct character (index symbol) of the folded title and text once, `tchars` those
  of the title: a one-character term is one token there. This replaced a `prefix='1'` index over the
  bigrams (a one-character term as the prefix of every bigram it starts), which kept a second copy of
  every position and made a third of the index (2.37× the raw text for the table with it, 1.59× without,
  the two character columns add 0.07×: `docs/benchmarks.md`).
- `facets` holds one opaque word per filter value (kind, public, issuer, doc_type, status, year), so
  filters are index lookups inside the same MATCH, and a count never touches the entry table.
- Contentless (`content=''`): the text is stored once, in `SearchEntry`; a row is removed with FTS5's
  'delete' command, which needs the tokens it was indexed with: they are recomputed from the entry.
- `search_fts_title(title, facets)` indexes the titles alone (same tokens, same rowids): "the title
  holds every term" is then a lookup in small doclists. Asked of the main table as `title : (...)`, it
  walks every document holding the terms anywhere and reads their positions to find the title column,
  which for a term frequent in texts and absent from titles (`中华人民共和国`, `的规定`) was 60–100 ms at
  200,000 documents.
- Newest first is `ORDER BY rowid DESC`, which FTS5 reads straight off the index, so a page of a
  100,000-hit query stops after 20 rows instead of ranking them all.
"""

from __future__ import annotations

from collections.abc import Sequence

from fazhi.search.backend import SearchBackend, SearchDocument, entry_document, facet_tokens
from fazhi.search.text import fold, spaced, symbols, term_tokens

TABLE = "search_fts"

CREATE_SQL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5(title, body, facets, chars, tchars, content='', "
    "columnsize=0, tokenize='unicode61 remove_diacritics 0')"
)
DROP_SQL = f"DROP TABLE IF EXISTS {TABLE}"  # noqa: S608

TITLE_TABLE = "search_fts_title"
CREATE_TITLE_SQL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TITLE_TABLE} USING fts5(title, facets, content='', prefix='1', "
    "columnsize=0, tokenize='unicode61 remove_diacritics 0')"
)
DROP_TITLE_SQL = f"DROP TABLE IF EXISTS {TITLE_TABLE}"  # noqa: S608

AUTOMERGE = 4  # FTS5's default 'automerge' level


def row(entry) -> tuple:
    """(rowid, title, body, facets, chars, tchars) of the main table."""
    doc = entry_document(entry)
    title, body = fold(doc.title), fold(doc.body)
    title_chars = set(symbols(title))
    return (
        entry.pk,
        spaced(title),
        spaced(body),
        " ".join(facet_tokens(doc)),
        " ".join(sorted(title_chars | set(symbols(body)))),
        " ".join(sorted(title_chars)),
    )


def title_row(full_row: tuple) -> tuple:
    pk, title, _body, facets, _chars, _tchars = full_row
    return pk, title, facets


def title_only_row(entry) -> tuple:
    """`title_row(row(entry))` without reading or folding the text (migration 0004 fills the title table)."""
    doc = SearchDocument(
        key=entry.key,
        title=entry.title,
        body="",
        kind=entry.kind,
        issuer=entry.issuer,
        date=entry.date,
        status=entry.status,
        year=entry.year,
        doc_type=entry.doc_type,
        public=entry.public,
    )
    return entry.pk, spaced(fold(doc.title)), " ".join(facet_tokens(doc))


def term_expr(term: str, where: str) -> str:
    """One term as an FTS5 expression: `where` is "text" (title or body, main table), "title" (the
    title, main table) or "title table" (`TITLE_TABLE`, which keeps a one-character prefix index)."""
    token, single = term_tokens(term)
    # Index symbols never include '"' (punctuation is mapped to private-use characters), so quoting is safe.
    if single:
        return {"text": f'chars : "{token}"', "title": f'tchars : "{token}"', "title table": f'"{token}"*'}[
            where
        ]
    return {
        "text": f'{{title body}} : "{token}"',
        "title": f'title : "{token}"',
        "title table": f'"{token}"',
    }[where]


def match_expressions(terms: list[str], required: list[str], any_of: list[str]) -> dict[str, str]:
    """FTS5 MATCH strings: every hit (`all`), title holds every term (`title`, for the title table), the
    rest (`body`)."""

    def every(where: str) -> str:
        return " AND ".join(term_expr(t, where) for t in terms)

    facets = []
    if required:
        facets.append(f"facets : ({' AND '.join(required)})")
    if any_of:
        facets.append(f"facets : ({' OR '.join(any_of)})")
    tail = "".join(f" AND {f}" for f in facets)
    return {
        "all": f"({every('text')}){tail}",
        "title": f"(title : ({every('title table')})){tail}",
        "body": f"(({every('text')}) NOT ({every('title')})){tail}",
    }


class Fts5Backend(SearchBackend):
    vendor = "sqlite"

    index_table = TABLE

    def __init__(self, conn):
        self.conn = conn

    def _index_rows(self, entries: Sequence) -> None:
        if entries:
            rows = [row(e) for e in entries]
            with self.conn.cursor() as cur:
                cur.executemany(
                    f"INSERT INTO {TABLE}(rowid, title, body, facets, chars, tchars) VALUES (%s, %s, %s, %s, %s, %s)",
                    rows,
                )
                cur.executemany(
                    f"INSERT INTO {TITLE_TABLE}(rowid, title, facets) VALUES (%s, %s, %s)",
                    [title_row(r) for r in rows],
                )

    def _unindex_rows(self, entries: Sequence) -> None:
        if entries:
            rows = [row(e) for e in entries]
            with self.conn.cursor() as cur:
                cur.executemany(
                    f"INSERT INTO {TABLE}({TABLE}, rowid, title, body, facets, chars, tchars) "
                    "VALUES ('delete', %s, %s, %s, %s, %s, %s)",
                    rows,
                )
                cur.executemany(
                    f"INSERT INTO {TITLE_TABLE}({TITLE_TABLE}, rowid, title, facets) VALUES ('delete', %s, %s, %s)",
                    [title_row(r) for r in rows],
                )

    def _clear(self) -> None:
        with self.conn.cursor() as cur:
            for table in (TABLE, TITLE_TABLE):
                cur.execute(f"INSERT INTO {table}({table}) VALUES ('delete-all')")

    def _ids(self, match: str, limit: int, offset: int = 0, table: str = TABLE) -> list[int]:
        with self.conn.cursor() as cur:
            cur.execute(
                f"SELECT rowid FROM {table} WHERE {table} MATCH %s ORDER BY rowid DESC LIMIT %s OFFSET %s",
                [match, limit, offset],
            )
            return [r[0] for r in cur.fetchall()]

    def _count(self, terms, required, any_of, stop) -> int:
        match = match_expressions(terms, required, any_of)["all"]
        with self.conn.cursor() as cur:
            cur.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM {TABLE} WHERE {TABLE} MATCH %s LIMIT %s)", [match, stop]
            )
            return cur.fetchone()[0]

    def _match_page(self, terms, required, any_of, offset, limit):
        exprs = match_expressions(terms, required, any_of)
        titled = self._ids(exprs["title"], offset + limit, table=TITLE_TABLE)
        page = [(pk, True) for pk in titled[offset:]]
        if len(page) < limit:
            # Fewer title hits than the page needs: `titled` holds all of them, so its length is exact.
            rest = self._ids(exprs["body"], limit - len(page), max(0, offset - len(titled)))
            page += [(pk, False) for pk in rest]
        return page

    def set_automerge(self, level: int) -> None:
        """FTS5's 'automerge' of both tables: 0 while bulk loading (segments are merged once, by
        `optimize`, instead of again and again as they pile up: a fifth less insertion CPU on 3,000
        documents, `docs/benchmarks.md`), AUTOMERGE (FTS5's default) otherwise. Stored in the tables."""
        with self.conn.cursor() as cur:
            for table in (TABLE, TITLE_TABLE):
                cur.execute(f"INSERT INTO {table}({table}, rank) VALUES ('automerge', %s)", [level])

    def rebuild(self, entries=None) -> int:
        self.set_automerge(0)
        try:
            done = super().rebuild(entries)
        finally:
            self.set_automerge(AUTOMERGE)
        self.optimize()
        return done

    def optimize(self) -> None:
        """Merge the index segments (after a bulk load): fewer, larger b-trees to read per query."""
        with self.conn.cursor() as cur:
            for table in (TABLE, TITLE_TABLE):
                cur.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
