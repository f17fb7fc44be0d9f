"""The decision list's search box for one- and two-character terms (two characters of a 决策事项, e.g. 养老),
on both databases: `decisions_decision_search_grams` holds every one- and two-character substring of the title
with a non-ASCII character, kept by triggers (`fazhi.core.migration_ops.short_gram_index`), because
`fazhi.core.trigrams.narrowed` looks such a term up there (trigrams need three)."""

from django.db import migrations

from fazhi.core.migration_ops import short_gram_index


class Migration(migrations.Migration):
    dependencies = [("decisions", "0008_search_and_rates_indexes")]

    operations = [
        migrations.RunPython(*short_gram_index("decisions_decision", "decisions_decision_search", ["title"], longest=200))
    ]
