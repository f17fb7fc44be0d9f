"""Indexes for the province's 复议 list (bench/recon_scale.py, docs/benchmarks.md), PostgreSQL only:

- the list's default order is "-received_on" with the primary key breaking ties, which the table sends as
  `received_on DESC NULLS LAST, id DESC`; PostgreSQL uses an index for that order only when the index has
  the same NULLS placement, so without one it sorted all 30,000 rows for every page. One index for the
  province's scope (every organ), one per organ for a county's;
- the search box matches 案号, 申请人 and 被申请人 with `UPPER(x) LIKE UPPER('%term%')`: trigram GIN indexes
  (pg_trgm) on those expressions answer a term of three characters or more without reading the table.

SQLite already walks its (received_on) index backwards for that order (NULLs sort first there, so DESC
puts them last) and has no trigram index; its figures are in docs/benchmarks.md.
"""

from django.db import migrations

from fazhi.core.migration_ops import postgres_only

T = "reconsideration_reconsiderationcase"
FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"CREATE INDEX IF NOT EXISTS recon_case_received_desc ON {T} (received_on DESC NULLS LAST, id DESC)",
    f"CREATE INDEX IF NOT EXISTS recon_case_organ_received_desc ON {T} (organ_id, received_on DESC NULLS LAST, id DESC)",
    *(f"CREATE INDEX IF NOT EXISTS recon_case_{column}_trgm ON {T} USING gin (UPPER({column}::text) gin_trgm_ops)"
      for column in ("applicant_name", "respondent", "case_number")),
]
BACKWARD = [f"DROP INDEX IF EXISTS {name}" for name in (
    "recon_case_received_desc", "recon_case_organ_received_desc", "recon_case_applicant_name_trgm",
    "recon_case_respondent_trgm", "recon_case_case_number_trgm")]  # the extension stays: others may use it


class Migration(migrations.Migration):

    dependencies = [("reconsideration", "0004_forwarding_state")]

    operations = [migrations.RunPython(*postgres_only(FORWARD, BACKWARD))]
