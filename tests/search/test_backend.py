"""The search backend against a brute-force oracle: same hits, same order, on SQLite and PostgreSQL.

The oracle is the rule itself: a document matches when every folded term is a substring of the
folded title or the folded text; title matches come first, then the rest, each newest first (the
entry id orders by date, then by a hash of the key).
"""

import datetime
import functools
import random

import pytest
from django.db import connection

from fazhi.search import backend as search_backend
from fazhi.search.backend import (
    SearchDocument,
    SearchQuery,
    entry_id,
    get_backend,
    index_documents,
    parse_query,
    remove_documents,
    search,
)
from fazhi.search.text import fold
from tests.search.conftest import ALPHABET, random_corpus

pytestmark = pytest.mark.django_db


@functools.cache
def folded(text: str) -> str:
    return fold(text)


def oracle(docs, query: SearchQuery) -> list[str]:
    terms = parse_query(query.text)
    if not terms:
        return []
    hits = []
    for doc in docs:
        title, body = folded(doc.title), folded(doc.body)
        if not all(t in title or t in body for t in terms):
            continue
        if query.public_only and not doc.public:
            continue
        if query.kinds and doc.kind not in query.kinds:
            continue
        if any(v not in (None, "") and getattr(doc, k) != v for k, v in query.filters.items()):
            continue
        hits.append((not all(t in title for t in terms), -entry_id(doc.key, doc.date), doc.key))
    return [key for *_, key in sorted(hits)]


def all_keys(query: SearchQuery, page_size: int = 7) -> tuple[list[str], int]:
    keys, offset = [], 0
    while True:
        result = search(
            SearchQuery(
                text=query.text,
                kinds=query.kinds,
                filters=query.filters,
                public_only=query.public_only,
                limit=page_size,
                offset=offset,
            )
        )
        keys += [h.key for h in result.hits]
        if len(result.hits) < page_size:
            return keys, result.total
        offset += page_size


def random_queries(docs, rng: random.Random, n: int) -> list[str]:
    """Substrings of the documents (1 to 6 characters, some re-written in traditional or full-width
    form), random strings, and several terms at once."""
    queries = []
    for _ in range(n):
        kind = rng.random()
        doc = rng.choice(docs)
        source = rng.choice([doc.title, doc.body or doc.title])
        length = rng.choice([1, 1, 2, 2, 3, 4, 6])
        start = rng.randint(0, max(0, len(source) - length))
        term = source[start : start + length]
        if kind < 0.15:
            term = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 3)))
        elif kind < 0.3:
            term = term.replace("处", "處").replace("罚", "罰").replace("a", "Ａ").replace("1", "１")
        if kind > 0.8:
            other = rng.choice(docs).title
            term = f"{term}\u3000{other[: rng.randint(1, 3)]}"
        queries.append(term)
    return queries


def test_same_hits_and_order_as_the_oracle():
    docs = random_corpus()
    index_documents(docs)
    rng = random.Random(11)
    checked_hits = 0
    for text in random_queries(docs, rng, 300):
        query = SearchQuery(text=text)
        expected = oracle(docs, query)
        keys, total = all_keys(query)
        assert keys == expected, text
        assert total == len(expected)
        checked_hits += len(expected)
    assert checked_hits > 300  # the queries do find things


def test_filters_kinds_and_private_documents_match_the_oracle():
    docs = random_corpus(seed=3)
    index_documents(docs)
    rng = random.Random(5)
    for text in random_queries(docs, rng, 60):
        for query in [
            SearchQuery(text=text, kinds=["law"]),
            SearchQuery(text=text, kinds=["law", "normdoc"], filters={"status": "现行有效"}),
            SearchQuery(text=text, filters={"issuer": "甲县人民政府", "doc_type": "规章"}),
            SearchQuery(text=text, filters={"year": 2018}),
            SearchQuery(text=text, public_only=False),
        ]:
            assert all_keys(query)[0] == oracle(docs, query), (text, query)


def test_year_filter_accepts_text_and_ignores_nonsense():
    index_documents([SearchDocument(key="a", title="办法", body="", kind="normdoc", year=2021)])
    assert search(SearchQuery(text="办法", filters={"year": "2021"})).total == 1
    assert search(SearchQuery(text="办法", filters={"year": "abc"})).total == 0


def test_upsert_updates_changes_and_delete_removes():
    doc = SearchDocument(
        key="normdoc:1", title="城市管理办法", body="原文", kind="normdoc", date=datetime.date(2020, 1, 1)
    )
    assert index_documents([doc]) == 1
    assert index_documents([doc]) == 0  # unchanged: nothing rewritten
    doc.body, doc.date = "修改后的正文", datetime.date(2022, 5, 1)
    assert index_documents([doc]) == 1
    assert search(SearchQuery(text="原文")).total == 0
    assert [h.date for h in search(SearchQuery(text="修改后")).hits] == [datetime.date(2022, 5, 1)]
    assert get_backend().count() == 1
    assert remove_documents(["normdoc:1", "normdoc:404"]) == 1
    assert search(SearchQuery(text="城市")).total == 0
    assert get_backend().count() == 0


