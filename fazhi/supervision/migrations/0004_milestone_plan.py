# Milestone.plan: the task's plan copied onto each milestone, and the covering index the outcome counts
# read (see Milestone.plan). Added empty, filled from the tasks in one UPDATE, then made required.

import django.db.models.deletion
from django.db import migrations, models

FILL = (
    "UPDATE supervision_milestone SET plan_id = "
    "(SELECT plan_id FROM supervision_task WHERE supervision_task.id = supervision_milestone.task_id)"
)


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0003_itemalignment"),
        ("supervision", "0003_ledger_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="milestone",
            name="plan",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="plans.plan",
            ),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
        migrations.AlterField(
            model_name="milestone",
            name="plan",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="plans.plan",
            ),
        ),
        migrations.AddIndex(
            model_name="milestone",
            index=models.Index(
                fields=["plan", "unit", "due_on", "state", "outcome", "completed_on"],
                name="milestone_plan_unit_outcome",
            ),
        ),
    ]
