"""Files: encodings, docx, html, pdf, and the Chinese errors for what cannot be read."""

import pytest

from fazhi.plans.extract import PlanReadError, parse_file, read_document
from tests.plans.extract.helpers import minimal_pdf

PLAN = "某某县法治政府建设工作要点\n一、加强制度建设\n1.完善规范性文件备案审查。（县司法局牵头）\n"


def test_utf8_with_and_without_bom(tmp_path):
    plain, bom = tmp_path / "a.txt", tmp_path / "b.txt"
    plain.write_bytes(PLAN.encode("utf-8"))
    bom.write_bytes(b"\xef\xbb\xbf" + PLAN.encode("utf-8"))
    assert read_document(plain) == read_document(bom) == PLAN


def test_gbk_text(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes(PLAN.encode("gbk"))
    plan = parse_file(path)
    assert plan["items"][1]["lead_units"] == ["县司法局"]
    assert plan["source"] == "gbk.txt"


def test_docx_paragraphs_and_tables(tmp_path):
    import docx

    document = docx.Document()
    for line in PLAN.strip().split("\n"):
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "2.加强执法监督。"
    table.rows[0].cells[1].text = "（县司法局牵头）"
    path = tmp_path / "plan.docx"
    document.save(path)
    plan = parse_file(path)
    assert plan["title"] == "某某县法治政府建设工作要点"
    assert [i["path"] for i in plan["items"]] == [["一"], ["一", "1"], ["一", "2"]]
    assert plan["items"][2]["lead_units"] == ["县司法局"]


def test_html_without_navigation_scripts_and_styles(tmp_path):
    page = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>页面标题</title>
    <style>.x{color:red}</style><script>var 一、伪造 = 1;</script></head><body>
    <nav><a href="/">首页</a> &gt; 政务公开</nav><div class="breadcrumb">当前位置：首页</div>
    <div class="content"><p>某某县法治政府建设工作要点</p><p>一、加强制度建设</p>
    <p>1.完善规范性文件备案审查。（县司法局牵头）</p></div>
    <div id="footer">版权所有 网站地图</div><p>【打印】【关闭】</p></body></html>"""
    path = tmp_path / "plan.html"
    path.write_text(page, encoding="utf-8")
    text = read_document(path)
    assert "var" not in text and "color" not in text and "版权所有" not in text
    plan = parse_file(path)
    assert [i["path"] for i in plan["items"]] == [["一"], ["一", "1"]]


def test_pdf_with_text_layer(tmp_path):
    path = tmp_path / "plan.pdf"
    path.write_bytes(minimal_pdf("Rule of law plan 2024 (draft)"))
    assert "Rule of law plan 2024" in read_document(path)


def test_pdf_without_text_layer_is_refused_in_chinese(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(minimal_pdf(None))
    with pytest.raises(PlanReadError, match=r"无法读取文件 scan\.pdf：PDF 没有文本层（可能是扫描件）"):
        read_document(path)


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("broken.pdf", b"%PDF-1.4 garbage", "PDF"),
        ("broken.docx", b"PK\x03\x04 not really a zip", "docx"),
        ("old.doc", b"\xd0\xcf\x11\xe0" + b"\x00" * 64, "doc"),
        ("empty.txt", b"  \n", "空"),
        ("binary.txt", b"\x00\x81\xff\xfe\x00" * 50 + b"\x80\x00", "文本"),
    ],
)
def test_unreadable_files_raise_plan_read_error(tmp_path, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(PlanReadError) as caught:
        read_document(path)
    assert str(caught.value).startswith(f"无法读取文件 {name}：") and reason in str(caught.value)


def test_missing_file(tmp_path):
    with pytest.raises(PlanReadError, match="文件不存在"):
        read_document(tmp_path / "nope.txt")
