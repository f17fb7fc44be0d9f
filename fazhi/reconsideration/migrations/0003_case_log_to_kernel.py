"""The 行政复议 case's own step log (CaseLog, which also held its 意见书' steps) retires into the kernel's
one transition log (workflow.TransitionRecord).

The engine wrote every step to both, so most rows are already there: a CaseLog row pairs with the record
of the same case (an opinion's row, `opinion.<step>` with data["opinion"], with the opinion's record),
step, date, actor and reason. Only rows without their record are carried. Going back rebuilds CaseLog
from the records and keeps them (the old code wrote both logs).
"""

import datetime

from django.db import migrations

from fazhi.core.migration_ops import carry_unmirrored, content_type

OPINION_PREFIX = "opinion."
OPINION_WORKFLOW = "reconsideration.opinion"
OPINION_TO_STATE = {"issue": "issued", "report": "reported"}  # the opinion table: 制发 / 登记纠正情况报告


def _types(apps):
    return content_type(apps, "reconsideration", "reconsiderationcase"), content_type(apps, "reconsideration", "opinion")


def _key(case_type_id: int, case_id: int, action: str, on: datetime.date, actor_name: str, reason: str) -> tuple:
    return case_type_id, case_id, action, on, actor_name, reason


def _old_key(case_type, opinion_type):
    def key(row):
        if row.step.startswith(OPINION_PREFIX):
            return _key(opinion_type.pk, row.data.get("opinion"), row.step.removeprefix(OPINION_PREFIX), row.on,
                        row.actor_name, row.reason)
        return _key(case_type.pk, row.case_id, row.step, row.on, row.actor_name, row.reason)

    return key


def forwards(apps, schema_editor):
    CaseLog = apps.get_model("reconsideration", "CaseLog")
    Record = apps.get_model("workflow", "TransitionRecord")
    case_type, opinion_type = _types(apps)
    mirrored = (_key(*values) for values in Record.objects.filter(case_type__in=[case_type, opinion_type]).values_list(
        "case_type_id", "case_id", "action", "on", "actor_name", "reason").iterator())

    def build(row):
        common = dict(on=row.on, at=row.at, actor_id=row.actor_id, actor_name=row.actor_name, reason=row.reason)
        if row.step.startswith(OPINION_PREFIX):
            action = row.step.removeprefix(OPINION_PREFIX)
            data = {k: v for k, v in row.data.items() if k not in ("opinion", "kind")}
            return Record(case_type=opinion_type, case_id=row.data["opinion"], workflow=OPINION_WORKFLOW, action=action,
                          from_state="issued", to_state=OPINION_TO_STATE.get(action, "issued"), data=data, **common)
        return Record(case_type=case_type, case_id=row.case_id, workflow="reconsideration", action=row.step,
                      from_state=row.from_state, to_state=row.to_state, data=row.data, **common)

    carry_unmirrored(CaseLog.objects.all(), _old_key(case_type, opinion_type), build, Record, mirrored)


def backwards(apps, schema_editor):
    CaseLog = apps.get_model("reconsideration", "CaseLog")
    Record = apps.get_model("workflow", "TransitionRecord")
    Opinion = apps.get_model("reconsideration", "Opinion")
    case_type, opinion_type = _types(apps)
    rows = []
    for r in Record.objects.filter(case_type=case_type).order_by("pk").iterator():
        rows.append(CaseLog(case_id=r.case_id, step=r.action, from_state=r.from_state, to_state=r.to_state, on=r.on,
                            at=r.at, actor_id=r.actor_id, actor_name=r.actor_name, reason=r.reason, data=r.data))
    opinions = {o.pk: o for o in Opinion.objects.select_related("case")}
    for r in Record.objects.filter(case_type=opinion_type).order_by("pk").iterator():
        opinion = opinions.get(r.case_id)
        if opinion is None:
            continue
        state = opinion.case.state  # the old log put the case's state on an opinion's step
        rows.append(CaseLog(case_id=opinion.case_id, step=OPINION_PREFIX + r.action, from_state=state, to_state=state,
                            on=r.on, at=r.at, actor_id=r.actor_id, actor_name=r.actor_name, reason=r.reason,
                            data={**r.data, "opinion": opinion.pk, "kind": opinion.get_kind_display()}))
    CaseLog.objects.bulk_create(rows, batch_size=2000)


class Migration(migrations.Migration):

    dependencies = [
        ("reconsideration", "0002_grant_capabilities"),
        ("workflow", "0005_transition_record"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.DeleteModel(name="CaseLog"),
    ]
