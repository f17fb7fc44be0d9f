"""The SQLite backend: position-free FTS5 tables of every 1-, 2- and 3-gram of the folded text.

    search_fts(grams, facets)         rowid = SearchEntry.id (date-ordered), detail=none
    search_fts_title(title, facets)   the same of the titles alone

- `grams` holds each distinct gram (of index symbols, `fazhi.search.text.symbols`) of the folded title and
  text once, without positions (`detail=none`): a term of one to three symbols is one token, so its
  documents are exactly that token's doclist. A longer term is looked up as all its trigrams (every
  document holding the term holds them) and each candidate is confirmed on the stored text: `instr` in
  SQL when the stored text holds the folded term as it is (simplified text, the usual case), the fold in
  Python otherwise (`docs/search.md` says how often candidates are not matches).
- Why no positions: FTS5 keeps a token's positions inline in its doclist, so walking a common bigram read
  every position of it in every document, to decide each phrase for every counted hit; positions were
  most of the bytes (`docs/benchmarks.md`, "Full-text search").
- `facets` holds one opaque word per filter value (kind, public, issuer, doc_type, status, year), so
  filters are index lookups inside the same MATCH (facet words are 18 ASCII letters, grams at most 3
  symbols: the two never meet, so no column filter is needed, which `detail=none` could not answer).
- Contentless (`content=''`): the text is stored once, in `SearchEntry`; a row is removed with FTS5's
  'delete' command, which needs the tokens it was indexed with: they are recomputed from the entry.
- `search_fts_title` answers "the title holds every term" (title hits come first) from small doclists.
- Newest first is `ORDER BY rowid DESC`, which FTS5 reads straight off the index, so a page of a
  100,000-hit query stops after 20 rows instead of ranking them all.
"""

from __future__ import annotations

import operator
from collections.abc import Iterator, Sequence

from fazhi.search.backend import SearchBackend, SearchDocument, entry_document, facet_tokens
from fazhi.search.text import fold, symbols

TABLE = "search_fts"
ENTRY_TABLE = "search_searchentry"
GRAM = 3  # the longest gram indexed: a term of up to GRAM symbols is one exact token

TOKENIZE = "tokenize='unicode61 remove_diacritics 0'"
CREATE_SQL = f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5(grams, facets, content='', columnsize=0, detail=none, {TOKENIZE})"
DROP_SQL = f"DROP TABLE IF EXISTS {TABLE}"  # noqa: S608

TITLE_TABLE = "search_fts_title"
CREATE_TITLE_SQL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TITLE_TABLE} USING fts5(title, facets, content='', columnsize=0, "
    f"detail=none, {TOKENIZE})"
)
DROP_TITLE_SQL = f"DROP TABLE IF EXISTS {TITLE_TABLE}"  # noqa: S608


def gram_set(folded: str) -> set[str]:
    """Every distinct 1-, 2- and 3-gram of a folded text's index symbols (built with C-level maps: this is
    most of the indexing time)."""
    s = symbols(folded)
    pairs = list(map(operator.add, s, s[1:]))
    grams = set(s)
    grams.update(pairs)
    grams.update(map(operator.add, pairs, s[2:]))
    return grams


def row(entry) -> tuple:
    """(rowid, grams, facets, title grams) of an entry."""
    doc = entry_document(entry)
    title_grams = gram_set(fold(doc.title))
    return (
        entry.pk,
        " ".join(title_grams | gram_set(fold(doc.body))),
        " ".join(facet_tokens(doc)),
        " ".join(title_grams),
    )


def title_only_row(entry) -> tuple:
    """(rowid, title grams, facets) without reading or folding the text (migration 0004 fills the title
    table with it)."""
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
    return entry.pk, " ".join(gram_set(fold(doc.title))), " ".join(facet_tokens(doc))


def term_expr(term: str) -> str:
    """One folded term as an FTS5 expression: its own token when it is at most GRAM symbols, else all of
    its trigrams (a superset of its documents, confirmed on the text). Index symbols never include '"'
    (punctuation is mapped to private-use characters), so quoting is safe."""
    s = symbols(term)
    if len(s) <= GRAM:
        return f'"{s}"'
    grams = dict.fromkeys(s[i : i + GRAM] for i in range(len(s) - GRAM + 1))
    return "(" + " AND ".join(f'"{g}"' for g in grams) + ")"


def needs_check(term: str) -> bool:
    """A term the index alone does not decide: longer than the longest gram."""
    return len(symbols(term)) > GRAM


def match_expression(terms: list[str], required: list[str], any_of: list[str]) -> str:
    """The FTS5 MATCH string for every term and the filters (the same on both tables)."""
    parts = [term_expr(t) for t in terms] + required
    if any_of:
        parts.append(f"({' OR '.join(any_of)})")
    return " AND ".join(parts)


def holds(text: str, term: str) -> bool:
    """`term` (folded) is a substring of the folded `text`. The text as stored is tried first: the fold
    maps each character on its own and is idempotent, so a folded term in the raw text is in its fold."""
    return term in text or term in fold(text)


