"""supervision.Evidence and normdocs.Attachment move onto core.Attachment (supervision 0007, normdocs 0004):
rows written at the old migration state come out as attachments with every file and link kept."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from tests.migrating import leaves, migrate

OLD = [("supervision", "0006_settings_order_notice"), ("normdocs", "0003_clocks_and_time_limits_move_to_kernel")]
PDF = b"%PDF-1.4\n% evidence\n%%EOF\n"  # 9 + 11 + 6 = 26 bytes
DOCX = b"PK\x03\x04 a docx stands in here"  # 4 + 22 = 26 bytes (the migration reads, it does not check, content)


@pytest.mark.django_db(transaction=True)
def test_old_rows_become_attachments_with_their_files_and_links(org, users, settings, tmp_path, client):
    from fazhi.core.models import Attachment
    from tests.normdocs.matrix_cases import draft
    from tests.supervision.matrix_cases import report as make_report

    settings.MEDIA_ROOT = tmp_path / "media"
    report, doc = make_report(org, users), draft(org)
    version = doc.current_version()
    evidence_name = default_storage.save("evidence/2024/05/0123456789abcdef0123456789abcdef.pdf", ContentFile(PDF))
    normdoc_name = default_storage.save(f"normdocs/{doc.pk}/fedcba9876543210fedcba9876543210.docx",
                                        ContentFile(DOCX))

    old = migrate(OLD)
    Evidence, OldAttachment = old.get_model("supervision", "Evidence"), old.get_model("normdocs", "Attachment")
    Evidence.objects.create(report_id=report.pk, kind="file", token="0123456789abcdef0123456789abcdef",
                            extension=".pdf", file=evidence_name, original_name="整改报告.pdf",
                            content_type="application/pdf", size=len(PDF), uploaded_by_id=users.reporter.pk)
    Evidence.objects.create(report_id=report.pk, kind="link", token="link0000000000000000000000000001",
                            url="https://www.example.gov.cn/zg/1", title="网上公示")
    OldAttachment.objects.create(version_id=version.pk, name="附件1：公示清单.docx", file=normdoc_name)
    OldAttachment.objects.create(version_id=version.pk, name="附件2：已丢失.pdf", file=f"normdocs/{doc.pk}/gone.pdf")

    migrate(leaves())

    evidence = list(report.evidence.order_by("id"))
    assert [(a.kind, a.slot) for a in evidence] == [("file", "evidence"), ("link", "evidence")]
    file, link = evidence
    assert (file.token, file.file.name, file.original_name, file.size) == (
        "0123456789abcdef0123456789abcdef", evidence_name, "整改报告.pdf", 26)
    assert file.sha256 == hashlib.sha256(PDF).hexdigest() and file.uploaded_by == users.reporter
    assert (link.url, link.title, link.file.name) == ("https://www.example.gov.cn/zg/1", "网上公示", "")
    docx, gone = doc.all_attachments()
    assert (docx.owner, docx.original_name, docx.file.name, docx.extension) == (
        version, "附件1：公示清单.docx", normdoc_name, ".docx")
    assert docx.size == 26 and docx.sha256 == hashlib.sha256(DOCX).hexdigest() and docx.version_number == 1
    assert docx.content_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert (gone.original_name, gone.size, gone.sha256) == ("附件2：已丢失.pdf", 0, "")  # the row is kept
    assert Attachment.objects.count() == 4

    # The moved files download through the one scoped view, where they were stored.
    client.force_login(users.reporter)
    response = client.get(reverse("core:attachment", args=[file.token]))
    assert b"".join(response.streaming_content) == PDF
    client.force_login(users.office)
    assert b"".join(client.get(reverse("core:attachment", args=[docx.token])).streaming_content) == DOCX

    # And back: the old tables get their rows again (a downgrade loses nothing either).
    old = migrate(OLD)
    assert sorted(old.get_model("supervision", "Evidence").objects.values_list("kind", "token")) == [
        ("file", "0123456789abcdef0123456789abcdef"), ("link", "link0000000000000000000000000001")]
    assert sorted(old.get_model("normdocs", "Attachment").objects.values_list("name", "file")) == [
        ("附件1：公示清单.docx", normdoc_name), ("附件2：已丢失.pdf", f"normdocs/{doc.pk}/gone.pdf")]
    assert not Attachment.objects.exists()
    migrate(leaves())
