"""Common terms (`fazhi.search.common_terms`): words many documents hold, one token each in SQLite's
characters' table and one gram each in PostgreSQL's gram sets. What a query finds must still be exactly
the substring rule, whichever structure answers it; the expected hits are computed here from the stored
texts by `in`, never by the index. The behavioural tests run on the database `DATABASE_URL` selects."""

from __future__ import annotations

import datetime
import io
import pickle
import random
from dataclasses import replace

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fazhi.search import common_terms, fts5, fts5_rows, postgres, rum
from fazhi.search.backend import (
    SearchDocument,
    SearchQuery,
    fold,
    get_backend,
    index_documents,
    parse_query,
    remove_documents,
    search,
)
from tests.search.test_substrings import CHARACTERS, _keys, traditional_form

# jieba makes 行政处罚, 规范性, 中华人民共和国 and 行政复议 words of three or more characters (and 法治 政府,
# 听证 程序 words of two); traditional and punctuated spellings fold to the same words.
PHRASES = [
    "依法实施行政处罚",
    "清理规范性文件",
    "中华人民共和国行政复议法",
    "法治政府建设",
    "听证程序",
    "行政處罰決定書",
    "規範性，文件",
    "的了，。abc",
    "重大行政决策事项目录",
]


def _documents(n: int, seed: int = 5) -> list[SearchDocument]:
    rng = random.Random(seed)
    return [
        SearchDocument(
            key=f"normdoc:{i}",
            title="".join(rng.choices(PHRASES, k=rng.randint(0, 2))) or "通知",
            body="".join(rng.choices(PHRASES, k=rng.randint(0, 6))),
            kind="normdoc",
            date=datetime.date(2021, 1, 1) + datetime.timedelta(days=rng.randint(0, 900)),
            status=rng.choice(["现行有效", "已废止"]),
            public=i % 5 != 0,
        )
        for i in range(n)
    ]


def _expected(docs: list[SearchDocument], text: str, public_only: bool = False) -> set[str]:
    terms = text.split()
    return {
        d.key
        for d in docs
        if (d.public or not public_only)
        and all(fold(t) in fold(d.title) or fold(t) in fold(d.body) for t in terms)
    }


def _found(text: str, **options) -> tuple[set[str], int]:
    result = search(SearchQuery(text=text, limit=1000, **options))
    return {h.key for h in result.hits}, result.total


QUERIES = [
    "行政处罚",
    "行政處罰",
    "规范性",
    "中华人民共和国",
    "行政复议",
    "行政处罚 规范性",
    "行政处罚 中华人民共和国 行政复议",
    "行政处罚 听证",  # a common term and a phrase: one token beside the phrase in the main table
    "行政处罚 听证 的",  # and a character: the main table's and the characters' matches joined
    "中华人民共和国 复议法 规范性",  # two common terms and a phrase
    "规范性 罚",  # a common term and a character
    "处罚 行政处罚",  # the phrase is inside the common term: left out
    "行政处罚决定书",  # longer than the common term: a phrase
    "罚决定",
    "法治政府建设 行政复议",
]


def test_words_many_sampled_documents_hold_make_the_vocabulary():
    texts = ["依法实施行政处罚，清理规范性文件"] * 8 + ["中华人民共和国行政复议法"] * 2
    chosen = common_terms.choose(texts, documents=1000)
    assert "行政处罚" in chosen and "规范性" in chosen
    assert all(common_terms.WORD.fullmatch(w) for w in chosen)  # no word of fewer than three ideographs
    assert "中华人民共和国" in chosen  # 2 of 10 sampled documents: at least SHARE and at least two
    assert "中华人民共和国" not in common_terms.choose(texts[:9], documents=1000)  # one of nine
    assert common_terms.choose(texts, documents=common_terms.MIN_DOCUMENTS - 1) == []


def test_a_vocabulary_finds_exactly_the_words_each_text_holds():
    vocabulary = common_terms.Vocabulary(["行政处罚", "处罚决定", "规范性"])
    assert vocabulary.found("依法行政处罚决定书") == ["处罚决定", "行政处罚"]  # overlapping words both
    assert vocabulary.found("规范", "性文件") == []  # no word runs from one text into the next
    assert vocabulary.found("", "规范性规范性") == ["规范性"]
    assert not common_terms.NONE and common_terms.NONE.found("行政处罚") == []
    again = pickle.loads(pickle.dumps(vocabulary))  # as a rebuild's worker receives it
    assert again == vocabulary and again.found("行政处罚") == ["行政处罚"]


