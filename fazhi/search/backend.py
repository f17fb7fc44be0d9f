"""The full-text search interface: one API, an SQLite FTS5 backend and a PostgreSQL backend.

Semantics (`../shared/corpus/README.md`), the same on both backends:
- a query is terms split on half- or full-width whitespace, surrounding punctuation ignored;
- a document matches when every term is a substring of its title or of its text, both sides folded
  (NFKC + OpenCC t2s + ASCII lower-case), so `行政處罰` finds `行政处罚` and `罚` / `听证` work;
- hits whose title holds every term come first, then the others; inside each group the newest first;
- `total` is exact up to 10,000; beyond, counting stops at 10,001 and `total_is_lower_bound` is set
  (the page writes `10000+`).

Callers hand in `SearchDocument`s (`index_documents`) and keys to drop (`remove_documents`); the index
lives in the same database, so indexing inside the caller's transaction lands or rolls back with it.
"""

from __future__ import annotations

import datetime
import hashlib
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from operator import attrgetter
from typing import Any

from django.db import connection, transaction

from fazhi.core.iterables import batches
from fazhi.search import common_terms, packing
from fazhi.search.text import fold, parse_query  # noqa: F401  (part of the interface)

COUNT_LIMIT = 10_000
MAX_LIMIT = 100
BATCH = 500  # documents per write batch: keeps `key IN (...)` under SQLite's variable limit
REBUILD_PAGE = 1000  # entries a rebuild reads, and indexes in one transaction, at a time
VOCABULARY = "search_commonterm"  # CommonTerm's table (`fazhi.search.common_terms`)


@dataclass
class SearchDocument:
    key: str  # "normdoc:123", "law:<id>"
    title: str
    body: str
    kind: str  # the source collection: normdoc, law
    issuer: str = ""
    date: datetime.date | None = None
    status: str = ""
    year: int | None = None
    doc_type: str = ""
    public: bool = True
    url: str = ""


@dataclass
class SearchQuery:
    text: str
    kinds: list[str] | None = None
    filters: dict = field(default_factory=dict)  # issuer, doc_type, status, year: exact values
    public_only: bool = True
    limit: int = 20
    offset: int = 0


@dataclass
class SearchHit:
    key: str
    title: str
    kind: str
    issuer: str
    date: datetime.date | None
    status: str
    doc_type: str
    url: str
    title_match: bool
    snippet_html: str


@dataclass
class SearchResult:
    hits: list[SearchHit]
    total: int
    total_is_lower_bound: bool
    terms: list[str]


FILTER_FIELDS = ("issuer", "doc_type", "status", "year")
# The 时效性 the portal asks for unless told otherwise (`fazhi.normdocs.status.IN_FORCE_LABEL`; this app
# imports no other): with `public`, the portal's default scope (`fazhi.search.fts5_rows.OUTSIDE_SCOPE`).
IN_FORCE = "现行有效"


def facet_token(name: str, value: object) -> str:
    """An opaque ASCII word standing for `name = value`: filters are matched inside the full-text index
    (so a filtered count never joins back to the entry table)."""
    digest = hashlib.blake2b(f"{name}={value}".encode(), digest_size=8).hexdigest()
    return f"zf{digest}"


def facet_tokens(doc: SearchDocument) -> list[str]:
    tokens = [facet_token("kind", doc.kind), facet_token("public", bool(doc.public))]
    for name in FILTER_FIELDS:
        value = getattr(doc, name)
        if value not in (None, ""):
            tokens.append(facet_token(name, value))
    return tokens


def query_facets(query: SearchQuery) -> tuple[list[str], list[str]]:
    """(tokens every hit must carry, tokens of which a hit must carry one: the kinds)."""
    required = [facet_token("public", True)] if query.public_only else []
    for name in FILTER_FIELDS:
        value = (query.filters or {}).get(name)
        if value not in (None, ""):
            if name == "year":
                try:
                    value = int(value)
                except (TypeError, ValueError):
                    value = -1  # a year that is no number matches nothing
            required.append(facet_token(name, value))
    any_of = [facet_token("kind", kind) for kind in query.kinds or []]
    return required, any_of


DAY_BITS = 16  # ids one day holds: 65,536


