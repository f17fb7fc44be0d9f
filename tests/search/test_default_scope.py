"""The portal's default scope, public and 现行有效, asked on SQLite as `NOT` the word of the documents
outside it (`fts5_rows.OUTSIDE_SCOPE`, migration 0018) where they are the fewer, and as the "public and in
force" word otherwise. Both ways must find exactly what the filters and the substring rule say; the
expected hits are computed here from the documents by `in`, never by the index."""

from __future__ import annotations

import datetime
import importlib
import random
from dataclasses import replace

import pytest
from django.apps import apps as django_apps
from django.db import connection

from fazhi.normdocs.status import IN_FORCE_LABEL
from fazhi.search import fts5, fts5_rows
from fazhi.search.backend import (
    IN_FORCE,
    SearchDocument,
    SearchQuery,
    facet_token,
    fold,
    get_backend,
    index_documents,
    remove_documents,
    search,
)
from tests.search.test_common_terms import PHRASES, QUERIES, Editor, on_sqlite, small_corpus  # noqa: F401 (a fixture)

SCOPE = list(fts5.DEFAULT_SCOPE)
ISSUERS = ["市司法局", "市教育局"]


def test_the_scope_is_the_portals_default():
    assert IN_FORCE == IN_FORCE_LABEL
    assert [facet_token("public", True), facet_token("status", IN_FORCE_LABEL)] == SCOPE


def _documents(n: int, in_scope: float, seed: int = 11) -> list[SearchDocument]:
    """`n` documents, about `in_scope` of them public and in force; the others repealed or not public."""
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        inside = rng.random() < in_scope
        public = inside or rng.random() < 0.5
        docs.append(
            SearchDocument(
                key=f"normdoc:{i}",
                title="".join(rng.choices(PHRASES, k=rng.randint(0, 2))) or "通知",
                body="".join(rng.choices(PHRASES, k=rng.randint(0, 6))),
                kind=rng.choice(["normdoc", "law"]),
                issuer=rng.choice(ISSUERS),
                date=datetime.date(2021, 1, 1) + datetime.timedelta(days=rng.randint(0, 900)),
                status=IN_FORCE if inside or not public else rng.choice(["已废止", "已失效"]),
                public=public,
            )
        )
    return docs


def _expected(docs: list[SearchDocument], text: str, issuer: str = "", kinds=()) -> set[str]:
    terms = text.split()
    return {
        d.key
        for d in docs
        if d.public
        and d.status == IN_FORCE
        and (not issuer or d.issuer == issuer)
        and (not kinds or d.kind in kinds)
        and all(fold(t) in fold(d.title) or fold(t) in fold(d.body) for t in terms)
    }


def _portal(text: str, issuer: str = "", kinds=None) -> tuple[set[str], int]:
    filters = {"status": IN_FORCE, **({"issuer": issuer} if issuer else {})}
    result = search(SearchQuery(text=text, filters=filters, public_only=True, kinds=kinds, limit=1000))
    return {h.key for h in result.hits}, result.total


def test_rows_of_documents_outside_the_scope_carry_its_word():
    inside = SearchDocument(
        key="a", title="通知", body="行政处罚", kind="normdoc", status=IN_FORCE, public=True
    )
    repealed = SearchDocument(
        key="b", title="通知", body="行政处罚", kind="normdoc", status="已废止", public=True
    )
    internal = SearchDocument(
        key="c", title="通知", body="行政处罚", kind="normdoc", status=IN_FORCE, public=False
    )
    for doc, outside in ((inside, False), (repealed, True), (internal, True)):
        main, title, chars = fts5_rows.document_rows((1, doc))
        assert (fts5_rows.OUTSIDE_SCOPE in main[2].split()) is outside
        assert (fts5_rows.OUTSIDE_SCOPE in chars[2].split()) is outside
        assert fts5_rows.OUTSIDE_SCOPE not in title[2].split()  # the title table keeps its filter words
        old_main, _, old_chars = fts5_rows.document_rows((1, doc), fts5_rows.Layout(scoped=False))
        assert fts5_rows.OUTSIDE_SCOPE not in old_main[2].split() + old_chars[2].split()  # until 0018


def test_the_scope_is_not_the_outside_word_only_where_both_filters_are_asked():
    outside = f" NOT {fts5_rows.OUTSIDE_SCOPE}"
    issuer = facet_token("issuer", "市司法局")
    assert fts5.filter_words(SCOPE, [], outside=True) == outside
    assert fts5.filter_words([*SCOPE, issuer], ["zfk"], outside=True) == f" AND {issuer} AND (zfk){outside}"
    assert fts5.filter_words(SCOPE, [], outside=False) == f" AND {fts5_rows.pair_token(*SCOPE)}"
    assert outside not in fts5.filter_words(SCOPE[:1], [], outside=True)  # public alone: no scope
    assert outside not in fts5.filter_words(SCOPE, [], title_table=True, outside=True)
    exprs = fts5.match_expressions(["行政处罚", "的"], SCOPE, [], common={"行政处罚"}, outside=True)
    assert exprs["all"] is None and exprs["chars"] == f'"行政处罚" AND "的"{outside}'


