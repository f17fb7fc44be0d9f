"""PostgreSQL with the RUM extension: bigrams with their positions, so a longer term is a phrase of its
consecutive bigrams answered by the index alone (no text read back from TOAST to confirm it).

    search_rum(id = SearchEntry.id, part, multi boolean, facets text[], grams tsvector)
               RUM (grams rum_tsvector_ops) WHERE NOT multi, RUM (grams rum_tsvector_ops) WHERE multi

Why RUM rather than GIN: GIN keeps no positions, so a phrase (`'法治' <-> '治政' <-> '政府'`) is only a
candidate that PostgreSQL rechecks on the stored tsvector, read back from TOAST. RUM stores each
lexeme's positions in the index and decides a phrase there, so a count of up to 10,001 matches never
reads a text, *provided every lexeme of the query has positions*: `rum_tsquery_consistent` answers
"maybe" (recheck the row) for a lexeme stored without positions, and one such lexeme in the query (a
filter word, a character) made every match be rechecked on its toasted tsvector, as slow as GIN. So the
characters are stored at position 1 (a phrase is only ever made of bigrams, so the position they carry
is never compared).

The filter words (`facet_token`: public, status, kind …) are not in the tsvector but in `facets`, a small
array stored inline and tested on the row the scan fetches anyway for its id. In the tsvector they were
posting lists holding nearly every row, which RUM opens and walks for every query: 18 ms of 18.3 for an
absent term at 20,000 documents, twice the time of a count of 3,000 matches, and growing with the corpus.

A tsvector holds positions 1..16,383 and at most 256 of them per lexeme (PostgreSQL silently clamps or
drops the rest), so a text is cut into chunks (`chunk_bounds`) whose bigrams stay within 16,382
positions and 255 per bigram; consecutive chunks overlap by MAX_TERM_CHARS - 1 characters, so every
substring a term can be (at most MAX_TERM_CHARS characters) lies whole inside one chunk.

Rows. A document whose title and text fit in one chunk (nearly all: the limit is about 16,000
characters) is one row (`multi` false): the title's bigrams, a gap of one position, then the text's, so one row
answers "every term is in the title or the text" with one tsquery. A longer document is several rows
(`multi` true): the title's chunks and the text's chunks, each alone; it matches when every term is in
one of its rows, an INTERSECT of one query per term over the (few) multi-row documents. Every row also
holds the distinct characters of its chunk (one-character terms) and the document's filter words.

The two kinds of rows have an index each (partial on `multi`): a query reads the posting lists of its
own terms only. Until migration 0009 the kind was a marker word in every row's tsvector (and the filter
words were words there too), and every query walked that word's posting list, which holds every row.

Parts. The table is partitioned by id range (`PARTITION BY RANGE (id)`, one pair of RUM indexes per
partition). An entry id is (date ordinal << 16) + a key hash, so a range of ids is a range of dates. A
RUM scan collects every match before it returns the first (without an ORDER BY on an attached column
`rumgettuple` sorts them all), so `LIMIT` bounds nothing and one scan over the whole table costs as many
matches as the corpus holds. The backend therefore reads the parts newest first (`Matches`): the
newest one or two alone, their ids heading the page, then all the older ones in one statement under one
LIMIT, which PostgreSQL runs part by part and stops after the part in which 10,001 matches are counted:
a common phrase costs the newest part or two, a rare one the sum of short scans. The statements name the
parts (no id condition, so no plan but the RUM index) and are prepared once per database session.

The parts are laid out by document count (`lay_out`, about `part_docs()` documents each: the rebuild,
migration 0010 and the benchmark's bulk load) and always cover every id, from MINVALUE to MAXVALUE, so
no insert can fail for want of a part. New documents carry today's date and land in the newest, open
part; once it holds `part_docs()` documents it is closed at its largest id and an empty open part begins
above it (`grow`: a detach and re-attach with the new bound, no row moved, no index rebuilt). A bulk
import of old dates grows an older part instead; `fazhi search_rebuild` lays the parts out anew.

Available when the extension can be created (`install`: the server has the `postgresql-15-rum`
package and we may create extensions); otherwise the backend keeps the GIN gram path alone
(`fazhi.search.postgres`), decided per connection by whether `search_rum` exists (`available`).
"""

from __future__ import annotations

import operator
from collections import Counter, defaultdict
from contextlib import contextmanager

