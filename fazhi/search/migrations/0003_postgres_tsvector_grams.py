"""PostgreSQL: the gram set becomes a position-less tsvector (was `text[]`), see `fazhi.search.postgres`.

The table is recreated and refilled from the stored entries. Nothing changes on SQLite."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from fazhi.search import common_terms, postgres

    for sql in postgres.DROP_SQL + postgres.CREATE_SQL:
        schema_editor.execute(sql)
    entry_model = apps.get_model("search", "SearchEntry")
    backend = postgres.PostgresBackend(schema_editor.connection)
    backend.vocabulary = common_terms.NONE  # its table comes with 0015
    batch = []
    for entry in entry_model.objects.order_by("pk").iterator(chunk_size=500):
        batch.append(entry)
        if len(batch) == 500:
            backend._index_rows(batch)
            batch = []
    backend._index_rows(batch)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext_index")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
