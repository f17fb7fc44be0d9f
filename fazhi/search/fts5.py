"""The SQLite backend: contentless FTS5 tables of bigram and character tokens (see `fazhi.search.text`).

    search_fts(terms, filters)        the bigrams, then the common terms; rowid = SearchEntry.place
                                      (date-ordered)
    search_fts_chars(chars, filters)  the distinct characters and common terms, without positions
    search_fts_title(title, facets)   the titles alone, same rowids

- `terms` holds, in one column, the title's bigrams, then the text's (space-separated), then each common
  term the title or text holds (`fazhi.search.common_terms`), one token each. A term of two or more
  symbols is the phrase of its bigrams (exactly a substring match), or that one token where it is a
  common term beside a term the characters' table does not answer (`match_expressions`). Until migration
  0016 the column was `text` and held the bigrams alone; the layout in use is read from the schema
  (`words_in_text`). One column because FTS5 starts
  every position list outside the first column with a two-byte column marker: with the title and text in
  columns of their own (until migration 0011) that was nearly a quarter of the index, and naming a column
  in a query (`{title body} : ...`) cost a third of a count (`docs/benchmarks.md`, "fourth session").
- `search_fts_chars` holds each distinct character (index symbol) of the folded title and text once: a
  one-symbol term is one token there, and so is each common term the document holds (from migration 0015,
  `fazhi.search.common_terms`). `detail=none`: a character's position is of no use, and with
  positions (in the main table, until migration 0014) these pairs were a fifth of that table. A query
  holding both kinds of term intersects the two tables' matches (`fazhi.search.fts5_join`). Until 0014
  the characters led the main table's text; the layout in use is read from the schema (`chars_apart`),
  so the migrations before 0014, which rebuild with this code, write the layout of their time.
- `filters` holds one opaque word per filter value (kind, public, issuer, doc_type, status, year), one
  word per "public and this value" pair (`pair_token`), so filters are index lookups inside the same
  MATCH and a count never touches the entry table, and `fts5_rows.OUTSIDE_SCOPE` in the rows of the
  documents outside the portal's default scope (public and in force), which is then asked as `NOT` that
  word, the shorter list (`filter_words`). Until migration 0018 the column was `facets`, without that
  word (`Fts5Backend.scoped`); the title table's still is.
- Contentless (`content=''`): the text is stored once, in `SearchEntry` (zstd-packed on SQLite,
  `models.PackedTextField`); a row is removed with FTS5's 'delete' command, which needs the tokens it
  was indexed with: they are recomputed from the entry.
- `search_fts_title(title, facets)` indexes the titles alone (`prefix='1'`: a one-symbol term is the
  prefix of the title's bigrams): "the title holds every term" is a lookup in small doclists. The other
  hits of a page are the matches of the main table less those ids.
- rowid = the entry's *place* (`fazhi.search.places`): in id order, so newest first is
  `ORDER BY rowid DESC`, which FTS5 reads straight off the index (a page of a 100,000-hit query stops
  after 20 rows instead of ranking them all), and a few apart, so the index stores one-byte rowid
  differences where entry ids would take two or three.
"""

from __future__ import annotations

import json
import time
from collections.abc import Collection, Iterator, Sequence
from functools import cached_property, partial
from itertools import islice
from operator import itemgetter

from django.db import transaction

from fazhi.core.iterables import batches
from fazhi.search import fts5_join, places
from fazhi.search.backend import (
    BATCH,
    ENTRY_TABLE,
    IN_FORCE,
    SearchBackend,
    entry_pages,
    facet_token,
    packed_texts,
)
from fazhi.search.fts5_rows import (  # noqa: F401  (rows and title_only_row: the migrations' too)
    EVERY_DOCUMENT,
    OUTSIDE_SCOPE,
    Layout,
    has_places,
    in_workers,
    pair_token,
    rebuild_rows,
    record_values,
    rows,
    title_only_row,
)
from fazhi.search.text import term_tokens

TABLE = "search_fts"

# FTS5's `ascii` tokenizer: a space separates, every other character is part of a word. Fed index symbols
# (`fazhi.search.text`: ASCII letters and digits, CJK ideographs, private-use characters) it makes exactly
# the tokens `unicode61` made until migration 0014, byte for byte the same index, in a tenth less
# insertion CPU: it looks up no Unicode tables (`docs/benchmarks.md`, "eighth session").
TOKENIZE = "tokenize='ascii'"

