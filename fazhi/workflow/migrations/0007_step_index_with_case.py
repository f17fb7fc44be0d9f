"""The (case_type, action, on) index of 0006 gains case_id: "which cases took step X" (the decisions' completion
rates, bench/decisions_scale.py) is then read from the index alone instead of one table row per step. It
replaces that index rather than adding one, so a step costs no more to write; its prefix serves the same
lists and date ranges as before."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("workflow", "0006_month_unit_and_step_indexes")]

    operations = [
        migrations.RemoveIndex(model_name="transitionrecord", name="transition_type_action_on"),
        migrations.AddIndex(
            model_name="transitionrecord",
            index=models.Index(
                fields=["case_type", "action", "on", "case_id"], name="transition_type_action_on_case"
            ),
        ),
    ]
