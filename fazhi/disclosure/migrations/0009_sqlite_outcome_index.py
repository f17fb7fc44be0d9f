"""SQLite only: the request list filtered by 办理结果 (`?outcome=partial`, a tenth of a province's 200,000 requests)
read the outcome index and then every matching row — to sort by 收到日期 for the page and to find each row's unit
for the scope in the count (21 + 10 ms of SQL). A covering (outcome, received_on, unit_id) index gives the page in
order from the index and counts without the rows: 0.2 + 3.2 ms (bench/disclosure_scale.py, docs/benchmarks.md).
PostgreSQL answers the same filter with bitmap scans in about 12 ms of server CPU and does not get the index."""

from django.db import migrations

from fazhi.core.migration_ops import sqlite_only

T = "disclosure_disclosurerequest"


class Migration(migrations.Migration):

    dependencies = [("disclosure", "0008_short_name_grams")]

    operations = [migrations.RunPython(*sqlite_only(
        [f"CREATE INDEX IF NOT EXISTS disclosure_request_outcome_list ON {T} (outcome, received_on, unit_id)"],
        ["DROP INDEX IF EXISTS disclosure_request_outcome_list"]))]
