"""SQLite: the main FTS5 table lists each document's common terms too, one token each after the bigrams
(`fts5.TERMS_COLUMN`): beside a phrase, a common term is then one token instead of a phrase of its own
(`fts5.match_expressions`). The table is made anew with the column `terms`, which tells the layout
(`Fts5Backend.words_in_text`), and the index is rebuilt from the entries, as `fazhi search_rebuild`
does, with a vocabulary chosen afresh; the places stay. Backwards: the table of 0015 (`text`, the
bigrams alone) is made and the index rebuilt the same way. PostgreSQL: nothing (its gram sets hold the
common terms already).

Not atomic, like 0013 to 0015: the rebuild commits batch by batch."""

from django.db import migrations


def _remake(apps, schema_editor, create_sql: str) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    from fazhi.search import fts5

    if fts5.TABLE in schema_editor.connection.introspection.table_names():
        # Emptied first: dropping a large FTS5 table at once, with SQLite's secure_delete on (Debian's
        # build), held every page it overwrote in memory (200,000 documents: 1.9 GB); emptied by FTS5's
        # 'delete-all', the same pages go through the WAL file (51 MB).
        schema_editor.execute(f"INSERT INTO {fts5.TABLE}({fts5.TABLE}) VALUES ('delete-all')")
    schema_editor.execute(fts5.DROP_SQL)
    schema_editor.execute(create_sql)
    entries = apps.get_model("search", "SearchEntry").objects
    fts5.Fts5Backend(schema_editor.connection).rebuild(entries, respace=False)


def forwards(apps, schema_editor):
    from fazhi.search import fts5

    _remake(apps, schema_editor, fts5.CREATE_SQL)


def backwards(apps, schema_editor):
    from fazhi.search import fts5

    _remake(apps, schema_editor, fts5.BIGRAMS_CREATE_SQL)


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("search", "0015_common_terms")]

    operations = [migrations.RunPython(forwards, backwards)]
