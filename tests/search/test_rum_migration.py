"""search 0009 (PostgreSQL with RUM): `search_rum` rows written in the old shape (the kind as a marker
word, the filter words as words, characters without positions) come out in the new one (a `multi`
column, a `facets` array, every lexeme positioned) and go back exactly. The expected rows are written out
by hand from the rule."""

import pytest
from django.db import connection

from fazhi.search import rum
from fazhi.search.backend import get_backend
from tests.migrating import leaves, migrate

BEFORE = [("search", "0008_compact_entry_ids")]

# (id, part, tsvector) before 0009: a short document "行政" / "听证" (title bigram at 1, a one-position
# gap, text bigram at 3) and a long one of two chunks; a filter word with a quote and one with a backslash.
OLD_ROWS = [
    (1, 0, "'行政':1 '听证':3 '行' '政' '听' '证' 'zfa''b' zsingle"),
    (2, 0, "'罚款':1 '罚' '款' 'zf\\\\c' zmulti"),
    (2, 1, "'款项':1 '款' '项' 'zf\\\\c' zmulti"),
]
# (id, part, multi, facets, tsvector) after: no marker, the filter words in `facets`, the characters at
# position 1.
NEW_ROWS = [
    (1, 0, False, ["zfa'b"], "'行政':1 '听证':3 '行':1 '政':1 '听':1 '证':1"),
    (2, 0, True, ["zf\\c"], "'罚款':1 '罚':1 '款':1"),
    (2, 1, True, ["zf\\c"], "'款项':1 '款':1 '项':1"),
]

needs_rum = pytest.mark.skipif(connection.vendor != "postgresql", reason="只在 PostgreSQL 上运行（RUM 扩展）")


def _columns() -> list[str]:
    with connection.cursor() as cur:
        cur.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = 'search_rum' ORDER BY ordinal_position"
        )
        return [r[0] for r in cur.fetchall()]


def _indexes() -> set[str]:
    with connection.cursor() as cur:
        cur.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'search_rum'")
        return {r[0] for r in cur.fetchall()}


def _equal(expected: list[tuple], columns: str) -> bool:
    """Whether search_rum holds exactly `expected` (tsvectors compared as tsvectors)."""
    with connection.cursor() as cur:
        cur.execute(f"SELECT {columns}, grams::text FROM search_rum ORDER BY id, part")
        rows = cur.fetchall()
        if len(rows) != len(expected):
            return False
        for row, want in zip(rows, expected, strict=True):
            cur.execute("SELECT %s::tsvector = %s::tsvector", [row[-1], want[-1]])
            if tuple(row[:-1]) != tuple(want[:-1]) or not cur.fetchone()[0]:
                return False
    return True


def _ids(sql: str, query: str) -> list[int]:
    with connection.cursor() as cur:
        cur.execute(sql, [query])
        return sorted({r[0] for r in cur.fetchall()})


@pytest.mark.django_db(transaction=True)
@needs_rum
def test_0009_moves_the_kind_into_a_column_and_positions_every_lexeme():
    if not get_backend().rum:
        pytest.skip("服务器未安装 rum 扩展（postgresql-15-rum）：没有 search_rum")
    migrate(BEFORE)
    assert _columns() == ["id", "part", "grams"] and _indexes() == {"search_rum_pkey", "search_rum_grams"}
    with connection.cursor() as cur:
        cur.executemany("INSERT INTO search_rum (id, part, grams) VALUES (%s, %s, %s::tsvector)", OLD_ROWS)

    migrate(leaves())
    assert _columns() == ["id", "part", "multi", "facets", "grams"]
    assert _indexes() == {"search_rum_pkey", "search_rum_single", "search_rum_multi"}
    assert _equal(NEW_ROWS, "id, part, multi, facets")
    single = f"SELECT id FROM {rum.TABLE} WHERE grams @@ %s::tsquery AND NOT multi"
    multi = f"SELECT id FROM {rum.TABLE} WHERE grams @@ %s::tsquery AND multi"
    assert _ids(single, "'行政' & '听'") == [1] and _ids(multi, "'款项'") == [2]
    assert _ids(single, "'罚款'") == [] and _ids(multi, "'听证'") == []

    migrate(BEFORE)
    assert _columns() == ["id", "part", "grams"] and _indexes() == {"search_rum_pkey", "search_rum_grams"}
    assert _equal(OLD_ROWS, "id, part")
    migrate(leaves())
    assert _equal(NEW_ROWS, "id, part, multi, facets")