def test_the_main_tables_text_lists_the_words_after_the_bigrams():
    vocabulary = common_terms.Vocabulary(["行政处罚", "规范性", "中华人民共和国"])
    doc = SearchDocument(key="k", title="规范性", body="依法行政處罰", kind="normdoc")
    main, _, chars = fts5_rows.document_rows((7, doc), fts5_rows.Layout(vocabulary=vocabulary))
    layout_0015 = fts5_rows.Layout(words_in_text=False, scoped=False, vocabulary=vocabulary)
    bigrams, _, chars_before = fts5_rows.document_rows((7, doc), layout_0015)
    assert main[1].decode() == bigrams[1].decode() + " 行政处罚 规范性"  # folded, sorted, after the bigrams
    assert not {"行政处罚", "规范性"} & set(bigrams[1].decode().split())  # the layout of 0015
    assert chars[:2] == chars_before[:2] and chars[1].decode().endswith(" 行政处罚 规范性")


def test_terms_inside_other_terms_are_left_out_and_common_terms_are_one_token():
    common = {"行政处罚", "规范性"}
    assert fts5.split_terms(["罚", "处罚", "行政处罚", "规范性", "的"], common=common) == (
        [],
        ["行政处罚", "规范性", "的"],  # every longer term common: the characters' table alone
    )
    # Beside a phrase the common terms stay in the main table: one table intersects them in one pass.
    assert fts5.split_terms(["行政处罚", "听证", "规范性", "的"], common=common) == (
        ["行政处罚", "听证", "规范性"],
        ["的"],
    )
    # There each is the one token it is from migration 0016 on, the phrase of its bigrams before.
    exprs = fts5.match_expressions(["行政处罚", "听证", "的"], ["zf1"], [], common={"行政处罚"})
    assert exprs["all"] == '"行政处罚" AND "听证" AND zf1' and exprs["chars"] == '"的"'
    exprs = fts5.match_expressions(["行政处罚", "听证"], [], [], common={"行政处罚"}, words_in_text=False)
    assert exprs["all"] == '"行政 政处 处罚" AND "听证"'
    # The title table has no common terms' tokens: phrases there, whatever the layout.
    assert exprs["title"] == 'title : "行政 政处 处罚" AND title : "听证"'
    exprs = fts5.match_expressions(["行政处罚", "罚"], [], [], common={"行政处罚"})
    assert exprs["all"] is None and exprs["chars"] == '"行政处罚"'
    exprs = fts5.match_expressions(["行政处罚", "罚"], [], [])  # no vocabulary: the phrase of its bigrams
    assert exprs["all"] == '"行政 政处 处罚"' and exprs["chars"] is None


def test_on_postgresql_a_common_term_is_one_gram_with_no_substring_check():
    sql, params = postgres.where(["行政处罚", "听证程序"], ["zf1"], [], common={"行政处罚"})
    assert sql == "grams @@ %s::tsquery AND (strpos(ftitle, %s) > 0 OR strpos(fbody, %s) > 0)"
    # 听证程序's bigrams, 行政处罚 whole, the filter word; sorted by code point.
    assert params == ["'zf1' & '听证' & '程序' & '行政处罚' & '证程'", "听证程序", "听证程序"]


class Editor:
    """What the migrations use of a schema editor."""

    connection = connection

    def execute(self, sql):
        with connection.cursor() as cur:
            cur.execute(sql)


def on_sqlite(test):
    test = pytest.mark.django_db(test)
    return pytest.mark.skipif(connection.vendor != "sqlite", reason="只在 SQLite 上运行（FTS5）")(test)


@pytest.fixture
def small_corpus(monkeypatch):
    """A vocabulary from corpora of a few dozen documents."""
    monkeypatch.setattr(common_terms, "MIN_DOCUMENTS", 20)
    monkeypatch.setattr(common_terms, "SHARE", 0.05)


@pytest.mark.django_db
def test_common_terms_find_what_the_substring_rule_finds(small_corpus):
    docs = _documents(80)
    index_documents(docs)
    assert not get_backend().vocabulary  # chosen by a rebuild only
    before = {q: _found(q, public_only=False) for q in QUERIES}
    assert get_backend().rebuild() == 80
    vocabulary = get_backend().vocabulary.terms
    assert {"行政处罚", "规范性", "中华人民共和国", "行政复议"} <= set(vocabulary)
    for q in QUERIES:
        keys, total = _found(q, public_only=False)
        assert keys == _expected(docs, q) and total == len(keys), q
        assert (keys, total) == before[q], q
        keys, total = _found(q, public_only=True, filters={"status": "现行有效"})
        in_force = {d.key for d in docs if d.status == "现行有效"}
        assert keys == _expected(docs, q, public_only=True) & in_force and total == len(keys), q


