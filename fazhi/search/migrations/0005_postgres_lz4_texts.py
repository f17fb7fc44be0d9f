"""PostgreSQL: the folded texts of `search_pg` are stored lz4-compressed (see `postgres.LZ4_SQL`).

Texts indexed before keep their pglz compression until `fazhi search_rebuild` rewrites them; both read
the same. Nothing changes on SQLite."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from fazhi.search import postgres

    postgres.prefer_lz4(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("search", "0004_fts5_title_index")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
