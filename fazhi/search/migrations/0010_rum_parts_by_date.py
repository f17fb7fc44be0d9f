"""PostgreSQL with RUM: `search_rum` becomes a table partitioned by id range (a range of dates), its parts
laid out for the stored documents, about `FAZHI_SEARCH_PART_DOCS` each (`fazhi.search.rum`: a search
reads the parts newest first and stops at 10,001 matches, where one scan of the whole table collected
every match). The rows are copied as they are (no text is folded again, no tsvector rebuilt) and the RUM
indexes built per part: at 50,000 documents about as long as building the RUM index afresh
(`docs/benchmarks.md`). Backwards gives the one plain table of 0009 with its two indexes. Nothing
happens on SQLite, nor where `search_rum` does not exist (no RUM on the server), nor on a table that is
partitioned already (created by 0007 or refilled by 0008 with the present code).
"""

from django.db import migrations

PLAIN = "search_rum_0009"
PLAIN_COLUMNS = (
    "id bigint NOT NULL, part integer NOT NULL, multi boolean NOT NULL, facets text[] NOT NULL, "
    "grams tsvector NOT NULL"
)
PLAIN_INDEX_SQL = [
    "CREATE INDEX search_rum_single ON search_rum USING rum (grams rum_tsvector_ops) WHERE NOT multi",
    "CREATE INDEX search_rum_multi ON search_rum USING rum (grams rum_tsvector_ops) WHERE multi",
]


def _kind(schema_editor) -> str | None:
    """'r' (a plain table), 'p' (partitioned), or None (no search_rum, or not PostgreSQL)."""
    if schema_editor.connection.vendor != "postgresql":
        return None
    with schema_editor.connection.cursor() as cur:
        cur.execute("SELECT relkind FROM pg_class WHERE oid = to_regclass('search_rum')")
        row = cur.fetchone()
    return row[0] if row else None


def forwards(apps, schema_editor):
    if _kind(schema_editor) != "r":
        return
    from fazhi.search import rum

    for sql in [
        "DROP INDEX IF EXISTS search_rum_single",
        "DROP INDEX IF EXISTS search_rum_multi",
        f"ALTER TABLE search_rum RENAME TO {PLAIN}",
        f"ALTER INDEX search_rum_pkey RENAME TO {PLAIN}_pkey",
    ]:
        schema_editor.execute(sql)
    with schema_editor.connection.cursor() as cur:
        cur.execute(f"SELECT id FROM {PLAIN} WHERE part = 0")
        rum.lay_out(cur, [r[0] for r in cur.fetchall()])
    for sql in [
        f"INSERT INTO search_rum (id, part, multi, facets, grams) SELECT id, part, multi, facets, grams FROM {PLAIN}",
        f"DROP TABLE {PLAIN}",
        *rum.INDEX_SQL,
        "ANALYZE search_rum",
    ]:
        schema_editor.execute(sql)
    rum.forget(schema_editor.connection)


def backwards(apps, schema_editor):
    if _kind(schema_editor) != "p":
        return
    from fazhi.search import rum

    for sql in [
        "DROP TABLE IF EXISTS search_rum_next",
        f"CREATE TABLE search_rum_next ({PLAIN_COLUMNS}, CONSTRAINT search_rum_next_pkey PRIMARY KEY (id, part))",
        "INSERT INTO search_rum_next (id, part, multi, facets, grams) SELECT id, part, multi, facets, grams "
        "FROM search_rum",
        "DROP TABLE search_rum",
        "ALTER TABLE search_rum_next RENAME TO search_rum",
        "ALTER INDEX search_rum_next_pkey RENAME TO search_rum_pkey",
        *PLAIN_INDEX_SQL,
        "ANALYZE search_rum",
    ]:
        schema_editor.execute(sql)
    rum.forget(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("search", "0009_rum_rows_by_kind")]

    operations = [migrations.RunPython(forwards, backwards)]
