"""The request list's search box for one- and two-character terms (a surname, a two-character name), on both
databases: `disclosure_request_search_grams` holds every one- and two-character substring of 申请编号 and 申请人
with a non-ASCII character, kept by triggers (`fazhi.core.migration_ops.short_gram_index`), and
`fazhi.core.trigrams.narrowed` looks such a term up there instead of reading every request (trigrams need three)."""

from django.db import migrations

from fazhi.core.migration_ops import short_gram_index


class Migration(migrations.Migration):

    dependencies = [("disclosure", "0007_due_sort_indexes")]

    operations = [migrations.RunPython(*short_gram_index(
        "disclosure_disclosurerequest", "disclosure_request_search", ["case_number", "applicant_name"], longest=100))]
