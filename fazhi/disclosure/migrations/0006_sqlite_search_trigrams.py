"""SQLite's index for the request list's search box (申请编号或申请人): an FTS5 trigram table kept by
triggers, so a province-wide search for a name reads the candidates, not 200,000 rows (`Table(search_index=…)`,
`fazhi.core.trigrams`). PostgreSQL has its pg_trgm indexes (0005)."""

from django.db import migrations

from fazhi.core.migration_ops import sqlite_trigram_index


class Migration(migrations.Migration):

    dependencies = [("disclosure", "0005_postgres_list_indexes")]

    operations = [migrations.RunPython(*sqlite_trigram_index(
        "disclosure_disclosurerequest", "disclosure_request_search", ["case_number", "applicant_name"]))]
