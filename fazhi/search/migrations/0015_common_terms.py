"""The vocabulary of common terms (`fazhi.search.common_terms`). SQLite: the index is rebuilt, which
chooses the vocabulary and lists each document's common terms in the characters' table, where a corpus
holds enough documents to choose one (`common_terms.MIN_DOCUMENTS`). PostgreSQL: only the table.

Not atomic, like 0013 and 0014: the rebuild commits batch by batch. Backwards: the table is dropped after
the index is rebuilt without the vocabulary's tokens."""

from django.db import migrations, models


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from fazhi.search import common_terms, fts5

    entries = apps.get_model("search", "SearchEntry").objects
    if entries.count() >= common_terms.MIN_DOCUMENTS:
        fts5.Fts5Backend(schema_editor.connection).rebuild(entries, respace=False)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from fazhi.search import fts5

    backend = fts5.Fts5Backend(schema_editor.connection)
    if backend.vocabulary:
        backend.rebuild(apps.get_model("search", "SearchEntry").objects, respace=False, common=False)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("search", "0014_fts5_characters_table")]

    operations = [
        migrations.CreateModel(
            name="CommonTerm",
            fields=[
                (
                    "term",
                    models.CharField(max_length=50, primary_key=True, serialize=False, verbose_name="词"),
                )
            ],
            options={"verbose_name": "常见词", "verbose_name_plural": "常见词"},
        ),
        migrations.RunPython(forwards, backwards),
    ]
