"""Both backends: the fold became character by character (`fazhi.search.text.fold`), so every indexed
text is tokenised anew from the stored entries, as `fazhi search_rebuild` does. On SQLite the main FTS5
table is recreated first in its new form (no prefix index; one-character terms are looked up in the
`chars` / `tchars` columns, see `fazhi.search.fts5`). The rebuild must happen before any row is updated or
deleted: FTS5's 'delete' needs the tokens a row was indexed with, recomputed with the current fold."""

from django.db import migrations


def forwards(apps, schema_editor):
    from fazhi.search.backend import get_backend

    if schema_editor.connection.vendor == "sqlite":
        from fazhi.search import fts5

        fts5.drop_table(schema_editor.connection, fts5.TABLE)
        schema_editor.execute(fts5.BIGRAMS_CREATE_SQL)
    get_backend(schema_editor.connection).rebuild(apps.get_model("search", "SearchEntry").objects)


class Migration(migrations.Migration):
    dependencies = [("search", "0005_postgres_lz4_texts")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