class Fts5Backend(SearchBackend):
    vendor = "sqlite"

    index_table = TABLE

    def __init__(self, conn):
        self.conn = conn

    # -- writing ------------------------------------------------------------------------------------
    def _index_rows(self, entries: Sequence) -> None:
        if entries:
            rows = [row(e) for e in entries]
            with self.conn.cursor() as cur:
                cur.executemany(
                    f"INSERT INTO {TABLE}(rowid, grams, facets) VALUES (%s, %s, %s)", [r[:3] for r in rows]
                )
                cur.executemany(
                    f"INSERT INTO {TITLE_TABLE}(rowid, title, facets) VALUES (%s, %s, %s)",
                    [(r[0], r[3], r[2]) for r in rows],
                )

    def _unindex_rows(self, entries: Sequence) -> None:
        if entries:
            rows = [row(e) for e in entries]
            with self.conn.cursor() as cur:
                cur.executemany(
                    f"INSERT INTO {TABLE}({TABLE}, rowid, grams, facets) VALUES ('delete', %s, %s, %s)",
                    [r[:3] for r in rows],
                )
                cur.executemany(
                    f"INSERT INTO {TITLE_TABLE}({TITLE_TABLE}, rowid, title, facets) VALUES ('delete', %s, %s, %s)",
                    [(r[0], r[3], r[2]) for r in rows],
                )

    def _clear(self) -> None:
        with self.conn.cursor() as cur:
            for table in (TABLE, TITLE_TABLE):
                cur.execute(f"INSERT INTO {table}({table}) VALUES ('delete-all')")

    def optimize(self) -> None:
        """Merge the index segments (after a bulk load): fewer, larger b-trees to read per query."""
        with self.conn.cursor() as cur:
            for table in (TABLE, TITLE_TABLE):
                cur.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")

    # -- reading ------------------------------------------------------------------------------------
    def _matches(
        self, terms: list[str], match: str, table: str = TABLE, titles: bool = False
    ) -> Iterator[int]:
        """Ids of the documents (`titles`: whose title) holding every term, newest first.

        Candidates come off the index; those that a term longer than a gram leaves undecided are confirmed:
        `instr` on the stored title and text in SQL (simplified text holds the folded term as it is), the
        fold in Python for the few it does not settle (traditional text, or a candidate that is no match)."""
        long_terms = [t for t in terms if needs_check(t)]
        with self.conn.cursor() as cur:
            if not long_terms:
                cur.execute(f"SELECT rowid FROM {table} WHERE {table} MATCH %s ORDER BY rowid DESC", [match])
                for (pk,) in cur:
                    yield pk
                return
            fields = ["e.title"] if titles else ["e.title", "e.body"]
            quick = " AND ".join(
                "(" + " OR ".join(f"instr({f}, %s)" for f in fields) + ")" for _ in long_terms
            )
            cur.execute(
                f"SELECT f.rowid, {quick} FROM {table} f CROSS JOIN {ENTRY_TABLE} e ON e.id = f.rowid "
                f"WHERE {table} MATCH %s ORDER BY f.rowid DESC",
                [t for t in long_terms for _ in fields] + [match],
            )
            while rows := cur.fetchmany(2000):
                for pk, settled in rows:
                    if settled or self._confirm(pk, long_terms, titles):
                        yield pk

    def _confirm(self, pk: int, terms: list[str], titles: bool) -> bool:
        with self.conn.cursor() as cur:
            cur.execute(
                f"SELECT title, {'NULL' if titles else 'body'} FROM {ENTRY_TABLE} WHERE id = %s", [pk]
            )
            found = cur.fetchone()
        if found is None:  # only if the index outlived its entries (a raw table flush)
            return False
        title, body = found
        return all(holds(title, t) or (body is not None and holds(body, t)) for t in terms)

    def _count(self, terms, required, any_of, stop) -> int:
        match = match_expression(terms, required, any_of)
        if not any(needs_check(t) for t in terms):
            with self.conn.cursor() as cur:
                cur.execute(
                    f"SELECT count(*) FROM (SELECT 1 FROM {TABLE} WHERE {TABLE} MATCH %s LIMIT %s)",
                    [match, stop],
                )
                return cur.fetchone()[0]
        counted = 0
        for _pk in self._matches(terms, match):
            counted += 1
            if counted == stop:
                break
        return counted

    def _match_page(self, terms, required, any_of, offset, limit):
        match = match_expression(terms, required, any_of)
        titled: list[int] = []
        for pk in self._matches(terms, match, TITLE_TABLE, titles=True):
            titled.append(pk)
            if len(titled) == offset + limit:
                break
        page = [(pk, True) for pk in titled[offset:]]
        if len(page) < limit:
            # Fewer title hits than the page needs: `titled` holds all of them.
            skip, seen = max(0, offset - len(titled)), set(titled)
            for pk in self._matches(terms, match):
                if pk in seen:
                    continue
                if skip:
                    skip -= 1
                    continue
                page.append((pk, False))
                if len(page) == limit:
                    break
        return page