def entry_id(key: str, date: datetime.date | None, probe: int = 0) -> int:
    """The entry's primary key, which is also its rank: the date in the high bits, 16 bits of a hash of
    the key below (moved on by `probe` after a collision on the same day). Identical on both backends,
    so the order of equal-date hits is the same too.

    Why 16 bits and not 32: FTS5 stores, for every token of every document, the difference to the
    previous document's rowid as a varint. With 32 hash bits two documents' ids differ by about 2^31
    at least, five bytes each time; that was 40 % of the SQLite index (`docs/benchmarks.md`)."""
    base = (date.toordinal() if date else 0) << DAY_BITS
    low = (zlib.crc32(key.encode()) + probe) & ((1 << DAY_BITS) - 1)
    return base + low


def new_entry_ids(docs: Sequence[SearchDocument], taken=None) -> list[int]:
    """Free ids for `docs`, in order: `entry_id` probed past ids in use (`taken(ids)` says which of the
    given ids exist already; default: ask the entry table) and past each other."""
    if taken is None:
        from fazhi.search.models import SearchEntry

        def taken(ids):
            return set(SearchEntry.objects.filter(pk__in=ids).values_list("pk", flat=True))

    ids: list[int | None] = [None] * len(docs)
    probes = [0] * len(docs)
    used: set[int] = set()
    pending = list(range(len(docs)))
    while pending:
        wanted = {i: entry_id(docs[i].key, docs[i].date, probes[i]) for i in pending}
        existing = taken(list(wanted.values()))
        retry = []
        for i in pending:
            if wanted[i] in existing or wanted[i] in used:
                probes[i] += 1
                if probes[i] >> DAY_BITS:
                    raise ValueError(f"同一日期（{docs[i].date}）的检索条目超过 {1 << DAY_BITS} 件")
                retry.append(i)
            else:
                used.add(wanted[i])
                ids[i] = wanted[i]
        pending = retry
    return ids  # type: ignore[return-value]


# A hit's display fields, read for a page of hits.
PAGE_FIELDS = ("key", "title", "kind", "issuer", "date", "status", "doc_type", "url")
ENTRY_TABLE = "search_searchentry"  # SearchEntry's table (on SQLite its `place` is the FTS5 tables' rowid)


def _as_date(value: datetime.date | str | None) -> datetime.date | None:
    """A date column as read by a plain cursor: SQLite gives its ISO text, PostgreSQL a date."""
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