def test_rebuild_recreates_the_index_from_the_entries():
    docs = random_corpus(seed=9, size=40)
    index_documents(docs)
    before = all_keys(SearchQuery(text="罚", public_only=False))
    assert get_backend().rebuild() == 40
    assert all_keys(SearchQuery(text="罚", public_only=False)) == before


def test_hit_fields_and_snippet():
    index_documents(
        [
            SearchDocument(
                key="normdoc:7",
                title="测试县行政处罚裁量基准",
                body="第一条 <b>为规范</b>行政處罰，举行听证。",
                kind="normdoc",
                issuer="测试县人民政府",
                date=datetime.date(2024, 3, 1),
                status="现行有效",
                year=2024,
                doc_type="规范性文件",
                url="/portal/doc/7/",
            )
        ]
    )
    result = search(SearchQuery(text="行政处罚 听证"))
    assert result.terms == ["行政处罚", "听证"]
    hit = result.hits[0]
    assert (hit.key, hit.issuer, hit.status, hit.doc_type, hit.url) == (
        "normdoc:7",
        "测试县人民政府",
        "现行有效",
        "规范性文件",
        "/portal/doc/7/",
    )
    assert hit.title_match is False  # 听证 is only in the text
    assert "&lt;b&gt;为规范&lt;/b&gt;" in hit.snippet_html
    assert "<mark>行政處罰</mark>" in hit.snippet_html and "<mark>听证</mark>" in hit.snippet_html
    assert search(SearchQuery(text="裁量")).hits[0].title_match is True


def test_title_matches_come_before_newer_text_matches():
    index_documents(
        [
            SearchDocument(
                key="new", title="通知", body="关于听证的规定", kind="normdoc", date=datetime.date(2024, 1, 1)
            ),
            SearchDocument(
                key="old", title="听证办法", body="", kind="normdoc", date=datetime.date(2001, 1, 1)
            ),
        ]
    )
    assert [h.key for h in search(SearchQuery(text="听证")).hits] == ["old", "new"]


def test_zero_hits_and_empty_queries():
    index_documents([SearchDocument(key="a", title="听证", body="", kind="normdoc")])
    result = search(SearchQuery(text="听证 火星"))
    assert (result.total, result.hits, result.terms) == (0, [], ["听证", "火星"])
    assert search(SearchQuery(text=" ，")).terms == []


def test_total_is_a_lower_bound_beyond_the_limit(monkeypatch):
    monkeypatch.setattr(search_backend, "COUNT_LIMIT", 5)
    index_documents(SearchDocument(key=f"k{i}", title="办法", body="", kind="normdoc") for i in range(8))
    result = search(SearchQuery(text="办法", limit=3))
    assert (result.total, result.total_is_lower_bound, len(result.hits)) == (5, True, 3)
    index_documents([SearchDocument(key="x", title="规定", body="", kind="normdoc")])
    assert search(SearchQuery(text="规定")).total_is_lower_bound is False


def test_long_texts_match_far_from_the_start():
    body = "的" * 40_000 + "第一百条 罚款"  # beyond a tsvector's 16,383 positions
    index_documents([SearchDocument(key="long", title="法", body=body, kind="law")])
    hit = search(SearchQuery(text="第一百条")).hits[0]
    assert "<mark>第一百条</mark>" in hit.snippet_html


def test_backend_follows_the_database():
    assert get_backend().vendor == connection.vendor


def test_orphaned_index_is_cleared_after_a_flush():
    from fazhi.search.apps import _drop_orphaned_index
    from fazhi.search.models import SearchEntry

    index_documents([SearchDocument(key="a", title="听证", body="", kind="normdoc")])
    SearchEntry.objects.all().delete()  # what `flush` does to the model table, not to the index
    _drop_orphaned_index(sender=None)
    index_documents([SearchDocument(key="b", title="听证", body="", kind="normdoc")])
    assert search(SearchQuery(text="听证")).total == 1


def test_postgres_stores_folded_texts_lz4_compressed():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite's FTS5 keeps no compressed copy of the texts")
    from django.db import DatabaseError, transaction

    try:
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute("CREATE TEMP TABLE lz4_probe (t text COMPRESSION lz4)")
    except DatabaseError:
        pytest.skip("this PostgreSQL server was built without lz4")
    body = "行政处罚听证程序的规定。" * 2000 + "量子纠缠检索"  # long and repetitive: stored compressed
    index_documents([SearchDocument(key="lz4", title="压缩", body=body, kind="law")])
    with connection.cursor() as cur:
        cur.execute("SELECT pg_column_compression(fbody) FROM search_pg")
        assert cur.fetchone() == ("lz4",)
    assert search(SearchQuery(text="量子纠缠检索")).total == 1