from django.db import DatabaseError, OperationalError, transaction

from fazhi.search.text import MAX_TERM_CHARS

TABLE = "search_rum"

MAX_POSITION = 16_382  # 16,383 is where PostgreSQL clamps larger positions: never use it
MAX_PER_LEXEME = 255  # PostgreSQL keeps 256 positions per lexeme; stay below
OVERLAP = MAX_TERM_CHARS - 1  # characters shared by consecutive chunks

PART_DOCS = 10_000  # documents per part, unless settings.FAZHI_SEARCH_PART_DOCS says otherwise
PARALLEL_WORKERS = 0  # parallel workers reading the older parts, unless FAZHI_SEARCH_PARALLEL_WORKERS
COLUMNS = "id bigint NOT NULL, part integer NOT NULL, multi boolean NOT NULL, facets text[] NOT NULL, grams tsvector NOT NULL"
INDEX_SQL = [
    f"CREATE INDEX IF NOT EXISTS {TABLE}_single ON {TABLE} USING rum (grams rum_tsvector_ops) WHERE NOT multi",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_multi ON {TABLE} USING rum (grams rum_tsvector_ops) WHERE multi",
]
INDEXES = [f"{TABLE}_single", f"{TABLE}_multi"]
OLD_INDEX = f"{TABLE}_grams"  # the one index over both kinds of rows, until migration 0009
INSERT_SQL = f"INSERT INTO {TABLE} (id, part, multi, facets, grams) VALUES (%s, %s, %s, %s, %s::tsvector)"
DROP_SQL = [f"DROP TABLE IF EXISTS {TABLE}"]
GROW_LOCK = 0x7E5EA2C4  # pg_try_advisory_xact_lock key: one transaction closes the open part at a time


def part_docs() -> int:
    from django.conf import settings

    return getattr(settings, "FAZHI_SEARCH_PART_DOCS", PART_DOCS)


def install(conn) -> bool:
    """Create the extension and the table (one open part, its indexes) where the server allows; whether
    RUM is now in use."""
    try:
        with transaction.atomic(using=conn.alias), conn.cursor() as cur:
            cur.execute("CREATE EXTENSION IF NOT EXISTS rum")
            cur.execute("SELECT to_regclass(%s) IS NULL", [TABLE])
            if cur.fetchone()[0]:
                create(cur, [])
                for sql in INDEX_SQL:
                    cur.execute(sql)
    except DatabaseError:  # no package on the server, or no right to create extensions: GIN alone
        return False
    forget(conn)
    return True


def available(conn) -> bool:
    """Whether `search_rum` exists on this connection's database (asked once per database session)."""
    conn.ensure_connection()
    raw = id(conn.connection)
    cached = getattr(conn, "_fazhi_rum", None)
    if cached is None or cached[0] != raw:
        with conn.cursor() as cur:
            cur.execute("SELECT to_regclass(%s) IS NOT NULL", [TABLE])
            cached = (raw, cur.fetchone()[0])
        conn._fazhi_rum = cached
    return cached[1]


def forget(conn) -> None:
    conn._fazhi_rum = None


# -------------------------------------------------------------------------------------------- parts
def _edge(value: int | None, infinite: str) -> str:
    return infinite if value is None else str(int(value))


def _create_part(cur, lo: int | None, hi: int | None) -> None:
    name = f"{TABLE}_p{_edge(lo, 'min')}"
    cur.execute(
        f"CREATE TABLE {name} PARTITION OF {TABLE} "
        f"FOR VALUES FROM ({_edge(lo, 'MINVALUE')}) TO ({_edge(hi, 'MAXVALUE')})"
    )


def create(cur, starts: list[int]) -> None:
    """`search_rum` partitioned by id, a part beginning at each of `starts` (ascending) besides the first
    from MINVALUE; the last part is open up to MAXVALUE. Without the RUM indexes (`INDEX_SQL`: built in
    one go after a bulk load, far faster than row by row)."""
    cur.execute(f"CREATE TABLE {TABLE} ({COLUMNS}, PRIMARY KEY (id, part)) PARTITION BY RANGE (id)")
    edges = [None, *starts, None]
    for lo, hi in zip(edges, edges[1:], strict=False):
        _create_part(cur, lo, hi)


