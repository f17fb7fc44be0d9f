"""Evidence (佐证材料) moves onto the one attachment model: every row, its file (same stored name, same
token, so the file stays where it is) or link, becomes a core.Attachment on its report in slot "evidence"."""

from django.db import migrations

from fazhi.core.migration_ops import stored_file_facts

BATCH = 2000


def _report_type(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label="supervision", model="progressreport")[0]


def forwards(apps, schema_editor):
    Evidence = apps.get_model("supervision", "Evidence")
    Attachment = apps.get_model("core", "Attachment")
    owner_type, batch = _report_type(apps), []
    for e in Evidence.objects.order_by("pk").iterator(chunk_size=BATCH):
        sha256 = stored_file_facts(e.file.name)[1] if e.kind == "file" else ""
        batch.append(Attachment(
            owner_type=owner_type, owner_id=e.report_id, slot="evidence", kind=e.kind, token=e.token,
            file=e.file.name, url=e.url, original_name=e.original_name, extension=e.extension,
            content_type=e.content_type, size=e.size, sha256=sha256, title=e.title,
            uploaded_by_id=e.uploaded_by_id, uploaded_at=e.uploaded_at,
        ))
        if len(batch) >= BATCH:
            Attachment.objects.bulk_create(batch)
            batch = []
    Attachment.objects.bulk_create(batch)


def backwards(apps, schema_editor):
    Evidence = apps.get_model("supervision", "Evidence")
    Attachment = apps.get_model("core", "Attachment")
    moved = Attachment.objects.filter(owner_type=_report_type(apps), slot="evidence")
    Evidence.objects.bulk_create([
        Evidence(report_id=a.owner_id, kind=a.kind, token=a.token, extension=a.extension, file=a.file.name,
                 original_name=a.original_name, content_type=a.content_type, size=a.size, url=a.url,
                 title=a.title, uploaded_by_id=a.uploaded_by_id, uploaded_at=a.uploaded_at)
        for a in moved.order_by("pk").iterator(chunk_size=BATCH)
    ], batch_size=BATCH)
    moved.delete()


class Migration(migrations.Migration):

    dependencies = [
        ("supervision", "0006_settings_order_notice"),
        ("core", "0006_attachment"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.DeleteModel(name="Evidence"),
    ]