@pytest.mark.django_db
def test_documents_indexed_changed_and_removed_after_the_rebuild_keep_the_rule(small_corpus):
    docs = _documents(60)
    index_documents(docs)
    get_backend().rebuild()
    assert "行政处罚" in get_backend().vocabulary.terms
    added = [replace(d, key=f"added:{i}") for i, d in enumerate(_documents(15, seed=9))]
    index_documents(added)
    holding = [d for d in docs if "行政处罚" in fold(d.body)]
    changed = replace(holding[0], body="清理规范性文件")
    index_documents([changed])
    remove_documents([holding[1].key])
    now = [d for d in docs if d.key not in (changed.key, holding[1].key)] + added + [changed]
    for q in QUERIES:
        keys, total = _found(q, public_only=False)
        # The count too: a token left behind by a removal with other tokens would still be counted.
        assert keys == _expected(now, q) and total == len(keys), q
    if connection.vendor == "sqlite":  # each table lists the word once for each document holding it now
        for table in (fts5.CHARS_TABLE, fts5.TABLE):
            assert _token_rows("行政处罚", table) == len(_expected(now, "行政处罚")), table


@pytest.mark.django_db
def test_a_rebuild_without_common_terms_forgets_the_vocabulary(small_corpus):
    docs = _documents(40)
    index_documents(docs)
    backend = get_backend()
    backend.rebuild()
    assert backend.vocabulary
    backend.rebuild(common=False)
    assert not get_backend().vocabulary
    assert _found("行政处罚 规范性", public_only=False)[0] == _expected(docs, "行政处罚 规范性")


def _token_rows(token: str, table: str = fts5.CHARS_TABLE) -> int:
    with connection.cursor() as cur:
        cur.execute(f"SELECT count(*) FROM {table} WHERE {table} MATCH %s", [f'"{token}"'])  # noqa: S608
        return cur.fetchone()[0]


@on_sqlite
def test_migration_0015_indexes_the_common_terms_and_backwards_forgets_them(small_corpus):
    import importlib

    from django.apps import apps as django_apps

    docs = _documents(50)
    index_documents(docs)
    before = {q: _found(q, public_only=False) for q in QUERIES}
    holding = len(_expected(docs, "行政处罚"))
    assert holding and _token_rows("行政处罚") == 0

    migration = importlib.import_module("fazhi.search.migrations.0015_common_terms")
    migration.forwards(django_apps, Editor())
    assert "行政处罚" in get_backend().vocabulary.terms
    assert _token_rows("行政处罚") == holding  # the documents holding it, each listing it once
    assert {q: _found(q, public_only=False) for q in QUERIES} == before
    migration.backwards(django_apps, Editor())
    assert not get_backend().vocabulary and _token_rows("行政处罚") == 0
    assert {q: _found(q, public_only=False) for q in QUERIES} == before


@on_sqlite
def test_migration_0016_lists_the_common_terms_in_the_main_table_and_backwards_takes_them_out(small_corpus):
    import importlib

    from django.apps import apps as django_apps

    docs = _documents(50)
    index_documents(docs)
    get_backend().rebuild()
    holding = len(_expected(docs, "行政处罚"))
    assert get_backend().words_in_text and _token_rows("行政处罚", fts5.TABLE) == holding > 0
    before = {q: _found(q, public_only=False) for q in QUERIES}

    migration = importlib.import_module("fazhi.search.migrations.0016_fts5_common_terms_in_main_table")
    migration.backwards(django_apps, Editor())
    backend = get_backend()
    assert not backend.words_in_text and backend.chars_apart
    assert backend.columns[fts5.TABLE] == "text, facets"
    assert "行政处罚" in backend.vocabulary.terms and _token_rows("行政处罚") == holding  # kept apart
    assert _token_rows("行政处罚", fts5.TABLE) == 0
    assert {q: _found(q, public_only=False) for q in QUERIES} == before
    # Written and removed in the layout of 0015: the rows' column and tokens are that layout's.
    added = [replace(d, key=f"added:{i}") for i, d in enumerate(_documents(10, seed=3))]
    index_documents(added)
    remove_documents([d.key for d in added])
    assert {q: _found(q, public_only=False) for q in QUERIES} == before

    migration.forwards(django_apps, Editor())
    assert get_backend().words_in_text and get_backend().columns[fts5.TABLE] == "terms, facets"
    assert _token_rows("行政处罚", fts5.TABLE) == holding
    assert {q: _found(q, public_only=False) for q in QUERIES} == before


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="只在 PostgreSQL 上运行（0003）")
def test_migration_0003_indexes_stored_entries_before_the_vocabulary_table_exists(small_corpus):
    import importlib

    from django.apps import apps as django_apps

    docs = _documents(12)
    index_documents(docs)
    later = ["search_commonterm", "search_rum"]  # tables a database migrated up to 0002 does not have yet
    with connection.cursor() as cur:
        for table in later:
            cur.execute(f"ALTER TABLE IF EXISTS {table} RENAME TO {table}_later")
    rum.forget(connection)
    importlib.import_module("fazhi.search.migrations.0003_postgres_tsvector_grams").forwards(
        django_apps, Editor()
    )
    with connection.cursor() as cur:
        for table in later:
            cur.execute(f"ALTER TABLE IF EXISTS {table}_later RENAME TO {table}")
    rum.forget(connection)
    keys, total = _found("行政处罚", public_only=False)
    assert keys == _expected(docs, "行政处罚") and total == len(keys) > 0


