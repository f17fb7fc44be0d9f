"""The normative documents' own TransitionLog moves into the kernel's one transition log
(workflow.TransitionRecord): every row, with its step, states, date, time, actor, reason and record."""

from django.db import migrations

from fazhi.core.migration_ops import content_type, copy_rows


def forwards(apps, schema_editor):
    Old = apps.get_model("normdocs", "TransitionLog")
    Record = apps.get_model("workflow", "TransitionRecord")
    case_type = content_type(apps, "normdocs", "normativedocument")
    copy_rows(Old.objects.all(), lambda t: Record(
        case_type=case_type, case_id=t.document_id, workflow="normdoc", action=t.transition, from_state=t.from_state,
        to_state=t.to_state, on=t.on, at=t.at, actor_id=t.actor_id, actor_name=t.actor_name, reason=t.reason,
        data=t.data,
    ), Record)


def backwards(apps, schema_editor):
    Old = apps.get_model("normdocs", "TransitionLog")
    Record = apps.get_model("workflow", "TransitionRecord")
    moved = Record.objects.filter(case_type=content_type(apps, "normdocs", "normativedocument"))
    copy_rows(moved, lambda r: Old(
        document_id=r.case_id, transition=r.action, from_state=r.from_state, to_state=r.to_state, on=r.on, at=r.at,
        actor_id=r.actor_id, actor_name=r.actor_name, reason=r.reason, data=r.data,
    ), Old)
    moved.delete()  # a downgrade takes back what it carried (historical models have a plain manager)


class Migration(migrations.Migration):

    dependencies = [
        ("normdocs", "0004_attachments_to_core"),
        ("workflow", "0005_transition_record"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.DeleteModel(name="TransitionLog"),
    ]
