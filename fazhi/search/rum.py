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

Available when the extension can be created (`install`: the server has the `postgresql-15-rum`
package and we may create extensions); otherwise the backend keeps the GIN gram path alone
(`fazhi.search.postgres`), decided per connection by whether `search_rum` exists (`available`).
"""

from __future__ import annotations

import operator
from collections import Counter, defaultdict

from django.db import DatabaseError, transaction

from fazhi.search.text import MAX_TERM_CHARS

TABLE = "search_rum"

MAX_POSITION = 16_382  # 16,383 is where PostgreSQL clamps larger positions: never use it
MAX_PER_LEXEME = 255  # PostgreSQL keeps 256 positions per lexeme; stay below
OVERLAP = MAX_TERM_CHARS - 1  # characters shared by consecutive chunks

INDEX_SQL = [
    f"CREATE INDEX IF NOT EXISTS {TABLE}_single ON {TABLE} USING rum (grams rum_tsvector_ops) WHERE NOT multi",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_multi ON {TABLE} USING rum (grams rum_tsvector_ops) WHERE multi",
]
INDEXES = [f"{TABLE}_single", f"{TABLE}_multi"]
OLD_INDEX = f"{TABLE}_grams"  # the one index over both kinds of rows, until migration 0009
CREATE_SQL = [
    f"CREATE TABLE IF NOT EXISTS {TABLE} (id bigint NOT NULL, part integer NOT NULL, "
    "multi boolean NOT NULL, facets text[] NOT NULL, grams tsvector NOT NULL, PRIMARY KEY (id, part))",
    *INDEX_SQL,
]
INSERT_SQL = f"INSERT INTO {TABLE} (id, part, multi, facets, grams) VALUES (%s, %s, %s, %s, %s::tsvector)"
DROP_SQL = [f"DROP TABLE IF EXISTS {TABLE}"]


def install(conn) -> bool:
    """Create the extension and the table where the server allows; whether RUM is now in use."""
    try:
        with transaction.atomic(using=conn.alias), conn.cursor() as cur:
            cur.execute("CREATE EXTENSION IF NOT EXISTS rum")
            for sql in CREATE_SQL:
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


def match_ids(cur, terms: list[str], required: list[str], any_of: list[str], stop: int) -> list[int]:
    """Ids of up to `stop` matching documents, in no particular order."""
    filters, filter_params = _filters(required, any_of)
    cur.execute(
        f"SELECT id FROM {TABLE} WHERE grams @@ %s::tsquery AND NOT multi{filters} LIMIT %s",
        [query(terms), *filter_params, stop],
    )
    ids = [r[0] for r in cur.fetchall()]
    if len(ids) < stop:
        # Documents of several rows: each term in one of the document's rows.
        selects = [f"SELECT id FROM {TABLE} WHERE grams @@ %s::tsquery AND multi{filters}" for _ in terms]
        params = [p for t in terms for p in (query([t]), *filter_params)]
        cur.execute(
            f"SELECT DISTINCT id FROM ({' INTERSECT '.join(selects)}) m LIMIT %s", [*params, stop - len(ids)]
        )
        ids += [r[0] for r in cur.fetchall()]
    return ids
