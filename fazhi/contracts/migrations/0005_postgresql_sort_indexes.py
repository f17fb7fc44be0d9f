"""PostgreSQL only: the register's default and amount orders as the list sorts them (`DESC NULLS LAST`, see
decisions 0007); SQLite serves them from the indexes of 0004."""

from django.db import migrations

from fazhi.decisions.migrations import _sort_indexes

INDEXES = {
    "contract_signed_desc": "contracts_contract (signed_on DESC NULLS LAST, id DESC)",
    "contract_amount_desc": "contracts_contract (amount DESC NULLS LAST, id DESC)",
}


class Migration(migrations.Migration):

    dependencies = [("contracts", "0004_list_indexes")]

    operations = [migrations.RunPython(_sort_indexes.create(INDEXES), _sort_indexes.drop(INDEXES))]
