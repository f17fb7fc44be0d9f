"""Indexes created on PostgreSQL only (orders SQLite cannot index): RunPython halves for the apps' migrations."""


def create(indexes):
    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for name, columns in indexes.items():
                schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {columns}")
    return forwards


def drop(indexes):
    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for name in indexes:
                schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    return backwards