# The main table's text column: from migration 0016 it lists the common terms after the bigrams, and
# its name tells the layouts apart (`Fts5Backend.words_in_text`).
TERMS_COLUMN = "terms"
BIGRAMS_COLUMN = "text"  # until 0016: the bigrams alone
# The main and the characters' tables' filter words: from migration 0018 with OUTSIDE_SCOPE, in a column
# whose name tells the layouts apart (`Fts5Backend.scoped`).
FILTERS_COLUMN = "filters"
FACETS_COLUMN = "facets"  # until 0018, and the title table's


def _create_main_sql(column: str, filters: str = FILTERS_COLUMN) -> str:
    return (
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5({column}, {filters}, content='', "
        f"columnsize=0, {TOKENIZE})"
    )


CREATE_SQL = _create_main_sql(TERMS_COLUMN)
# The migrations before 0018 (and their backwards) make the main table of their time.
TERMS_CREATE_SQL = _create_main_sql(TERMS_COLUMN, FACETS_COLUMN)  # 0016 and 0017
BIGRAMS_CREATE_SQL = _create_main_sql(BIGRAMS_COLUMN, FACETS_COLUMN)  # until 0016

CHARS_TABLE = "search_fts_chars"


def _create_chars_sql(filters: str = FILTERS_COLUMN) -> str:
    return (
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {CHARS_TABLE} USING fts5(chars, {filters}, content='', "
        f"detail=none, columnsize=0, {TOKENIZE})"
    )


CREATE_CHARS_SQL = _create_chars_sql()
FACETS_CHARS_CREATE_SQL = _create_chars_sql(FACETS_COLUMN)  # 0014 to 0017

TITLE_TABLE = "search_fts_title"
CREATE_TITLE_SQL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TITLE_TABLE} USING fts5(title, facets, content='', prefix='1', "
    f"columnsize=0, {TOKENIZE})"
)


def drop_table(conn, table: str) -> None:
    """Drop one of the FTS5 tables (a migration remaking it; every one of them, in every layout, has been
    contentless, which 'delete-all' needs), emptied first by FTS5's 'delete-all':
    dropping a large one at once, with SQLite's secure_delete on (Debian's build), held every page it
    overwrote in memory (the 1.9 GB main table at 200,000 documents: 1,863 MB); emptied first, the same
    pages go through the WAL file (51 MB; `docs/benchmarks.md`, "thirteenth session")."""
    with conn.cursor() as cur:
        if table in conn.introspection.table_names(cur):
            cur.execute(f"INSERT INTO {table}({table}) VALUES ('delete-all')")  # noqa: S608
        cur.execute(f"DROP TABLE IF EXISTS {table}")


AUTOMERGE = 4  # FTS5's default 'automerge' level
CRISISMERGE = 16  # FTS5's default 'crisismerge': a level of this many segments is merged at once
HASHSIZE = 1 << 20  # FTS5's default 'hashsize': pending data flushed to a new segment beyond 1 MiB
LAYOUT_CHUNK = 10_000  # entries given their places in one transaction
REBUILD_HASHSIZE = 64 << 20  # a rebuild's batch of 1,000 documents (about 10 MiB pending) in one segment
# A rebuild's segments are left unmerged until its `optimize`, which merges them all in one pass: with
# the default, every 16 were merged on the way and the data written twice (200,000 documents: the
# segments' flushes 64 → 30 CPU-s, the optimize 32 → 38, the rebuild, a page committed at a time,
# 252 → 221 s; `docs/benchmarks.md`).
# Below FTS5's 2,000 segments in all: a larger index still merges, a thousand segments at a time.
REBUILD_CRISISMERGE = 1_000

PUBLIC = facet_token("public", True)
# The portal's default scope as filter words (`fts5_rows.in_default_scope`).
DEFAULT_SCOPE = (PUBLIC, facet_token("status", IN_FORCE))
# How long a process trusts its count of the documents outside that scope (`Fts5Backend.scope_by_outside`).
SCOPE_COUNT_SECONDS = 600
# A count lists the matches it reads, up to this many: where they are all, its page is cut from them.
LISTED = 1_000


def term_expr(term: str, title_table: bool = False) -> str:
    """One term as an FTS5 expression, on the main table or on `TITLE_TABLE` (whose `prefix='1'` index
    answers a one-symbol term as the prefix of the title's bigrams). No column filter on the main table:
    its terms' tokens (one or two symbols) never occur among the filter words (`zf…`, `zp…`, `zo…`), and
    naming a column costs a third of a count (`docs/benchmarks.md`)."""
    token, single = term_tokens(term)
    # Index symbols never include '"' (punctuation is mapped to private-use characters), so quoting is safe.
    if title_table:
        return f'title : "{token}"*' if single else f'title : "{token}"'
    return f'"{token}"'


def filter_words(
    required: list[str], any_of: list[str], title_table: bool = False, outside: bool = False
) -> str:
    """The filters as FTS5 words ANDed after the terms. On the main and the characters' tables "public and
    the first filter value" is one word (`pair_token`), and with `outside` the portal's default scope
    (`DEFAULT_SCOPE`), where asked, is `NOT OUTSIDE_SCOPE` instead: FTS5's NOT binds tighter than AND,
    so `"a" AND zf… NOT zo…` is a, and zf…, and not zo…."""
    negated = ""
    if outside and not title_table and asks_default_scope(required):
        required = [r for r in required if r not in DEFAULT_SCOPE]
        negated = f" NOT {OUTSIDE_SCOPE}"
    if not title_table and PUBLIC in required and len(required) > 1:
        rest = [r for r in required if r != PUBLIC]
        required = [pair_token(PUBLIC, rest[0]), *rest[1:]]
    parts = []
    if required:
        parts.append(" AND ".join(required))
    if any_of:
        parts.append(f"({' OR '.join(any_of)})")
    if title_table:
        return "".join(f" AND facets : ({p})" for p in parts)
    return "".join(f" AND {p}" for p in parts) + negated


def asks_default_scope(required: list[str]) -> bool:
    """Whether the filter words `required` include the portal's default scope (`DEFAULT_SCOPE`)."""
    return all(word in required for word in DEFAULT_SCOPE)


def split_terms(
    terms: list[str], chars_apart: bool = True, common: Collection[str] = ()
) -> tuple[list[str], list[str]]:
    """(the terms the main table answers as phrases of bigrams, the terms the characters' table answers
    as one token each: one-symbol terms and `common` terms, `fazhi.search.common_terms`). A term inside
    another term of the same query is left out: every match of the other holds it."""
    if not chars_apart:
        return terms, []
    kept = [t for t in terms if not any(t != other and t in other for other in terms)]
    one_symbol = {t for t in kept if term_tokens(t)[1]}
    # Common terms go to the characters' table only when every longer term does, so that one table
    # answers the query. Beside a phrase the main table must read anyway, they stay in the main table
    # (one token each there from migration 0016, `match_expressions`): FTS5 intersects its terms in one
    # pass, where joining the two tables costs statements a block (`fazhi.search.fts5_join`; at 20,000
    # documents a common and a rare term took 1.9 → 7.0 ms at p50).
    if all(t in common for t in kept if t not in one_symbol):
        return [], kept
    return [t for t in kept if t not in one_symbol], [t for t in kept if t in one_symbol]


def chars_expr(term: str) -> str:
    """A term of the characters' table: its one symbol, or a common term as the one token it is there
    (`word_expr`)."""
    return word_expr(term) if len(term) > 1 else f'"{term_tokens(term)[0]}"'


def word_expr(term: str) -> str:
    """A common term as the one token it is in the characters' table, and from migration 0016 in the main
    table too: its own symbols (only CJK ideographs, `common_terms.WORD`)."""
    return f'"{term}"'


def match_expressions(
    terms: list[str],
    required: list[str],
    any_of: list[str],
    chars_apart: bool = True,
    common: Collection[str] = (),
    words_in_text: bool = True,
    outside: bool = False,
) -> dict[str, str | None]:
    """FTS5 MATCH strings: the main table's (`all`: the phrases, and with `words_in_text` the common
    terms beside them as one token each) and the characters' table's (`chars`: the one-token terms,
    `split_terms`), either None when it has no term; a hit matches both. The filter words go with the
    main table's terms, or with the characters' when there are none (`filter_words`, with `outside`).
    `title`: the title table's, every term (the title holds every term).

    A common term's token instead of the phrase of its bigrams: FTS5 reads no position of it, and checks
    the other phrases' positions only in the documents that hold it (200,000 documents: `从事 人民政府
    地方` 8.3 → 1.4 ms to count; `docs/benchmarks.md`)."""
    longer, single = split_terms(terms, chars_apart, common)
    filters = filter_words(required, any_of, outside=outside)
    words = set(common) if words_in_text else set()
    main = " AND ".join(word_expr(t) if t in words else term_expr(t) for t in longer)
    chars = " AND ".join(chars_expr(t) for t in single)
    return {
        "all": main + filters if main else None,
        "chars": (chars + filters if not main else chars) if chars else None,
        "title": " AND ".join(term_expr(t, title_table=True) for t in terms)
        + filter_words(required, any_of, title_table=True),
    }


# {database name: (when counted, whether fewer documents are outside the default scope than in it)}
_outside_is_fewer: dict[str, tuple[float, bool]] = {}
# {(database name, schema version): `Fts5Backend._schema`}
_schemas: dict[tuple[str, int], tuple[bool, bool, bool, bool]] = {}


class Listed:
    """The matches a count listed, newest first: all of them (`complete`), or the newest, where the count
    stopped at its limit. A page is cut from them instead of being looked for again: for a query with few
    matches, that second look read the index as far as the count had (`docs/benchmarks.md`)."""

    def __init__(self, exprs: dict, rowids: list[int], complete: bool):
        self.exprs, self.rowids, self.complete = exprs, rowids, complete

    def others(self, exprs: dict, shown: set[int], needed: int) -> list[int] | None:
        """The listed matches of `exprs` less `shown` (the title hits), if they hold the first `needed`
        of them, else None."""
        if exprs != self.exprs:
            return None
        others = [r for r in self.rowids if r not in shown]
        return others if self.complete or len(others) >= needed else None


class Fts5Backend(SearchBackend):
    vendor = "sqlite"

    index_table = TABLE

    def __init__(self, conn):
        self.conn = conn
        self._listed: Listed | None = None  # the matches the count listed, for the page

    def _index_rows(self, entries: Sequence) -> None:
        self._write(entries, "")

    # -- places (`fazhi.search.places`) ---------------------------------------------------------------
    def _store(self, entries: list) -> None:
        """Save new entries with their places, run by run (new ids with no placed entry between them).
        A run's window may reach into the runs placed before it, which are not saved yet: they are
        merged in from memory. Placed entries moved to make room are re-indexed under their new places;
        this batch's own are not indexed yet and only move."""
        from fazhi.search.models import SearchEntry

        if not entries:
            return
        by_id = {e.pk: e for e in entries}
        ids = sorted(by_id)
        with self.conn.cursor() as cur:
            cur.execute(f"SELECT max(id) FROM {ENTRY_TABLE} WHERE place IS NOT NULL")  # noqa: S608
            last = cur.fetchone()[0]
        # Dated after every placed entry (today's documents): one run at the end.
        batches = [ids] if last is None or ids[0] > last else places.runs(ids, self._placed_between)
        unsaved: list[int] = []  # this batch's ids placed so far, ascending (runs come in id order)
        for run in batches:
            moves = places.plan(
                run, lambda k, run=run: self._neighbours(run, k, [(i, by_id[i].place) for i in unsaved[-k:]])
            )
            shifted = {i: p for i, p in moves.items() if i not in run}
            if shifted:
                self._move(shifted, by_id)
            for i in run:
                by_id[i].place = moves[i]
            unsaved.extend(run)
        SearchEntry.objects.bulk_create(entries, batch_size=500)

    def _placed_between(self, low: int, high: int) -> bool:
        with self.conn.cursor() as cur:
            cur.execute(
                f"SELECT 1 FROM {ENTRY_TABLE} WHERE place IS NOT NULL AND id > %s AND id < %s LIMIT 1",  # noqa: S608
                [low, high],
            )
            return cur.fetchone() is not None

    def _neighbours(self, run: list[int], k: int, unsaved_below: list) -> tuple[list, list]:
        """Up to `k` placed entries on each side of `run`, nearest first: (below, above), the saved ones
        merged with `unsaved_below` (this batch's, placed before the run)."""
        found = []
        with self.conn.cursor() as cur:
            for sql, bound in (("id < %s ORDER BY id DESC", run[0]), ("id > %s ORDER BY id", run[-1])):
                cur.execute(
                    f"SELECT id, place FROM {ENTRY_TABLE} WHERE place IS NOT NULL AND {sql} LIMIT %s",
                    [bound, k],
                )
                found.append([tuple(r) for r in cur.fetchall()])
        return sorted(found[0] + unsaved_below, reverse=True)[:k], found[1]

    def _move(self, shifted: dict[int, int], batch: dict) -> None:
        """Give placed entries new places ({id: place}); those of earlier batches are re-indexed, in
        chunks (a window open to one end can move thousands)."""
        from fazhi.search.models import SearchEntry

        chunks = list(batches((i for i in shifted if i not in batch), BATCH))
        for chunk in chunks:
            self._write(list(SearchEntry.objects.filter(pk__in=chunk)), "delete")
        with self.conn.cursor() as cur:  # out of the way first: the unique index checks row by row
            cur.executemany(f"UPDATE {ENTRY_TABLE} SET place = NULL WHERE id = %s", [(i,) for i in shifted])
            cur.executemany(
                f"UPDATE {ENTRY_TABLE} SET place = %s WHERE id = %s", [(p, i) for i, p in shifted.items()]
            )
        for chunk in chunks:
            self._write(list(SearchEntry.objects.filter(pk__in=chunk)), "")
        for i in shifted.keys() & batch.keys():
            batch[i].place = shifted[i]

    def _entry_ids(self, rowids: list[int]) -> dict[int, int]:
        """{place: entry id} of the given rowids."""
        with self.conn.cursor() as cur:
            cur.execute(
                f"SELECT place, id FROM {ENTRY_TABLE} WHERE place IN (SELECT value FROM json_each(%s))",  # noqa: S608
                [json.dumps(rowids)],
            )
            return dict(cur.fetchall())

    def _unindex_rows(self, entries: Sequence) -> None:
        # An entry with no place was loaded (`load`) and not indexed yet: nothing to remove.
        self._write([e for e in entries if getattr(e, "place", 0) is not None], "delete")

    def _write(self, entries: Sequence, command: str) -> None:
        """Insert the entries' rows, or with `command` 'delete' remove them (FTS5 needs the same tokens)."""
        layout = self.layout
        self._write_rows([rows(e, layout) for e in entries], command)

    def _write_rows(self, triples: Sequence[tuple], command: str) -> None:
        """Insert (or with 'delete' remove) rows made by `document_rows`, each table's in one statement."""
        if not triples:
            return
        value = "'delete', " if command else ""
        with self.conn.cursor() as cur:
            for k, (table, columns) in enumerate(self.columns.items()):
                table_rows = [t[k] for t in triples if t[k] is not None]
                if table_rows:
                    head = f"{table}, " if command else ""
                    cur.executemany(
                        f"INSERT INTO {table}({head}rowid, {columns}) "  # noqa: S608
                        f"VALUES ({value}%s, CAST(%s AS TEXT), %s)",
                        table_rows,
                    )

    def _rebuild_pages(self, source) -> Iterator[list]:
        """The pages' rows, made in worker processes (`in_workers`) while this one writes the pages before:
        making the rows was two fifths of a rebuild's CPU, and FTS5's inserts and segment writes, which
        only this process can do, most of the rest. The entries are read as values with their texts still
        packed (`record_values`): unpacking them is the workers' work too."""
        pages = entry_pages(record_values(source), pk=itemgetter(0))
        return in_workers(partial(rebuild_rows, layout=self.layout), pages)

    def _index_page(self, page: list) -> None:
        self._write_rows(page, "")

    def _stored_texts(self, texts: Iterator[list[str]]) -> Iterator[list]:
        """A bulk load's texts packed in worker processes (`packed_texts`) while this one saves the
        batches before: compressing them was two thirds of the load's CPU."""
        return in_workers(packed_texts, texts)

    @cached_property
    def _schema(self) -> tuple[bool, bool, bool, bool]:
        """(`chars_apart`, `words_in_text`, whether the main table's and the characters' table's filter
        words are in `FILTERS_COLUMN`), read from the schema in one statement (a search asks them all).

        Remembered per process and database under SQLite's schema version, which every change of the
        schema raises (another process's migration too): reading `PRAGMA schema_version` costs a tenth
        of reading the tables' columns, which was 0.13 ms of every portal call (`docs/benchmarks.md`,
        "fifteenth session"). Not inside a transaction: a schema changed there and rolled back (a test
        running a migration's functions) takes its version number back with it, and a later change
        may reach that number with another layout."""
        with self.conn.cursor() as cur:
            if self.conn.in_atomic_block:
                return self._read_schema(cur)
            cur.execute("PRAGMA schema_version")
            key = (self._database_name, cur.fetchone()[0])
            if key not in _schemas:
                _schemas[key] = self._read_schema(cur)
            return _schemas[key]

    @staticmethod
    def _read_schema(cur) -> tuple[bool, bool, bool, bool]:
        cur.execute(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s), "
            "EXISTS (SELECT 1 FROM pragma_table_info(%s) WHERE name = %s), "
            "EXISTS (SELECT 1 FROM pragma_table_info(%s) WHERE name = %s), "
            "EXISTS (SELECT 1 FROM pragma_table_info(%s) WHERE name = %s)",
            [CHARS_TABLE, TABLE, TERMS_COLUMN, TABLE, FILTERS_COLUMN, CHARS_TABLE, FILTERS_COLUMN],
        )
        return tuple(bool(v) for v in cur.fetchone())

    @property
    def layout(self) -> Layout:
        """What the rows hold (`fts5_rows.Layout`): the schema's layout and the vocabulary."""
        return Layout(self.chars_apart, self.words_in_text, self.scoped, self.vocabulary)

    @property
    def chars_apart(self) -> bool:
        """Whether the characters have a table of their own (from migration 0014 on)."""
        return self._schema[0]

    @property
    def words_in_text(self) -> bool:
        """Whether the main table lists the common terms after the bigrams (from migration 0016 on: its
        column is then `TERMS_COLUMN`)."""
        return self._schema[1]

    @property
    def scoped(self) -> bool:
        """Whether the documents outside the portal's default scope carry `OUTSIDE_SCOPE` (from migration
        0018 on, which names both tables' filter words' column `FILTERS_COLUMN`; a table still of its
        time beside the other, as a test of an older migration leaves them, means no)."""
        _, _, main, chars = self._schema
        return main and (chars or not self.chars_apart)

    @cached_property
    def columns(self) -> dict[str, str]:
        """Each table's columns, in the order of `rows`."""
        _, _, main_filters, chars_filters = self._schema
        main = TERMS_COLUMN if self.words_in_text else BIGRAMS_COLUMN
        return {
            TABLE: f"{main}, {FILTERS_COLUMN if main_filters else FACETS_COLUMN}",
            TITLE_TABLE: "title, facets",
            CHARS_TABLE: f"chars, {FILTERS_COLUMN if chars_filters else FACETS_COLUMN}",
        }

    def scope_by_outside(self) -> bool:
        """Whether to ask the portal's default scope as `NOT OUTSIDE_SCOPE` (`filter_words`): in the layout
        that has that word, when fewer documents carry it than not, so that its list is the shorter one
        to walk (an archive of mostly repealed documents keeps the "public and in force" word). The two
        ways find the same documents, so the count behind the choice is made once every
        SCOPE_COUNT_SECONDS per process and database: a stale one costs only speed."""
        if not self.scoped:
            return False
        key = self._database_name
        known = _outside_is_fewer.get(key)
        if known is None or time.monotonic() - known[0] > SCOPE_COUNT_SECONDS:
            table = CHARS_TABLE if self.chars_apart else TABLE
            with self.conn.cursor() as cur:
                cur.execute(
                    f"SELECT (SELECT count(*) FROM {table} WHERE {table} MATCH %s), "  # noqa: S608
                    f"(SELECT count(*) FROM {ENTRY_TABLE})",
                    [OUTSIDE_SCOPE],
                )
                outside, entries = cur.fetchone()
            known = _outside_is_fewer[key] = (time.monotonic(), 2 * outside < entries)
        return known[1]

    @property
    def _database_name(self) -> str:
        """The database's name, which keys what a process remembers of it (`_outside_is_fewer`)."""
        return str(self.conn.settings_dict["NAME"])

    @property
    def tables(self) -> list[str]:
        return [t for t in self.columns if t != CHARS_TABLE or self.chars_apart]

    def _clear(self) -> None:
        with self.conn.cursor() as cur:
            for table in self.tables:
                cur.execute(f"INSERT INTO {table}({table}) VALUES ('delete-all')")

    def _ids(self, match: str, limit: int, offset: int = 0, table: str = TABLE) -> list[int]:
        with self.conn.cursor() as cur:
            cur.execute(
                f"SELECT rowid FROM {table} WHERE {table} MATCH %s ORDER BY rowid DESC LIMIT %s OFFSET %s",
                [match, limit, offset],
            )
            return [r[0] for r in cur.fetchall()]

    def _expressions(self, terms, required, any_of) -> dict[str, str | None]:
        outside = asks_default_scope(required) and self.scope_by_outside()
        return match_expressions(
            terms, required, any_of, self.chars_apart, self._common(terms), self.words_in_text, outside
        )

    def _count(self, terms, required, any_of, stop) -> int:
        """Counts, and lists the matches on the way where that costs nothing more (`_listed`)."""
        exprs = self._expressions(terms, required, any_of)
        if exprs["all"] and exprs["chars"]:
            found = list(islice(self._both(exprs), stop))
            self._listed = Listed(exprs, found, complete=len(found) < stop)
            return len(found)
        table, match = self._one_table(exprs)
        with self.conn.cursor() as cur:
            # The oldest LISTED first, as the count reads them: where there are fewer, that is all of them.
            cur.execute(
                f"SELECT json_group_array(rowid) FROM (SELECT rowid FROM {table} WHERE {table} MATCH %s "  # noqa: S608
                "ORDER BY rowid LIMIT %s)",
                [match, LISTED],
            )
            found = json.loads(cur.fetchone()[0])
            if len(found) < LISTED:
                self._listed = Listed(exprs, sorted(found, reverse=True), complete=True)
                return len(found)
            self._listed = None  # the oldest matches: no page's
            cur.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE {table} MATCH %s AND rowid > %s LIMIT %s)",  # noqa: S608
                [match, max(found), stop - LISTED],
            )
            return LISTED + cur.fetchone()[0]

    def _match_page(self, terms, required, any_of, offset, limit):
        exprs = self._expressions(terms, required, any_of)
        titled = self._ids(exprs["title"], offset + limit, table=TITLE_TABLE)
        page = [(row, True) for row in titled[offset:]]
        if len(page) < limit:
            # Fewer title hits than the page needs: `titled` holds all of them, so its length is exact, and
            # the other hits are the matches less those ids.
            skip, wanted = max(0, offset - len(titled)), limit - len(page)
            shown = set(titled)
            listed = self._listed.others(exprs, shown, skip + wanted) if self._listed else None
            if listed is not None:
                page += [(r, False) for r in listed[skip : skip + wanted]]
            elif exprs["all"] and exprs["chars"]:
                others = (r for r in self._both(exprs) if r not in shown)
                page += [(r, False) for r in islice(others, skip, skip + wanted)]
            else:
                table, match = self._one_table(exprs)
                with self.conn.cursor() as cur:
                    cur.execute(
                        f"SELECT rowid FROM {table} WHERE {table} MATCH %s AND rowid NOT IN "  # noqa: S608
                        "(SELECT value FROM json_each(%s)) ORDER BY rowid DESC LIMIT %s OFFSET %s",
                        [match, json.dumps(titled), wanted, skip],
                    )
                    page += [(r[0], False) for r in cur.fetchall()]
        ids = self._entry_ids([row for row, _ in page])  # a row with no entry (a raw flush) shows nothing
        return [(ids[row], in_title) for row, in_title in page if row in ids]

    @staticmethod
    def _one_table(exprs: dict) -> tuple[str, str]:
        return (TABLE, exprs["all"]) if exprs["all"] else (CHARS_TABLE, exprs["chars"])

    def _both(self, exprs: dict) -> Iterator[int]:
        """The rowids both the main and the characters' table match, newest first (`fts5_join`)."""
        return self._two_tables.matches(exprs["all"], exprs["chars"])

    @cached_property
    def _two_tables(self) -> fts5_join.TwoTables:
        # One per backend, that is per search: the count and the page share what it has learnt (a share
        # gone stale in a longer-lived backend only picks the slower way to join, never other hits).
        return fts5_join.TwoTables(self.conn, TABLE, CHARS_TABLE, EVERY_DOCUMENT)

    def _configure(self, **options: int) -> None:
        """Set FTS5 options of every table (stored in the tables): `automerge` 0 and `crisismerge`
        REBUILD_CRISISMERGE while bulk loading (segments are merged once, by `optimize`, instead of again
        and again as they pile up: a fifth less insertion CPU on 3,000 documents, `docs/benchmarks.md`),
        FTS5's defaults otherwise."""
        with self.conn.cursor() as cur:
            for table in self.tables:
                for name, value in options.items():
                    cur.execute(f"INSERT INTO {table}({table}, rank) VALUES (%s, %s)", [name, value])

    def rebuild(self, entries=None, respace: bool = True, common: bool = True) -> int:
        """Re-index every entry (`SearchBackend.rebuild`); with `respace`, first lay the places out afresh
        (`places.lay_out`).

        Loads with FTS5's merges off and a pending-data buffer (`hashsize`) that holds a whole batch, so
        each batch's transaction writes one segment per table, all merged once at the end (`optimize`). Called
        outside a transaction (the migrations, the benchmark) each batch commits, and searches meanwhile
        find only what is indexed so far. `fazhi search_rebuild` calls it inside one: searches read the
        old index until the new one is whole (each batch is then a savepoint, where FTS5 writes its
        segment just the same), and SQLite's WAL file holds every page written until the commit, about
        twice the index."""
        _outside_is_fewer.pop(self._database_name, None)
        if respace and has_places(entries):
            self._lay_out_places()
        self._configure(automerge=0, hashsize=REBUILD_HASHSIZE, crisismerge=REBUILD_CRISISMERGE)
        try:
            done = super().rebuild(entries, common)
        finally:
            self._configure(automerge=AUTOMERGE, hashsize=HASHSIZE, crisismerge=CRISISMERGE)
        self.optimize()
        return done

    def _lay_out_places(self) -> None:
        """Every entry's place afresh, in id order (the index is cleared first: its rowids are the old
        places), in one pass of updates that leaves alone the entries whose place stays
        (`places.reorder`)."""
        self._clear()
        with self.conn.cursor() as cur:
            cur.execute(f"SELECT id, place FROM {ENTRY_TABLE} ORDER BY id")  # noqa: S608
            old = [tuple(r) for r in cur.fetchall()]
            laid_out = places.lay_out([(i, None) for i, _ in old], None, None, places.REBUILD_STEP)
            moves = places.reorder(old, laid_out)
            if moves is None:  # out of id order: out of the way first (the unique index checks row by row)
                self._clear_places([i for i, _ in old])
                moves = [(p, i) for (i, _), p in zip(old, laid_out, strict=True)]
            # In transactions of LAYOUT_CHUNK rows: in autocommit each row was one, and rewrote its page
            # into the WAL file again (20,000 documents: 2.3 CPU-s and a 186 MiB WAL; `docs/benchmarks.md`).
            # Inside `search_rebuild`'s transaction one UPDATE of every row kept each page it changed in
            # SQLite's statement journal, in memory (`temp_store=MEMORY`): 1.2 GB at 200,000 documents.
            for chunk in batches(moves, LAYOUT_CHUNK):
                with transaction.atomic(using=self.conn.alias):
                    cur.executemany(f"UPDATE {ENTRY_TABLE} SET place = %s WHERE id = %s", chunk)  # noqa: S608

    def _clear_places(self, ids: list[int]) -> None:
        """Every place of `ids` (ascending) set to NULL, chunk by chunk."""
        with self.conn.cursor() as cur:
            for chunk in batches(ids, LAYOUT_CHUNK):
                with transaction.atomic(using=self.conn.alias):
                    cur.execute(
                        f"UPDATE {ENTRY_TABLE} SET place = NULL WHERE id BETWEEN %s AND %s",  # noqa: S608
                        [chunk[0], chunk[-1]],
                    )

    def optimize(self) -> None:
        """Merge the index segments (after a bulk load): fewer, larger b-trees to read per query."""
        with self.conn.cursor() as cur:
            for table in self.tables:
                cur.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
