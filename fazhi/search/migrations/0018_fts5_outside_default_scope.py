"""SQLite: the documents outside the portal's default scope (public and 现行有效) carry a word of their own
in the main and the characters' tables (`fts5_rows.OUTSIDE_SCOPE`), so that the scope is asked as `NOT`
that word, the shorter list where most documents are in the scope (`fts5.filter_words`). The two tables
are made anew with their filter words' column named `filters`, which tells the layout
(`Fts5Backend.scoped`), and the index is rebuilt from the entries, as `fazhi search_rebuild` does, with
a vocabulary chosen afresh; the places stay. Backwards: the tables of 0017 (`facets`, no such word) are
made and the index rebuilt the same way. PostgreSQL: nothing.

Not atomic, like 0013 to 0016: the rebuild commits batch by batch."""

from django.db import migrations


def _remake(apps, schema_editor, create_main: str, create_chars: str) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    from fazhi.search import fts5

    for table, create in ((fts5.TABLE, create_main), (fts5.CHARS_TABLE, create_chars)):
        fts5.drop_table(schema_editor.connection, table)
        schema_editor.execute(create)
    entries = apps.get_model("search", "SearchEntry").objects
    fts5.Fts5Backend(schema_editor.connection).rebuild(entries, respace=False)


def forwards(apps, schema_editor):
    from fazhi.search import fts5

    _remake(apps, schema_editor, fts5.CREATE_SQL, fts5.CREATE_CHARS_SQL)


def backwards(apps, schema_editor):
    from fazhi.search import fts5

    _remake(apps, schema_editor, fts5.TERMS_CREATE_SQL, fts5.FACETS_CHARS_CREATE_SQL)


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("search", "0017_zstd_packed_texts")]

    operations = [migrations.RunPython(forwards, backwards)]
