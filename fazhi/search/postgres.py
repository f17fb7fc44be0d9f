"""The PostgreSQL backend: the folded texts and the set of their grams, as a position-less tsvector
under a GIN index.

    search_pg(id = SearchEntry.id, grams tsvector, tgrams tsvector, ftitle text, fbody text)
              GIN (grams), GIN (tgrams)

`grams` holds every character and every two-character sequence of the folded title and text, plus the
filter words (`facet_token`), built with `array_to_tsvector` (no text-search parser, no dictionary,
no locale) and `strip`ped of positions. A term of one or two characters is then exactly a gram, found
by the index; a longer term's bigrams give the candidates and `strpos` on the folded text confirms the
substring. `tgrams` is the same for the title alone (with the filter words): "title holds every term" is an index lookup
too, so a term frequent in texts but rare in titles does not walk the table newest-first looking for
title matches.

Why a tsvector rather than a `text[]` with the array GIN opclass (the first version): both index the
same keys, but checking a row against a tsvector is a binary search of sorted lexemes compared bytewise,
while `text[] @> text[]` is a nested loop of collation-aware comparisons over thousands of grams, which
made every row the planner filtered cost about half a millisecond. Without positions a tsvector has no
16,383-position limit, so laws of any length are indexed whole.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager

from django.db import DatabaseError, transaction

from fazhi.search import rum
from fazhi.search.backend import COUNT_LIMIT, SearchBackend, entry_document, facet_tokens
from fazhi.search.common_terms import NONE, Vocabulary
from fazhi.search.text import distinct_grams, fold, term_grams

TABLE = "search_pg"

CREATE_SQL = [
    f"CREATE TABLE IF NOT EXISTS {TABLE} (id bigint PRIMARY KEY, grams tsvector NOT NULL, "
    "tgrams tsvector NOT NULL, ftitle text NOT NULL, fbody text NOT NULL)",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_grams ON {TABLE} USING gin (grams)",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_tgrams ON {TABLE} USING gin (tgrams)",
]
DROP_SQL = [f"DROP TABLE IF EXISTS {TABLE}"]
# A longer term is confirmed by reading candidates' folded texts back from TOAST, and decompressing them
# is most of that cost: lz4 reads twice as fast as the default pglz for 6 % more space (docs/search.md).
# Only values written afterwards use it; a server built without lz4 keeps pglz.
LZ4_SQL = f"ALTER TABLE {TABLE} ALTER COLUMN fbody SET COMPRESSION lz4"


INDEXES = [f"{TABLE}_grams", f"{TABLE}_tgrams"]


def drop_indexes(cur) -> None:
    """Drop the full-text indexes (GIN, and RUM where present) before a bulk load."""
    for name in [*INDEXES, *rum.INDEXES, rum.OLD_INDEX]:
        cur.execute(f"DROP INDEX IF EXISTS {name}")


def create_indexes(cur, with_rum: bool) -> None:
    """(Re)create the full-text indexes after a bulk load, in one go each."""
    for sql in [*CREATE_SQL[1:], *(rum.INDEX_SQL if with_rum else [])]:
        cur.execute(sql)


def prefer_lz4(schema_editor) -> bool:
    """Store the folded texts lz4-compressed where the server supports it; whether it did."""
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute(LZ4_SQL)
    except DatabaseError:  # "compression method lz4 not supported": the server was built without it
        return False
    return True


INSERT_SQL = (
    f"INSERT INTO {TABLE} (id, grams, tgrams, ftitle, fbody) "
    "VALUES (%s, strip(array_to_tsvector(%s::text[])), strip(array_to_tsvector(%s::text[])), %s, %s)"
)


def _storable(grams: set[str]) -> list[str]:
    # '\x00' cannot be stored in PostgreSQL text at all; an empty lexeme is refused by array_to_tsvector.
    return sorted(g for g in grams if g and "\x00" not in g)


def folded(entry) -> tuple[str, str, list[str]]:
    doc = entry_document(entry)
    return fold(doc.title), fold(doc.body), facet_tokens(doc)


def row(entry, title: str, body: str, facets: list[str], vocabulary: Vocabulary = NONE) -> tuple:
    """The entry's `search_pg` row. Its gram sets also hold the `vocabulary` words the title (`tgrams`)
    or the text holds: a common term is then one gram (`fazhi.search.common_terms`)."""
    title_grams = distinct_grams(title) | set(facets) | set(vocabulary.found(title))
    grams = title_grams | distinct_grams(body) | set(vocabulary.found(body))
    return entry.pk, _storable(grams), _storable(title_grams), title, body


def lexeme(gram: str) -> str:
    """A tsquery operand matching exactly `gram`: quoted, with `'` doubled and `\\` escaped, so the
    tsquery input parser takes any character as it is."""
    return "'" + gram.replace("\\", "\\\\").replace("'", "''") + "'"


def tsquery(
    terms: list[str], required: list[str] = (), any_of: list[str] = (), common: Collection[str] = ()
) -> str:
    """Every gram of every term (a `common` term is one gram) and every required filter word, and one of
    the `any_of` words."""
    grams = sorted({g for t in terms for g in ([t] if t in common else term_grams(t))} | set(required))
    query = " & ".join(lexeme(g) for g in grams)
    if any_of:
        query += " & (" + " | ".join(lexeme(g) for g in any_of) + ")"
    return query


def where(
    terms: list[str], required: list[str], any_of: list[str], common: Collection[str] = ()
) -> tuple[str, list]:
    sql, params = ["grams @@ %s::tsquery"], [tsquery(terms, required, any_of, common)]
    for term in terms:
        if len(term) > 2 and term not in common:  # other terms are settled by the grams alone
            sql.append("(strpos(ftitle, %s) > 0 OR strpos(fbody, %s) > 0)")
            params += [term, term]
    return " AND ".join(sql), params


def title_condition(
    terms: list[str], required: list[str] = (), any_of: list[str] = (), common: Collection[str] = ()
) -> tuple[str, list]:
    """The title holds every term: its grams (an index lookup), then the substring for longer terms.
    With filter words, this alone selects the title hits (`tgrams` carries the filter words too)."""
    sql, params = ["tgrams @@ %s::tsquery"], [tsquery(terms, required, any_of, common)]
    for term in terms:
        if len(term) > 2 and term not in common:
            sql.append("strpos(ftitle, %s) > 0")
            params.append(term)
    return " AND ".join(sql), params


RECHECK_CANDIDATES = 3_000  # unless settings.FAZHI_SEARCH_RECHECK_CANDIDATES says otherwise


def recheck_candidates() -> int:
    from django.conf import settings

    return getattr(settings, "FAZHI_SEARCH_RECHECK_CANDIDATES", RECHECK_CANDIDATES)


@contextmanager
def bitmap_only(conn) -> Iterator:
    """A cursor whose statements take `search_pg`'s rows from the GIN index as a bitmap: exact for `@@`
    of plain lexemes, so rows are only visited, never rechecked on their grams. Left to itself the
    planner walks the primary key newest first, or the whole table, and tests every row's toasted gram
    set (`虚增`, 248 matches of 200,000: 1,059 ms; `直接`, 10,000 of 20,000: 1,325 ms; docs/benchmarks.md)."""
    with transaction.atomic(using=conn.alias), conn.cursor() as cur:
        cur.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off")
        try:
            yield cur
        finally:  # inside a caller's transaction SET LOCAL would outlive this query
            cur.execute("SET LOCAL enable_seqscan = DEFAULT; SET LOCAL enable_indexscan = DEFAULT")


class Listed:
    """Every match of a query, newest first, found at once (`PostgresBackend._few_candidates`): what
    `PostgresBackend._untitled` pages through, as it does a `rum.Matches` whose parts are all listed."""

    done = True

    def __init__(self, key: tuple, ids: list[int]):
        self.key = key
        self.ids = sorted(ids, reverse=True)
        self.total = len(self.ids)

    def read(self, at_least: int, most: int | None = None) -> None:
        """Nothing left to read: every match is listed."""


class PostgresBackend(SearchBackend):
    vendor = "postgresql"

    index_table = TABLE

    def __init__(self, conn):
        self.conn = conn
        self.rum = rum.available(conn)
        self._matches: rum.Matches | Listed | None = None  # matches listed by the count, for the page
        self._counted: tuple | None = None  # set by the GIN path's count, read by `_match_page`

    def _index_rows(self, entries: Sequence) -> None:
        if not entries:
            return
        docs = [(e, *folded(e)) for e in entries]
        with self.conn.cursor() as cur:
            cur.executemany(INSERT_SQL, [row(*d, self.vocabulary) for d in docs])
            if self.rum:
                cur.executemany(
                    rum.INSERT_SQL,
                    [r for e, title, body, facets in docs for r in rum.rows(e.pk, title, body, facets)],
                )
        if self.rum:
            rum.grow(self.conn, [e.pk for e in entries])

    def _unindex_rows(self, entries: Sequence) -> None:
        if entries:
            with self.conn.cursor() as cur:
                for table in self._tables():
                    cur.execute(f"DELETE FROM {table} WHERE id = ANY(%s)", [[e.pk for e in entries]])

    def _clear(self) -> None:
        with self.conn.cursor() as cur:
            cur.execute(f"TRUNCATE {', '.join(self._tables())}")

    def _tables(self) -> list[str]:
        return [TABLE, rum.TABLE] if self.rum else [TABLE]

    def rebuild(self, entries=None, common: bool = True) -> int:
        from fazhi.search.models import SearchEntry

        # The extension may have been installed on the server since the last migration: use it now.
        self.rum = rum.install(self.conn) or rum.available(self.conn)
        # GIN and above all RUM indexes are built far faster in one go than row by row (filling a RUM
        # index row by row with 20,000 benchmark documents had not finished after 35 minutes).
        with self.conn.cursor() as cur:
            drop_indexes(cur)
            if self.rum:  # the parts laid out anew for the entries (in whatever shape the table was)
                source = SearchEntry.objects if entries is None else entries
                rum.lay_out(cur, source.values_list("pk", flat=True).iterator(chunk_size=10_000))
        done = super().rebuild(entries, common)
        with self.conn.cursor() as cur:
            create_indexes(cur, self.rum)
        return done

    def _count(self, terms, required, any_of, stop) -> int:
        self._matches = None
        self._counted = None  # (the query, whether its GIN count found at most COUNT_LIMIT): `_ids`'s `few`
        key = (terms, required, any_of)
        # One- and two-character terms and common terms are exact on the GIN grams without any recheck (a
        # bitmap count that reads no row): RUM only pays where a longer term needs its positions.
        common = self._common(terms)
        if self.rum and any(len(t) > 2 and t not in common for t in terms):
            # A RUM scan collects all its matches before returning one, so it is bounded by reading the
            # parts newest first until `stop` matches are counted (`rum.Matches`); the page comes from the
            # same parts. Where the newest parts say the whole index holds few matches, RUM would read
            # every part: the texts of the documents holding every gram may be cheaper.
            matches = rum.Matches(self.conn, terms, required, any_of)
            matches.head()
            bound = recheck_candidates()
            few = bound and not matches.done and matches.likely() <= bound  # done: every part read
            listed = self._few_candidates(key, common, bound) if few else None
            if listed is None:
                self._matches = matches
                return matches.count(stop)
            self._matches, self._counted = listed, (key, True)
            return min(listed.total, stop)
        cond, params = where(terms, required, any_of, common)
        with bitmap_only(self.conn) as cur:
            cur.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM {TABLE} WHERE {cond} LIMIT %s) s", [*params, stop]
            )
            found = cur.fetchone()[0]
        self._counted = (key, found <= COUNT_LIMIT)
        return found

    def _few_candidates(self, key: tuple, common: Collection[str], bound: int) -> Listed | None:
        """Every match, when the documents holding every gram of the query are at most `bound`: confirming
        their texts (`strpos`) costs less than RUM's phrase, which reads the positions of every bigram of
        the query in every part, however rare the phrase. A phrase across words (`主管部门依据`) is made of
        common bigrams, but one of them (`门依`) is rare, and so are the documents holding them all;
        likewise a common term beside a rare one. Otherwise None: RUM."""
        with bitmap_only(self.conn) as cur:
            # Counted from the bitmap alone: no row is read where the page is all-visible. (Listing the
            # candidates' ids instead, to read their texts by id, fetched up to `bound` rows for the
            # queries that then go to RUM: `的规定` 27 → 100 ms at 200,000 documents.)
            cur.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM {TABLE} WHERE grams @@ %s::tsquery LIMIT %s) s",
                [tsquery(*key, common), bound + 1],
            )
            if cur.fetchone()[0] > bound:
                return None
            cond, params = where(*key, common)
            cur.execute(f"SELECT id FROM {TABLE} WHERE {cond}", params)
            return Listed(key, [r[0] for r in cur.fetchall()])

    def _ids(self, cond: str, params: list, limit: int, offset: int = 0, few: bool = False) -> list[int]:
        """Ids of the rows meeting `cond`, newest first. `few`: the matches are known to be few (the count
        found at most COUNT_LIMIT), so they are collected from the GIN index as a bitmap and sorted
        (`bitmap_only`) rather than found by walking the primary key newest first."""
        sql = f"SELECT id FROM {TABLE} WHERE {cond} ORDER BY id DESC LIMIT %s OFFSET %s"
        if not few:  # no setting to scope: no transaction (savepoint) either
            with self.conn.cursor() as cur:
                cur.execute(sql, [*params, limit, offset])
                return [r[0] for r in cur.fetchall()]
        with bitmap_only(self.conn) as cur:
            cur.execute(sql, [*params, limit, offset])
            return [r[0] for r in cur.fetchall()]

    def _match_page(self, terms, required, any_of, offset, limit):
        common = self._common(terms)
        cond, params = where(terms, required, any_of, common)
        few = self._counted == ((terms, required, any_of), True)
        # Title hits need neither the text's grams nor the text: `tgrams` and the title are small and
        # stored inline, the others are toasted.
        titled = self._ids(*title_condition(terms, required, any_of, common), offset + limit, few=few)
        in_title, title_params = title_condition(terms, common=common)
        page = [(pk, True) for pk in titled[offset:]]
        if len(page) < limit:
            skip, want = max(0, offset - len(titled)), limit - len(page)
            matches = self._matches
            if matches and matches.key == (terms, required, any_of):
                rest = self._untitled(matches, in_title, title_params, skip, want)
            else:  # no RUM, or no term needing positions: newest first through the GIN grams
                rest = self._ids(f"{cond} AND NOT ({in_title})", params + title_params, want, skip, few=few)
            page += [(pk, False) for pk in rest]
        return page

    def _untitled(
        self, matches: rum.Matches | Listed, in_title: str, title_params: list, skip: int, want: int
    ) -> list[int]:
        """From the matches newest first, the `want` after `skip` whose title does not hold every term
        (checked on the small inline titles, a batch at a time; further parts are read when the ones read
        for the count do not hold enough)."""
        found: list[int] = []
        batch = max(64, 2 * (skip + want))
        start = 0
        while len(found) < skip + want:
            matches.read(start + batch)
            chunk = matches.ids[start : start + batch]
            if not chunk:
                break
            with self.conn.cursor() as cur:
                cur.execute(
                    f"SELECT id FROM {TABLE} WHERE id = ANY(%s) AND {in_title}", [chunk, *title_params]
                )
                titled = {r[0] for r in cur.fetchall()}
            found += [pk for pk in chunk if pk not in titled]
            start += len(chunk)
        return found[skip : skip + want]
