"""The 复议 list's search box for one- and two-character terms (a surname, a two-character name), on both
databases: `reconsideration_case_search_grams` holds every one- and two-character substring of 案号, 申请人 and
被申请人 with a non-ASCII character, kept by triggers (`fazhi.core.migration_ops.short_gram_index`), and
`fazhi.core.trigrams.narrowed` looks such a term up there instead of reading every case (trigrams need three)."""

from django.db import migrations

from fazhi.core.migration_ops import short_gram_index


class Migration(migrations.Migration):

    dependencies = [("reconsideration", "0006_sqlite_search_trigrams")]

    operations = [migrations.RunPython(*short_gram_index(
        "reconsideration_reconsiderationcase", "reconsideration_case_search",
        ["case_number", "applicant_name", "respondent"], longest=200))]