@pytest.mark.django_db
def test_the_weekly_task_gives_a_grown_corpus_its_vocabulary_once(small_corpus):
    from django.core.management import call_command

    from fazhi.core.models import OperationLog
    from fazhi.search.tasks import choose_vocabulary

    docs = _documents(15)
    index_documents(docs)
    assert choose_vocabulary() is None  # fewer than MIN_DOCUMENTS: no vocabulary to choose
    more = [replace(d, key=f"more:{i}") for i, d in enumerate(_documents(30, seed=11))]
    index_documents(more)
    assert not get_backend().vocabulary  # indexing alone never chooses one
    assert choose_vocabulary() == 45
    assert "行政处罚" in get_backend().vocabulary.terms
    assert OperationLog.objects.filter(action="search.rebuild").count() == 1
    assert choose_vocabulary() is None  # it has one now: left alone
    call_command("search_rebuild", "--if-no-common-terms", stdout=io.StringIO())
    assert OperationLog.objects.filter(action="search.rebuild").count() == 1
    keys, total = _found("行政处罚 规范性", public_only=False)
    assert keys == _expected(docs + more, "行政处罚 规范性") and total == len(keys)


@pytest.fixture
def vocabulary_in_force(small_corpus):
    """40 documents indexed and a vocabulary chosen from them: the words of PHRASES that jieba makes."""
    index_documents(_documents(40))
    get_backend().rebuild()
    vocabulary = get_backend().vocabulary.terms
    assert {"行政处罚", "规范性", "中华人民共和国", "行政复议"} <= set(vocabulary)
    return vocabulary


# Texts made of vocabulary words in either spelling, their fragments, and any other characters.
WORDY_TEXTS = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "行政处罚",
                "行政處罰",
                "规范性",
                "規範性",
                "中华人民共和国",
                "行政复议",
                "行政",
                "處罰",
                "复议法",
            ]
        ),
        CHARACTERS,
    ),
    min_size=1,
    max_size=12,
).map("".join)


@pytest.mark.django_db
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(title=WORDY_TEXTS, body=WORDY_TEXTS, data=st.data())
def test_with_common_terms_any_substring_is_a_hit_and_a_word_only_where_it_is(
    vocabulary_in_force, title, body, data
):
    key = f"prop:{next(_keys)}"
    index_documents([SearchDocument(key=key, title=title, body=body, kind="normdoc", issuer=key)])

    def hits(query: str) -> list[str]:
        return [
            h.key for h in search(SearchQuery(text=query, filters={"issuer": key}, public_only=False)).hits
        ]

    source = data.draw(st.sampled_from([title, body]), label="source")
    start = data.draw(st.integers(0, len(source) - 1), label="start")
    end = data.draw(st.integers(start + 1, len(source)), label="end")
    query = source[start:end]
    if data.draw(st.booleans(), label="traditional"):
        query = traditional_form(query, random.Random(data.draw(st.integers(0, 2**32), label="seed")))
    if parse_query(query):
        assert hits(query) == [key], (query, title, body)
    # Every vocabulary word, and two at once: a hit exactly where the folded title or text holds each.
    words = data.draw(st.lists(st.sampled_from(vocabulary_in_force), min_size=1, max_size=2), label="words")
    held = all(fold(w) in fold(title) or fold(w) in fold(body) for w in words)
    assert hits(" ".join(words)) == ([key] if held else []), (words, title, body)
    if parse_query(query):  # beside the substring's terms: on SQLite tokens of the main table
        assert hits(f"{' '.join(words)} {query}") == ([key] if held else []), (words, query, title, body)
    remove_documents([key])
