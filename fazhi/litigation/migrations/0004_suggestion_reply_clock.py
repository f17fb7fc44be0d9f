"""司法建议 / 检察建议: the reply period moves onto the kernel's case clock (CaseClock "reply" of workflow
`litigation.suggestion`), with a state (待回复 / 已回复). Each suggestion on file gets its clock as the
module computed it: started on receipt, due on its `due_on`, its trace; 按期 / 逾期办结 if replied, else
running (or 临期 / 逾期 as the module's own scan last told). The scan's `notified`, the trace and the rule's
source now live on the clock. Going back puts them on the suggestion again and removes the clocks."""

from django.db import migrations, models
from django.urls import reverse
from django.utils import timezone

from fazhi.core.migration_ops import content_type

# The rules as litigation/suggestions.py declares them when this is written (frozen).
SOURCES = {
    "procuratorate.reply": "两高关于检察公益诉讼案件的解释（2018）第二十一条",
    "procuratorate.reply_urgent": "两高关于检察公益诉讼案件的解释（2018）第二十一条",
    "procuratorate.reply_general": "人民检察院检察建议工作规定（2019）",
    "judicial_suggestion.reply": "最高人民法院关于综合治理类司法建议工作若干问题的规定（2023）第八条",
}
DEFAULT_TEXT = {"procuratorate.reply_urgent": "15日"}  # the others: 2个月


def _code(s) -> str:
    if s.kind == "judicial":
        return "judicial_suggestion.reply"
    if s.public_interest:
        return "procuratorate.reply_urgent" if s.urgent else "procuratorate.reply"
    return "procuratorate.reply_general"


def forwards(apps, schema_editor):
    Suggestion = apps.get_model("litigation", "Suggestion")
    CaseClock = apps.get_model("workflow", "CaseClock")
    kind = content_type(apps, "litigation", "suggestion")
    clocks = []
    for s in Suggestion.objects.select_related("unit").order_by("pk").iterator():
        code = _code(s)
        text = (f"{s.period_count}{'个月' if s.period_unit == 'M' else '日'}" if s.period_count
                else DEFAULT_TEXT.get(code, "2个月"))
        if s.replied_on:
            state = "met" if s.replied_on <= s.due_on else "late"
        else:
            state = s.notified or "running"
        clocks.append(CaseClock(
            workflow="litigation.suggestion", kind="reply", content_type=kind, object_id=s.pk, unit_id=s.unit_id,
            title=f"{s.unit.name}收到的{s.get_kind_display()}“{s.subject}”（{s.issuer}）"[:300],
            link=reverse("litigation:suggestion", args=[s.pk]), rule_code=code, rule_text=text, state=state,
            started_on=s.received_on, due_on=s.due_on, stopped_on=s.replied_on, trace=s.due_trace,
            events=[{"kind": "start", "at": s.received_on.isoformat(), "by": "系统", "reason": "收到建议书", "days": None}],
            updated_at=timezone.now()))  # warn_on: the scan fills it on its first run (running clocks)
    CaseClock.objects.bulk_create(clocks, batch_size=2000)
    Suggestion.objects.filter(replied_on__isnull=False).update(state="replied")


def backwards(apps, schema_editor):
    Suggestion = apps.get_model("litigation", "Suggestion")
    CaseClock = apps.get_model("workflow", "CaseClock")
    clocks = CaseClock.objects.filter(content_type=content_type(apps, "litigation", "suggestion"), kind="reply")
    by_case = {c.object_id: c for c in clocks}
    for s in Suggestion.objects.order_by("pk").iterator():
        clock = by_case.get(s.pk)
        s.due_on = s.due_on or (clock.due_on if clock else None) or s.received_on
        s.due_trace = clock.trace if clock else []
        s.rule_source = SOURCES[_code(s)]
        s.notified = clock.state if clock and clock.state in ("due_soon", "overdue") else ""
        s.save(update_fields=["due_on", "due_trace", "rule_source", "notified"])
    clocks.delete()


class Migration(migrations.Migration):

    dependencies = [
        ("litigation", "0003_case_log_to_kernel"),
        ("workflow", "0006_month_unit_and_step_indexes"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="suggestion", name="state",
            field=models.CharField(choices=[("open", "待回复"), ("replied", "已回复")], default="open", max_length=8,
                                   verbose_name="状态"),
        ),
        migrations.AlterField(
            model_name="suggestion", name="due_on",
            field=models.DateField(blank=True, null=True, verbose_name="回复期限"),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="suggestion", name="due_trace"),
        migrations.RemoveField(model_name="suggestion", name="notified"),
        migrations.RemoveField(model_name="suggestion", name="rule_source"),
    ]
