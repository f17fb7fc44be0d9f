"""SQLite: each document's distinct characters move from the head of the main FTS5 table's text to a table
of their own without positions (`fts5.CHARS_TABLE`, `detail=none`): with positions they were a fifth of
the main table, and a one-character term needs none. The tables are made anew with FTS5's `ascii`
tokenizer, which makes the same tokens from index symbols as `unicode61` in less time
(`docs/benchmarks.md`, "issue #13, eighth session"). The index is rebuilt from the entries, as
`fazhi search_rebuild` does; the places stay (but for entries a bulk load left without one). Backwards:
the characters' table is dropped, the two tables are made with `unicode61` again and the characters go
back into the main table. PostgreSQL: nothing.

Not atomic, like 0013: the rebuild commits batch by batch."""

from django.db import migrations

UNICODE61 = "tokenize='unicode61 remove_diacritics 0'"


def _remake(apps, schema_editor, tokenize: str, chars_table: bool) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    from fazhi.search import fts5

    for table in (fts5.TABLE, fts5.TITLE_TABLE, fts5.CHARS_TABLE):
        fts5.drop_table(schema_editor.connection, table)
    creates = [fts5.BIGRAMS_CREATE_SQL, fts5.CREATE_TITLE_SQL]
    creates += [fts5.FACETS_CHARS_CREATE_SQL] if chars_table else []
    for sql in creates:
        schema_editor.execute(sql.replace(fts5.TOKENIZE, tokenize))
    entries = apps.get_model("search", "SearchEntry").objects
    respace = entries.filter(place__isnull=True).exists()
    fts5.Fts5Backend(schema_editor.connection).rebuild(entries, respace=respace)


def forwards(apps, schema_editor):
    from fazhi.search import fts5

    _remake(apps, schema_editor, fts5.TOKENIZE, chars_table=True)


def backwards(apps, schema_editor):
    _remake(apps, schema_editor, UNICODE61, chars_table=False)


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("search", "0013_fts5_rowids_are_places")]

    operations = [migrations.RunPython(forwards, backwards)]