@pytest.mark.django_db(transaction=True)
@needs_rum
def test_0009_leaves_a_table_already_in_the_new_shape_alone():
    if not get_backend().rum:
        pytest.skip("服务器未安装 rum 扩展（postgresql-15-rum）：没有 search_rum")
    with connection.cursor() as cur:
        cur.executemany(rum.INSERT_SQL, NEW_ROWS)
    # Re-running 0009 forwards on rows written by the present code changes nothing.
    from django.db.migrations.executor import MigrationExecutor

    migration = MigrationExecutor(connection).loader.get_migration("search", "0009_rum_rows_by_kind")
    with connection.schema_editor() as editor:
        migration.operations[0].code(None, editor)
    assert _equal(NEW_ROWS, "id, part, multi, facets")


# search 0010: the plain table of 0009 becomes one partitioned by id, its parts laid out for the documents
# (rows with part = 0), here two a part: ids 10 20 | 30 40 | 50, the last part open. Document 40 has two rows.
PLAIN_ROWS = [
    (10, 0, False, ["zfa"], "'行政':1 '行':1 '政':1"),
    (20, 0, False, ["zfa"], "'听证':1 '听':1 '证':1"),
    (30, 0, False, ["zfb"], "'行政':1 '政处':2 '处罚':3 '行':1 '政':1 '处':1 '罚':1"),
    (40, 0, True, ["zfa"], "'罚款':1 '罚':1 '款':1"),
    (40, 1, True, ["zfa"], "'款项':1 '款':1 '项':1"),
    (50, 0, False, ["zf'q"], "'行政':1 '行':1 '政':1"),
]
AT_0009 = [("search", "0009_rum_rows_by_kind")]


def _relkind() -> str:
    with connection.cursor() as cur:
        cur.execute("SELECT relkind FROM pg_class WHERE oid = to_regclass('search_rum')")
        return cur.fetchone()[0]


def _rows_by_part() -> dict[tuple, list[int]]:
    with connection.cursor() as cur:
        parts = {name: (lo, hi) for lo, hi, name in rum.parts(cur)}
        cur.execute("SELECT tableoid::regclass::text, id FROM search_rum ORDER BY id, part")
        found: dict[tuple, list[int]] = {}
        for name, pk in cur.fetchall():
            found.setdefault(parts[name], []).append(pk)
        # Each part carries its own two RUM indexes and its primary key.
        for name in parts:
            cur.execute("SELECT indexdef FROM pg_indexes WHERE tablename = %s", [name])
            defs = sorted(r[0].split(" USING ")[1] for r in cur.fetchall())
            assert defs == [
                "btree (id, part)",
                "rum (grams) WHERE (NOT multi)",
                "rum (grams) WHERE multi",
            ], (name, defs)
    return found


@pytest.mark.django_db(transaction=True)
@needs_rum
def test_0010_splits_the_table_into_parts_by_id_and_back(settings):
    if not get_backend().rum:
        pytest.skip("服务器未安装 rum 扩展（postgresql-15-rum）：没有 search_rum")
    settings.FAZHI_SEARCH_PART_DOCS = 2
    try:
        migrate(AT_0009)
        assert _relkind() == "r" and _indexes() == {
            "search_rum_pkey",
            "search_rum_single",
            "search_rum_multi",
        }
        with connection.cursor() as cur:
            cur.executemany(rum.INSERT_SQL, PLAIN_ROWS)

        by_part = {(None, 30): [10, 20], (30, 50): [30, 40, 40], (50, None): [50]}
        migrate(leaves())
        assert _relkind() == "p" and _rows_by_part() == by_part
        assert _equal(PLAIN_ROWS, "id, part, multi, facets")
        single = f"SELECT id FROM {rum.TABLE} WHERE grams @@ %s::tsquery AND NOT multi"
        multi = f"SELECT id FROM {rum.TABLE} WHERE grams @@ %s::tsquery AND multi"
        assert _ids(single, "'行政'") == [10, 30, 50] and _ids(single, "'行政' <-> '政处'") == [30]
        assert _ids(multi, "'款项'") == [40] and _ids(single, "'款项'") == []

        migrate(AT_0009)
        assert _relkind() == "r" and _indexes() == {
            "search_rum_pkey",
            "search_rum_single",
            "search_rum_multi",
        }
        assert _equal(PLAIN_ROWS, "id, part, multi, facets")
        migrate(leaves())
        assert _relkind() == "p" and _rows_by_part() == by_part
        assert _equal(PLAIN_ROWS, "id, part, multi, facets")
    finally:  # the next tests start from one open part, as a fresh database does
        with connection.cursor() as cur:
            rum.lay_out(cur, [])
            for sql in rum.INDEX_SQL:
                cur.execute(sql)
