"""The requests' own DisclosureLog moves into the kernel's one transition log (workflow.TransitionRecord).

The engine wrote every step to both logs, so most rows are already in the kernel's; a row is carried only
when no kernel row of the same request, step, date, actor and reason matches it (a row written by hand or
before the kernel's log existed). Carried rows are marked so that a downgrade takes back only them; a
downgrade gives DisclosureLog one row per kernel row, as the engine had written it.
"""

from collections import Counter

from django.db import migrations

from fazhi.core.migration_ops import content_type, copy_rows

CARRIED = "carried_from"  # the mark in a carried row's data
# Frozen copy of the request's step table as it was: code → (label, from state, to state).
STEPS = {
    "receive": ("确认收到申请", "pending", "handling"),
    "correct": ("补正告知", "handling", "correcting"),
    "corrected": ("收到补正申请", "correcting", "handling"),
    "lapse": ("逾期未补正，不再处理", "correcting", "closed"),
    "consult": ("征求意见", "handling", "consulting"),
    "consulted": ("收到意见或征求期满", "consulting", "handling"),
    "extend": ("延长答复期限", "handling", "handling"),
    "delay": ("确定延迟答复期限", "handling", "handling"),
    "reply": ("答复", "handling", "closed"),
}


def _key(case_id, action, on, actor_id, reason):
    return case_id, action, on, actor_id, reason


def forwards(apps, schema_editor):
    Old = apps.get_model("disclosure", "DisclosureLog")
    Record = apps.get_model("workflow", "TransitionRecord")
    case_type = content_type(apps, "disclosure", "disclosurerequest")
    mirrored = Counter(_key(*row) for row in Record.objects.filter(case_type=case_type).values_list(
        "case_id", "action", "on", "actor_id", "reason").iterator(chunk_size=5000))

    def unmirrored():
        for row in Old.objects.order_by("pk").iterator(chunk_size=2000):
            key = _key(row.request_id, row.step, row.on, row.actor_id, row.reason)
            if mirrored[key]:
                mirrored[key] -= 1  # one kernel row answers for one old row
                continue
            yield row

    made = []
    for row in unmirrored():
        _, from_state, to_state = STEPS.get(row.step, ("", "", ""))
        made.append(Record(case_type=case_type, case_id=row.request_id, workflow="disclosure", action=row.step,
                           from_state=from_state, to_state=to_state, on=row.on, at=row.created_at,
                           actor_id=row.actor_id, actor_name=row.actor_name, reason=row.reason,
                           data={**row.data, CARRIED: "disclosure.DisclosureLog"}))
        if len(made) >= 2000:
            Record.objects.bulk_create(made)
            made = []
    Record.objects.bulk_create(made)


def backwards(apps, schema_editor):
    Old = apps.get_model("disclosure", "DisclosureLog")
    Old._meta.get_field("created_at").auto_now_add = False  # keep each step's own time (a historical model)
    Record = apps.get_model("workflow", "TransitionRecord")
    kernel = Record.objects.filter(case_type=content_type(apps, "disclosure", "disclosurerequest"))
    copy_rows(kernel, lambda r: Old(
        request_id=r.case_id, step=r.action, label=STEPS.get(r.action, (r.action,))[0], on=r.on,
        actor_id=r.actor_id, actor_name=r.actor_name, reason=r.reason, created_at=r.at,
        data={k: v for k, v in r.data.items() if k != CARRIED},
    ), Old)
    kernel.filter(data__has_key=CARRIED).delete()  # historical models have a plain manager


class Migration(migrations.Migration):

    dependencies = [
        ("disclosure", "0002_grant_disclosure"),
        ("workflow", "0005_transition_record"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.DeleteModel(name="DisclosureLog"),
    ]
