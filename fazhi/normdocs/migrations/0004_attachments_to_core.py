"""A normative document's attachments move onto the one attachment model: every row becomes a
core.Attachment on its version (slot ""), with the same stored file and its original name; the type,
size and sha256 are read from the file (a file that has gone keeps its row, size 0)."""

import secrets
from pathlib import PurePath

from django.db import migrations

from fazhi.core.migration_ops import content_type, copy_rows, stored_file_facts
# A frozen copy of the content types of core.uploads.DOCUMENT_TYPES when this migration was written.
CONTENT_TYPES = {
    ".pdf": "application/pdf", ".ofd": "application/ofd", ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".wps": "application/vnd.ms-works", ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".zip": "application/zip",
}


def forwards(apps, schema_editor):
    Old = apps.get_model("normdocs", "Attachment")
    Attachment = apps.get_model("core", "Attachment")
    owner_type = content_type(apps, "normdocs", "documentversion")

    def build(a):
        extension = PurePath(a.file.name).suffix.lower()
        size, sha256 = stored_file_facts(a.file.name)
        return Attachment(
            owner_type=owner_type, owner_id=a.version_id, slot="", kind="file", token=secrets.token_hex(16),
            file=a.file.name, original_name=a.name, extension=extension[:10],
            content_type=CONTENT_TYPES.get(extension, "application/octet-stream"), size=size, sha256=sha256,
            uploaded_at=a.uploaded_at,
        )

    copy_rows(Old.objects.all(), build, Attachment)


def backwards(apps, schema_editor):
    Old = apps.get_model("normdocs", "Attachment")
    Attachment = apps.get_model("core", "Attachment")
    moved = Attachment.objects.filter(owner_type=content_type(apps, "normdocs", "documentversion"), kind="file")
    copy_rows(moved, lambda a: Old(version_id=a.owner_id, name=a.original_name[:200], file=a.file.name,
                                   uploaded_at=a.uploaded_at), Old)
    moved.delete()


class Migration(migrations.Migration):

    dependencies = [
        ("normdocs", "0003_clocks_and_time_limits_move_to_kernel"),
        ("core", "0006_attachment"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.DeleteModel(name="Attachment"),
    ]
