"""Supervision's own Transition log moves into the kernel's one transition log (workflow.TransitionRecord):
every row of a report, milestone or order, with its action, states, time, actor and reason; its date
(`on`) is the local day of its time, as the timelines showed it."""

from django.db import migrations
from django.utils import timezone

from fazhi.core.migration_ops import content_type, copy_rows
# Which case a row belonged to, the case's model, and the engine workflow whose steps it logged.
TARGETS = (("report_id", "progressreport", "supervision.report"), ("milestone_id", "milestone", ""),
           ("order_id", "supervisionorder", "supervision.order"))


def _types(apps) -> dict:
    return {model: content_type(apps, "supervision", model) for _, model, _ in TARGETS}


def forwards(apps, schema_editor):
    Old = apps.get_model("supervision", "Transition")
    Record = apps.get_model("workflow", "TransitionRecord")
    types = _types(apps)

    def build(t):
        field, model, workflow = next((f, m, w) for f, m, w in TARGETS if getattr(t, f) is not None)
        return Record(case_type=types[model], case_id=getattr(t, field), workflow=workflow, action=t.action,
                      from_state=t.from_state, to_state=t.to_state, on=timezone.localdate(t.at), at=t.at,
                      actor_id=t.actor_id, actor_name=t.actor_name, reason=t.reason, data={})

    copy_rows(Old.objects.all(), build, Record)


def backwards(apps, schema_editor):
    Old = apps.get_model("supervision", "Transition")
    Record = apps.get_model("workflow", "TransitionRecord")
    for field, model, _ in TARGETS:
        moved = Record.objects.filter(case_type=_types(apps)[model])
        copy_rows(moved, lambda r, field=field: Old(
            at=r.at, actor_id=r.actor_id, actor_name=r.actor_name, action=r.action, from_state=r.from_state,
            to_state=r.to_state, reason=r.reason, **{field: r.case_id},
        ), Old)
        moved.delete()  # a downgrade takes back what it carried (historical models have a plain manager)


class Migration(migrations.Migration):

    dependencies = [
        ("supervision", "0007_evidence_to_attachments"),
        ("workflow", "0005_transition_record"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.DeleteModel(name="Transition"),
    ]
