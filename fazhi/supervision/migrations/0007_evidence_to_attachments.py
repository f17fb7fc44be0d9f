"""Evidence (佐证材料) moves onto the one attachment model: every row, its file (same stored name, same
token, so the file stays where it is) or link, becomes a core.Attachment on its report in slot "evidence"."""

from django.db import migrations

from fazhi.core.migration_ops import content_type, copy_rows, stored_file_facts


def forwards(apps, schema_editor):
    Evidence = apps.get_model("supervision", "Evidence")
    Attachment = apps.get_model("core", "Attachment")
    owner_type = content_type(apps, "supervision", "progressreport")
    copy_rows(Evidence.objects.all(), lambda e: Attachment(
        owner_type=owner_type, owner_id=e.report_id, slot="evidence", kind=e.kind, token=e.token,
        file=e.file.name, url=e.url, original_name=e.original_name, extension=e.extension,
        content_type=e.content_type, size=e.size, sha256=stored_file_facts(e.file.name)[1] if e.kind == "file" else "",
        title=e.title, uploaded_by_id=e.uploaded_by_id, uploaded_at=e.uploaded_at,
    ), Attachment)


def backwards(apps, schema_editor):
    Evidence = apps.get_model("supervision", "Evidence")
    Attachment = apps.get_model("core", "Attachment")
    moved = Attachment.objects.filter(owner_type=content_type(apps, "supervision", "progressreport"), slot="evidence")
    copy_rows(moved, lambda a: Evidence(
        report_id=a.owner_id, kind=a.kind, token=a.token, extension=a.extension, file=a.file.name,
        original_name=a.original_name, content_type=a.content_type, size=a.size, url=a.url, title=a.title,
        uploaded_by_id=a.uploaded_by_id, uploaded_at=a.uploaded_at,
    ), Evidence)
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
