"""Indexes for the province's 应诉 pages (bench/recon_scale.py, docs/benchmarks.md):

- the year's hearings for the rates (both databases);
- PostgreSQL only: the lists' default order "-received_on" is sent as `received_on DESC NULLS LAST, id DESC`,
  which PostgreSQL serves from an index only with the same NULLS placement (else it sorts every row): one
  for the province's scope and one per unit for a county's, on cases and on suggestions. SQLite walks its
  (received_on) indexes backwards for that order already.
"""

from django.db import migrations, models

from fazhi.core.migration_ops import postgres_only

FORWARD, BACKWARD = [], []
for table, short in (("litigation_litigationcase", "lit_case"), ("litigation_suggestion", "lit_suggestion")):
    FORWARD += [f"CREATE INDEX IF NOT EXISTS {short}_received_desc ON {table} (received_on DESC NULLS LAST, id DESC)",
                f"CREATE INDEX IF NOT EXISTS {short}_unit_received_desc ON {table} "
                f"(unit_id, received_on DESC NULLS LAST, id DESC)"]
    BACKWARD += [f"DROP INDEX IF EXISTS {short}_received_desc", f"DROP INDEX IF EXISTS {short}_unit_received_desc"]


class Migration(migrations.Migration):

    dependencies = [("litigation", "0004_suggestion_reply_clock")]

    operations = [
        migrations.AddIndex(model_name="hearing", index=models.Index(fields=["held_on", "case"],
                                                                       name="litigation__held_on_1eb34a_idx")),
        migrations.RunPython(*postgres_only(FORWARD, BACKWARD)),
    ]
