"""The contract list's search box for one- and two-character terms (a two-character 相对人 name fragment), on
both databases: `contracts_contract_search_grams` holds every one- and two-character substring of 合同名称, 相对人
and 合同编号 with a non-ASCII character, kept by triggers (`fazhi.core.migration_ops.short_gram_index`), because
`fazhi.core.trigrams.narrowed` looks such a term up there (trigrams need three)."""

from django.db import migrations

from fazhi.core.migration_ops import short_gram_index


class Migration(migrations.Migration):
    dependencies = [("contracts", "0007_search_indexes")]

    operations = [
        migrations.RunPython(
            *short_gram_index("contracts_contract", "contracts_contract_search", ["title", "counterparty", "number"], longest=200)
        )
    ]
