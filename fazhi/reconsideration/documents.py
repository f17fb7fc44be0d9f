"""The 文书 of 行政复议 as office-editable Word templates (fazhi.core.wordtemplates): 受理通知书,
不予受理决定书, 补正通知书 and 行政复议决定书. Each is registered once with its default (built by
scripts/build_reconsideration_templates.py); an office uploads its own per jurisdiction on 文书模板."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError

from fazhi.core import wordtemplates
from fazhi.reconsideration.models import DECISION_OUTCOMES, ReconsiderationCase, State
from fazhi.workflow.clocks import clock_of
from fazhi.workflow.models import TransitionRecord

DATA = Path(__file__).resolve().parent / "data"
PLACEHOLDERS = {
    "letterhead": "复议机关名称（版头）", "number": "案号", "title": "文书标题", "recipient": "主送（申请人）",
    "body_lines": "正文段落（列表）", "organ": "复议机关（署名）", "issued_on": "成文日期",
}
SAMPLE = {"letterhead": "示例县人民政府", "number": "FY-2026-000001", "title": "行政复议受理通知书", "recipient": "张某",
          "body_lines": ["示例正文。"], "organ": "示例县人民政府", "issued_on": "2026年3月16日"}

KINDS = {  # code → (label, the file of its default)
    "accept": ("行政复议受理通知书", "accept_notice.docx"),
    "reject": ("不予受理行政复议申请决定书", "reject_decision.docx"),
    "correction": ("行政复议申请补正通知书", "correction_notice.docx"),
    "decision": ("行政复议决定书", "decision.docx"),
}
SPECS = {kind: wordtemplates.register(f"reconsideration.{kind}", label, DATA / filename, PLACEHOLDERS, sample=SAMPLE)
         for kind, (label, filename) in KINDS.items()}


def _cn(day: datetime.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def _last(case: ReconsiderationCase, step: str) -> TransitionRecord | None:
    return case.transitions.filter(action=step).order_by("-on", "-id").first()


def available(case: ReconsiderationCase) -> list[tuple[str, str]]:
    """The 文书 the case's record can fill now: (kind, label)."""
    found = []
    if case.accepted_on:
        found.append("accept")
    if case.state == State.REJECTED:
        found.append("reject")
    if _last(case, "request_correction"):
        found.append("correction")
    if case.state == State.CLOSED and case.outcome in DECISION_OUTCOMES:
        found.append("decision")
    return [(kind, KINDS[kind][0]) for kind in found]


def _applied(case: ReconsiderationCase) -> str:
    return (f"你（单位）不服{case.respondent}作出的{case.act}，于{_cn(case.received_on)}向本机关申请行政复议。")


def _body(case: ReconsiderationCase, kind: str) -> tuple[list[str], datetime.date | None]:
    if kind == "accept":
        due = f"，并于{_cn(case.decision_due_on)}前作出行政复议决定" if case.decision_due_on else ""
        return [_applied(case), f"经审查，该申请符合《中华人民共和国行政复议法》规定的受理条件，本机关决定自{_cn(case.accepted_on)}"
                f"起受理，适用{case.get_procedure_display()}审理{due}。"], case.accepted_on
    if kind == "reject":
        log = _last(case, "reject")
        return [_applied(case), f"经审查，{log.reason if log else ''}根据《中华人民共和国行政复议法》第三十条的规定，"
                "本机关决定不予受理。", "如不服本决定，可以自收到本决定书之日起十五日内依法向人民法院提起行政诉讼。"], \
            log.on if log else None
    if kind == "correction":
        log = _last(case, "request_correction")
        clock = clock_of(case, "correction")
        due = f"（即{_cn(clock.due_on)}前）" if clock and clock.due_on else ""
        return [_applied(case), f"经审查，该申请材料不齐全或者表述不清楚，请补正以下材料：{log.data.get('items', '')}",
                f"请自收到本通知之日起十个工作日内{due}提交补正材料。有正当理由不能按期补正的，可以申请延长补正期限；"
                "无正当理由逾期不补正的，视为放弃行政复议申请（《中华人民共和国行政复议法》第三十一条）。"], log.on
    lines = [_applied(case), f"本机关依法审理，现决定：{case.get_outcome_display()}。",
             *[line for line in case.decision_text.splitlines() if line.strip()],
             "如不服本决定，可以自收到本决定书之日起十五日内依法向人民法院提起行政诉讼。"]
    return lines, case.decided_on


def context(case: ReconsiderationCase, kind: str) -> dict[str, Any]:
    if kind not in dict(available(case)):
        raise ValidationError(f"本案目前不能生成{KINDS[kind][0] if kind in KINDS else '该文书'}")
    lines, on = _body(case, kind)
    return {"letterhead": case.organ.name, "number": case.case_number, "title": KINDS[kind][0],
            "recipient": case.applicant_name, "body_lines": lines, "organ": case.organ.name, "issued_on": _cn(on)}


def render(case: ReconsiderationCase, kind: str) -> bytes:
    """The 文书 filled into the template in force for the case's 复议机关."""
    return wordtemplates.render(SPECS[kind].code, case.organ, context(case, kind))
