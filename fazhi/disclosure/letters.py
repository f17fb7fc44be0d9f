"""The 文书 of a request in Word (答复书, 补正通知书, 延期答复告知书), registered with fazhi.core.wordtemplates.

Each is filled into the template in force for the agency's jurisdiction, so an office changes its
letterhead and wording by uploading its own .docx on 文书模板. Defaults: scripts/build_disclosure_templates.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError

from fazhi.core import wordtemplates
from fazhi.disclosure.models import DisclosureRequest
from fazhi.workflow.clocks import clock_of

DATA = Path(__file__).resolve().parent / "data"

COMMON = {
    "letterhead": "发文机关标志（红头），即受理机关名称",
    "number": "申请编号，如“GK-2026-000012”",
    "applicant": "申请人姓名或名称",
    "submitted_on": "提交日期", "received_on": "收到申请日期",
    "content": "申请公开的政府信息（申请人的描述）",
    "issuer": "落款机关", "issued_on": "成文日期",
}
SAMPLE = {"letterhead": "示例县人民政府办公室", "number": "GK-2026-000001", "applicant": "张三",
          "submitted_on": "2026年3月2日", "received_on": "2026年3月2日", "content": "示例信息",
          "issuer": "示例县人民政府办公室", "issued_on": "2026年3月9日"}

REPLY = wordtemplates.register(
    "disclosure.reply", "政府信息公开申请答复书", DATA / "reply.docx",
    {**COMMON, "outcome": "办理结果（如“予以公开”“不予公开：属于国家秘密”）", "reply_text": "答复正文，逐段",
     "reply_lines": "答复正文的段落（用 {%p for line in reply_lines %}{{ line }}{%p endfor %}）"},
    sample={**SAMPLE, "outcome": "予以公开", "reply_text": "示例答复。", "reply_lines": ["示例答复。"]})
CORRECTION = wordtemplates.register(
    "disclosure.correction", "政府信息公开申请补正通知书", DATA / "correction.docx",
    {**COMMON, "items": "需要补正的事项", "deadline": "补正期限（截止日期）"},
    sample={**SAMPLE, "items": "请明确所需信息的文号。", "deadline": "2026年3月20日"})
EXTENSION = wordtemplates.register(
    "disclosure.extension", "政府信息公开申请延期答复告知书", DATA / "extension.docx",
    {**COMMON, "days": "延长的工作日数", "due": "延长后的答复期限", "reason": "延期理由", "approver": "批准人"},
    sample={**SAMPLE, "days": 20, "due": "2026年4月28日", "reason": "需要调取档案。", "approver": "李四"})

KINDS = {"reply": REPLY, "correction": CORRECTION, "extension": EXTENSION}


def _cn(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def context(case: DisclosureRequest, kind: str) -> dict[str, Any]:
    base = {"letterhead": case.unit.name, "number": case.case_number, "applicant": case.applicant_name,
            "submitted_on": _cn(case.submitted_on), "received_on": _cn(case.received_on), "content": case.content,
            "issuer": case.unit.name}
    if kind == "reply":
        if not case.closed_on:
            raise ValidationError("申请尚未答复")
        lines = [line.strip() for line in case.reply_text.splitlines() if line.strip()]
        return {**base, "issued_on": _cn(case.closed_on), "outcome": case.get_outcome_display(),
                "reply_text": case.reply_text, "reply_lines": lines}
    if kind == "correction":
        if not case.correction_notice_on:
            raise ValidationError("申请没有补正告知")
        return {**base, "issued_on": _cn(case.correction_notice_on), "items": case.correction_items,
                "deadline": _cn(case.correction_deadline)}
    if kind == "extension":
        if not case.extension_on:
            raise ValidationError("申请没有延期答复")
        clock = clock_of(case, "reply")
        last = case.transitions.filter(action__in=("extend", "delay")).order_by("-on", "-id").first()
        return {**base, "issued_on": _cn(case.extension_on), "days": case.extension_days,
                "due": _cn(clock.due_on if clock else case.due_on), "reason": last.reason if last else "",
                "approver": case.extension_approver}
    raise ValidationError("未知的文书")


def available(case: DisclosureRequest) -> list[tuple[str, str]]:
    """(kind, label) of the letters the request has so far."""
    have = {"correction": case.correction_notice_on, "extension": case.extension_on, "reply": case.closed_on}
    return [(kind, spec.label) for kind, spec in KINDS.items() if have[kind]]


def letter(case: DisclosureRequest, kind: str) -> bytes:
    spec = KINDS[kind]
    return wordtemplates.render(spec.code, case.unit, context(case, kind))
