"""The rows the SQLite backend feeds its FTS5 tables (`fazhi.search.fts5`), and their making in a
rebuild's or a bulk load's worker processes (`fazhi.core.iterables.map_ahead`).

A row's texts are made from the stored entry: the 'delete' command of a contentless FTS5 table needs the
tokens the row was indexed with, so they are recomputed, never stored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import chain, islice

from django.db.models.expressions import RawSQL

from fazhi.core.iterables import map_ahead
from fazhi.search import common_terms
from fazhi.search.backend import (
    DOCUMENT_FIELDS,
    IN_FORCE,
    SearchDocument,
    entry_document,
    facet_token,
    facet_tokens,
    unpacked_text,
)
from fazhi.search.text import fold, folded_symbols, spaced, spaced_distinct, spaced_symbols

# A word in every row of the characters' table: `EVERY_DOCUMENT NOT "的"` is the few documents without 的.
EVERY_DOCUMENT = "zall"
# A word of every document outside the portal's default scope (public and 现行有效, `in_default_scope`),
# in the main and the characters' tables from migration 0018 on. Most documents are in that scope, so
# its filter word ("public and in force", `pair_token`) lists nearly the whole index, and walking that
# list was about half of a typical portal count (200,000 documents: p50 1.50 → 0.66 ms of SQL without
# it). Asked as `NOT OUTSIDE_SCOPE`, only the few documents outside are read (`fts5.filter_words`).
OUTSIDE_SCOPE = "zo" + facet_token("outside", "public, " + IN_FORCE)[2:]


@dataclass(frozen=True)
class Layout:
    """What the FTS5 rows hold, as the index's schema tells (`Fts5Backend.layout`). Each migration that
    changed the rows left its mark in the schema, so that the migrations before it, which rebuild with
    this code, write the rows of their time.

    - `chars_apart`: the characters have a table of their own (migration 0014 on);
    - `words_in_text`: the main table lists the common terms after the bigrams (0016 on);
    - `scoped`: the documents outside the portal's default scope carry OUTSIDE_SCOPE (0018 on);
    - `vocabulary`: the common terms, chosen by the last rebuild (`fazhi.search.common_terms`)."""

    chars_apart: bool = True
    words_in_text: bool = True
    scoped: bool = True
    vocabulary: common_terms.Vocabulary = common_terms.NONE


# A rebuild or bulk load of fewer batches (pages of 1,000 entries, batches of 500 documents) does its work
# in its own process: starting a worker is not worth it.
WORKERS_FROM_PAGES = 5


def rebuild_workers() -> int:
    """Worker processes of a rebuild or a bulk load (`settings.FAZHI_SEARCH_REBUILD_WORKERS`)."""
    from django.conf import settings

    return getattr(settings, "FAZHI_SEARCH_REBUILD_WORKERS", 0)


def in_workers(func: Callable[[list], list], batches: Iterator[list]) -> Iterator[list]:
    """`func` of each batch, in order, in `rebuild_workers()` worker processes (`map_ahead`), or here when
    there are fewer than WORKERS_FROM_PAGES batches."""
    first = list(islice(batches, WORKERS_FROM_PAGES))
    workers = rebuild_workers() if len(first) == WORKERS_FROM_PAGES else 0
    return map_ahead(func, chain(first, batches), workers)


def pair_token(public: str, other: str) -> str:
    """One word for "public, and this filter value" (the portal always asks for both): one doclist to
    walk instead of two, each of which holds nearly every document."""
    return "zp" + facet_token("pair", public + other)[2:]


def in_default_scope(doc: SearchDocument) -> bool:
    """Whether the portal shows `doc` unless told otherwise: public and 现行有效."""
    return bool(doc.public) and doc.status == IN_FORCE


def row_facets(doc: SearchDocument, scoped: bool = True) -> str:
    """The filter words of the main and the characters' tables' rows: the document's (`facet_tokens`),
    each "public and this value" pair (`pair_token`), and with `scoped` OUTSIDE_SCOPE where it applies."""
    tokens = facet_tokens(doc)
    public, values = tokens[1], tokens[2:]  # kind, public, then the filter values (`facet_tokens`)
    outside = [OUTSIDE_SCOPE] if scoped and not in_default_scope(doc) else []
    return " ".join([*tokens, *(pair_token(public, v) for v in values), *outside])


def rowid(entry) -> int:
    """The entry's rowid in both tables: its place. Migrations 0008 to 0011 rebuild the index with their
    historical model, which has no places yet: there the rowid is the entry's id, as it was then."""
    try:
        place = entry.place
    except AttributeError:
        return entry.pk
    return _placed(entry.pk, place)


