"""Normative documents move onto the kernel: their office time-limit settings become platform-wide
`TimeLimit` rows, and documents in the middle of a period get their case clock (合法性审核, 报备) with
the due date they already had and the warnings already sent kept as the clock's state."""

from django.db import migrations

FILING_STATES = ("published",)


def forwards(apps, schema_editor):
    TimeLimitRule = apps.get_model("normdocs", "TimeLimitRule")
    TimeLimit = apps.get_model("workflow", "TimeLimit")
    for row in TimeLimitRule.objects.all():
        TimeLimit.objects.update_or_create(code=row.code, jurisdiction=None, defaults={
            "count": row.count, "unit": row.unit, "roll_over": row.roll_over, "note": row.note,
            "updated_by_id": row.updated_by_id})

    Document = apps.get_model("normdocs", "NormativeDocument")
    CaseClock = apps.get_model("workflow", "CaseClock")
    ContentType = apps.get_model("contenttypes", "ContentType")
    documents = Document.objects.filter(origin="workflow")
    if not documents.exists():
        return
    content_type, _ = ContentType.objects.get_or_create(app_label="normdocs", model="normativedocument")

    def clock(doc, kind, rule_code, started_on, due_on, state):
        CaseClock.objects.get_or_create(content_type=content_type, object_id=doc.pk, kind=kind, defaults={
            "workflow": "normdoc", "unit_id": doc.issuer_id, "title": f"《{doc.title}》"[:300],
            "link": f"/normdocs/documents/{doc.pk}/", "rule_code": rule_code, "state": state,
            "started_on": started_on, "due_on": due_on,
            "events": [{"kind": "start", "at": started_on.isoformat(), "by": "系统", "reason": "", "days": None}],
        })

    for doc in documents.filter(state="legality_review", review_due_on__isnull=False, review_started_on__isnull=False):
        clock(doc, "legality_review", "normdoc.legality_review_max", doc.review_started_on, doc.review_due_on,
              "running")
    for doc in documents.filter(state__in=FILING_STATES, filing_due_on__isnull=False, published_on__isnull=False):
        state = ("overdue" if doc.filing_overdue_notified_on else "due_soon" if doc.filing_warned_on else "running")
        clock(doc, "filing", "normdoc.filing", doc.published_on, doc.filing_due_on, state)


class Migration(migrations.Migration):
    dependencies = [
        ("workflow", "0001_initial"),
        ("normdocs", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
