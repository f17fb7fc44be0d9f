"""Every 督办单 of an existing database gets its reply deadline as a kernel case clock (kind "reply").

The clock carries what the order already knew: started on 下发 with the order's own count of working
days, due on the order's `reply_due_on` with its trace. An open order's clock is running (已下发) or 逾期
(逾期未回复); an answered order's is stopped on the reply's day, 按期 or 逾期办结 against the due date. An
answered order without a reply time has no day to judge and gets no clock. Backwards: the clocks go.
Frozen here (never the live code): the rule code, the labels and the page address as they were.
"""

from django.db import migrations
from django.utils import timezone

KIND, WORKFLOW, RULE = "reply", "supervision.order", "supervision.order_reply"


def _clock_state(order) -> tuple[str, object]:
    """(clock state, stopped_on) of an order as it stands."""
    if order.state == "issued":
        return "running", None
    if order.state == "overdue":
        return "overdue", None
    if order.replied_at is None:
        return "", None
    replied_on = timezone.localdate(order.replied_at)
    return ("met" if replied_on <= order.reply_due_on else "late"), replied_on


def create_clocks(apps, schema_editor):
    order_model = apps.get_model("supervision", "SupervisionOrder")
    clock_model = apps.get_model("workflow", "CaseClock")
    content_type, _ = apps.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="supervision", model="supervisionorder")
    has = set(clock_model.objects.filter(content_type=content_type, kind=KIND).values_list("object_id", flat=True))
    rows = []
    for order in order_model.objects.exclude(pk__in=has).select_related("issued_by").iterator():
        state, stopped_on = _clock_state(order)
        if not state:
            continue
        by = (order.issued_by.full_name or order.issued_by.username) if order.issued_by else "系统"
        rows.append(clock_model(
            workflow=WORKFLOW, kind=KIND, content_type=content_type, object_id=order.pk, unit_id=order.recipient_id,
            title=f"督办单 {order.number}"[:300], link=f"/supervision/orders/{order.pk}/",
            rule_code=RULE, rule_text=f"{order.reply_working_days}个工作日", state=state,
            started_on=order.issued_on, due_on=order.reply_due_on, stopped_on=stopped_on,
            provisional=order.reply_due_provisional, trace=order.reply_due_trace or [],
            events=[{"kind": "start", "at": order.issued_on.isoformat(), "by": by, "reason": "下发督办单",
                     "days": order.reply_working_days}],
        ))
    clock_model.objects.bulk_create(rows, batch_size=500)


def remove_clocks(apps, schema_editor):
    apps.get_model("workflow", "CaseClock").objects.filter(workflow=WORKFLOW, kind=KIND).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("supervision", "0009_order_template_to_wordtemplates"),
        ("workflow", "0006_month_unit_and_step_indexes"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_clocks, remove_clocks)]