def _placed(pk: int, place: int | None) -> int:
    if place is None:
        raise ValueError(f"检索条目 {pk} 尚无索引位置")
    return place


def rows(entry, layout: Layout = Layout()) -> tuple[tuple, tuple, tuple | None]:
    """The entry's rows (`document_rows`)."""
    return document_rows((rowid(entry), entry_document(entry)), layout)


def document_rows(
    record: tuple[int, SearchDocument], layout: Layout = Layout()
) -> tuple[tuple, tuple, tuple | None]:
    """The rows of a (rowid, document) record in `layout`: (rowid, text, filters) of the main table,
    (rowid, title, facets) of the title table and (rowid, chars, filters) of the characters' table (None
    without `chars_apart`: then the characters lead the main table's text, the layout before migration
    0014). The characters' row also lists the vocabulary words the title or the text holds
    (`fazhi.search.common_terms`), and so does the main table's text with `words_in_text` (from
    migration 0016 on). The filters are `row_facets`.

    `text` is the title's bigrams, then the text's, then those words. A phrase of bigrams cannot run from
    the title into the text (the title's last bigram ends in the end mark, which no term holds), nor into
    the words (three or more symbols each: no bigram). The words come last, so that the bigrams'
    positions stay as small as they were. One column: FTS5 marks every position list that does not start
    in the first column with two bytes.

    The three texts are UTF-8 bytes, inserted as `CAST(%s AS TEXT)` (`Fts5Backend._write_rows`): they
    are encoded where they are made (in a rebuild's worker process, `rebuild_rows`), so the writing
    process neither decodes them from the worker nor encodes them again to bind them (a sixth of the
    insertion CPU)."""
    row, doc = record
    title, body = folded_symbols(doc.title), folded_symbols(doc.body)
    spaced_title = spaced_symbols(title)
    words = layout.vocabulary.found(title, body)
    chars = " ".join([spaced_distinct(title + body), *words])
    parts = [spaced_title, spaced_symbols(body)]
    if layout.words_in_text and layout.chars_apart:
        parts.append(" ".join(words))
    if not layout.chars_apart:
        parts.insert(0, chars)  # first, so that their positions stay small
    filters = row_facets(doc, layout.scoped)
    return (
        (row, " ".join(p for p in parts if p).encode(), filters),
        (row, spaced_title.encode(), " ".join(facet_tokens(doc))),
        (row, chars.encode(), f"{filters} {EVERY_DOCUMENT}") if layout.chars_apart else None,
    )


RECORD_FIELDS = tuple(f for f in DOCUMENT_FIELDS if f != "body")


def record_values(source):
    """An id-ordered queryset of entries as rebuild records: (id, rowid, stored text, the document's other
    fields in `RECORD_FIELDS` order), the text as stored (packed bytes, `unpacked_text`)."""
    stored = RawSQL(f'"{source.model._meta.db_table}"."body"', ())  # noqa: S611  (a column name)
    rowid_field = "place" if has_places(source) else "pk"  # before 0013: the entry id (`rowid`)
    return source.annotate(stored_text=stored).values_list("pk", rowid_field, "stored_text", *RECORD_FIELDS)


def record_document(record: tuple) -> SearchDocument:
    """The document of one of `record_values`."""
    _, _, stored, *fields = record
    return SearchDocument(body=unpacked_text(stored), **dict(zip(RECORD_FIELDS, fields, strict=True)))


def rebuild_rows(records: list[tuple], layout: Layout) -> list[tuple]:
    """`document_rows` of a page of `record_values`: what a rebuild's worker process makes (`map_ahead`)."""
    return [document_rows((_placed(r[0], r[1]), record_document(r)), layout) for r in records]


def title_only_row(entry) -> tuple:
    """`title_row(entry)` without reading the text (migration 0004 fills the title table)."""
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
    return rowid(entry), spaced(fold(doc.title)), " ".join(facet_tokens(doc))


def has_places(entries) -> bool:
    """Whether the entries' model has places: migrations before 0013 rebuild with one that has not."""
    from fazhi.search.models import SearchEntry

    model = SearchEntry if entries is None else entries.model
    return any(f.name == "place" for f in model._meta.concrete_fields)