class SearchBackend:
    """What every backend does. Subclasses implement the index structures (`_index_rows` /
    `_unindex_rows`) and the matching (`_match_page`, `_count`)."""

    vendor = ""
    index_table = ""  # the full-text structure's table (created by migration 0002)

    # -- writing ------------------------------------------------------------------------------------
    def index(self, docs: Iterable[SearchDocument]) -> int:
        """Insert or update `docs` (by key). Returns how many were (re)indexed."""
        return sum(self._index_batch(batch) for batch in batches(docs, BATCH))

    def _index_batch(self, docs: list[SearchDocument]) -> int:
        from fazhi.search.models import SearchEntry

        by_key = {doc.key: doc for doc in docs}
        docs = list(by_key.values())
        if not docs:
            return 0
        existing = {e.key: e for e in SearchEntry.objects.filter(key__in=list(by_key))}
        stale = [e for key, e in existing.items() if _changed(e, by_key[key])]
        unchanged = {e.key for e in existing.values()} - {e.key for e in stale}
        fresh = [d for d in docs if d.key not in unchanged]
        if stale:
            self._unindex_rows(stale)
            SearchEntry.objects.filter(pk__in=[e.pk for e in stale]).delete()
        entries = _new_entries(fresh)
        self._store(entries)
        self._index_rows(entries)
        return len(entries)

    def _store(self, entries: list) -> None:
        """Save new entries (not yet indexed)."""
        from fazhi.search.models import SearchEntry

        SearchEntry.objects.bulk_create(entries, batch_size=500)

    def load(self, docs: Iterable[SearchDocument]) -> int:
        """Save new documents' entries without indexing them: the first half of a bulk load, which
        `rebuild()` ends by indexing every entry in id order (on SQLite, laying their places out at once
        instead of slotting each between its neighbours). Until then the loaded documents are not found."""
        from fazhi.search.models import SearchEntry

        sent: deque[list[SearchDocument]] = deque()

        def texts() -> Iterator[list[str]]:
            for batch in batches(docs, BATCH):
                sent.append(batch)
                yield [d.body or "" for d in batch]

        done = 0
        for stored in self._stored_texts(texts()):
            batch = sent.popleft()
            taken = list(
                SearchEntry.objects.filter(key__in=[d.key for d in batch]).values_list("key", flat=True)
            )
            if taken:
                raise ValueError(f"批量载入只收新文件，已有检索条目：{'、'.join(taken[:5])}")
            SearchEntry.objects.bulk_create(_new_entries(batch, stored), batch_size=BATCH)
            done += len(batch)
        return done

    def _stored_texts(self, texts: Iterator[list[str]]) -> Iterator[list[str]]:
        """The texts of a bulk load's batches as the entries will store them (here: as they are)."""
        return texts

    def delete(self, keys: Iterable[str]) -> int:
        from fazhi.search.models import SearchEntry

        keys = list(keys)
        done = 0
        for start in range(0, len(keys), BATCH):
            entries = list(SearchEntry.objects.filter(key__in=keys[start : start + BATCH]))
            if entries:
                self._unindex_rows(entries)
                SearchEntry.objects.filter(pk__in=[e.pk for e in entries]).delete()
            done += len(entries)
        return done

    def rebuild(self, entries=None, common: bool = True) -> int:
        """Recreate the full-text structures from the stored entries (after the fold changed, say), with
        a vocabulary of common terms chosen afresh (none without `common`). `entries`: a manager or
        queryset of them (a migration passes its historical model's). Returns the number of entries
        indexed."""
        from fazhi.search.models import SearchEntry

        source = SearchEntry.objects if entries is None else entries
        self._clear()  # first: the rows' terms change with the vocabulary, none may be removed by them
        self._choose_vocabulary(source, common)
        return self._index_all(source.order_by("pk"))

    def _index_all(self, source) -> int:
        """Index the entries of an id-ordered queryset, a page at a time, each page one transaction: in
        autocommit every row inserted was one, and FTS5 wrote a segment for each (a 20,000-document
        rebuild took 67 CPU-s that way, 41 a page at a time; `docs/benchmarks.md`). Returns the number
        of entries indexed."""
        done = 0
        for page in self._rebuild_pages(source):
            with transaction.atomic(using=self.conn.alias):
                self._index_page(page)
            done += len(page)
        return done

    def _rebuild_pages(self, source) -> Iterator[list]:
        """What `_index_all` writes a page at a time, one item per entry: here the entries themselves."""
        return entry_pages(source)

    def _index_page(self, page: list) -> None:
        self._index_rows(page)

    def count(self) -> int:
        from fazhi.search.models import SearchEntry

        return SearchEntry.objects.count()

    # -- common terms (`fazhi.search.common_terms`) ---------------------------------------------------
    @cached_property
    def vocabulary(self) -> common_terms.Vocabulary:
        """The common terms the index lists, chosen by the last full rebuild."""
        with self.conn.cursor() as cur:
            cur.execute(f"SELECT term FROM {VOCABULARY}")  # noqa: S608
            return common_terms.Vocabulary(r[0] for r in cur.fetchall())

    def _common(self, terms: list[str]) -> frozenset[str]:
        """Which of a query's terms are common terms: one look-up per search, not the whole vocabulary
        (a search's count and page ask the same)."""
        candidates = tuple(t for t in terms if common_terms.WORD.fullmatch(t))
        if candidates not in self._common_found:
            found: frozenset[str] = frozenset()
            if candidates:
                with self.conn.cursor() as cur:
                    marks = ", ".join(["%s"] * len(candidates))
                    cur.execute(f"SELECT term FROM {VOCABULARY} WHERE term IN ({marks})", candidates)  # noqa: S608
                    found = frozenset(r[0] for r in cur.fetchall())
            self._common_found[candidates] = found
        return self._common_found[candidates]

    @cached_property
    def _common_found(self) -> dict[tuple[str, ...], frozenset[str]]:
        return {}

    def _choose_vocabulary(self, source, common: bool) -> None:
        """Store a vocabulary chosen from an evenly spread sample of the entries (none without `common`),
        for the rebuild that follows to index with. A migration before 0015 rebuilds with a historical
        model that has no vocabulary: none then, and nothing stored."""
        try:
            source.model._meta.apps.get_model("search", "CommonTerm")
        except LookupError:
            self.__dict__["vocabulary"] = common_terms.NONE
            return
        chosen: list[str] = []
        if common:
            ids = list(source.order_by("pk").values_list("pk", flat=True))
            sample = [ids[i] for i in common_terms.sample_positions(len(ids))]
            texts = source.filter(pk__in=sample).values_list("title", "body")
            chosen = common_terms.choose((fold(f"{title}\n{body}") for title, body in texts), len(ids))
        with self.conn.cursor() as cur:
            cur.execute(f"DELETE FROM {VOCABULARY}")  # noqa: S608
            cur.executemany(f"INSERT INTO {VOCABULARY} (term) VALUES (%s)", [(t,) for t in chosen])  # noqa: S608
        self.__dict__["vocabulary"] = common_terms.Vocabulary(chosen)

    # -- reading ------------------------------------------------------------------------------------
    def search(self, query: SearchQuery) -> SearchResult:
        from fazhi.search.snippets import snippet_html

        terms = parse_query(query.text)
        if not terms:
            return SearchResult(hits=[], total=0, total_is_lower_bound=False, terms=[])
        total, page = self.matches(query, terms)
        hits = []
        rows = self._page_rows([pk for pk, _ in page]) if page else {}
        for pk, title_match in page:
            r = rows.get(pk)
            if r is None:  # only if the index outlived its entries (a raw table flush): show nothing
                continue
            hits.append(
                SearchHit(
                    **dict(zip(PAGE_FIELDS, r[:-1], strict=True)),
                    title_match=title_match,
                    snippet_html=snippet_html(r[-1], terms, title_match=title_match),
                )
            )
        lower_bound = total > COUNT_LIMIT
        return SearchResult(
            hits=hits, total=min(total, COUNT_LIMIT), total_is_lower_bound=lower_bound, terms=terms
        )

    def matches(self, query: SearchQuery, terms: list[str]) -> tuple[int, list[tuple[int, bool]]]:
        """The index's part of a search (no entry read, no snippet): the count of matches up to
        COUNT_LIMIT + 1, and the requested page as (entry id, title matches)."""
        limit = max(1, min(int(query.limit), MAX_LIMIT))
        offset = max(0, int(query.offset))
        required, any_of = query_facets(query)
        total = self._count(terms, required, any_of, COUNT_LIMIT + 1)
        return total, (self._match_page(terms, required, any_of, offset, limit) if total else [])

    def _page_rows(self, pks: list[int]) -> dict[int, tuple]:
        """The page's entries by id: the display fields (`PAGE_FIELDS`) as a tuple, then the text as stored
        (packed bytes on SQLite, see `models.PackedTextField`), so the snippet decompresses only what it needs.

        One plain statement rather than a queryset: for 20 rows the ORM's query building and row
        conversion took 1.2 ms of CPU, the statement 0.3, where a typical portal call at 200,000 documents
        takes 7 (`docs/benchmarks.md`, "tenth session")."""
        fields = ", ".join(PAGE_FIELDS)
        marks = ", ".join(["%s"] * len(pks))
        with self.conn.cursor() as cur:
            cur.execute(f"SELECT id, {fields}, body FROM {ENTRY_TABLE} WHERE id IN ({marks})", pks)  # noqa: S608
            found = cur.fetchall()
        at = PAGE_FIELDS.index("date")
        return {r[0]: (*r[1 : at + 1], _as_date(r[at + 1]), *r[at + 2 :]) for r in found}

    # -- for subclasses -----------------------------------------------------------------------------
    def _index_rows(self, entries: Sequence) -> None:
        raise NotImplementedError

    def _unindex_rows(self, entries: Sequence) -> None:
        raise NotImplementedError

    def _clear(self) -> None:
        raise NotImplementedError

    def _count(self, terms: list[str], required: list[str], any_of: list[str], stop: int) -> int:
        """Matches, counted up to `stop` (COUNT_LIMIT + 1: beyond, the total is shown as a lower bound)."""
        raise NotImplementedError

    def _match_page(
        self, terms: list[str], required: list[str], any_of: list[str], offset: int, limit: int
    ) -> list[tuple[int, bool]]:
        """(entry id, title holds every term) of the page: title matches first, each group newest first."""
        raise NotImplementedError


