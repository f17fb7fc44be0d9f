"""Entry ids: the date in the high bits, 16 bits of the key's hash below, probed past collisions; and
migration 0008, which renumbers ids of the old form ((ordinal << 32) + crc32) and rebuilds the index."""

import datetime
import importlib
import zlib

import pytest
from django.apps import apps as django_apps
from django.db import connection

from fazhi.search.backend import (
    DAY_BITS,
    SearchDocument,
    SearchQuery,
    entry_id,
    index_documents,
    search,
)
from fazhi.search.models import SearchEntry

pytestmark = pytest.mark.django_db

DAY = datetime.date(2024, 3, 1)


def _colliding_keys() -> tuple[str, str]:
    """Two keys whose crc32 agree in the low 16 bits (found by trying keys in turn)."""
    seen: dict[int, str] = {}
    i = 0
    while True:
        key = f"normdoc:{i}"
        low = zlib.crc32(key.encode()) & 0xFFFF
        if low in seen:
            return seen[low], key
        seen[low] = key
        i += 1


def test_ids_order_by_date_first():
    # 2024-03-01 is ordinal 738,946; the next day's smallest id is above this day's largest.
    assert entry_id("a", DAY) >> DAY_BITS == DAY.toordinal() == 738_946
    assert entry_id("zzz", DAY) < entry_id("a", DAY + datetime.timedelta(days=1))
    assert entry_id("a", None) < entry_id("a", datetime.date(1, 1, 1))


def test_a_hash_collision_on_the_same_day_probes_to_the_next_id():
    first, second = _colliding_keys()
    assert entry_id(first, DAY) == entry_id(second, DAY)
    index_documents([SearchDocument(key=first, title="甲", body="听证", kind="normdoc", date=DAY)])
    index_documents([SearchDocument(key=second, title="乙", body="听证", kind="normdoc", date=DAY)])
    ids = dict(SearchEntry.objects.values_list("key", "id"))
    # The second key asked for the first one's id, found it taken in the table and took the next.
    assert ids == {first: entry_id(first, DAY), second: entry_id(first, DAY) + 1}
    assert search(SearchQuery(text="听证")).total == 2


def test_migration_0008_renumbers_old_ids_and_rebuilds_the_index():
    docs = [
        SearchDocument(
            key=f"normdoc:{i}",
            title=f"办法{i}",
            body="行政处罚听证",
            kind="normdoc",
            date=DAY + datetime.timedelta(days=i % 3),
        )
        for i in range(6)
    ]
    index_documents(docs)
    before = [h.key for h in search(SearchQuery(text="处罚听证")).hits]
    with connection.cursor() as cur:  # back to the old form, as a database before 0008 holds them
        for doc in docs:
            old = (doc.date.toordinal() << 32) + zlib.crc32(doc.key.encode())
            cur.execute("UPDATE search_searchentry SET id = %s WHERE key = %s", [old, doc.key])

    class Editor:  # what the migration uses of a schema editor
        def __init__(self):
            self.connection = connection

        def quote_name(self, name):
            return connection.ops.quote_name(name)

    migration = importlib.import_module("fazhi.search.migrations.0008_compact_entry_ids")
    migration.forwards(django_apps, Editor())
    assert dict(SearchEntry.objects.values_list("key", "id")) == {
        d.key: entry_id(d.key, d.date) for d in docs
    }
    after = search(SearchQuery(text="处罚听证"))
    assert [h.key for h in after.hits] == before and after.total == 6
