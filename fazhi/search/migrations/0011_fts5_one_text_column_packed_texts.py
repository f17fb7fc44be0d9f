"""SQLite: the FTS5 table becomes `search_fts(text, facets)` (`fazhi.search.fts5`: the distinct characters,
the title's and the text's bigrams in one column, and "public + filter value" pair words), and the stored
texts are kept zlib-compressed (`models.PackedTextField`). Every entry is compressed and the index is
rebuilt from the entries, as `fazhi search_rebuild` does (minutes at 20,000 documents). Backwards: the
texts are stored as text again and the five-column table of 0008 is rebuilt. PostgreSQL: the field
change is state only (the column stays `text`); nothing else happens.

Numbered 0011 after `searchpg`'s 0010 (PostgreSQL); it depends only on 0009, the highest on main."""

from django.db import migrations

import fazhi.search.models

OLD_CREATE_SQL = (
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, body, facets, chars, tchars, content='', "
    "columnsize=0, tokenize='unicode61 remove_diacritics 0')"
)


def _pack(apps, schema_editor, packed: bool) -> None:
    """Rewrite every text compressed (`packed`) or as plain text, in batches of ids."""
    entries = apps.get_model("search", "SearchEntry")
    field = entries._meta.get_field("body")
    connection = schema_editor.connection
    ids = list(entries.objects.order_by("pk").values_list("pk", flat=True))
    with connection.cursor() as cur:
        for start in range(0, len(ids), 500):
            batch = entries.objects.filter(pk__in=ids[start : start + 500]).values_list("pk", "body")
            cur.executemany(
                "UPDATE search_searchentry SET body = %s WHERE id = %s",
                [(field.get_db_prep_value(body, connection) if packed else body, pk) for pk, body in batch],
            )


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from fazhi.search import fts5

    _pack(apps, schema_editor, packed=True)
    fts5.drop_table(schema_editor.connection, fts5.TABLE)
    schema_editor.execute(fts5.BIGRAMS_CREATE_SQL)
    fts5.Fts5Backend(schema_editor.connection).rebuild(apps.get_model("search", "SearchEntry").objects)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from fazhi.search import fts5
    from fazhi.search.backend import entry_document, facet_tokens
    from fazhi.search.text import fold, spaced, symbols

    entries = apps.get_model("search", "SearchEntry")
    _pack(apps, schema_editor, packed=False)
    fts5.drop_table(schema_editor.connection, fts5.TABLE)
    schema_editor.execute(OLD_CREATE_SQL)
    rows = []
    for entry in entries.objects.order_by("pk").iterator(chunk_size=500):
        doc = entry_document(entry)
        title, body = fold(doc.title), fold(doc.body)
        title_chars = set(symbols(title))
        rows.append(
            (
                entry.pk,
                spaced(title),
                spaced(body),
                " ".join(facet_tokens(doc)),
                " ".join(sorted(title_chars | set(symbols(body)))),
                " ".join(sorted(title_chars)),
            )
        )
    with schema_editor.connection.cursor() as cur:
        cur.executemany(
            "INSERT INTO search_fts(rowid, title, body, facets, chars, tchars) VALUES (%s, %s, %s, %s, %s, %s)",
            rows,
        )
        cur.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")


class Migration(migrations.Migration):
    dependencies = [("search", "0010_rum_parts_by_date")]

    operations = [
        migrations.AlterField(
            model_name="searchentry",
            name="body",
            field=fazhi.search.models.PackedTextField(blank=True, verbose_name="正文"),
        ),
        migrations.RunPython(forwards, backwards),
    ]
