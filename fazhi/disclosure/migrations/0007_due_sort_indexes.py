"""The request list sorted by 答复期限 (`?sort=due_on` / `-due_on`), empty dates last either way, across every state.

The table sends `due_on ASC NULLS LAST, id ASC` (or `DESC NULLS LAST, id DESC`). SQLite had no index on due_on
alone (only (state, due_on)), so a province's list sorted all 200,000 rows for each page (p50 668 ms). With a
plain (due_on, id) index SQLite walks it in either direction and puts the empty dates last itself: the first
page costs 0.3 ms of SQL, page 500 (OFFSET 9,980, the deepest the count cap lists) 14 ms, the same rows as an
explicit `due_on IS NULL, due_on, id` order (bench/disclosure_scale.py, docs/benchmarks.md). An expression index
on (due_on IS NULL, due_on, id) measured the same and would need its own ORDER BY; a sort-key column would need
that and a write wherever a service sets the date. Neither is kept.

PostgreSQL has (due_on, id) from 0005, which serves ASC NULLS LAST; read backwards it gives DESC NULLS *FIRST*,
so the descending sort gets its own index.
"""

from django.db import migrations

from fazhi.core.migration_ops import postgres_only, sqlite_only

T = "disclosure_disclosurerequest"


class Migration(migrations.Migration):

    dependencies = [("disclosure", "0006_sqlite_search_trigrams")]

    operations = [
        migrations.RunPython(*sqlite_only([f"CREATE INDEX IF NOT EXISTS disclosure_request_due ON {T} (due_on, id)"],
                                          ["DROP INDEX IF EXISTS disclosure_request_due"])),
        migrations.RunPython(*postgres_only(
            [f"CREATE INDEX IF NOT EXISTS disclosure_request_due_desc ON {T} (due_on DESC NULLS LAST, id DESC)"],
            ["DROP INDEX IF EXISTS disclosure_request_due_desc"])),
    ]
