"""The contract register's search box (合同名称、相对人、编号) on 50,000 contracts: pg_trgm GIN indexes on the
`UPPER(column)` expressions the list's `icontains` sends, on PostgreSQL; an FTS5 trigram table over the same
columns on SQLite (`fazhi.core.trigrams`, as 复议 and 公开 do). A term of three characters or more then finds its
candidates in the index instead of reading every contract."""

from django.db import migrations

from fazhi.core.migration_ops import postgres_only, sqlite_trigram_index

T = "contracts_contract"
COLUMNS = ["title", "counterparty", "number"]
PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    *(
        f"CREATE INDEX IF NOT EXISTS contract_{c}_trgm ON {T} USING gin (UPPER({c}::text) gin_trgm_ops)"
        for c in COLUMNS
    ),
]
PG_BACKWARD = [
    f"DROP INDEX IF EXISTS contract_{c}_trgm" for c in COLUMNS
]  # the extension stays: others use it


class Migration(migrations.Migration):
    dependencies = [("contracts", "0006_agreed_dates_on_the_kernel_scan")]

    operations = [
        migrations.RunPython(*postgres_only(PG_FORWARD, PG_BACKWARD)),
        migrations.RunPython(*sqlite_trigram_index(T, "contracts_contract_search", COLUMNS)),
    ]