def _new_entries(docs: list[SearchDocument], stored: list | None = None) -> list:
    """Unsaved entries for new documents, under free ids (`new_entry_ids`); `stored`: their texts as
    already packed for storage (`PackedText`), where a bulk load packed them in advance."""
    bodies = [None] * len(docs) if stored is None else stored
    return [_entry(pk, doc, body) for pk, doc, body in zip(new_entry_ids(docs), docs, bodies, strict=True)]


def _entry(pk: int, doc: SearchDocument, body: str | None = None):
    from fazhi.search.models import SearchEntry

    return SearchEntry(
        id=pk,
        key=doc.key,
        kind=doc.kind,
        title=doc.title or "",
        body=(doc.body or "") if body is None else body,
        issuer=doc.issuer or "",
        date=doc.date,
        status=doc.status or "",
        year=doc.year,
        doc_type=doc.doc_type or "",
        public=bool(doc.public),
        url=doc.url or "",
    )


def _changed(entry, doc: SearchDocument) -> bool:
    fresh = _entry(entry.pk, doc)
    fields = ("kind", "title", "body", "issuer", "date", "status", "year", "doc_type", "public", "url")
    return any(getattr(entry, f) != getattr(fresh, f) for f in fields)


def entry_pages(source, pk: Callable[[Any], int] = attrgetter("pk")) -> Iterator[list]:
    """The entries of an id-ordered queryset, a page (`REBUILD_PAGE`) at a time, each read to its end before the
    caller writes: a cursor left open across the writes holds SQLite's WAL file, which then grew to tens
    of GB at 200,000 documents."""
    last = None
    while batch := list((source if last is None else source.filter(pk__gt=last))[:REBUILD_PAGE]):
        yield batch
        last = pk(batch[-1])


