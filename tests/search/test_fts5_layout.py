"""SQLite only: the stored texts are compressed (`PackedTextField`), and migration 0011, which packs
them and moves the FTS5 index to one text column, runs backwards (the 0008 layout, plain texts) and
forwards again with the same hits; which layout the tables have is remembered under the schema's
version and read again when it changes. The hits themselves are checked by the oracle tests."""

import importlib
import io
import zlib

import pytest
from django.apps import apps as django_apps
from django.db import connection

from fazhi.search import packing
from fazhi.search.backend import SearchDocument, SearchQuery, get_backend, index_documents, search
from fazhi.search.models import SearchEntry

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="只在 SQLite 上运行（FTS5 与压缩正文）"),
]

BODY = "第一条 为了规范行政处罚的设定和实施，保障和监督行政机关有效实施行政管理。" * 20


def _stored(key: str) -> tuple[str, object]:
    with connection.cursor() as cur:
        cur.execute("SELECT typeof(body), body FROM search_searchentry WHERE key = %s", [key])
        return cur.fetchone()


def test_texts_are_stored_compressed_and_read_back_as_written():
    index_documents([SearchDocument(key="k", title="办法", body=BODY, kind="normdoc")])
    kind, raw = _stored("k")
    assert kind == "blob" and not packing.is_zlib(raw) and packing.unpack(raw).decode() == BODY
    assert len(raw) < len(BODY.encode()) / 4  # twenty copies of one sentence compress far below a quarter
    assert SearchEntry.objects.get(key="k").body == BODY
    assert list(SearchEntry.objects.values_list("body", flat=True)) == [BODY]


def test_an_empty_text_stays_an_empty_text():
    index_documents([SearchDocument(key="k", title="办法", body="", kind="normdoc")])
    assert _stored("k") == ("text", "")
    assert SearchEntry.objects.get(key="k").body == ""


class Editor:
    """What the migrations use of a schema editor."""

    connection = connection

    def execute(self, sql):
        with connection.cursor() as cur:
            cur.execute(sql)


def _index_six_documents() -> None:
    """Six documents, every other one holding BODY (行政处罚, 的), the others 听证罚款."""
    index_documents(
        SearchDocument(
            key=f"normdoc:{i}", title=f"办法{i}", body=BODY if i % 2 else "听证罚款", kind="normdoc"
        )
        for i in range(6)
    )


def test_migration_0011_backwards_and_forwards_keeps_every_hit():
    _index_six_documents()
    queries = ["行政处罚", "罚", "办法", "办法3 罚", "听证罚款"]
    before = {q: [h.key for h in search(SearchQuery(text=q)).hits] for q in queries}
    assert [len(before[q]) for q in queries] == [3, 6, 6, 1, 3]

    migration = importlib.import_module("fazhi.search.migrations.0011_fts5_one_text_column_packed_texts")
    migration.backwards(django_apps, Editor())
    assert _stored("normdoc:1") == ("text", BODY)
    with connection.cursor() as cur:  # the 0008 layout: five columns, the text in `body`
        cur.execute("SELECT count(*) FROM search_fts WHERE search_fts MATCH %s", ['body : "行政 政处 处罚"'])
        assert cur.fetchone() == (3,)
    migration.forwards(django_apps, Editor())
    assert _stored("normdoc:1")[0] == "blob"
    assert {q: [h.key for h in search(SearchQuery(text=q)).hits] for q in queries} == before


def _char_rows(table: str, char: str) -> int:
    with connection.cursor() as cur:
        cur.execute(f"SELECT count(*) FROM {table} WHERE {table} MATCH %s", [f'"{char}"'])  # noqa: S608
        return cur.fetchone()[0]


def _tokenizers() -> set[str]:
    with connection.cursor() as cur:
        cur.execute(
            "SELECT sql FROM sqlite_master WHERE name IN ('search_fts', 'search_fts_title', 'search_fts_chars')"
        )
        return {sql.split("tokenize='")[1].split("'")[0] for (sql,) in cur.fetchall()}