@on_sqlite
@pytest.mark.usefixtures("small_corpus")
@pytest.mark.parametrize("in_scope", [0.85, 0.3])
@pytest.mark.parametrize("by_outside", [True, False])
def test_both_ways_find_exactly_the_documents_in_scope(monkeypatch, in_scope, by_outside):
    docs = _documents(90, in_scope)
    index_documents(docs)
    get_backend().rebuild()  # a vocabulary: common terms take the characters' table and the joins
    monkeypatch.setattr(fts5.Fts5Backend, "scope_by_outside", lambda self: by_outside)
    for text in QUERIES:
        for issuer, kinds in (
            ("", None),
            ("市司法局", None),
            ("", ["law"]),
            ("市教育局", ["normdoc", "law"]),
        ):
            expected = _expected(docs, text, issuer, kinds or ())
            assert _portal(text, issuer, kinds) == (expected, len(expected)), (text, issuer, kinds)
    # The documents outside the scope never show, whichever way: some of them hold every term.
    assert any(not fts5_rows.in_default_scope(d) and "行政处罚" in fold(d.body) for d in docs)


@on_sqlite
def test_the_outside_word_is_asked_where_fewer_documents_carry_it(monkeypatch):
    monkeypatch.setattr(fts5, "_outside_is_fewer", {})
    index_documents(_documents(40, in_scope=0.9))
    assert get_backend().scope_by_outside()
    changed = _documents(40, in_scope=0.1, seed=3)  # the same keys: now most are outside
    index_documents(changed)
    assert get_backend().scope_by_outside()  # counted once a while: the choice stands ...
    # The old rows went with the words they were written with: only the documents outside now carry it.
    assert _outside_rows() == sum(not fts5_rows.in_default_scope(d) for d in changed)
    assert _portal("行政处罚") == (_expected(changed, "行政处罚"), len(_expected(changed, "行政处罚")))
    monkeypatch.setattr(fts5, "SCOPE_COUNT_SECONDS", -1)
    assert not get_backend().scope_by_outside()  # ... until it is counted again
    remove_documents([f"normdoc:{i}" for i in range(40)])
    assert not get_backend().scope_by_outside()  # no document at all: the pair word, as before 0018


@on_sqlite
def test_a_rebuild_counts_the_scope_again(monkeypatch):
    monkeypatch.setattr(fts5, "_outside_is_fewer", {})
    index_documents(_documents(30, in_scope=0.1))
    assert not get_backend().scope_by_outside()
    index_documents(_documents(30, in_scope=0.95, seed=2))
    get_backend().rebuild()
    assert get_backend().scope_by_outside()


def _outside_rows() -> int:
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT count(*) FROM {fts5.TABLE} WHERE {fts5.TABLE} MATCH %s", [fts5_rows.OUTSIDE_SCOPE]
        )
        return cur.fetchone()[0]


@on_sqlite
@pytest.mark.usefixtures("small_corpus")
def test_migration_0018_marks_the_documents_outside_and_backwards_takes_the_word_out(monkeypatch):
    monkeypatch.setattr(fts5, "_outside_is_fewer", {})
    docs = _documents(60, in_scope=0.8)
    index_documents(docs)
    get_backend().rebuild()
    outside = sum(not fts5_rows.in_default_scope(d) for d in docs)
    assert get_backend().scoped and get_backend().scope_by_outside() and _outside_rows() == outside > 0
    before = {q: _portal(q) for q in QUERIES}
    assert before == {q: (_expected(docs, q), len(_expected(docs, q))) for q in QUERIES}

    migration = importlib.import_module("fazhi.search.migrations.0018_fts5_outside_default_scope")
    migration.backwards(django_apps, Editor())
    backend = get_backend()
    assert not backend.scoped and not backend.scope_by_outside()
    assert (
        backend.columns[fts5.TABLE] == "terms, facets"
        and backend.columns[fts5.CHARS_TABLE] == "chars, facets"
    )
    assert _outside_rows() == 0
    assert {q: _portal(q) for q in QUERIES} == before
    # Written and removed in the layout of 0017: the rows' columns and words are that layout's.
    added = [replace(d, key=f"added:{d.key}") for d in _documents(10, 0.5, seed=4)]
    index_documents(added)
    remove_documents([d.key for d in added])
    assert {q: _portal(q) for q in QUERIES} == before

    migration.forwards(django_apps, Editor())
    backend = get_backend()
    assert backend.scoped and backend.columns[fts5.TABLE] == "terms, filters" and _outside_rows() == outside
    assert {q: _portal(q) for q in QUERIES} == before
