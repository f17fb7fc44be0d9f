"""The decision list's search box and the rates page at province scale (bench/decisions_scale.py).

- Search (标题): PostgreSQL gets a pg_trgm GIN index on `UPPER(title)`, the expression the list's `icontains`
  sends, so a term of three characters or more (and the page's count) is answered from the index instead of
  reading 20,000 titles; SQLite gets an FTS5 trigram table over the title (`fazhi.core.trigrams`), as 复议 and
  公开 do.
- Rates (`fazhi.decisions.rates`), SQLite only: covering indexes for the two passes, so they read narrow index
  entries instead of the decisions' and entries' wide rows. PostgreSQL hashes a sequential scan for these
  passes whatever indexes there are, so it gets none (they would cost every write).
"""

from django.db import migrations

from fazhi.core.migration_ops import postgres_only, sqlite_only, sqlite_trigram_index

D, E = "decisions_decision", "decisions_catalogueentry"
PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"CREATE INDEX IF NOT EXISTS decision_title_trgm ON {D} USING gin (UPPER(title::text) gin_trgm_ops)",
]
PG_BACKWARD = ["DROP INDEX IF EXISTS decision_title_trgm"]  # the extension stays: others use it
SQLITE_FORWARD = [
    # the decision-side figures: the region's decisions and their 决定日期, 送审日期 and 审查结论
    f"CREATE INDEX IF NOT EXISTS decision_rates_cover ON {D} (lead_unit_id, decided_on, review_submitted_on, review_outcome)",
    # the completion rates: the year's entries, whether withdrawn and what they require
    f"CREATE INDEX IF NOT EXISTS entry_rates_cover ON {E} (catalogue_id, withdrawn, procedures)",
]
SQLITE_BACKWARD = ["DROP INDEX IF EXISTS decision_rates_cover", "DROP INDEX IF EXISTS entry_rates_cover"]


class Migration(migrations.Migration):
    dependencies = [("decisions", "0007_postgresql_sort_indexes")]

    operations = [
        migrations.RunPython(*postgres_only(PG_FORWARD, PG_BACKWARD)),
        migrations.RunPython(*sqlite_only(SQLITE_FORWARD, SQLITE_BACKWARD)),
        migrations.RunPython(*sqlite_trigram_index(D, "decisions_decision_search", ["title"])),
    ]
