"""The catalogue's and the decisions' own step logs (CatalogueLog, DecisionLog) move into the kernel's one
transition log (workflow.TransitionRecord). The engine wrote each step into both, so those rows are there
already and are not written twice; rows only the old logs held (bulk-made histories) are carried with their
step, states, date, time, actor, reason and record. A decision's 程序轮次 is not stored: it is counted from
its 调整 steps (`fazhi.decisions.gates.with_rounds`)."""

from django.db import migrations

from fazhi.core.migration_ops import carry_step_log, content_type, restore_step_log

# Frozen copies of the tables' steps as they were at this migration: step → the state it leads to.
CATALOGUE_STEPS = {"agree": "agreed", "publish": "published", "adjust": "draft"}
DECISION_STEPS = (
    "open_comment", "close_comment", "schedule_hearing", "hold_hearing", "start_expert", "finish_expert",
    "start_risk", "finish_risk", "record_fair_competition", "submit_review", "pass_review", "fail_review",
    "exploratory", "decide", "defer", "report_party", "report_npc", "publish", "start_execution",
    "start_evaluation", "conclude_evaluation", "adjust", "suspend", "resume",
)


def forwards(apps, schema_editor):
    carry_step_log(apps, apps.get_model("decisions", "CatalogueLog").objects.all(), "catalogue",
                   content_type(apps, "decisions", "catalogue"), "decision.catalogue", CATALOGUE_STEPS, "draft")
    carry_step_log(apps, apps.get_model("decisions", "DecisionLog").objects.all(), "decision",
                   content_type(apps, "decisions", "decision"), "decision", {}, "drafting")


def backwards(apps, schema_editor):
    restore_step_log(apps, apps.get_model("decisions", "CatalogueLog"), "catalogue",
                     content_type(apps, "decisions", "catalogue"), CATALOGUE_STEPS)
    restore_step_log(apps, apps.get_model("decisions", "DecisionLog"), "decision",
                     content_type(apps, "decisions", "decision"), DECISION_STEPS, states=True,
                     rounds_closed_by="adjust")


class Migration(migrations.Migration):

    dependencies = [
        ("decisions", "0002_grant_decisions"),
        ("workflow", "0005_transition_record"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="decisionlog", name="actor"),
        migrations.RemoveField(model_name="decisionlog", name="decision"),
        migrations.DeleteModel(name="CatalogueLog"),
        migrations.DeleteModel(name="DecisionLog"),
    ]
