import datetime as dt
import io
import re
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from fazhi.core.models import Notification
from fazhi.core.wordtemplates import effective_upload
from fazhi.supervision import services
from fazhi.supervision.models import SupervisionOrder
from fazhi.supervision.orderdoc import ORDER_NOTICE, order_document
from tests.supervision.conftest import task_for
from tests.wordtemplates.test_wordtemplates import docx_upload


@pytest.fixture
def order(ledger, users, org):
    task = task_for(ledger.test_items.yearly)
    milestones = list(task.milestones.filter(unit=org.reform))
    return services.issue_order(
        users.office, recipient=org.reform, subject="年度报告未按期报送", body="请立即整改。\n整改情况书面报告。",
        milestones=milestones, tasks=[task_for(ledger.test_items.mixed)], reply_working_days=5,
        issued_on=dt.date(2024, 9, 27),
    )


def test_issue_numbers_and_reply_deadline_in_working_days(order, users, org):
    assert order.number == "测法督〔2024〕1号"
    assert order.reply_due_on == dt.date(2024, 10, 10)  # 5 working days across 国庆
    assert order.state == SupervisionOrder.State.ISSUED
    assert Notification.objects.filter(recipient=users.reporter, title__contains=order.number).exists()
    second = services.issue_order(users.office, recipient=org.town_gov, subject="督办",
                                  tasks=[task_for(order.tasks.first().item)], issued_on=dt.date(2024, 10, 11))
    assert second.number == "测法督〔2024〕2号"


def test_configured_prefix(ledger, users, org):
    services.update_settings(users.office, org.county, order_prefix="陇法督")
    order = services.issue_order(users.office, recipient=org.reform, subject="督办",
                                 tasks=[task_for(ledger.test_items.yearly)], issued_on=dt.date(2026, 3, 2))
    assert order.number == "陇法督〔2026〕1号"


def test_reply_and_close(order, users):
    with pytest.raises(ValidationError, match="收到回复后"):
        services.close_order(users.office, order)
    with pytest.raises(PermissionDenied):
        services.reply_order(users.town_reporter, order, "不是我")
    services.reply_order(users.reporter, order, "已整改完毕")
    assert Notification.objects.filter(recipient=users.office, title__contains="回复了督办单").exists()
    with pytest.raises(ValidationError, match="不能回复"):
        services.reply_order(users.reporter, order, "再回复")
    services.close_order(users.office, order, "整改到位")
    order.refresh_from_db()
    assert order.state == SupervisionOrder.State.CLOSED
    assert list(order.transitions.values_list("action", flat=True)) == ["issue", "reply", "close"]


def test_unreplied_order_becomes_overdue_in_the_scan(order, users):
    services.scan_deadlines(dt.date(2024, 10, 10))
    order.refresh_from_db()
    assert order.state == SupervisionOrder.State.ISSUED
    result = services.scan_deadlines(dt.date(2024, 10, 11))
    order.refresh_from_db()
    assert order.state == SupervisionOrder.State.OVERDUE and result.orders_overdue == 1
    services.reply_order(users.reporter, order, "迟到的回复")  # an overdue order can still be answered


def test_refusals(ledger, users, org):
    task = task_for(ledger.test_items.yearly)
    with pytest.raises(ValidationError, match="至少选择"):
        services.issue_order(users.office, recipient=org.reform, subject="空")
    with pytest.raises(ValidationError, match="须属于承办单位"):
        services.issue_order(users.office, recipient=org.town_gov, subject="错单位",
                             milestones=list(task.milestones.all()))
    with pytest.raises(PermissionDenied):
        services.issue_order(users.outsider, recipient=org.reform, subject="越权", tasks=[task])
    with pytest.raises(PermissionDenied):
        services.issue_order(users.reporter, recipient=org.town_gov, subject="无权", tasks=[task])


def _east_asia(run) -> str:
    return run._element.rPr.rFonts.get(qn("w:eastAsia"))