def starts_for(ids, size: int) -> list[int]:
    """Where parts begin so that each holds `size` of the documents `ids`, the last, open one fewer: when
    it would be full, an empty open part begins above the largest id (the state `grow` leaves)."""
    ordered = sorted(set(ids))
    starts = ordered[size::size]
    if ordered and len(ordered) % size == 0:
        starts.append(ordered[-1] + 1)
    return starts


def lay_out(cur, ids, size: int | None = None) -> None:
    """Recreate `search_rum` empty, its parts laid out for the documents `ids` (about `size` each), without
    the RUM indexes: load the rows, then create them."""
    cur.execute(f"DROP TABLE IF EXISTS {TABLE}")
    create(cur, starts_for(ids, size or part_docs()))


def _range(lo: int | None, hi: int | None) -> tuple[str, list]:
    """SQL selecting the ids [lo, hi). The bounds are written into the statement as constants, never
    bound as parameters: with constants the planner prunes to the one part and takes its RUM index; with
    a bound it cannot see it walked every part's primary key and rechecked each toasted tsvector (2.6 s
    for `人民政府` at 50,000 documents, docs/benchmarks.md)."""
    sql = ""
    if lo is not None:
        sql += f" AND id >= {int(lo)}"
    if hi is not None:
        sql += f" AND id < {int(hi)}"
    return sql, []


def _value(bound: str) -> int | None:
    return None if bound in ("MINVALUE", "MAXVALUE") else int(bound.strip("'"))


def parts(cur) -> list[tuple[int | None, int | None, str]]:
    """(first id, id after the last or None, table name) of each part, oldest first."""
    cur.execute(
        "SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i "
        "JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = %s::regclass",
        [TABLE],
    )
    found = []
    for name, bound in cur.fetchall():
        lo, hi = bound.removeprefix("FOR VALUES FROM (").removesuffix(")").split(") TO (")
        found.append((_value(lo), _value(hi), name))
    return sorted(found, key=lambda p: -1 if p[0] is None else p[0])


def _documents(cur, lo: int | None, hi: int | None, stop: int) -> int:
    """Documents in [lo, hi), counted up to `stop` (a long document's first row only)."""
    rng, params = _range(lo, hi)
    cur.execute(
        f"SELECT count(*) FROM (SELECT 1 FROM {TABLE} WHERE part = 0{rng} LIMIT %s) s", [*params, stop]
    )
    return cur.fetchone()[0]


def grow(conn, ids, size: int | None = None) -> bool:
    """After inserting the documents `ids`: once the open (newest) part holds `size` documents, close it at
    its largest id and open an empty part above (no row moves, no index is rebuilt: the part is detached
    and attached again with its new bound). Whether it did. Never fails the caller's write: when another
    transaction is closing it, or the lock on the table is not granted within two seconds (searches or
    writes in progress), the part stays open and the next insert tries again."""
    size = size or part_docs()
    with conn.cursor() as cur:
        lo, _, name = parts(cur)[-1]
        if (lo is not None and max(ids, default=-1) < lo) or _documents(cur, lo, None, size) < size:
            return False
        try:
            with transaction.atomic(using=conn.alias):  # a savepoint: on a lock timeout nothing changes
                cur.execute("SELECT pg_try_advisory_xact_lock(%s)", [GROW_LOCK])
                if not cur.fetchone()[0]:
                    return False
                lo, _, name = parts(cur)[-1]  # another transaction may have closed it meanwhile
                if _documents(cur, lo, None, size) < size:
                    return False
                rng, params = _range(lo, None)
                cur.execute(f"SELECT max(id) + 1 FROM {TABLE} WHERE true{rng}", params)
                top = cur.fetchone()[0]
                cur.execute("SET LOCAL lock_timeout = '2s'")
                cur.execute(f"ALTER TABLE {TABLE} DETACH PARTITION {name}")
                cur.execute(
                    f"ALTER TABLE {TABLE} ATTACH PARTITION {name} "
                    f"FOR VALUES FROM ({_edge(lo, 'MINVALUE')}) TO ({int(top)})"
                )
                _create_part(cur, top, None)
                cur.execute("SET LOCAL lock_timeout = DEFAULT")
        except OperationalError as exc:
            if getattr(exc.__cause__, "sqlstate", None) in ("55P03", "40P01"):  # lock timeout, deadlock
                return False
            raise
    return True


# ------------------------------------------------------------------------------------------- chunks
def _fits(text: str, budget: int) -> bool:
    if len(text) - 1 > budget:
        return False
    counts = Counter(map(operator.add, text, text[1:]))
    return not counts or max(counts.values()) <= MAX_PER_LEXEME


