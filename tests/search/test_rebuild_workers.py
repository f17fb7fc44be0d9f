"""SQLite only: a rebuild whose rows are made in a worker process (`FAZHI_SEARCH_REBUILD_WORKERS`,
`fazhi.core.iterables.map_ahead`) writes the same index, byte for byte, as one that makes them itself.
The rows' texts go to FTS5 as UTF-8 bytes cast to text; the hits themselves are checked by the oracle
tests, which index through the same rows."""

from __future__ import annotations

import datetime
import random

import pytest
from django.db import connection

from fazhi.search import backend as search_backend
from fazhi.search import fts5, fts5_rows
from fazhi.search.backend import SearchDocument, SearchQuery, get_backend, index_documents, search

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="只在 SQLite 上运行（FTS5）"),
]

# Simplified and traditional, punctuation, Latin, digits, whitespace and a character beyond the BMP.
POOL = "行政处罚听证罚款法治政府決策規範性文件的了，。、；：“”（）《》abcXYZ019 \u3000\n𠀀"


def _documents(n: int) -> list[SearchDocument]:
    rng = random.Random(13)
    return [
        SearchDocument(
            key=f"normdoc:{i}",
            title="".join(rng.choices(POOL, k=rng.randint(1, 12))),
            body="" if i % 9 == 0 else "".join(rng.choices(POOL, k=rng.randint(20, 400))),
            kind=rng.choice(["normdoc", "law"]),
            issuer=rng.choice(["", "某市人民政府", "某县司法局"]),
            date=datetime.date(2020, 1, 1) + datetime.timedelta(days=rng.randint(0, 2000)),
            status=rng.choice(["现行有效", "已废止"]),
            public=i % 7 != 0,
        )
        for i in range(n)
    ]


STRUCTURE = 10  # FTS5's structure record in `_data`: it starts with a 4-byte cookie, the count of the
# table's configuration changes (each rebuild sets and restores two options), not a part of the index


def _index_bytes() -> dict[str, list[tuple]]:
    with connection.cursor() as cur:
        tables = {}
        for table in (fts5.TABLE, fts5.TITLE_TABLE, fts5.CHARS_TABLE):
            cur.execute(f"SELECT id, block FROM {table}_data ORDER BY id")  # noqa: S608
            tables[f"{table}_data"] = [(i, b[4:] if i == STRUCTURE else b) for i, b in cur.fetchall()]
            cur.execute(f"SELECT * FROM {table}_idx ORDER BY 1, 2")  # noqa: S608
            tables[f"{table}_idx"] = cur.fetchall()
        return tables


@pytest.fixture
def small_pages(monkeypatch, settings):
    """Pages of 7 entries, workers from the second page on, one worker: 60 documents are 9 pages."""
    monkeypatch.setattr(search_backend, "REBUILD_PAGE", 7)
    monkeypatch.setattr(fts5_rows, "WORKERS_FROM_PAGES", 2)
    settings.FAZHI_SEARCH_REBUILD_WORKERS = 1
    asked = []
    real = fts5_rows.map_ahead

    def recording(func, items, workers, ahead=2):
        asked.append(workers)
        return real(func, items, workers, ahead)

    monkeypatch.setattr(fts5_rows, "map_ahead", recording)
    return asked


def test_rows_made_by_a_worker_build_the_same_index_as_rows_made_here(small_pages, settings):
    docs = _documents(60)
    index_documents(docs)
    settings.FAZHI_SEARCH_REBUILD_WORKERS = 0
    assert get_backend().rebuild() == 60
    here = _index_bytes()
    settings.FAZHI_SEARCH_REBUILD_WORKERS = 1
    assert get_backend().rebuild() == 60
    assert small_pages == [0, 1]
    assert _index_bytes() == here
    assert any(here[f"{fts5.TABLE}_data"])
    # And what the index finds is the substring rule (hand-checked on the stored texts).
    for term in ("行政", "決策", "𠀀", "abc", "的了"):  # no 决 in POOL: 決策's hits hold it as written
        hits = search(SearchQuery(text=term, limit=100, public_only=False)).hits
        assert {h.key for h in hits} == {d.key for d in docs if term in d.title or term in d.body}, term


def test_a_rebuild_of_fewer_pages_than_pay_for_a_worker_makes_its_rows_here(small_pages):
    index_documents(_documents(10))  # two pages of 7: WORKERS_FROM_PAGES is 2, so a worker ...
    fts5_rows.WORKERS_FROM_PAGES = 3  # ... unless three are needed (monkeypatch restores it)
    assert get_backend().rebuild() == 10
    assert small_pages == [0]


def test_rebuild_records_make_the_rows_the_entries_make():
    from fazhi.search.models import SearchEntry

    index_documents(_documents(20))
    entries = SearchEntry.objects.order_by("pk")
    made = fts5_rows.rebuild_rows(list(fts5_rows.record_values(entries)), fts5_rows.Layout())
    assert made == [fts5_rows.rows(e) for e in entries]
    assert {type(t[1]) for triple in made for t in triple} == {bytes}  # texts go to FTS5 as UTF-8


def test_a_bulk_load_packs_its_texts_in_a_worker_as_the_field_packs_them(small_pages, monkeypatch):
    from fazhi.search import packing
    from fazhi.search.models import SearchEntry

    monkeypatch.setattr(search_backend, "BATCH", 4)  # 30 documents: 8 batches, so a worker packs them
    docs = _documents(30)
    assert get_backend().load(iter(docs)) == 30
    assert small_pages == [1]
    with connection.cursor() as cur:
        cur.execute("SELECT key, typeof(body), body FROM search_searchentry")
        stored = {key: (kind, body) for key, kind, body in cur.fetchall()}
    for doc in docs:  # what PackedTextField stores: zstd of the UTF-8 (`packing.pack`); an empty text as text
        expected = ("blob", packing.pack(doc.body)) if doc.body else ("text", "")
        assert stored[doc.key] == expected, doc.key
    assert {e.key: e.body for e in SearchEntry.objects.all()} == {d.key: d.body for d in docs}
    assert get_backend().rebuild() == 30
    hits = search(SearchQuery(text="行政", limit=100, public_only=False)).hits
    assert {h.key for h in hits} == {d.key for d in docs if "行政" in d.title or "行政" in d.body}
