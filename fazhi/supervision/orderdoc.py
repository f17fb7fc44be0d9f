"""A supervision order as a Word document laid out like an official notice (督办通知单).

Red title and a red rule under the 文号 as in 党政机关公文格式 (GB/T 9704): recipient, body, the tasks and
their status, the reply deadline, then the issuing office, date and a seal placeholder at the right.
"""

from __future__ import annotations

import io

from django.db.models import Count, Q
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from fazhi.supervision.models import Milestone, SupervisionOrder

RED = RGBColor(0xC0, 0x00, 0x00)
TITLE = "督 办 通 知 单"
BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"


def _font(run, name: str, size: float, bold: bool = False, color: RGBColor | None = None) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    # East Asian text takes its font from w:eastAsia; without it Word falls back to a Latin font.
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _paragraph(doc, text: str = "", *, size: float = 16, align=None, bold=False, color=None, font=BODY_FONT,
               indent: bool = False):
    para = doc.add_paragraph()
    if align is not None:
        para.alignment = align
    if indent:
        para.paragraph_format.first_line_indent = Pt(size * 2)
    para.paragraph_format.space_after = Pt(4)
    if text:
        _font(para.add_run(text), font, size, bold, color)
    return para


def _red_rule(paragraph) -> None:
    """A red bottom border under the 文号 line (the 红线 of a 红头文件)."""
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in {"w:val": "single", "w:sz": "18", "w:space": "4", "w:color": "C00000"}.items():
        bottom.set(qn(key), value)
    borders.append(bottom)
    p_pr.append(borders)


def _cn_date(value) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def order_document(order: SupervisionOrder) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.top_margin, section.bottom_margin = Pt(72), Pt(72)
    section.left_margin, section.right_margin = Pt(78), Pt(74)

    _paragraph(doc, TITLE, size=26, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, color=RED, font=TITLE_FONT)
    number = _paragraph(doc, order.number, size=16, align=WD_ALIGN_PARAGRAPH.CENTER)
    _red_rule(number)
    _paragraph(doc, "")

    _paragraph(doc, f"{order.recipient.name}：")
    _paragraph(doc, f"关于{order.subject}，现予督办。", indent=True)
    for line in (order.body or "").splitlines():
        if line.strip():
            _paragraph(doc, line.strip(), indent=True)

    tasks = list(order.tasks.select_related("plan").annotate(
        open_count=Count("milestones", filter=Q(milestones__unit=order.recipient,
                                                milestones__state__in=Milestone.OPEN_STATES)),
        overdue_count=Count("milestones", filter=Q(milestones__unit=order.recipient,
                                                   milestones__state=Milestone.State.OVERDUE)),
    ))
    milestones = list(order.milestones.select_related("task").order_by("due_on"))
    if tasks or milestones:
        _paragraph(doc, "督办事项：", bold=True)
        table = doc.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, text in zip(table.rows[0].cells, ["序号", "任务", "时间节点", "当前状态"], strict=True):
            cell.text = ""
            _font(cell.paragraphs[0].add_run(text), BODY_FONT, 12, bold=True)
        rows = [(f"{m.task.label} {m.task.title}", f"{m.label}（截止{_cn_date(m.due_on)}）", m.get_state_display())
                for m in milestones]
        listed = {m.task_id for m in milestones}
        for task in tasks:
            if task.pk in listed:
                continue
            status = f"逾期 {task.overdue_count} 个节点" if task.overdue_count else (
                f"未完成 {task.open_count} 个节点" if task.open_count else "已完成")
            rows.append((f"{task.label} {task.title}", "—", status))
        for index, (task_text, milestone_text, status) in enumerate(rows, start=1):
            cells = table.add_row().cells
            for cell, text in zip(cells, [str(index), task_text, milestone_text, status], strict=True):
                cell.text = ""
                _font(cell.paragraphs[0].add_run(text), BODY_FONT, 12)

    _paragraph(doc, "")
    _paragraph(
        doc,
        f"请于{_cn_date(order.reply_due_on)}前（{order.reply_working_days}个工作日内）将整改落实情况书面回复"
        f"{order.issuer.name}。",
        indent=True,
    )
    _paragraph(doc, "")
    _paragraph(doc, order.issuer.name, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(doc, _cn_date(order.issued_on), align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(doc, "（盖章）", align=WD_ALIGN_PARAGRAPH.RIGHT, color=RED)

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
