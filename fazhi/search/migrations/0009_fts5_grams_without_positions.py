"""SQLite: the FTS5 tables become position-free (`detail=none`) indexes of every 1-, 2- and 3-gram
(`fazhi.search.fts5`), replacing the bigram tables with positions. Both tables are recreated and filled
from the stored entries, as `fazhi search_rebuild` does. Nothing changes on PostgreSQL.

Backwards: the tables are recreated in their 0008 form (bigrams with positions, `chars`/`tchars`
columns) and left empty; `fazhi search_rebuild` under the older code fills them."""

from django.db import migrations

OLD_TOKENIZE = "tokenize='unicode61 remove_diacritics 0'"
OLD_SQL = [
    "DROP TABLE IF EXISTS search_fts",
    "DROP TABLE IF EXISTS search_fts_title",
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, body, facets, chars, tchars, content='', columnsize=0, "
    f"{OLD_TOKENIZE})",
    f"CREATE VIRTUAL TABLE search_fts_title USING fts5(title, facets, content='', prefix='1', columnsize=0, {OLD_TOKENIZE})",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from fazhi.search import fts5
    from fazhi.search.backend import get_backend

    for sql in (fts5.DROP_SQL, fts5.DROP_TITLE_SQL, fts5.CREATE_SQL, fts5.CREATE_TITLE_SQL):
        schema_editor.execute(sql)
    backend = get_backend(schema_editor.connection)
    backend.rebuild(apps.get_model("search", "SearchEntry").objects)
    backend.optimize()


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in OLD_SQL:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0008_compact_entry_ids")]

    operations = [migrations.RunPython(forwards, backwards)]
