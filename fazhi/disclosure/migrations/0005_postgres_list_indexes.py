"""PostgreSQL only: the indexes a province-wide request list needs there (bench/disclosure_scale.py).

* The list's default order is 收到日期 newest first with empty dates last (`received_on DESC NULLS LAST, id
  DESC`); a plain index on received_on, read backwards, puts the empty dates first, so PostgreSQL sorted the
  whole table for the first page. This index walks in the list's order and stops after one page; so does
  the one on (due_on, id) for the list sorted by 答复期限 (ascending, empty last: a plain index's order).
* The search (申请编号或申请人) is a substring match (`UPPER(col) LIKE UPPER('%…%')`): trigram indexes on
  those two expressions answer it without reading the table, when the pg_trgm extension can be created;
  without it the search still works, by a scan.

SQLite reads its own received_on index in this order already, and the covering index of 0004 serves its search.
"""

from django.db import DatabaseError, migrations, transaction

ORDER = ["CREATE INDEX IF NOT EXISTS disclosure_request_received_desc ON disclosure_disclosurerequest "
         "(received_on DESC NULLS LAST, id DESC)",
         "CREATE INDEX IF NOT EXISTS disclosure_request_due ON disclosure_disclosurerequest (due_on, id)"]
TRIGRAMS = [
    "CREATE INDEX IF NOT EXISTS disclosure_request_name_trgm ON disclosure_disclosurerequest "
    "USING gin (UPPER(applicant_name::text) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS disclosure_request_number_trgm ON disclosure_disclosurerequest "
    "USING gin (UPPER(case_number::text) gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS disclosure_request_received_desc", "DROP INDEX IF EXISTS disclosure_request_due",
        "DROP INDEX IF EXISTS disclosure_request_name_trgm",
        "DROP INDEX IF EXISTS disclosure_request_number_trgm"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in ORDER:
        schema_editor.execute(sql)
    try:
        with transaction.atomic():  # a savepoint: a refused extension must not abort the migration
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError:
        return
    for sql in TRIGRAMS:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in DROP:
        schema_editor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [("disclosure", "0004_list_and_report_indexes")]

    operations = [migrations.RunPython(forwards, backwards)]
