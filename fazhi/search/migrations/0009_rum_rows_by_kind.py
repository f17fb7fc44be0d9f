"""PostgreSQL with RUM: `search_rum` in the shape `fazhi.search.rum` describes. The kind of a row (the one
row of a short document, or one of a long document's chunks) moves from a marker word in the tsvector
(`zsingle` / `zmulti`, whose posting list every query walked) into a `multi` column with a partial RUM
index for each kind; the filter words move from the tsvector into a `facets` array (their posting lists
hold nearly every row); the characters, stored without positions, get position 1 (a lexeme without
positions made RUM recheck every match on its toasted tsvector). In the old tsvectors the characters
have one character, the bigrams two, and the filter and marker words more.

Converted in SQL, row by row, into a new table that replaces the old one (no text is folded again: a
few seconds per thousand documents). Backwards gives the old shape exactly. Nothing happens on SQLite,
nor where `search_rum` does not exist (no RUM on the server: the GIN path is unchanged).
"""

from django.db import migrations

OLD_INDEX_SQL = "CREATE INDEX search_rum_grams ON search_rum USING rum (grams rum_tsvector_ops)"


def _lexeme_sql(column: str) -> str:
    """SQL for a lexeme as tsvector input: quoted, `\\` escaped and `'` doubled (as `rum._lexeme`)."""
    return f"'''' || replace(replace({column}, '\\', '\\\\'), '''', '''''') || ''''"


def _replace_table(schema_editor, columns: str, select: str, indexes: list[str]) -> None:
    """search_rum := the rows of `select` (over the old table `r`), with `columns` and `indexes`."""
    for sql in [
        "DROP TABLE IF EXISTS search_rum_next",
        f"CREATE TABLE search_rum_next ({columns}, CONSTRAINT search_rum_next_pkey PRIMARY KEY (id, part))",
        f"INSERT INTO search_rum_next {select}",
        "DROP TABLE search_rum",
        "ALTER TABLE search_rum_next RENAME TO search_rum",
        "ALTER INDEX search_rum_next_pkey RENAME TO search_rum_pkey",
        *indexes,
        "ANALYZE search_rum",
    ]:
        schema_editor.execute(sql)


def _rum_columns(schema_editor) -> set[str]:
    """The columns of `search_rum` (none: no such table, or not PostgreSQL)."""
    if schema_editor.connection.vendor != "postgresql":
        return set()
    with schema_editor.connection.cursor() as cur:
        cur.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = 'search_rum'"
        )
        return {r[0] for r in cur.fetchall()}


def forwards(apps, schema_editor):
    # A table that has `facets` was made in this shape already (created by 0007 or refilled by 0008 with
    # this code): nothing to convert.
    columns = _rum_columns(schema_editor)
    if not columns or "facets" in columns:
        return
    from fazhi.search import rum

    facets = (
        "ARRAY(SELECT u.lexeme FROM unnest(r.grams) u "
        "WHERE length(u.lexeme) > 2 AND u.lexeme NOT IN ('zsingle', 'zmulti') ORDER BY u.lexeme)"
    )
    positioned = (
        f"SELECT coalesce(string_agg({_lexeme_sql('u.lexeme')} || ':' || "
        "coalesce(array_to_string(u.positions, ','), '1'), ' '), '')::tsvector "
        "FROM unnest(r.grams) u WHERE length(u.lexeme) <= 2"
    )
    _replace_table(
        schema_editor,
        "id bigint NOT NULL, part integer NOT NULL, multi boolean NOT NULL, facets text[] NOT NULL, "
        "grams tsvector NOT NULL",
        f"SELECT r.id, r.part, r.grams @@ 'zmulti'::tsquery, {facets}, ({positioned}) FROM search_rum r",
        rum.INDEX_SQL,
    )
    rum.forget(schema_editor.connection)


def backwards(apps, schema_editor):
    if "facets" not in _rum_columns(schema_editor):
        return
    from fazhi.search import rum

    # Before 0009 only bigrams (two characters) had positions; the filter words and the marker were words.
    unpositioned = (
        f"SELECT concat_ws(' ', string_agg({_lexeme_sql('u.lexeme')} || "
        "CASE WHEN length(u.lexeme) = 2 THEN ':' || array_to_string(u.positions, ',') ELSE '' END, ' '), "
        f"(SELECT string_agg({_lexeme_sql('f')}, ' ') FROM unnest(r.facets) f), "
        "CASE WHEN r.multi THEN 'zmulti' ELSE 'zsingle' END) FROM unnest(r.grams) u"
    )
    _replace_table(
        schema_editor,
        "id bigint NOT NULL, part integer NOT NULL, grams tsvector NOT NULL",
        f"SELECT r.id, r.part, ({unpositioned})::tsvector FROM search_rum r",
        [OLD_INDEX_SQL],
    )
    rum.forget(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("search", "0008_compact_entry_ids")]

    operations = [migrations.RunPython(forwards, backwards)]
