"""党政机关公文格式 (GB/T 9704-2012) for the default templates, shared by the scripts that build them.

A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; 发文机关标志 in red 方正小标宋简体 centred;
the red separator line; the title in 方正小标宋简体 二号 (22 pt); body in 仿宋_GB2312 三号 (16 pt), first
line indented two characters, 22 lines a page (fixed 28.95 pt); 署名 and 成文日期 at the right; 版记 in
四号 (14 pt) between rules; page numbers in 四号 "— 1 —" at the foot. The fonts table names a fallback
(w:altName) for each Chinese font, so a machine without 仿宋_GB2312 or 方正小标宋简体 uses 仿宋 / 宋体.
"""

from __future__ import annotations

from pathlib import Path

MARGINS_MM = (37, 35, 28, 26)  # top, bottom, left, right (GB/T 9704 5.2.1)
BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
LATIN_FONT = "Times New Roman"
# Used where the font named first is not installed (fontTable w:altName).
FONT_FALLBACKS = {BODY_FONT: "仿宋", TITLE_FONT: "宋体", HEADING_FONT: "SimHei"}
BODY_PT = 16  # 三号
TITLE_PT = 22  # 二号
NOTE_PT = 14  # 四号
RED_HEX = "C00000"
LINE_PT = 28.95  # 22 lines on the type area of 225 mm
LETTERHEAD_PT = 26  # 一号: a 15-character 机关名称 fits on one line of the 156 mm type area


def fonts(run, name: str, size: float, *, bold: bool = False, color: str | None = None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    run.font.size = Pt(size)
    run.font.bold = bold
    if color:
        run.font.color.rgb = RGBColor.from_string(color)
    rfonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    rfonts.set(qn("w:ascii"), LATIN_FONT)
    rfonts.set(qn("w:hAnsi"), LATIN_FONT)
    rfonts.set(qn("w:eastAsia"), name)


def para(doc_or_cell, text: str = "", *, font: str = BODY_FONT, size: float = BODY_PT, align=None,
         indent_chars: float = 0, right_chars: float = 0, bold: bool = False, color: str | None = None,
         exact: float | None = LINE_PT):
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt

    paragraph = doc_or_cell.add_paragraph()
    fmt = paragraph.paragraph_format
    if align is not None:
        paragraph.alignment = align
    fmt.space_before = fmt.space_after = Pt(0)
    if exact:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(exact)
    if indent_chars:
        fmt.first_line_indent = Pt(size * indent_chars)
    if right_chars:
        fmt.right_indent = Pt(size * right_chars)
    if text:
        fonts(paragraph.add_run(text), font, size, bold=bold, color=color)
    return paragraph


def border(paragraph, side: str, color: str, size_eighths: int) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    p_pr = paragraph._p.get_or_add_pPr()
    borders = p_pr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        p_pr.append(borders)
    edge = OxmlElement(f"w:{side}")
    for key, value in {"w:val": "single", "w:sz": str(size_eighths), "w:space": "1", "w:color": color}.items():
        edge.set(qn(key), value)
    borders.append(edge)


def new_document():
    """An empty A4 document with the GB/T 9704 margins and the body font as the Normal style."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

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
    for paragraph in list(doc.paragraphs):
        paragraph._p.getparent().remove(paragraph._p)
    return doc


def letterhead(doc, *, with_number: bool = True) -> None:
    """版头: 发文机关标志 ({{ letterhead }}) in red, 发文字号 ({{ number }}), the red separator line."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    para(doc, "{{ letterhead }}", font=TITLE_FONT, size=LETTERHEAD_PT, align=WD_ALIGN_PARAGRAPH.CENTER,
         color=RED_HEX, exact=None)
    para(doc)
    if with_number:
        para(doc, "{{ number }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    rule = para(doc, exact=8)
    border(rule, "bottom", RED_HEX, 12)
    para(doc)


def _page_number_footer(section) -> None:
    """"— 1 —" in 四号 at the foot of each page (GB/T 9704 7.5)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fonts(paragraph.add_run("— "), "宋体", NOTE_PT)
    run = paragraph.add_run()
    fonts(run, "宋体", NOTE_PT)
    for xml in (f'<w:fldChar {nsdecls("w")} w:fldCharType="begin"/>',
                f'<w:instrText {nsdecls("w")} xml:space="preserve"> PAGE </w:instrText>',
                f'<w:fldChar {nsdecls("w")} w:fldCharType="end"/>'):
        run._r.append(parse_xml(xml))
    fonts(paragraph.add_run(" —"), "宋体", NOTE_PT)


def _font_fallbacks(doc) -> None:
    """Declare each Chinese font in word/fontTable.xml with its fallback (w:altName) and GB2312 charset."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from lxml import etree

    part = next(p for p in doc.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml")
    table = parse_xml(part.blob)
    for name, alt in FONT_FALLBACKS.items():
        table.append(parse_xml(
            f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/>'
            f'<w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>'))
    part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)


def save(doc, path: Path, title: str) -> None:
    """Page numbers, font fallbacks and the document's properties, then write it."""
    _page_number_footer(doc.sections[0])
    _font_fallbacks(doc)
    doc.core_properties.title = title
    doc.core_properties.author = "法治政府建设综合管理平台"
    doc.save(str(path))
