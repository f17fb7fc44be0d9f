"""The 行政应诉 case's own step log (CaseLog) retires into the kernel's one transition log
(workflow.TransitionRecord).

The engine wrote every step to both, so most rows are already there: a CaseLog row pairs with the
record of the same case, step, date, actor and reason. Only rows without their record are carried; their
from-state is the one state the step leaves (the table below, frozen) and their time the start of their
day (CaseLog kept none), so they sort before the same day's mirrored steps. Going back rebuilds CaseLog
from the records and keeps them (the old code wrote both logs).
"""

import datetime

from django.db import migrations
from django.utils import timezone

from fazhi.core.migration_ops import carry_unmirrored, content_type

# Each step of the litigation table leaves exactly one state (litigation/workflow.py when this was written).
FROM_STATE = {"receive": "received", "extend_evidence": "received", "defend": "received", "judge": "defended",
              "appeal": "judged", "become_effective": "judged", "second_instance": "appealed", "perform": "effective"}


def forwards(apps, schema_editor):
    CaseLog = apps.get_model("litigation", "CaseLog")
    Record = apps.get_model("workflow", "TransitionRecord")
    case_type = content_type(apps, "litigation", "litigationcase")
    mirrored = Record.objects.filter(case_type=case_type).values_list(
        "case_id", "action", "on", "actor_name", "reason").iterator()

    def build(row):
        at = timezone.make_aware(datetime.datetime.combine(row.on, datetime.time.min))
        return Record(case_type=case_type, case_id=row.case_id, workflow="litigation", action=row.step,
                      from_state=FROM_STATE.get(row.step, ""), to_state=row.to_state, on=row.on, at=at,
                      actor_id=row.actor_id, actor_name=row.actor_name, reason=row.reason, data=row.data)

    carry_unmirrored(CaseLog.objects.all(), lambda r: (r.case_id, r.step, r.on, r.actor_name, r.reason), build, Record,
                     mirrored)


def backwards(apps, schema_editor):
    CaseLog = apps.get_model("litigation", "CaseLog")
    Record = apps.get_model("workflow", "TransitionRecord")
    records = Record.objects.filter(case_type=content_type(apps, "litigation", "litigationcase")).order_by("pk")
    CaseLog.objects.bulk_create((CaseLog(case_id=r.case_id, step=r.action, to_state=r.to_state, on=r.on,
                                         actor_id=r.actor_id, actor_name=r.actor_name, reason=r.reason, data=r.data)
                                 for r in records.iterator()), batch_size=2000)


class Migration(migrations.Migration):

    dependencies = [
        ("litigation", "0002_grant_capabilities"),
        ("workflow", "0005_transition_record"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.DeleteModel(name="CaseLog"),
    ]