def chunk_bounds(text: str, budget: int = MAX_POSITION) -> list[tuple[int, int]]:
    """Character ranges [start, end) covering `text`: each holds at most `budget` bigrams and at most
    MAX_PER_LEXEME of any one; consecutive ranges overlap by OVERLAP characters, so any substring of up
    to MAX_TERM_CHARS characters lies inside one range."""
    if _fits(text, budget):
        return [(0, len(text))]
    bounds = []
    start = 0
    while True:
        counts: dict[str, int] = {}
        i, stop = start, min(len(text) - 1, start + budget)
        while i < stop:
            gram = text[i : i + 2]
            seen = counts.get(gram, 0) + 1
            if seen > MAX_PER_LEXEME:
                break
            counts[gram] = seen
            i += 1
        end = i + 1  # the bigram starting at i (if any) belongs to the next range
        bounds.append((start, end))
        if end >= len(text):
            return bounds
        # Progress is guaranteed: a range holds at least MAX_PER_LEXEME bigrams, far more than OVERLAP.
        start = end - OVERLAP


def _lexeme(gram: str) -> str:
    return "'" + gram.replace("\\", "\\\\").replace("'", "''") + "'"


def _skip(text: str) -> set[str]:
    # Whitespace splits terms and '\x00' cannot be stored: grams holding them are never looked up.
    return {c for c in set(text) if c.isspace() or c == "\x00"}


def _vector(parts: list[str]) -> str:
    """tsvector input: the bigrams of each part with their positions (a one-position gap between parts,
    so no phrase crosses), then the distinct characters at position 1 (see the module's docstring: a
    lexeme without positions makes RUM recheck the row)."""
    positions: dict[str, list[str]] = defaultdict(list)
    chars: set[str] = set()
    at = 1
    for text in parts:
        for p, gram in enumerate(map(operator.add, text, text[1:]), at):
            positions[gram].append(str(p))
        at += len(text)  # the last character starts no bigram: that position is the gap
        chars.update(text)
    skip = _skip("".join(chars))
    out = [
        _lexeme(g) + ":" + ",".join(ps)
        for g, ps in positions.items()
        if not (skip and (g[0] in skip or g[1] in skip))
    ]
    out += [_lexeme(c) + ":1" for c in chars - skip]
    return " ".join(out)


def rows(pk: int, title: str, body: str, facets: list[str]) -> list[tuple[int, int, bool, list[str], str]]:
    """(id, part, multi, filter words, tsvector text) of a document's rows (see the module's docstring)."""
    if _fits(title + "\x00" + body, MAX_POSITION):
        return [(pk, 0, False, facets, _vector([title, body]))]
    pieces = [title[s:e] for s, e in chunk_bounds(title)] + [body[s:e] for s, e in chunk_bounds(body)]
    return [(pk, part, True, facets, _vector([piece])) for part, piece in enumerate(pieces)]


# ------------------------------------------------------------------------------------------ queries
def term_query(term: str) -> str:
    """A folded term as a tsquery: its character, its bigram, or the phrase of its bigrams."""
    if len(term) <= 2:
        return _lexeme(term)
    return "(" + " <-> ".join(_lexeme(term[i : i + 2]) for i in range(len(term) - 1)) + ")"


def query(terms: list[str]) -> str:
    return " & ".join(term_query(t) for t in terms)


def _filters(required: list[str], any_of: list[str]) -> tuple[str, list]:
    """SQL testing a row's filter words: all of `required`, one of `any_of` (when given)."""
    sql, params = " AND facets @> %s::text[]", [list(required)]
    if any_of:
        sql += " AND facets && %s::text[]"
        params.append(list(any_of))
    return sql, params


def _part_sql(name: str, terms: list[str], where: str, params: list) -> tuple[str, list]:
    """SQL of the ids of every matching document in the part (table) `name`: the one-row documents through
    their index, and those of several rows (each term in one of the document's rows) through theirs.

    The part is named, never selected by its id range on the parent: an id condition lets the planner walk
    a small part's primary key and recheck every row's toasted tsvector instead of using the RUM index (20
    ms against 0.6 for `中华人民共和国` on a part of 1,000 documents, docs/benchmarks.md); without one, the
    RUM index is the only way in."""
    intersect = " INTERSECT ".join(
        f"SELECT id FROM {name} WHERE grams @@ %s::tsquery AND multi{where}" for _ in terms
    )
    sql = (
        f"SELECT id FROM {name} WHERE grams @@ %s::tsquery AND NOT multi{where} "
        f"UNION ALL SELECT * FROM (SELECT DISTINCT id FROM ({intersect}) m) m"
    )
    return sql, [query(terms), *params, *[p for t in terms for p in (query([t]), *params)]]


