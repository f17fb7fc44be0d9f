"""Both backends: entry ids become (date ordinal << 16) + 16 bits of the key's hash (were << 32 + 32
bits, see `fazhi.search.backend.entry_id`: the FTS5 index stores id differences, and 32 hash bits made
each one five bytes). Every entry is renumbered in its present order, then the full-text structures are
rebuilt from the entries, as `fazhi search_rebuild` does (minutes at 20,000 documents). On PostgreSQL
this also fills `search_rum` (0007)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from fazhi.search.backend import SearchDocument, get_backend, new_entry_ids

    entries = apps.get_model("search", "SearchEntry")
    table = schema_editor.quote_name(entries._meta.db_table)
    rows = list(entries.objects.order_by("pk").only("pk", "key", "date"))
    # Every id changes, so none of the present ones counts as taken; old and new ids may meet (undated
    # entries), so all of them step aside to negative numbers first.
    docs = [SearchDocument(key=e.key, title="", body="", kind="", date=e.date) for e in rows]
    new_ids = new_entry_ids(docs, taken=lambda ids: set())
    with schema_editor.connection.cursor() as cur:
        cur.execute(f"UPDATE {table} SET id = -id - 1")
        cur.executemany(
            f"UPDATE {table} SET id = %s WHERE id = %s", [(new, -e.pk - 1) for e, new in zip(rows, new_ids, strict=True)]
        )
    get_backend(schema_editor.connection).rebuild(entries.objects)


class Migration(migrations.Migration):
    dependencies = [("search", "0007_postgres_rum_positions")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
