"""The full-text structures, which differ by database: an FTS5 table on SQLite, a gram table with a GIN
index on PostgreSQL. The SQL lives with each backend (`fts5.BIGRAMS_CREATE_SQL`,
`postgres.CREATE_SQL`)."""

from django.db import migrations


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        from fazhi.search import fts5

        schema_editor.execute(fts5.BIGRAMS_CREATE_SQL)
    elif vendor == "postgresql":
        from fazhi.search import postgres

        for sql in postgres.CREATE_SQL:
            schema_editor.execute(sql)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        from fazhi.search import fts5

        fts5.drop_table(schema_editor.connection, fts5.TABLE)
    elif vendor == "postgresql":
        from fazhi.search import postgres

        for sql in postgres.DROP_SQL:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
