"""SQLite: a second FTS5 table of the titles alone (`fts5.TITLE_TABLE`), filled from the stored entries,
so "the title holds every term" is a lookup in small doclists. Nothing changes on PostgreSQL, whose
title index came with 0003."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from fazhi.search import fts5

    schema_editor.execute(fts5.CREATE_TITLE_SQL)
    entry_model = apps.get_model("search", "SearchEntry")
    batch = []

    def flush():
        rows = [fts5.title_only_row(e) for e in batch]
        with schema_editor.connection.cursor() as cur:
            cur.executemany(f"INSERT INTO {fts5.TITLE_TABLE}(rowid, title, facets) VALUES (%s, %s, %s)", rows)
        batch.clear()

    for entry in entry_model.objects.defer("body").order_by("pk").iterator(chunk_size=2000):
        batch.append(entry)
        if len(batch) == 2000:
            flush()
    flush()


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        from fazhi.search import fts5

        fts5.drop_table(schema_editor.connection, fts5.TITLE_TABLE)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_postgres_tsvector_grams")]

    operations = [migrations.RunPython(forwards, backwards)]
