"""The one attachment model: files and links on any owner, checked once, downloaded through one scoped view.

The owner here is the toy module's errand (tests/toy); the matrix case of the public download uses a
published normative document, whose `attachments_public()` is True.
"""

from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse

from fazhi.core.attachments import (
    Attachment,
    attach_file,
    attach_link,
    attachments_of,
    remove_attachment,
)
from fazhi.core.models import OperationLog
from fazhi.core.modules import action_labels
from tests.toy.models import Errand

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def errand(org):
    return Errand.objects.create(title="附件示例", unit=org.justice)


def pdf(name="材料.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_attach_file_keeps_name_type_size_and_hash(errand, users, media):
    a = attach_file(users.office, errand, pdf("整改报告.pdf"), slot="evidence", title="整改情况")
    assert (a.kind, a.slot, a.original_name, a.extension, a.title) == ("file", "evidence", "整改报告.pdf", ".pdf", "整改情况")
    assert a.content_type == "application/pdf" and a.size == len(PDF)
    assert a.sha256 == hashlib.sha256(PDF).hexdigest()
    assert a.uploaded_by == users.office and a.owner == errand
    # Stored under the random token, not the original name.
    assert a.file.name.endswith(f"{a.token}.pdf") and "整改报告" not in a.file.name
    assert (media / a.file.name).read_bytes() == PDF
    log = OperationLog.objects.get(action="attachment.add")
    assert log.object_id == str(errand.pk) and log.after["name"] == "整改报告.pdf"
    assert action_labels()["attachment.add"] == "上传附件"


def test_attachments_of_filters_by_owner_and_slot(errand, org, users):
    other = Errand.objects.create(title="另一事项", unit=org.justice)
    a = attach_file(users.office, errand, pdf(), slot="evidence")
    b = attach_link(users.office, errand, "https://example.org/gk/1", slot="reply")
    attach_link(users.office, other, "https://example.org/gk/2")
    assert list(attachments_of(errand)) == [a, b]
    assert list(attachments_of(errand, "reply")) == [b]
    assert list(attachments_of(errand, "minutes")) == []


@pytest.mark.parametrize("name, content, message", [
    ("程序.exe", b"MZ\x90\x00", "文件“程序.exe”的类型（.exe）不支持：附件只接受 pdf、ofd"),
    ("假的.pdf", b"<html>not a pdf</html>", "文件“假的.pdf”的内容不是有效的PDF 文件"),
    ("空.pdf", b"", "文件“空.pdf”是空文件"),
])
def test_bad_files_are_refused_in_chinese_and_nothing_is_stored(errand, users, media, name, content, message):
    with pytest.raises(ValidationError) as refused:
        attach_file(users.office, errand, SimpleUploadedFile(name, content))
    assert message in refused.value.messages[0]
    assert not Attachment.objects.exists() and not (media / "attachments").exists()


def test_too_large_a_file_is_refused(errand, users, settings):
    settings.FAZHI_EVIDENCE_MAX_BYTES = 10  # the PDF above is 45 bytes
    with pytest.raises(ValidationError, match="过大.*单个文件不能超过"):
        attach_file(users.office, errand, pdf("大文件.pdf"))
    assert not Attachment.objects.exists()


def test_a_bad_link_is_refused(errand, users):
    with pytest.raises(ValidationError, match="不是有效的 http/https 网址"):
        attach_link(users.office, errand, "javascript:alert(1)")


def test_out_of_scope_writers_are_refused(errand, users):
    # The outsider is an office user of 乙县: 测试县司法局's errand is outside the scope.
    with pytest.raises(PermissionDenied):
        attach_file(users.outsider, errand, pdf())
    a = attach_link(users.office, errand, "https://example.org/a")
    with pytest.raises(PermissionDenied):
        remove_attachment(users.outsider, a)
    assert Attachment.objects.filter(pk=a.pk).exists()


def test_remove_deletes_the_row_then_the_file(errand, users, media, django_capture_on_commit_callbacks):
    a = attach_file(users.office, errand, pdf())
    path = media / a.file.name
    with django_capture_on_commit_callbacks(execute=True):
        remove_attachment(users.office, a)
    assert not Attachment.objects.filter(pk=a.pk).exists() and not path.exists()
    assert OperationLog.objects.get(action="attachment.remove").before["name"] == "材料.pdf"


def test_download_is_scoped_to_the_owner(errand, users, client):
    a = attach_file(users.office, errand, pdf("会议纪要.pdf"))
    url = reverse("core:attachment", args=[a.token])
    client.force_login(users.office)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]
    client.force_login(users.outsider)  # 乙县: out of scope, told nothing more than "not found"
    assert client.get(url).status_code == 404
    client.logout()
    response = client.get(url)  # the errand is not done: not public
    assert response.status_code == 302 and reverse("core:login") in response["Location"]


def test_anonymous_download_only_when_the_owner_is_public(errand, users, client, monkeypatch):
    # The owner says when its files are public: here a done errand (a published normative document in use).
    monkeypatch.setattr(Errand, "attachments_public", lambda e: e.state == Errand.State.DONE, raising=False)
    a = attach_file(users.office, errand, pdf())
    url = reverse("core:attachment", args=[a.token])
    assert client.get(url).status_code == 302
    Errand.objects.filter(pk=errand.pk).update(state=Errand.State.DONE)  # done → attachments_public() is True
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF


def test_links_and_unknown_tokens_are_not_downloads(errand, users, client):
    link = attach_link(users.office, errand, "https://example.org/x")
    client.force_login(users.office)
    assert client.get(reverse("core:attachment", args=[link.token])).status_code == 404
    assert client.get(reverse("core:attachment", args=["0" * 32])).status_code == 404


def test_partials_list_the_attachments_and_offer_the_accepted_types(errand, users):
    a = attach_file(users.office, errand, pdf("批复.pdf"))
    attach_link(users.office, errand, "https://example.org/pf", title="网上公开")
    html = render_to_string("core/_attachments.html", {"owner": errand})
    assert reverse("core:attachment", args=[a.token]) in html and "批复.pdf" in html
    assert "https://example.org/pf" in html and "网上公开" in html
    assert "暂无附件" in render_to_string("core/_attachments.html", {"owner": errand, "slot": "minutes"})
    form = render_to_string("core/_attachment_form.html", {"action": "/x/"})
    assert 'accept=".pdf,.ofd,' in form and "单个文件不超过 20 MB" in form
