"""SQLite: the stored texts are repacked from zlib to zstd (`fazhi.search.packing`): as small, unpacked
in a third of the time, which is most of a snippet's cost. Batch by batch, each its own transaction
(not atomic: at 200,000 documents, about a minute); a text already in zstd is left as it is, so a run
cut short can be run again. The index does not change: the texts do not. Reading needs neither: both
forms read back (`packing.unpack`). Backwards: repacked as zlib level 1, as before. PostgreSQL stores
plain text: nothing."""

import zlib

from django.db import migrations, transaction

BATCH = 1_000


def _repack(schema_editor, to_zstd: bool) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    from fazhi.search import packing

    connection = schema_editor.connection
    with connection.cursor() as cur:
        cur.execute("SELECT id FROM search_searchentry WHERE typeof(body) = 'blob' ORDER BY id")
        ids = [r[0] for r in cur.fetchall()]
        for start in range(0, len(ids), BATCH):
            chunk = ids[start : start + BATCH]
            with transaction.atomic(using=connection.alias):
                cur.execute(
                    "SELECT id, body FROM search_searchentry WHERE id BETWEEN %s AND %s AND typeof(body) = 'blob'",
                    [chunk[0], chunk[-1]],
                )
                repacked = [
                    (_packed(bytes(body), to_zstd), pk)
                    for pk, body in cur.fetchall()
                    if packing.is_zlib(bytes(body)) == to_zstd
                ]
                cur.executemany("UPDATE search_searchentry SET body = %s WHERE id = %s", repacked)


def _packed(stored: bytes, to_zstd: bool) -> bytes:
    from fazhi.search import packing

    text = packing.unpack(stored)
    return packing.pack(text.decode()) if to_zstd else zlib.compress(text, 1)


def forwards(apps, schema_editor):
    _repack(schema_editor, to_zstd=True)


def backwards(apps, schema_editor):
    _repack(schema_editor, to_zstd=False)


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("search", "0016_fts5_common_terms_in_main_table")]

    operations = [migrations.RunPython(forwards, backwards)]