# The entry's fields a document is remade from: all of SearchDocument's.
DOCUMENT_FIELDS = (
    "key",
    "title",
    "body",
    "kind",
    "issuer",
    "date",
    "status",
    "year",
    "doc_type",
    "public",
    "url",
)


def entry_document(entry) -> SearchDocument:
    """The document an entry was indexed from (to recompute the exact tokens it was indexed with)."""
    return SearchDocument(**{name: getattr(entry, name) for name in DOCUMENT_FIELDS})


class PackedText(bytes):
    """A text packed in advance as `models.PackedTextField` stores it on SQLite (`packed_texts`)."""


def packed_text(text: str) -> bytes:
    """A text as `models.PackedTextField` stores it on SQLite (`fazhi.search.packing`). Here, not in the
    model, so that a process without Django's models (a bulk load's worker) can pack it."""
    return packing.pack(text)


def packed_texts(texts: list[str]) -> list[PackedText | str]:
    """A bulk load's texts packed in advance (`packed_text`), an empty text left as it is, as the field
    leaves it."""
    return [PackedText(packed_text(t)) if t else t for t in texts]


def unpacked_text(stored: bytes | str) -> str:
    """A text as `models.PackedTextField` stored it (`packed_text`, or zlib before migration 0017), or
    plain (on PostgreSQL, and on SQLite before migration 0011)."""
    return packing.unpack(stored).decode() if isinstance(stored, bytes) else stored


def get_backend(using=None) -> SearchBackend:
    """The backend for the database in use: FTS5 on SQLite, the gram index on PostgreSQL."""
    conn = using or connection
    if conn.vendor == "sqlite":
        from fazhi.search.fts5 import Fts5Backend

        return Fts5Backend(conn)
    if conn.vendor == "postgresql":
        from fazhi.search.postgres import PostgresBackend

        return PostgresBackend(conn)
    raise RuntimeError(f"全文检索不支持数据库 {conn.vendor}")


def index_documents(docs: Iterable[SearchDocument]) -> int:
    return get_backend().index(docs)


def remove_documents(keys: Iterable[str]) -> int:
    return get_backend().delete(keys)


def search(query: SearchQuery) -> SearchResult:
    return get_backend().search(query)