def test_migration_0017_repacks_the_texts_as_zlib_and_back_with_the_same_hits_and_snippets():
    _index_six_documents()
    index_documents([SearchDocument(key="empty", title="空文", body="", kind="normdoc")])
    queries = ["行政处罚", "罚", "办法", "听证罚款"]

    def answers():
        return {q: [(h.key, h.snippet_html) for h in search(SearchQuery(text=q)).hits] for q in queries}

    before = answers()
    assert [len(before[q]) for q in queries] == [3, 6, 6, 3]
    migration = importlib.import_module("fazhi.search.migrations.0017_zstd_packed_texts")
    migration.backwards(django_apps, Editor())
    kind, raw = _stored("normdoc:1")
    assert kind == "blob" and zlib.decompress(raw).decode() == BODY  # as before 0017: zlib
    assert _stored("empty") == ("text", "")
    assert SearchEntry.objects.get(key="normdoc:1").body == BODY and answers() == before
    get_backend().rebuild()  # a rebuild reads the zlib texts (in its worker's way, `record_document`)
    assert answers() == before
    migration.forwards(django_apps, Editor())
    kind, raw = _stored("normdoc:1")
    assert kind == "blob" and raw == packing.pack(BODY)
    assert answers() == before
    migration.forwards(django_apps, Editor())  # run again: what is zstd already stays as it is
    assert _stored("normdoc:1")[1] == raw and answers() == before


def test_migration_0014_moves_the_characters_back_into_the_main_table_and_out_again():
    from fazhi.search import fts5

    _index_six_documents()
    queries = ["行政处罚", "罚", "办法", "办法3 罚", "的 办法", "听证罚款 的"]
    before = {q: [h.key for h in search(SearchQuery(text=q)).hits] for q in queries}
    assert [len(before[q]) for q in queries] == [3, 6, 6, 1, 3, 0]
    assert (_char_rows(fts5.CHARS_TABLE, "的"), _char_rows(fts5.TABLE, "的")) == (3, 0)

    migration = importlib.import_module("fazhi.search.migrations.0014_fts5_characters_table")
    migration.backwards(django_apps, Editor())
    assert fts5.CHARS_TABLE not in connection.introspection.table_names()
    assert _char_rows(fts5.TABLE, "的") == 3  # the layout before 0014: the characters lead the text
    assert _tokenizers() == {"unicode61 remove_diacritics 0"}
    assert {q: [h.key for h in search(SearchQuery(text=q)).hits] for q in queries} == before
    migration.forwards(django_apps, Editor())
    assert _tokenizers() == {"ascii"}
    assert (_char_rows(fts5.CHARS_TABLE, "的"), _char_rows(fts5.TABLE, "的")) == (3, 0)
    assert {q: [h.key for h in search(SearchQuery(text=q)).hits] for q in queries} == before


@pytest.mark.django_db(transaction=True)
def test_search_rebuild_with_vacuum_keeps_every_hit_and_leaves_no_free_page():
    from django.core.management import call_command

    index_documents(
        SearchDocument(key=f"k{i}", title=f"办法{i}", body=BODY, kind="normdoc") for i in range(30)
    )
    before = [h.key for h in search(SearchQuery(text="行政处罚", limit=50)).hits]
    call_command("search_rebuild", "--vacuum", stdout=io.StringIO())
    with connection.cursor() as cur:
        cur.execute("PRAGMA freelist_count")
        assert cur.fetchone() == (0,)
    assert [h.key for h in search(SearchQuery(text="行政处罚", limit=50)).hits] == before and len(
        before
    ) == 30


@pytest.mark.django_db(transaction=True)
def test_the_layout_is_remembered_under_the_schema_version_and_read_again_when_it_changes(monkeypatch):
    from fazhi.search import fts5
    from tests.search.test_common_terms import Editor

    monkeypatch.setattr(fts5, "_schemas", {})
    assert get_backend().scoped and len(fts5._schemas) == 1
    # Remembered: a second search reads no column of the tables.
    read = fts5.Fts5Backend._read_schema
    monkeypatch.setattr(fts5.Fts5Backend, "_read_schema", staticmethod(lambda cur: pytest.fail("read again")))
    assert get_backend().scoped
    monkeypatch.setattr(fts5.Fts5Backend, "_read_schema", staticmethod(read))
    migration = importlib.import_module("fazhi.search.migrations.0018_fts5_outside_default_scope")
    try:
        migration.backwards(django_apps, Editor())
        assert not get_backend().scoped  # the schema changed: its version did, and the layout is read again
    finally:
        migration.forwards(django_apps, Editor())
    assert get_backend().scoped and len(fts5._schemas) == 3


def test_inside_a_transaction_the_layout_is_read_and_not_remembered(monkeypatch):
    from fazhi.search import fts5

    # A schema changed inside a transaction and rolled back takes its version number back with it.
    monkeypatch.setattr(fts5, "_schemas", {})
    assert connection.in_atomic_block and get_backend().scoped and fts5._schemas == {}
