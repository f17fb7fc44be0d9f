"""SQLite: both FTS5 tables take each entry's *place* as rowid instead of its id (`fazhi.search.places`:
the same order, a few apart, so the index stores one-byte rowid differences; a fifth smaller). The places
are laid out and the index rebuilt from the entries, as `fazhi search_rebuild` does (minutes at 200,000
documents). Backwards: the index is rebuilt with the ids as rowids. PostgreSQL: nothing.

Not atomic: the rebuild commits batch by batch, as `search_rebuild` does. One transaction keeps every
page it writes in SQLite's WAL file until it commits (about the database's size at 20,000 documents;
`docs/benchmarks.md`). The column is added by 0012, in a migration of its own, so that this one holds no schema change."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from fazhi.search import fts5

    fts5.Fts5Backend(schema_editor.connection).rebuild(apps.get_model("search", "SearchEntry").objects)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from fazhi.search import fts5

    entries = apps.get_model("search", "SearchEntry")
    backend = fts5.Fts5Backend(schema_editor.connection)
    backend._clear()
    with schema_editor.connection.cursor() as cur:
        cur.execute(f"UPDATE {fts5.ENTRY_TABLE} SET place = id")  # noqa: S608
    backend.rebuild(entries.objects, respace=False)


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("search", "0012_searchentry_place")]

    operations = [migrations.RunPython(forwards, backwards)]
