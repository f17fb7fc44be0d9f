"""Milestones and policy promises move onto the kernel's daily scan (dated deadlines): each row gets its
warning date (5 working days before its date, the rule's default, counted on the holiday calendar), a deadline
state and, for a milestone, the contract's unit; the module's own reminder dates go. Existing rows keep where
they stood: a done milestone or a closed promise is 已办结, one already told 逾期 or 临期 stays so; the next scan
marks the rest. Going back gives the reminder dates from the states (the day the scan would have told is not
kept, so the warning date and the due date's next day stand in for it)."""

import datetime

import django.db.models.deletion
from django.db import migrations, models

WARN_WORKING_DAYS = 5  # contract.performance_warn's default when this was written


def _state(done: bool, overdue: bool, warned: bool) -> str:
    return "closed" if done else "overdue" if overdue else "due_soon" if warned else "open"


def forwards(apps, schema_editor):
    from fazhi.core import calendar

    Milestone, Commitment = apps.get_model("contracts", "Milestone"), apps.get_model("contracts", "Commitment")
    for m in Milestone.objects.select_related("contract"):
        m.unit_id, m.warn_on = m.contract.unit_id, calendar.warn_date(m.due_on, WARN_WORKING_DAYS)
        m.state = _state(m.done_on is not None, m.overdue_notified_on is not None, m.warned_on is not None)
        m.save(update_fields=["unit", "warn_on", "state"])
    for c in Commitment.objects.all():
        c.warn_on = calendar.warn_date(c.due_on, WARN_WORKING_DAYS)
        c.deadline_state = _state(c.state != "open", c.overdue_notified_on is not None, c.warned_on is not None)
        c.save(update_fields=["warn_on", "deadline_state"])


def backwards(apps, schema_editor):
    Milestone, Commitment = apps.get_model("contracts", "Milestone"), apps.get_model("contracts", "Commitment")
    for row, state in [*((m, m.state) for m in Milestone.objects.all()),
                       *((c, c.deadline_state) for c in Commitment.objects.all())]:
        row.warned_on = row.warn_on if state in ("due_soon", "overdue") else None
        row.overdue_notified_on = row.due_on + datetime.timedelta(days=1) if state == "overdue" else None
        row.save(update_fields=["warned_on", "overdue_notified_on"])


STATES = [("open", "未到期"), ("due_soon", "临期"), ("overdue", "逾期"), ("closed", "已办结")]


class Migration(migrations.Migration):

    dependencies = [
        ("contracts", "0005_postgresql_sort_indexes"),
        ("core", "0006_attachment"),
    ]

    operations = [
        migrations.AddField("milestone", "unit", models.ForeignKey(
            null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="core.unit",
            verbose_name="合同主体", help_text="合同主体，期限提醒发给其合同管理人员")),
        migrations.AddField("milestone", "warn_on", models.DateField("提醒日期", null=True)),
        migrations.AddField("milestone", "state", models.CharField(
            "期限状态", max_length=20, choices=STATES, default="open", db_index=True)),
        migrations.AddField("commitment", "warn_on", models.DateField("提醒日期", null=True)),
        migrations.AddField("commitment", "deadline_state", models.CharField(
            "期限状态", max_length=20, choices=STATES, default="open", db_index=True)),
        migrations.RunPython(forwards, backwards),
        migrations.AlterField("milestone", "unit", models.ForeignKey(
            on_delete=django.db.models.deletion.PROTECT, related_name="+", to="core.unit", verbose_name="合同主体",
            help_text="合同主体，期限提醒发给其合同管理人员")),
        migrations.AlterField("milestone", "warn_on", models.DateField("提醒日期")),
        migrations.AlterField("commitment", "warn_on", models.DateField("提醒日期")),
        migrations.RemoveField("milestone", "warned_on"),
        migrations.RemoveField("milestone", "overdue_notified_on"),
        migrations.RemoveField("commitment", "warned_on"),
        migrations.RemoveField("commitment", "overdue_notified_on"),
    ]
