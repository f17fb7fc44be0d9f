"""Build the default 督办通知单 Word template (fazhi/supervision/data/order_notice.docx).

The template is an ordinary .docx with Jinja placeholders (docxtpl): an office opens it in Word or WPS,
changes its letterhead, wording or layout, and uploads it on 督办设置; the placeholders it keeps are
filled in (see fazhi.supervision.orderdoc.order_context for their names). This script only makes the
default; run it again after changing it:

    .venv/bin/python scripts/build_order_template.py

Layout of 党政机关公文格式 (GB/T 9704-2012): A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm;
发文机关标志 in red 方正小标宋简体 centred; 发文字号 under it (centred, or 居左空一字 with 签发人 居右空一字
when a 签发人 is given); the red separator line; the title in 方正小标宋简体 二号 (22 pt); body in
仿宋_GB2312 三号 (16 pt), first line indented two characters, 22 lines a page (fixed 28.95 pt); 署名 and
成文日期 at the right; 版记 (抄送, 印发机关和印发日期) in 四号 (14 pt) between rules; page numbers in 四号
"— 1 —" at the foot. The fonts table names a fallback (w:altName) for each Chinese font, so a machine
without 仿宋_GB2312 or 方正小标宋简体 uses 仿宋 / 宋体 rather than a Latin font.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import django
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
django.setup()

from fazhi.supervision.orderdoc import (  # noqa: E402  (the script runs from the repository)
    BODY_FONT,
    BODY_PT,
    FONT_FALLBACKS,
    HEADING_FONT,
    LATIN_FONT,
    MARGINS_MM,
    NOTE_PT,
    RED_HEX,
    TEMPLATE_PATH,
    TITLE_FONT,
    TITLE_PT,
)

LINE_PT = 28.95  # 22 lines on the type area of 225 mm
LETTERHEAD_PT = 26  # 一号: a 15-character 机关名称 fits on one line of the 156 mm type area


def _fonts(run, name: str, size: float, *, bold: bool = False, color: str | None = None) -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    if color:
        run.font.color.rgb = RGBColor.from_string(color)
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), name)


def _para(doc_or_cell, text: str = "", *, font: str = BODY_FONT, size: float = BODY_PT, align=None,
          indent_chars: float = 0, right_chars: float = 0, bold: bool = False, color: str | None = None,
          exact: float | None = LINE_PT):
    para = doc_or_cell.add_paragraph()
    fmt = para.paragraph_format
    if align is not None:
        para.alignment = align
    fmt.space_before = fmt.space_after = Pt(0)
    if exact:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(exact)
    if indent_chars:
        fmt.first_line_indent = Pt(size * indent_chars)
    if right_chars:
        fmt.right_indent = Pt(size * right_chars)
    if text:
        _fonts(para.add_run(text), font, size, bold=bold, color=color)
    return para


def _border(paragraph, side: str, color: str, size_eighths: int) -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    borders = p_pr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        p_pr.append(borders)
    edge = OxmlElement(f"w:{side}")
    for key, value in {"w:val": "single", "w:sz": str(size_eighths), "w:space": "1", "w:color": color}.items():
        edge.set(qn(key), value)
    borders.append(edge)


def _page_number_footer(section) -> None:
    """"— 1 —" in 四号 at the foot of each page (GB/T 9704 7.5)."""
    para = section.footer.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _fonts(para.add_run("— "), "宋体", NOTE_PT)
    run = para.add_run()
    _fonts(run, "宋体", NOTE_PT)
    for xml in (f'<w:fldChar {nsdecls("w")} w:fldCharType="begin"/>',
                f'<w:instrText {nsdecls("w")} xml:space="preserve"> PAGE </w:instrText>',
                f'<w:fldChar {nsdecls("w")} w:fldCharType="end"/>'):
        run._r.append(parse_xml(xml))
    _fonts(para.add_run(" —"), "宋体", NOTE_PT)


def _font_fallbacks(doc) -> None:
    """Declare each Chinese font in word/fontTable.xml with its fallback (w:altName) and GB2312 charset."""
    part = next(p for p in doc.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml")
    fonts = parse_xml(part.blob)
    for name, alt in FONT_FALLBACKS.items():
        fonts.append(parse_xml(
            f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/>'
            f'<w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>'))
    from lxml import etree

    part._blob = etree.tostring(fonts, xml_declaration=True, encoding="UTF-8", standalone=True)


def build(path: Path) -> None:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    top, bottom, left, right = MARGINS_MM
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    section.footer_distance = Mm(20)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    normal_fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    normal_fonts.set(qn("w:eastAsia"), BODY_FONT)
    normal_fonts.set(qn("w:ascii"), LATIN_FONT)
    normal_fonts.set(qn("w:hAnsi"), LATIN_FONT)
    doc.paragraphs[0]._p.getparent().remove(doc.paragraphs[0]._p) if doc.paragraphs else None

    # 版头: 发文机关标志 (红头), 发文字号 / 签发人, the red separator line.
    _para(doc, "{{ letterhead }}", font=TITLE_FONT, size=LETTERHEAD_PT, align=WD_ALIGN_PARAGRAPH.CENTER, color=RED_HEX,
          exact=None)
    _para(doc)
    _para(doc)
    _para(doc, "{%p if signer %}")
    signed = _para(doc, "{{ number }}", indent_chars=1)
    signed.paragraph_format.tab_stops.add_tab_stop(Mm(156) - Pt(BODY_PT), WD_TAB_ALIGNMENT.RIGHT)
    _fonts(signed.add_run("\t签发人："), BODY_FONT, BODY_PT)
    _fonts(signed.add_run("{{ signer }}"), HEADING_FONT, BODY_PT)
    _para(doc, "{%p else %}")
    _para(doc, "{{ number }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, "{%p endif %}")
    rule = _para(doc, exact=8)
    _border(rule, "bottom", RED_HEX, 12)
    _para(doc)

    # 主体: title, 主送机关, body, the tasks, the reply request, 署名 and 成文日期.
    _para(doc, "{{ title }}", font=TITLE_FONT, size=TITLE_PT, align=WD_ALIGN_PARAGRAPH.CENTER, exact=35)
    _para(doc)
    _para(doc, "{{ recipient }}：")
    _para(doc, "{{ lead }}", indent_chars=2)
    _para(doc, "{%p for line in body_lines %}")
    _para(doc, "{{ line }}", indent_chars=2)
    _para(doc, "{%p endfor %}")
    _para(doc, "{%p if rows %}")
    _para(doc, "督办事项：", font=HEADING_FONT, indent_chars=2)
    table = doc.add_table(rows=4, cols=4)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = [Mm(14), Mm(78), Mm(40), Mm(24)]
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    rows_text = [
        ["序号", "任务", "时间节点", "当前状态"],
        ["{%tr for row in rows %}", "", "", ""],
        ["{{ row.index }}", "{{ row.task }}", "{{ row.milestone }}", "{{ row.status }}"],
        ["{%tr endfor %}", "", "", ""],
    ]
    for row, texts in zip(table.rows, rows_text, strict=True):
        for cell, width, text in zip(row.cells, widths, texts, strict=True):
            cell.width = width
            para = cell.paragraphs[0]
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER if text in ("序号", "{{ row.index }}") else None
            if text:
                _fonts(para.add_run(text), HEADING_FONT if row is table.rows[0] else BODY_FONT, NOTE_PT)
    _para(doc, "{%p endif %}")
    _para(doc, "请于{{ reply_due }}前（{{ reply_days }}个工作日内）将整改落实情况书面回复{{ issuer }}。",
          indent_chars=2)
    _para(doc)
    _para(doc)
    _para(doc, "{{ issuer }}", align=WD_ALIGN_PARAGRAPH.RIGHT, right_chars=4)
    _para(doc, "{{ issued_on }}", align=WD_ALIGN_PARAGRAPH.RIGHT, right_chars=4)
    _para(doc)

    # 版记: 抄送 and 印发, between rules, 四号.
    _para(doc, "{%p if cc %}")
    cc = _para(doc, "抄送：{{ cc }}。", size=NOTE_PT, exact=None)
    cc.paragraph_format.left_indent = Pt(NOTE_PT)
    cc.paragraph_format.right_indent = Pt(NOTE_PT)
    _border(cc, "top", "000000", 8)
    _para(doc, "{%p endif %}")
    printed = _para(doc, "{{ printer }}", size=NOTE_PT, exact=None)
    printed.paragraph_format.left_indent = Pt(NOTE_PT)
    printed.paragraph_format.tab_stops.add_tab_stop(Mm(156) - Pt(NOTE_PT * 2), WD_TAB_ALIGNMENT.RIGHT)
    _fonts(printed.add_run("\t{{ printed_on }}印发"), BODY_FONT, NOTE_PT)
    _border(printed, "top", "000000", 4)
    _border(printed, "bottom", "000000", 8)

    _page_number_footer(section)
    _font_fallbacks(doc)
    doc.core_properties.title = "督办通知单"
    doc.core_properties.author = "法治政府建设综合管理平台"
    doc.save(str(path))


if __name__ == "__main__":
    build(TEMPLATE_PATH)
    print(TEMPLATE_PATH)
