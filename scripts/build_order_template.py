"""Build the default 督办通知单 Word template (fazhi/supervision/data/order_notice.docx).

The template is an ordinary .docx with Jinja placeholders (docxtpl): an office opens it in Word or WPS,
changes its letterhead, wording or layout, and uploads it on 督办设置; the placeholders it keeps are
filled in (see fazhi.supervision.orderdoc.order_context for their names). This script only makes the
default; run it again after changing it:

    .venv/bin/python scripts/build_order_template.py

Layout of 党政机关公文格式 (GB/T 9704-2012, shared helpers in fazhi.core.wordtemplates.layout): A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm;
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
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.shared import Mm, Pt

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
django.setup()

from fazhi.core.wordtemplates.layout import (  # noqa: E402  (the script runs from the repository)
    BODY_FONT,
    BODY_PT,
    HEADING_FONT,
    LETTERHEAD_PT,
    NOTE_PT,
    RED_HEX,
    TITLE_FONT,
    TITLE_PT,
    border,
    new_document,
    save,
)
from fazhi.core.wordtemplates.layout import fonts as _fonts  # noqa: E402
from fazhi.core.wordtemplates.layout import para as _para  # noqa: E402
from fazhi.supervision.orderdoc import TEMPLATE_PATH  # noqa: E402


def build(path: Path) -> None:
    doc = new_document()

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
    border(rule, "bottom", RED_HEX, 12)
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
    border(cc, "top", "000000", 8)
    _para(doc, "{%p endif %}")
    printed = _para(doc, "{{ printer }}", size=NOTE_PT, exact=None)
    printed.paragraph_format.left_indent = Pt(NOTE_PT)
    printed.paragraph_format.tab_stops.add_tab_stop(Mm(156) - Pt(NOTE_PT * 2), WD_TAB_ALIGNMENT.RIGHT)
    _fonts(printed.add_run("\t{{ printed_on }}印发"), BODY_FONT, NOTE_PT)
    border(printed, "top", "000000", 4)
    border(printed, "bottom", "000000", 8)

    save(doc, path, "督办通知单")


if __name__ == "__main__":
    build(TEMPLATE_PATH)
    print(TEMPLATE_PATH)