def test_docx_follows_the_official_document_format(order, users, org):
    """GB/T 9704-2012: A4, margins 37/35/28/26 mm, 红头, 文号 and 签发人, red line, 二号 方正小标宋 title,
    三号 仿宋_GB2312 body, 署名 and 成文日期, 抄送 in the 版记."""
    services.update_settings(users.office, org.county, letterhead="测试县全面依法治县委员会办公室", signer="李四",
                             cc="县委依法治县办主任，县政府分管副县长")
    document = Document(io.BytesIO(order_document(order)))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.mm) for m in margins] == [37, 35, 28, 26]

    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    texts = [p.text for p in paragraphs]
    letterhead = paragraphs[0]
    assert letterhead.text == "测试县全面依法治县委员会办公室"
    assert str(letterhead.runs[0].font.color.rgb) == "C00000"
    assert _east_asia(letterhead.runs[0]) == "方正小标宋简体"
    assert texts[1] == "测法督〔2024〕1号\t签发人：李四"
    title = paragraphs[2]
    assert title.text == "关于年度报告未按期报送的督办通知"
    assert title.runs[0].font.size == Pt(22) and _east_asia(title.runs[0]) == "方正小标宋简体"
    assert texts[3] == "测试县发展和改革局："
    body = paragraphs[4]
    assert body.runs[0].font.size == Pt(16) and _east_asia(body.runs[0]) == "仿宋_GB2312"
    assert body.paragraph_format.first_line_indent == Pt(32)  # two characters of 三号
    assert "请于2024年10月10日前（5个工作日内）将整改落实情况书面回复测试县司法局。" in texts
    assert texts.index("测试县司法局") + 1 == texts.index("2024年9月27日")
    assert "抄送：县委依法治县办主任，县政府分管副县长。" in texts
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert rows[0] == ["序号", "任务", "时间节点", "当前状态"]
    assert any("2025年度" in r[2] and r[3] == "逾期" for r in rows[1:])
    assert any("一 6" in r[1] for r in rows[1:])  # the task given as a whole is listed too
    everything = "\n".join(texts) + str(rows)
    assert "{{" not in everything and "{%" not in everything


def test_docx_without_signer_or_cc_centres_the_number(order):
    document = Document(io.BytesIO(order_document(order)))
    texts = [p.text for p in document.paragraphs if p.text.strip()]
    assert texts[0] == "测试县司法局"  # no 红头 configured: the issuing unit's name
    number = next(p for p in document.paragraphs if p.text == "测法督〔2024〕1号")
    assert number.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert not any("签发人" in t or "抄送" in t for t in texts)


def test_chinese_fonts_name_their_fallbacks(order):
    with zipfile.ZipFile(io.BytesIO(order_document(order))) as package:
        fonts = package.read("word/fontTable.xml").decode()
    assert re.search(r'w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>', fonts)
    assert re.search(r'w:name="方正小标宋简体"><w:altName w:val="宋体"/>', fonts)


@pytest.mark.parametrize(("subject", "title"), [
    ("关于加快推进行政执法三项制度落实的通知", "关于加快推进行政执法三项制度落实的督办通知"),
    ("关于关于行政复议案件办理的督办通知单", "关于行政复议案件办理的督办通知"),
    ("规范性文件备案滞后", "关于规范性文件备案滞后的督办通知"),
])
def test_the_title_never_doubles_guan_yu_or_tongzhi(ledger, users, org, subject, title):
    o = services.issue_order(users.office, recipient=org.reform, subject=subject,
                             tasks=[task_for(ledger.test_items.yearly)], issued_on=dt.date(2024, 9, 2))
    texts = [p.text for p in Document(io.BytesIO(order_document(o))).paragraphs]
    assert title in texts
    assert not any("关于关于" in t or "通知的督办通知" in t for t in texts)


def test_an_office_uploads_its_own_template(order, users, org):
    services.set_order_template(users.office, org.county, docx_upload("陇县依法治县办督办函", "{{ number }}",
                                                                      "{{ recipient }}：{{ lead }}"))
    texts = [p.text for p in Document(io.BytesIO(order_document(order))).paragraphs]
    assert texts == ["陇县依法治县办督办函", "测法督〔2024〕1号", "测试县发展和改革局：现就年度报告未按期报送事项予以督办，请认真研究，抓紧落实。"]
    services.set_order_template(users.office, org.county, None)  # back to the default
    assert "关于年度报告未按期报送的督办通知" in [p.text for p in Document(io.BytesIO(order_document(order))).paragraphs]


def test_a_template_that_cannot_be_filled_is_refused(order, users, org):
    with pytest.raises(ValidationError, match="无法填写"):
        services.set_order_template(users.office, org.county, docx_upload("{{ number "))
    with pytest.raises(ValidationError, match="只接受 docx"):
        services.set_order_template(users.office, org.county, SimpleUploadedFile("模板.doc", b"x"))
    assert effective_upload(ORDER_NOTICE.code, org.county) is None
    with pytest.raises(PermissionDenied):
        services.set_order_template(users.reporter, org.county, None)
