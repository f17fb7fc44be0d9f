"""决策档案 (条例第三十三条): one zip with every step's record, an index page (HTML and Word) and a
completeness check that lists what the file still lacks."""

from __future__ import annotations

import io
import json
import zipfile

from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils import timezone

from fazhi.core.attachments import attachments_of
from fazhi.decisions.gates import completed, required_before_review, with_rounds
from fazhi.decisions.models import ATTACHMENT_SLOTS, Decision, Procedure, State


def missing_items(decision: Decision) -> list[str]:
    """What a complete file of this decision should hold and does not (each with why it is expected)."""
    done = completed(decision)
    missing = [f"{Procedure(p).label}记录（目录要求，尚未完成）" for p in required_before_review(decision) if p not in done]
    if not decision.draft.strip():
        missing.append("决策草案及说明")
    if Procedure.PARTICIPATION in done and not decision.adoption:
        missing.append("公众意见采纳情况")
    if Procedure.EXPERT in done and not decision.expert_opinions.exists():
        missing.append("专家论证意见")
    if Procedure.LEGALITY not in done:
        missing.append("合法性审查意见")
    if Procedure.LEGALITY in done and not decision.counsel.exists():
        missing.append("法律顾问或公职律师的法律意见（条例第二十八条）")
    if decision.decided_on is None:
        missing.append("集体讨论决定记录（会议、不同意见）")
    elif not attachments_of(decision, "minutes").exists():
        missing.append("集体讨论会议纪要（条例第三十条：集体讨论决定情况应当如实记录）")
    if decision.state not in (State.DRAFTING, State.COMMENT, State.HEARING, State.EXPERT, State.RISK, State.REVIEW,
                              State.REVIEWED, State.DECIDED) and not decision.requirements.exists():
        missing.append("执行单位和执行要求")
    if decision.published_on is None:
        missing.append("决策公布记录")
    return missing


def _context(decision: Decision) -> dict:
    from fazhi.decisions.execution import execution_reports

    return {
        "decision": decision, "log": decision.transitions.select_related("case_type").order_by("on", "at", "id"),
        "comments": decision.comments.all(), "opinions": decision.expert_opinions.select_related("expert"),
        "counsel": decision.counsel.all(), "requirements": decision.requirements.select_related("unit"),
        "evaluations": decision.evaluations.all(), "reports": execution_reports(decision),
        "missing": missing_items(decision), "generated_at": timezone.localtime(),
    }


def _word_index(context: dict) -> bytes:
    from docx import Document

    decision = context["decision"]
    doc = Document()
    doc.add_heading(f"{decision.title} 决策档案目录", level=1)
    doc.add_paragraph(f"决策机关：{decision.body.name}　承办单位：{decision.lead_unit.name}　状态：{decision.get_state_display()}")
    table = doc.add_table(rows=1, cols=4)
    for cell, text in zip(table.rows[0].cells, ["日期", "环节", "办理人", "意见或说明"], strict=True):
        cell.text = text
    for entry in context["log"]:
        row = table.add_row().cells
        row[0].text, row[1].text, row[2].text, row[3].text = (str(entry.on), entry.get_to_state_display(),
                                                              entry.actor_name, entry.reason)
    doc.add_heading("完整性检查", level=2)
    for item in context["missing"] or ["材料齐全"]:
        doc.add_paragraph(item, style="List Bullet")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def build_archive(decision: Decision) -> tuple[bytes, list[str]]:
    """The zip's bytes and the list of missing items (also written into the index)."""
    context = _context(decision)
    records = {
        "log": [{"round": round_, "transition": s.action, "from_state": s.from_state, "to_state": s.to_state,
                 "on": s.on, "actor_name": s.actor_name, "reason": s.reason, "data": s.data}
                for round_, s in with_rounds(context["log"])],
        "comments": list(context["comments"].values("name", "text", "submitted_at", "handling", "reply")),
        "expert_opinions": [{"expert": o.expert.name, "field": o.expert.field, "opinion": o.opinion,
                             "adoption": o.adoption, "given_on": o.given_on} for o in context["opinions"]],
        "counsel": list(context["counsel"].values("procedure", "kind", "name", "opinion", "on")),
        "requirements": [{"unit": r.unit.name, "requirement": r.requirement, "due_on": r.due_on}
                         for r in context["requirements"]],
        "evaluations": list(context["evaluations"].values("trigger", "evaluator", "started_on", "findings",
                                                          "conclusion", "concluded_on")),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("index.html", render_to_string("decisions/archive_index.html", context))
        archive.writestr("目录.docx", _word_index(context))
        archive.writestr("草案/决策草案及说明.txt", decision.draft)
        if decision.adoption:
            archive.writestr("公众参与/意见采纳情况.txt", decision.adoption)
        for name, rows in records.items():
            archive.writestr(f"记录/{name}.json", json.dumps(rows, ensure_ascii=False, indent=1, cls=DjangoJSONEncoder))
        for attachment in attachments_of(decision).filter(kind="file"):
            with attachment.file.open("rb") as stored:
                archive.writestr(f"附件/{ATTACHMENT_SLOTS.get(attachment.slot, '其他')}/{attachment.pk}-{attachment.original_name}",
                                 stored.read())
        links = [f"{ATTACHMENT_SLOTS.get(a.slot, '其他')}：{a.url}" for a in attachments_of(decision).filter(kind="link")]
        if links:
            archive.writestr("附件/链接.txt", "\n".join(links))
        archive.writestr("完整性检查.txt", "\n".join(context["missing"]) or "材料齐全")
    return out.getvalue(), context["missing"]