def part_matches(
    cur, terms: list[str], required: list[str], any_of: list[str], name: str, prepare: bool = False
) -> list[int]:
    """Ids of every matching document in the part `name`, in no particular order (`cur`: `_binding`)."""
    sql, params = _part_sql(name, terms, *_filters(required, any_of))
    cur.execute(sql, params, prepare=prepare)
    return [r[0] for r in cur.fetchall()]


def older_matches(
    cur,
    terms: list[str],
    required: list[str],
    any_of: list[str],
    names: list[str],
    limit: int,
    listed: bool = True,
    prepare: bool = False,
) -> tuple[list[int], int, bool]:
    """The matches in the parts `names`, in one statement: their ids in no particular order (only when
    `listed`: else the count alone, so no id crosses the wire), how many, and whether that is all of them.
    The one-row documents are read up to `limit` (at the limit the ids are some of them only), those of
    several rows whole (few: the long national laws).

    One statement for many parts saves a statement per part, and where `parallel_workers()` allows workers
    (off by default: each opens every part cold, docs/search.md) the one-row documents' scans become a
    Parallel Append, each part's RUM scan run whole by one process. The several-row documents'
    `INTERSECT` is not parallel safe, so it is a branch of its own, over all the parts at once (a
    document's rows share its id, so they are all in one part)."""
    where, params = _filters(required, any_of)
    single = " UNION ALL ".join(
        f"SELECT id FROM {name} WHERE grams @@ %s::tsquery AND NOT multi{where}" for name in names
    )
    per_term = [
        " UNION ALL ".join(
            f"SELECT id FROM {name} WHERE grams @@ %s::tsquery AND multi{where}" for name in names
        )
        for _ in terms
    ]
    # DISTINCT: with one term there is no INTERSECT to remove the ids of a document's several rows.
    multi = (
        "SELECT DISTINCT id FROM ("
        + " INTERSECT ".join(f"SELECT id FROM ({sql}) t" for sql in per_term)
        + ") m"
    )
    both = f"SELECT id, false AS multi FROM ({single} LIMIT %s) s UNION ALL SELECT id, true FROM ({multi}) m"
    if not listed:
        both = f"SELECT count(*) FILTER (WHERE NOT multi), count(*) FILTER (WHERE multi) FROM ({both}) b"
    cur.execute(
        both,
        [
            *(p for _ in names for p in (query(terms), *params)),
            limit,
            *(p for t in terms for _ in names for p in (query([t]), *params)),
        ],
        prepare=prepare,
    )
    if not listed:
        singles, multis = cur.fetchone()
        return [], singles + multis, singles < limit
    found = cur.fetchall()
    return [r[0] for r in found], len(found), sum(not r[1] for r in found) < limit


HEAD = 64  # matches listed before the older parts are only counted: a page of 20 and its title hits
FIRST_PARTS = 2  # parts listed one by one at most before the rest are read at once (the open may be empty)


def parallel_workers() -> int:
    from django.conf import settings

    return getattr(settings, "FAZHI_SEARCH_PARALLEL_WORKERS", PARALLEL_WORKERS)


