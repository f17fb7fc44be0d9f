"""The same behavioural tests on the other backend, and the tests that only one backend can run.

`BEHAVIOUR` (the oracle comparisons, the corpus rules, the normative-document events) runs in-process
on whichever database `DATABASE_URL` selects. `test_behaviour_on_the_other_backend` runs those same
modules once more in a child pytest on the other database, so a single run on SQLite also proves
PostgreSQL (and the other way round). PostgreSQL is found at `FAZHI_TEST_PG_URL` (default
`postgresql://postgres@127.0.0.1:5432`); when no server answers the test is skipped and says so.
Deselect with `-m "not postgres"`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.db import connection, transaction

from fazhi.search.backend import SearchDocument, SearchQuery, index_documents, search

REPO = Path(__file__).resolve().parents[2]
BEHAVIOUR = [
    "tests/search/test_backend.py",
    "tests/search/test_semantics.py",
    "tests/search/test_index_events.py",
    "tests/search/test_substrings.py",
    "tests/search/test_rum.py",
    "tests/search/test_entry_ids.py",
]
PG_SERVER = os.environ.get("FAZHI_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432").rstrip("/")


def postgres_problem() -> str | None:
    """Why PostgreSQL cannot be used, or None when it answers."""
    try:
        import psycopg
    except ImportError:
        return "未安装 psycopg"
    try:
        with psycopg.connect(f"{PG_SERVER}/postgres", connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        return f"PostgreSQL 无响应（{PG_SERVER}）：{str(exc).strip().splitlines()[0] if str(exc).strip() else exc}"
    return None


@pytest.mark.postgres
def test_behaviour_on_the_other_backend():
    if connection.vendor == "sqlite":
        problem = postgres_problem()
        if problem:
            pytest.skip(f"{problem}；PostgreSQL 上的同一组行为测试未运行")
        # pytest-django creates and drops test_<name>: a name per process, so parallel runs don't meet.
        url = f"{PG_SERVER}/search_parity_{os.getpid()}"
    else:
        url = f"sqlite:///{tempfile.gettempdir()}/search_parity_{os.getpid()}.sqlite3"
    env = {**os.environ, "DATABASE_URL": url, "FAZHI_EMBEDDED": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--create-db", *BEHAVIOUR],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert done.returncode == 0, f"{url}:\n{done.stdout[-4000:]}\n{done.stderr[-2000:]}"
    assert " passed" in done.stdout and " failed" not in done.stdout


@pytest.mark.django_db
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="只在 PostgreSQL 上运行（设置 DATABASE_URL=postgresql://…）"
)
def test_postgres_gram_sets_carry_no_positions_and_counting_leaves_the_planner_alone():
    body = "第一条 " + "的" * 20_000 + "罚款"  # a tsvector with positions would stop at 16,383
    index_documents([SearchDocument(key="long", title="某办法", body=body, kind="normdoc")])
    with connection.cursor() as cur:
        cur.execute("SELECT grams::text, tgrams::text FROM search_pg")
        grams, tgrams = cur.fetchone()
    assert "'罚款'" in grams and "'某办'" in tgrams and "'罚款'" not in tgrams
    assert ":" not in grams.replace("':'", "")  # stripped: lexemes only, no position lists
    with transaction.atomic(), connection.cursor() as cur:
        assert search(SearchQuery(text="罚款")).total == 1
        # The count turns sequential and index scans off for itself only, not for the caller's transaction.
        cur.execute("SELECT current_setting('enable_seqscan'), current_setting('enable_indexscan')")
        assert cur.fetchone() == ("on", "on")


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="只在 SQLite 上运行（FTS5）")
def test_fts5_optimize_keeps_every_hit():
    from fazhi.search.backend import get_backend

    index_documents(
        SearchDocument(key=f"k{i}", title=f"办法{i}", body="听证", kind="normdoc") for i in range(30)
    )
    before = search(SearchQuery(text="听证", limit=50)).hits
    get_backend().optimize()
    after = search(SearchQuery(text="听证", limit=50)).hits
    assert [h.key for h in after] == [h.key for h in before] and len(after) == 30


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="只在 SQLite 上运行（FTS5）")
def test_fts5_rebuild_loads_without_automerge_with_a_large_buffer_and_restores_both():
    from fazhi.search.backend import get_backend
    from fazhi.search.fts5 import AUTOMERGE, CRISISMERGE, HASHSIZE

    index_documents(
        SearchDocument(key=f"k{i}", title=f"办法{i}", body="听证", kind="normdoc") for i in range(30)
    )
    before = [h.key for h in search(SearchQuery(text="听证", limit=50)).hits]
    assert get_backend().rebuild() == 30
    with connection.cursor() as cur:
        for table in ("search_fts", "search_fts_title", "search_fts_chars"):
            cur.execute(
                f"SELECT k, v FROM {table}_config WHERE k IN ('automerge', 'hashsize', 'crisismerge')"  # noqa: S608
            )
            assert dict(cur.fetchall()) == {
                "automerge": AUTOMERGE,
                "hashsize": HASHSIZE,
                "crisismerge": CRISISMERGE,
            }
    assert [h.key for h in search(SearchQuery(text="听证", limit=50)).hits] == before and len(before) == 30


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="只在 SQLite 上运行（FTS5）")
def test_fts5_rebuild_merges_its_segments_once_at_the_end(monkeypatch):
    """FTS5 merges a level of 16 segments as soon as it has them ('crisismerge'): a rebuild of 40 pages
    would write its index twice. Left alone, the 40 segments each table got wait for `optimize`."""
    from fazhi.search import backend
    from fazhi.search.backend import get_backend
    from fazhi.search.fts5 import Fts5Backend

    index_documents(
        SearchDocument(key=f"k{i}", title=f"办法{i}", body="听证", kind="normdoc") for i in range(80)
    )
    monkeypatch.setattr(backend, "REBUILD_PAGE", 2)
    segments_before_optimize = []

    def count_segments(self):
        with connection.cursor() as cur:
            cur.execute("SELECT count(DISTINCT segid) FROM search_fts_idx")
            segments_before_optimize.append(cur.fetchone()[0])
        optimize(self)

    optimize = Fts5Backend.optimize
    monkeypatch.setattr(Fts5Backend, "optimize", count_segments)
    assert get_backend().rebuild() == 80
    assert segments_before_optimize == [40]
    with connection.cursor() as cur:
        cur.execute("SELECT count(DISTINCT segid) FROM search_fts_idx")
        assert cur.fetchone()[0] == 1
    assert search(SearchQuery(text="听证", limit=100)).total == 80
