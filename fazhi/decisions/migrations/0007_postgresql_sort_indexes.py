"""PostgreSQL only: the lists sort `DESC NULLS LAST` (fazhi.core.tables puts empty dates last), which a plain
ascending index cannot serve backwards there (its backward order puts NULLs first). These indexes match the
lists' default orders exactly. SQLite reads the (started_on, id) / (published_on, id) indexes of 0005 for the
same orders and has no NULLS LAST in index definitions, so nothing is done there."""

from django.db import migrations

from fazhi.decisions.migrations import _sort_indexes

INDEXES = {
    "decision_started_desc": "decisions_decision (started_on DESC NULLS LAST, id DESC)",
    "decision_state_started_desc": "decisions_decision (state, started_on DESC NULLS LAST, id DESC)",
    "decision_published_desc": "decisions_decision (published_on DESC NULLS LAST, id DESC)",
}


class Migration(migrations.Migration):

    dependencies = [("decisions", "0006_hearing_notice")]

    operations = [migrations.RunPython(_sort_indexes.create(INDEXES), _sort_indexes.drop(INDEXES))]
