"""Attachments of a normative document: upload to the current version, remove while unpublished, download."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from fazhi.core.models import Attachment, OperationLog
from fazhi.normdocs import services
from fazhi.normdocs.models import State

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def ofd_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("OFD.xml", "<ofd:OFD/>")
    return buffer.getvalue()


def test_upload_attaches_to_the_current_version_and_logs(login, users, make_doc, _media):
    doc = make_doc()
    client = login(users.office)
    response = client.post(
        reverse("normdocs:attachment_upload", args=[doc.pk]),
        {"file": SimpleUploadedFile("附件1：行政执法公示清单.pdf", PDF)},
        follow=True,
    )
    found = Attachment.objects.get(document_version__document=doc)
    assert found.owner == doc.current_version() and found.slot == ""
    assert found.original_name == "附件1：行政执法公示清单.pdf"
    # Stored under a random ASCII name, not the uploaded one.
    assert "行政执法" not in found.file.name and found.file.name.endswith(".pdf")
    assert "已添加附件“附件1：行政执法公示清单.pdf”" in messages_of(response)
    assert "附件1：行政执法公示清单.pdf" in response.content.decode()
    log = OperationLog.objects.get(action="normdoc.attachment.add")
    assert log.actor == users.office and log.after["name"] == "附件1：行政执法公示清单.pdf"

    download = client.get(reverse("core:attachment", args=[found.token]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]
    assert "filename*=utf-8''" in download["Content-Disposition"]


@pytest.mark.parametrize(
    ("name", "content"), [("通知.doc", OLE2), ("统计.xls", OLE2), ("文件.wps", OLE2), ("版式.ofd", None)]
)
def test_legacy_office_and_ofd_are_accepted(make_doc, name, content):
    upload = SimpleUploadedFile(name, content if content is not None else ofd_bytes())
    found = services.add_attachment(None, make_doc(), upload)
    assert found.original_name == name


def test_wrong_type_is_refused_with_the_name_and_nothing_stored(login, users, make_doc, _media):
    doc = make_doc()
    client = login(users.office)
    response = client.post(
        reverse("normdocs:attachment_upload", args=[doc.pk]),
        {"file": SimpleUploadedFile("病毒.exe", b"MZ\x90\x00")},
        follow=True,
    )
    assert any("病毒.exe" in m and "不支持" in m for m in messages_of(response))
    # A file whose bytes do not match its extension is refused too.
    response = client.post(
        reverse("normdocs:attachment_upload", args=[doc.pk]),
        {"file": SimpleUploadedFile("伪装.pdf", b"MZ\x90\x00 not a pdf")},
        follow=True,
    )
    assert any("伪装.pdf" in m and "文件内容与扩展名不符" in m for m in messages_of(response))
    assert not Attachment.objects.exists() and stored_files(_media) == []
    assert not OperationLog.objects.filter(action="normdoc.attachment.add").exists()


def test_too_large_is_refused(settings, make_doc, _media):
    settings.FAZHI_EVIDENCE_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as refused:
        services.add_attachment(None, make_doc(), SimpleUploadedFile("大文件.pdf", PDF + b"0" * 2048))
    assert "大文件.pdf" in refused.value.messages[0] and "过大" in refused.value.messages[0]
    assert not Attachment.objects.exists() and stored_files(_media) == []


def test_out_of_scope_user_gets_404(login, users, make_doc, org):
    doc = make_doc(issuer=org.other_justice)
    found = services.add_attachment(None, doc, SimpleUploadedFile("乙县附件.pdf", PDF))
    client = login(users.office)
    assert client.get(reverse("core:attachment", args=[found.token])).status_code == 404
    upload = client.post(
        reverse("normdocs:attachment_upload", args=[doc.pk]), {"file": SimpleUploadedFile("附件.pdf", PDF)}
    )
    assert upload.status_code == 404
    assert client.post(reverse("normdocs:attachment_remove", args=[doc.pk, found.pk])).status_code == 404
    # An attachment asked for under another (visible) document is 404 as well.
    mine = make_doc()
    assert client.post(reverse("normdocs:attachment_remove", args=[mine.pk, found.pk])).status_code == 404
    assert Attachment.objects.filter(document_version__document=doc).count() == 1
    with pytest.raises(ValidationError):
        services.add_attachment(users.office, doc, SimpleUploadedFile("附件.pdf", PDF))


def test_remove_while_drafting_then_refused_after_publication(
    login, users, make_doc, walk, _media, django_capture_on_commit_callbacks
):
    doc = make_doc()
    found = services.add_attachment(users.office, doc, SimpleUploadedFile("草稿附件.pdf", PDF))
    client = login(users.office)
    with django_capture_on_commit_callbacks(execute=True):  # the file goes once the removal commits
        client.post(reverse("normdocs:attachment_remove", args=[doc.pk, found.pk]))
    assert not Attachment.objects.filter(pk=found.pk).exists() and stored_files(_media) == []
    assert OperationLog.objects.get(action="normdoc.attachment.remove").before["name"] == "草稿附件.pdf"

    kept = services.add_attachment(users.office, doc, SimpleUploadedFile("正式附件.pdf", PDF))
    walk(doc, State.PUBLISHED)
    response = client.post(reverse("normdocs:attachment_remove", args=[doc.pk, kept.pk]), follow=True)
    assert any("已公开发布" in m and "正式附件.pdf" in m for m in messages_of(response))
    assert Attachment.objects.filter(pk=kept.pk).exists() and len(stored_files(_media)) == 1


def test_public_download_only_for_published_documents(make_doc, walk):
    published = walk(make_doc(title="测试县公开附件办法"), State.PUBLISHED)
    shown = services.add_attachment(None, published, SimpleUploadedFile("公开附件.pdf", PDF))
    draft = make_doc(title="测试县草稿附件办法")
    hidden = services.add_attachment(None, draft, SimpleUploadedFile("草稿附件.pdf", PDF))
    public = Client()

    page = public.get(reverse("portal:document", args=[published.registration_number]))
    assert page.status_code == 200 and "公开附件.pdf" in page.content.decode()
    url = reverse("core:attachment", args=[shown.token])
    assert url in page.content.decode()
    download = public.get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    # A draft's attachment is not public: the visitor is asked to sign in, and nothing is sent.
    refused = public.get(reverse("core:attachment", args=[hidden.token]))
    assert refused.status_code == 302 and reverse("core:login") in refused["Location"]


# ------------------------------------------------------------------------------------------- API


def test_api_upload_list_download_and_remove(login, users, make_doc, walk, _media, django_capture_on_commit_callbacks):
    doc = make_doc()
    client = login(users.office)
    base = f"/api/normdocs/documents/{doc.pk}/attachments"
    created = client.post(base, {"file": SimpleUploadedFile("附件2：裁量基准.pdf", PDF)})
    assert created.status_code == 201
    body = created.json()
    assert (body["name"], body["version"], body["size"]) == ("附件2：裁量基准.pdf", 1, len(PDF))
    assert b"".join(client.get(body["download"]).streaming_content) == PDF
    assert [a["name"] for a in client.get(base).json()] == ["附件2：裁量基准.pdf"]
    detail = client.get(f"/api/normdocs/documents/{doc.pk}").json()
    assert [a["id"] for a in detail["attachments"]] == [body["id"]]

    refused = client.post(base, {"file": SimpleUploadedFile("脚本.exe", b"MZ\x90\x00")})
    assert refused.status_code == 400 and "脚本.exe" in refused.json()["detail"]

    with django_capture_on_commit_callbacks(execute=True):
        assert client.delete(f"{base}/{body['id']}").status_code == 204
    assert not Attachment.objects.exists() and stored_files(_media) == []
    assert OperationLog.objects.filter(action="normdoc.attachment.remove").count() == 1

    kept = client.post(base, {"file": SimpleUploadedFile("正式附件.pdf", PDF)}).json()
    walk(doc, State.PUBLISHED)
    published = client.delete(f"{base}/{kept['id']}")
    assert published.status_code == 400 and "已公开发布" in published.json()["detail"]
    assert client.delete(f"{base}/999999").status_code == 404


def test_api_attachments_are_scoped_and_need_a_writer_to_change(login, users, make_doc, org):
    other = make_doc(issuer=org.other_justice)
    found = services.add_attachment(None, other, SimpleUploadedFile("乙县附件.pdf", PDF))
    client = login(users.office)
    base = f"/api/normdocs/documents/{other.pk}/attachments"
    assert client.get(base).status_code == 404
    assert client.post(base, {"file": SimpleUploadedFile("附件.pdf", PDF)}).status_code == 404
    assert client.delete(f"{base}/{found.pk}").status_code == 404
    mine = make_doc()
    # Another document's attachment under a visible document is 404 as well.
    assert client.delete(f"/api/normdocs/documents/{mine.pk}/attachments/{found.pk}").status_code == 404
    assert login(users.auditor).get(f"/api/normdocs/documents/{mine.pk}/attachments").status_code == 403
    assert Attachment.objects.filter(pk=found.pk).exists()