class Matches:
    """The matches of one query, newest part first. `ids` holds every match of the parts listed so far,
    newest first, so its first n are the query's n newest matches whenever it holds n or more; `done` says
    every part has been listed (then `ids` is all of them); `total` is the count (`count`).

    `count(stop)` lists the newest part (and the next while they hold fewer than `HEAD` matches: the open
    part may be nearly empty), one statement each, then reads all the older parts in one statement
    (`older_matches`) up to the matches still needed: as a count alone once the listed parts hold `HEAD`
    matches, else with their ids (listed when that statement read every part whole). `read` lists further
    parts, one statement each, when a page needs more."""

    def __init__(self, conn, terms: list[str], required: list[str], any_of: list[str]):
        self.conn = conn
        self.key = (terms, required, any_of)
        self.ids: list[int] = []
        self.total = 0
        self.parts_listed = 0  # parts whose ids are in `ids`
        self.statements = 0
        self._unread: list[tuple] | None = None  # the parts not listed yet, newest first
        self.prepare = persistent(conn)

    @property
    def done(self) -> bool:
        return self._unread == []

    def head(self) -> int:
        """List the newest parts (the first step of `count`, taken once); how many matches they hold."""
        if self._unread is None:
            self.read(HEAD, most=FIRST_PARTS)
        return len(self.ids)

    def likely(self) -> float:
        """How many matches the whole index likely holds: the newest parts' (`head`) times the parts in
        all over the parts listed (an estimate: the open part may hold few documents)."""
        found = self.head()
        return found * (self.parts_listed + len(self._unread)) / max(1, self.parts_listed)

    def count(self, stop: int) -> int:
        """The matches, counted up to `stop`."""
        self.head()  # the newest parts: their ids head the page
        unread, need = self._unread, stop - len(self.ids)
        self.total = len(self.ids)
        if need <= 0 or not unread:
            return min(self.total, stop)
        with self._cursor(parallel=True) as cur:
            # Once the listed parts hold HEAD matches, a page rarely needs more: the older ones are only
            # counted (no id crosses the wire), and a page that does need them lists them.
            listed = len(self.ids) < HEAD
            older, found, whole = older_matches(
                cur, *self.key, [name for *_, name in unread], need, listed=listed, prepare=self.prepare
            )
            self.statements += 1
        self.total += found
        if whole and listed:  # every older part was read whole: all are listed
            self.ids += sorted(older, reverse=True)
            self.parts_listed += len(unread)
            self._unread = []
        return min(self.total, stop)

    def read(self, at_least: int, most: int | None = None) -> None:
        """List parts, newest first, one statement each, until `ids` holds at least `at_least` matches, or
        `most` parts were listed by this call, or no part is left."""
        if self._unread is not None and (not self._unread or len(self.ids) >= at_least):
            return
        with self._cursor(parallel=False) as cur:
            listed = 0
            while self._unread and len(self.ids) < at_least and (most is None or listed < most):
                *_, name = self._unread.pop(0)
                self.ids += sorted(part_matches(cur, *self.key, name, self.prepare), reverse=True)
                self.parts_listed += 1
                self.statements += 1
                listed += 1

    @contextmanager
    def _cursor(self, parallel: bool):
        """A cursor binding on the server (`_binding`), inside a transaction with the settings the RUM
        statements need."""
        with transaction.atomic(using=self.conn.alias), self.conn.cursor() as cur:
            workers = parallel_workers() if parallel else 0
            settings = {
                "enable_seqscan": "off",  # a common character: still the index
                "plan_cache_mode": "force_generic_plan",
                "max_parallel_workers_per_gather": str(workers),
                # The generic plan's estimates know nothing of the query (a part's RUM scan: "1 row"), so
                # left to itself the planner never thinks a Gather worth starting.
                "parallel_setup_cost": "0" if workers else "DEFAULT",
            }
            # One round trip each way, not one per setting.
            cur.execute("; ".join(f"SET LOCAL {name} = {value}" for name, value in settings.items()))
            try:
                if self._unread is None:
                    self._unread = parts(cur)[::-1]
                with _binding(self.conn) as binding:
                    yield binding
            finally:  # inside a caller's transaction SET LOCAL would outlive this query
                cur.execute("; ".join(f"SET LOCAL {name} = DEFAULT" for name in settings))


def persistent(conn) -> bool:
    """Whether the connection outlives the request (`DB_CONN_MAX_AGE` not 0): only then are the RUM
    statements prepared, which pgbouncer in transaction mode (run with 0, docs/deploy.md) would break."""
    return conn.settings_dict.get("CONN_MAX_AGE") != 0


def _binding(conn):
    """A psycopg cursor binding its parameters on the server, so that a statement run with `prepare=True`
    is planned once per database session and its plan reused: the generic plan (`plan_cache_mode`), for
    the tsquery and the filter words are parameters and the parts are named, so the plan holds their RUM
    indexes whatever the query. Planning a statement over twenty parts cost 5–10 ms of CPU, more than an
    absent term's whole scan (docs/benchmarks.md). Django's own cursor binds on the client and never
    prepares."""
    import psycopg

    return psycopg.Cursor(conn.connection)
