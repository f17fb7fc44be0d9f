"""SQLite's index for the 复议 list's search box: an FTS5 table with the trigram tokenizer over 案号, 申请人 and
被申请人 (an external-content table kept by triggers), so a term of three characters or more finds its
candidate cases without reading every row (`fazhi.core.trigrams.narrowed`). PostgreSQL has its pg_trgm
indexes (0005)."""

from django.db import migrations

from fazhi.core.migration_ops import sqlite_trigram_index


class Migration(migrations.Migration):

    dependencies = [("reconsideration", "0005_list_indexes")]

    operations = [migrations.RunPython(*sqlite_trigram_index(
        "reconsideration_reconsiderationcase", "reconsideration_case_search",
        ["case_number", "applicant_name", "respondent"]))]
