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

    fts5.drop_table(schema_editor.connection, fts5.TABLE)
    schema_editor.execute(create_sql)
    entries = apps.get_model("search", "SearchEntry").objects
    fts5.Fts5Backend(schema_editor.connection).rebuild(entries, respace=False)


def forwards(apps, schema_editor):
    from fazhi.search import fts5

    _remake(apps, schema_editor, fts5.TERMS_CREATE_SQL)


def backwards(apps, schema_editor):
    from fazhi.search import fts5

    _remake(apps, schema_editor, fts5.BIGRAMS_CREATE_SQL)


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("search", "0015_common_terms")]

    operations = [migrations.RunPython(forwards, backwards)]
