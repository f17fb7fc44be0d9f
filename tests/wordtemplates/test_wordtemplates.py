"""Office-editable 文书 templates: the nearest jurisdiction's upload wins, refusals, the settings page."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from fazhi.core import wordtemplates
from fazhi.core.models import OperationLog
from fazhi.core.wordtemplates import services
from fazhi.supervision.orderdoc import ORDER_NOTICE, TEMPLATE_PATH


def _docx(*lines: str) -> bytes:
    document = Document()
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_upload(*lines: str, name: str = "模板.docx") -> SimpleUploadedFile:
    """A .docx upload with one paragraph per line (the supervision tests use it too)."""
    return SimpleUploadedFile(name, _docx(*lines))


def _texts(data: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(data)).paragraphs]


@pytest.fixture
def letter(tmp_path):
    """A 文书 registered for the test, with a default template of its own."""
    default = tmp_path / "default.docx"
    default.write_bytes(_docx("默认：{{ name }}"))
    spec = wordtemplates.register("tests.letter", "测试告知书", default, {"name": "当事人"})
    yield spec
    wordtemplates.registry._REGISTRY.pop("tests.letter", None)


def test_the_nearest_jurisdictions_upload_wins(letter, org, users):
    # No upload anywhere: the default.
    assert _texts(wordtemplates.render(letter.code, org.justice, {"name": "张三"})) == ["默认：张三"]
    services.set_template(None, letter.code, None, docx_upload("全平台：{{ name }}"))
    services.set_template(None, letter.code, org.city, docx_upload("市：{{ name }}"))
    services.set_template(users.office, letter.code, org.county, docx_upload("县：{{ name }}"))
    # 测试县司法局 is under 测试县 (its own upload); 乙县 has none, so 测试市's; the province none, so the platform's.
    assert _texts(wordtemplates.render(letter.code, org.justice, {"name": "张三"})) == ["县：张三"]
    assert _texts(wordtemplates.render(letter.code, org.other_justice, {"name": "李四"})) == ["市：李四"]
    assert _texts(wordtemplates.render(letter.code, org.province, {"name": "王五"})) == ["全平台：王五"]
    services.reset_template(users.office, letter.code, org.county)
    assert _texts(wordtemplates.render(letter.code, org.justice, {"name": "张三"})) == ["市：张三"]
    assert list(OperationLog.objects.filter(action__startswith="wordtemplate.").values_list("action", flat=True)
                .order_by("id")) == ["wordtemplate.set"] * 3 + ["wordtemplate.reset"]


def test_values_are_escaped(letter, org):
    assert _texts(wordtemplates.render(letter.code, org.justice, {"name": "A&B<公司>"})) == ["默认：A&B<公司>"]


def test_refusals(letter, org, users):
    with pytest.raises(ValidationError, match="无法填写.*可用：name"):
        services.set_template(users.office, letter.code, org.county, docx_upload("{{ name "))
    with pytest.raises(ValidationError, match="只接受 docx"):
        services.set_template(users.office, letter.code, org.county, SimpleUploadedFile("模板.doc", b"x"))
    with pytest.raises(ValidationError, match="不是有效的Word 文档"):
        services.set_template(users.office, letter.code, org.county, SimpleUploadedFile("模板.docx", b"not a zip"))
    with pytest.raises(ValidationError, match="不是行政区"):
        services.set_template(users.office, letter.code, org.justice, docx_upload("{{ name }}"))
    with pytest.raises(PermissionDenied):  # 乙县 is outside the office's data scope
        services.set_template(users.office, letter.code, org.other_county, docx_upload("{{ name }}"))
    with pytest.raises(PermissionDenied):  # only the system sets a platform-wide template
        services.set_template(users.office, letter.code, None, docx_upload("{{ name }}"))
    with pytest.raises(PermissionDenied):  # a reporter holds no wordtemplates.manage
        services.set_template(users.reporter, letter.code, org.county, docx_upload("{{ name }}"))
    assert wordtemplates.effective_upload(letter.code, org.justice) is None
    with pytest.raises(KeyError):
        wordtemplates.render("tests.unknown", org.justice, {})


def test_settings_page_lists_every_template_and_uploads_downloads_resets(letter, org, users, login):
    office = login(users.office)
    page = office.get(reverse("wordtemplates:settings")).content.decode()
    assert "督办通知单" in page and "测试告知书" in page and "{{ letterhead }}" in page and "平台默认模板" in page
    default = office.get(reverse("wordtemplates:download", args=[ORDER_NOTICE.code]))
    assert b"".join(default.streaming_content) == TEMPLATE_PATH.read_bytes()

    office.post(reverse("wordtemplates:upload", args=[letter.code]), {"template": docx_upload("本县：{{ name }}")})
    assert "本行政区上传的模板（模板.docx）" in office.get(reverse("wordtemplates:settings")).content.decode()
    own = office.get(reverse("wordtemplates:download", args=[letter.code]))
    assert _texts(b"".join(own.streaming_content)) == ["本县：{{ name }}"]
    office.post(reverse("wordtemplates:reset", args=[letter.code]))
    assert wordtemplates.effective_upload(letter.code, org.county) is None
    assert office.get(reverse("wordtemplates:download", args=["tests.unknown"])).status_code == 404


def test_an_upload_from_above_is_shown_as_inherited(letter, org, users, login):
    services.set_template(None, letter.code, org.city, docx_upload("市：{{ name }}"))
    page = login(users.office).get(reverse("wordtemplates:settings")).content.decode()
    assert "测试市上传的模板（模板.docx）" in page
