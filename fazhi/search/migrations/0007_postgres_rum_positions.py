"""PostgreSQL: where the server has the RUM extension (`postgresql-15-rum`), bigrams with positions in
`search_rum` (see `fazhi.search.rum`), created empty here and filled by the rebuild of `0008`. Where it
has not, nothing changes and the GIN gram path stays alone; `fazhi search_rebuild` picks RUM up once it
is installed. Nothing changes on SQLite."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from fazhi.search import rum

    rum.install(schema_editor.connection)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from fazhi.search import rum

    for sql in rum.DROP_SQL:
        schema_editor.execute(sql)
    rum.forget(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("search", "0006_refold_character_by_character")]

    operations = [migrations.RunPython(forwards, backwards)]
