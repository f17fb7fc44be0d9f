"""公开征求意见, or a recorded decision not to: only documents that affect the public must be put out for comment.

国办发〔2018〕37号 asks for public comment on documents that touch the public's vital interests or bear
significantly on the rights and duties of citizens, legal persons and other organisations, 除依法需要保密的外.
So a drafter may record "不公开征求意见" with its ground and reason (`waive_consultation`), and then send the
draft to review without a comment period; without such a record it cannot skip the comment period.
Two kinds of document may skip it only when the law requires secrecy:

* those closely tied to 市场主体 (优化营商环境条例 art. 62 ¶2: 除依法需要保密外 … 应当 … 向社会公开征求意见);
* 规章 (规章制定程序条例 art. 15 ¶2: 除依法需要保密的外，应当 … 向社会公布，征求意见).
"""

from __future__ import annotations

import datetime
from typing import Any

from fazhi.core import capabilities as cap
from fazhi.normdocs.models import NormativeDocument, State
from fazhi.normdocs.regulations import REGULATION_CONSULTATION_MIN, is_rule
from fazhi.workflow import timelimits
from fazhi.workflow.engine import Field, Step, Transition

CONSULTATION_MIN = "normdoc.consultation_min"
CONSULTATION_MIN_MARKET = "normdoc.consultation_min_market"

NO_MAJOR_IMPACT, SECRET = "no_major_impact", "secret"
WAIVER_GROUNDS = (
    (NO_MAJOR_IMPACT, "不涉及群众切身利益，对公民、法人和其他组织权利义务无重大影响"),
    (SECRET, "依法需要保密"),
)
MIN_REASON_LENGTH = 10  # a ground plus a sentence of facts, not "无" or "不需要"

# The steps that send a draft back to 起草: a waiver recorded before one of them no longer holds.
_ROUND_ENDS = ("return_to_drafting", "fail_legality_review")


def _fmt(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def consultation_rule(doc: NormativeDocument) -> str:
    """The minimum comment period that applies: a 规章's, a market-related document's, or the general one."""
    if is_rule(doc):
        return REGULATION_CONSULTATION_MIN
    return CONSULTATION_MIN_MARKET if doc.market_related else CONSULTATION_MIN


def _why_public(doc: NormativeDocument) -> str:
    rule = timelimits.get_rule(consultation_rule(doc), doc.issuer)
    if is_rule(doc):
        return f"规章除依法需要保密的外，应当向社会公布征求意见（{rule.citation}）"
    return f"与市场主体生产经营活动密切相关的文件，除依法需要保密外，应当向社会公开征求意见（{rule.citation}）"


def consultation_refusal(doc: NormativeDocument, start: datetime.date, end: datetime.date, what: str) -> str | None:
    rule = timelimits.get_rule(consultation_rule(doc), doc.issuer)
    earliest = timelimits.earliest_end(rule.code, start, doc.issuer)
    if end >= earliest.date:
        return None
    who = "规章草案" if is_rule(doc) else ("本文件与市场主体生产经营活动密切相关，" if doc.market_related else "")
    return (
        f"征求意见期限不足：{who}征求意见期不少于{rule.describe()}，自{_fmt(start)}起算最早于{_fmt(earliest.date)}届满，"
        f"{what}为{_fmt(end)}。"
    )


def waiver(doc: NormativeDocument):
    """This round's recorded decision not to consult (its transition-log row), if any."""
    last = doc.transitions.filter(action__in=("waive_consultation", *_ROUND_ENDS)).order_by("-on", "-id").first()
    return last if last is not None and last.action == "waive_consultation" else None


# ------------------------------------------------------------------------------------------------- guards

def guard_waiver(doc: NormativeDocument, data: dict[str, Any]) -> str | None:
    """A ground the document may use, a reason that says something, and only once a round."""
    if waiver(doc) is not None:
        return "本轮已记录不公开征求意见的决定。"
    ground = data.get("waiver_ground")
    if not ground:
        return None  # the required-field check reports it
    if ground != SECRET and (is_rule(doc) or doc.market_related):
        return f"不能以“{dict(WAIVER_GROUNDS)[ground]}”为由不公开征求意见：{_why_public(doc)}。"
    if len(data.get("reason", "")) < MIN_REASON_LENGTH:
        return f"请具体说明不公开征求意见的理由（不少于{MIN_REASON_LENGTH}个字），理由将记入办理记录。"
    return None


def guard_consulted_or_waived(doc: NormativeDocument, data: dict[str, Any]) -> str | None:
    """To review only after the comment period ran its minimum, or with this round's recorded waiver."""
    if doc.state == State.DRAFTING:
        if waiver(doc) is None:
            return ("尚未公开征求意见：请先公开征求意见，或记录“不公开征求意见”的情形和理由"
                    "（仅限不涉及公众权利义务重大影响或依法需要保密的文件）。")
        return None
    start, end = doc.consultation_start, doc.consultation_end
    if start is None:
        return "没有征求意见记录，不能报送审核。"
    if end and data["on"] < end:
        return f"征求意见尚未截止（公告的截止日期为{_fmt(end)}），不能提前结束征求意见。"
    return consultation_refusal(doc, start, data["on"], "实际结束日期")


def effect_waive(doc: NormativeDocument, step: Step) -> None:
    step.record["waiver"] = dict(WAIVER_GROUNDS)[step.data["waiver_ground"]]


WAIVE = Transition(
    "waive_consultation", "不公开征求意见", frozenset({State.DRAFTING}), State.DRAFTING,
    (cap.DRAFT_NORMDOCS, cap.MANAGE_NORMDOCS),
    fields=(Field("waiver_ground", "不公开征求意见的情形", "choice", choices=WAIVER_GROUNDS),),
    guards=(guard_waiver,), effect=effect_waive, reason_label="理由（记入办理记录）", reason_required=True,
    style="outline-secondary", shown_if=(lambda doc, data: "已记录" if waiver(doc) else None,),
    help="只有涉及群众切身利益或对公民、法人和其他组织权利义务有重大影响的文件须公开征求意见；"
         "与市场主体密切相关的文件和规章，除依法需要保密外须公开征求意见。",
)
