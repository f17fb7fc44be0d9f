"""The lifecycle of a normative document, as one table: states, transitions, their guards and clock events.

`TRANSITIONS` is data. The engine (`fazhi.normdocs.services.transition`) looks a transition up here,
checks the source state and the actor's capability, cleans the form fields, runs the guards (each
returns a refusal in Chinese, or None), and then emits the transition's clock event, which is what
updates the stored clock state (征求意见 period, 审核 due date, 报备 due date …).

Guards read the document's records and the office-editable time-limit rules (`fazhi.normdocs.rules`);
they never write.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fazhi.core import capabilities as cap
from fazhi.normdocs import rules
from fazhi.normdocs.models import (
    FairCompetitionConclusion,
    NormativeDocument,
    ReviewKind,
    ReviewOutcome,
    State,
)


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str = "text"  # text, textarea, date, choice
    required: bool = True
    choices: tuple[tuple[str, str], ...] = ()
    help: str = ""


Guard = Callable[[NormativeDocument, dict[str, Any]], "str | None"]


@dataclass(frozen=True)
class Transition:
    code: str
    label: str
    sources: frozenset[str]
    target: str
    capabilities: tuple[str, ...]
    fields: tuple[Field, ...] = ()
    guards: tuple[Guard, ...] = ()
    clock: str | None = None  # the clock event this transition emits
    review: tuple[str, str] | None = None  # (ReviewKind, ReviewOutcome) recorded by this transition
    reason_label: str = "说明"
    reason_required: bool = False
    style: str = "primary"
    help: str = ""
    # Date-independent guards whose failure also hides the button (an opinion already given).
    shown_if: tuple[Guard, ...] = ()
    all_fields: tuple[Field, ...] = field(init=False)

    def __post_init__(self) -> None:
        on = Field("on", "办理日期", "date", help="事项实际发生的日期，默认今天，不能早于上一步的日期")
        reason = Field("reason", self.reason_label, "textarea", required=self.reason_required)
        object.__setattr__(self, "all_fields", (on, *self.fields, reason))
        # Every step is dated, so every step checks its date follows the previous step's, first of all.
        object.__setattr__(self, "guards", (guard_date_order, *self.guards))


def _fmt(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


# ------------------------------------------------------------------------------------------------ guards

def previous_step(doc: NormativeDocument) -> tuple[str, datetime.date]:
    """The document's latest dated step and its date: its last lifecycle step; else, for a document
    imported with its history, its publication; else the draft (起草) itself."""
    last = doc.transitions.order_by("-on", "-id").first()
    if last is not None:
        done = TRANSITIONS.get(last.transition)
        return (done.label if done else last.get_to_state_display()), last.on
    if doc.published_on:
        return "公开发布", doc.published_on
    return "起草", doc.drafted_on


def guard_date_order(doc: NormativeDocument, data: dict[str, Any]) -> str | None:
    """A step's 办理日期 is not before the previous step's (the timeline reads in order)."""
    label, previous = previous_step(doc)
    if data["on"] < previous:
        return f"办理日期{_fmt(data['on'])}早于上一步“{label}”的日期{_fmt(previous)}，各步骤的办理日期不能早于前一步。"
    return None


def consultation_rule(doc: NormativeDocument) -> str:
    return rules.CONSULTATION_MIN_MARKET if doc.market_related else rules.CONSULTATION_MIN


def _consultation_refusal(doc: NormativeDocument, start: datetime.date, end: datetime.date, what: str) -> str | None:
    rule = rules.get_rule(consultation_rule(doc))
    earliest = rules.earliest_end(rule.code, start)
    if end >= earliest.date:
        return None
    who = "本文件与市场主体生产经营活动密切相关，" if doc.market_related else ""
    return (
        f"征求意见期限不足：{who}征求意见期不少于{rule.describe()}，自{_fmt(start)}起算最早于{_fmt(earliest.date)}届满，"
        f"{what}为{_fmt(end)}。"
    )


def guard_consultation_period(doc: NormativeDocument, data: dict[str, Any]) -> str | None:
    """The planned comment period is at least the rule's minimum."""
    end = data.get("consultation_end")
    if end is None:
        return None  # the required-field check reports it
    if end < data["on"]:
        return "征求意见截止日期不能早于开始日期。"
    return _consultation_refusal(doc, data["on"], end, "计划截止日期")


def guard_consultation_complete(doc: NormativeDocument, data: dict[str, Any]) -> str | None:
    """Comments closed no earlier than announced, and the period ran its minimum length."""
    start, end = doc.consultation_start, doc.consultation_end
    if start is None:
        return "没有征求意见记录，不能报送合法性审核。"
    if end and data["on"] < end:
        return f"征求意见尚未截止（公告的截止日期为{_fmt(end)}），不能提前结束征求意见。"
    return _consultation_refusal(doc, start, data["on"], "实际结束日期")


def _latest_legality_review(doc: NormativeDocument):
    reviews = doc.reviews.filter(kind=ReviewKind.LEGALITY)
    if doc.review_started_on:
        reviews = reviews.filter(decided_on__gte=doc.review_started_on)
    return reviews.order_by("-decided_on", "-id").first()


def guard_review_time(doc: NormativeDocument, data: dict[str, Any]) -> str | None:
    """The reviewer had at least the rule's minimum working days."""
    started = doc.review_started_on
    if started is None:
        return "没有送审记录，不能出具审核意见。"
    rule = rules.get_rule(rules.LEGALITY_REVIEW_MIN)
    earliest = rules.earliest_end(rule.code, started)
    if data["on"] < earliest.date:
        return (
            f"合法性审核时间不足：审核时间一般不少于{rule.describe()}，本件于{_fmt(started)}送审，"
            f"最早可于{_fmt(earliest.date)}出具审核意见。"
        )
    return None


def guard_no_opinion_yet(doc: NormativeDocument, data: dict[str, Any]) -> str | None:
    if _latest_legality_review(doc) is not None:
        return "本轮合法性审核已出具意见；如需重新审核，请先退回起草单位修改后重新送审。"
    return None


def guard_legality_passed(doc: NormativeDocument, data: dict[str, Any]) -> str | None:
    """No 集体审议 without a passing 合法性审核 (国办发〔2018〕37号: 未经合法性审核或经审核不合法的，不得提交集体审议)."""
    review = _latest_legality_review(doc)
    if review is None:
        return "尚未出具合法性审核意见：未经合法性审核的文件不得提交集体审议。"
    if review.outcome != ReviewOutcome.PASSED:
        return "合法性审核意见为“不通过”：经审核不合法的文件不得提交集体审议，请退回起草单位修改后重新送审。"
    return None


def guard_fair_competition(doc: NormativeDocument, data: dict[str, Any]) -> str | None:
    """A document affecting market activity goes to 集体审议 only with a 公平竞争审查 conclusion that lets it
    be issued (公平竞争审查条例 arts. 13, 18: reviewed while drafting; not issued without a review, nor
    when it restricts competition outside the art. 12 exceptions)."""
    if not doc.market_related:
        return None
    conclusion = doc.fair_competition_conclusion
    if not conclusion:
        return ("本文件与市场主体经济活动密切相关，尚未记录公平竞争审查结论：未经公平竞争审查的，不得提请集体审议"
                "（公平竞争审查条例第十八条）。")
    if conclusion == FairCompetitionConclusion.RESTRICTS:
        return "公平竞争审查结论为具有排除、限制竞争效果且不符合例外规定，文件不得出台，请修改后重新审查。"
    if doc.fair_competition_reviewed_on and doc.fair_competition_reviewed_on > data["on"]:
        return (f"公平竞争审查日期{_fmt(doc.fair_competition_reviewed_on)}晚于提请集体审议的日期{_fmt(data['on'])}，"
                "审查应在提请审议之前完成。")
    return None


def guard_numbering_scheme(doc: NormativeDocument, data: dict[str, Any]) -> str | None:
    from fazhi.normdocs.numbering import scheme_for

    if scheme_for(doc.issuer) is None:
        return f"尚未为“{doc.issuer.name}”或其上级单位设置统一登记编号规则，请先在“编号规则”中设置。"
    return None


def guard_publication(doc: NormativeDocument, data: dict[str, Any]) -> str | None:
    problems = []
    if not (data.get("doc_number") or doc.doc_number):
        problems.append("请填写文号")
    effective = data.get("effective_on")
    if effective and effective < data["on"]:
        problems.append("施行日期不能早于发布日期")
    valid_until = data.get("valid_until")
    if valid_until and valid_until < (effective or data["on"]):
        problems.append("有效期至不能早于施行日期")
    if not doc.versions.exists():
        problems.append("文件没有正文")
    return "；".join(problems) + "。" if problems else None


# ------------------------------------------------------------------------------------------------- table

DRAFTERS = (cap.DRAFT_NORMDOCS, cap.MANAGE_NORMDOCS)
REVIEWERS = (cap.REVIEW_NORMDOCS,)
OFFICE = (cap.MANAGE_NORMDOCS,)

TRANSITIONS: dict[str, Transition] = {
    t.code: t
    for t in [
        Transition(
            "start_consultation", "公开征求意见", frozenset({State.DRAFTING}), State.CONSULTATION, DRAFTERS,
            fields=(Field("consultation_end", "征求意见截止日期", "date"),),
            guards=(guard_consultation_period,), clock="consultation.start",
            help="征求意见期一般不少于7个工作日；与市场主体密切相关的不少于30日（以时限规则为准）。",
        ),
        Transition(
            "submit_legality_review", "报送合法性审核", frozenset({State.CONSULTATION}), State.LEGALITY_REVIEW,
            DRAFTERS, guards=(guard_consultation_complete,), clock="legality_review.start",
        ),
        Transition(
            "pass_legality_review", "审核通过", frozenset({State.LEGALITY_REVIEW}), State.LEGALITY_REVIEW,
            REVIEWERS, guards=(guard_no_opinion_yet, guard_review_time), clock="legality_review.end",
            review=(ReviewKind.LEGALITY, ReviewOutcome.PASSED), reason_label="审核意见", reason_required=True,
            style="success", shown_if=(guard_no_opinion_yet,),
        ),
        Transition(
            "fail_legality_review", "审核不通过（退回修改）", frozenset({State.LEGALITY_REVIEW}), State.DRAFTING,
            REVIEWERS, guards=(guard_no_opinion_yet, guard_review_time), clock="legality_review.end",
            review=(ReviewKind.LEGALITY, ReviewOutcome.FAILED), reason_label="审核意见（不合法之处及修改意见）",
            reason_required=True, style="danger", shown_if=(guard_no_opinion_yet,),
        ),
        Transition(
            "submit_deliberation", "提请集体审议", frozenset({State.LEGALITY_REVIEW}), State.DELIBERATION,
            DRAFTERS, guards=(guard_legality_passed, guard_fair_competition),
        ),
        Transition(
            "sign", "审议通过并签发", frozenset({State.DELIBERATION}), State.SIGNED, OFFICE,
            fields=(Field("meeting", "审议会议"), Field("signer", "签发人")),
        ),
        Transition(
            "return_to_drafting", "退回起草", frozenset({State.CONSULTATION, State.LEGALITY_REVIEW, State.DELIBERATION}), State.DRAFTING,
            DRAFTERS, clock="clock.reset", reason_label="退回理由", reason_required=True, style="outline-danger",
        ),
        Transition(
            "register", "统一登记编号", frozenset({State.SIGNED}), State.REGISTERED, OFFICE,
            guards=(guard_numbering_scheme,), clock="registration.issue",
        ),
        Transition(
            "publish", "公开发布", frozenset({State.REGISTERED}), State.PUBLISHED, OFFICE,
            fields=(
                Field("doc_number", "文号", required=False, help="已填写的可不填"),
                Field("effective_on", "施行日期", "date", required=False, help="默认为发布日期"),
                Field("valid_until", "有效期至", "date", required=False,
                      help="文件载明的有效期最后一日（当日仍有效）；不填则按标题取默认有效期（暂行、试行2年，其他5年，可配置）"),
            ),
            guards=(guard_publication,), clock="filing.start",
        ),
        Transition(
            "file_for_record", "报送备案", frozenset({State.PUBLISHED}), State.FILED, DRAFTERS,
            fields=(Field("recipients", "报送机关", help="如：市人民政府、县人大常委会"),),
            clock="filing.stop",
        ),
        Transition(
            "accept_filing", "受理备案审查", frozenset({State.FILED}), State.FILING_REVIEW, REVIEWERS,
            clock="filing_review.start",
        ),
        Transition(
            "approve_filing", "备案审查通过", frozenset({State.FILING_REVIEW}), State.RECORDED, REVIEWERS,
            review=(ReviewKind.FILING, ReviewOutcome.PASSED), reason_label="审查意见", reason_required=True,
            style="success",
        ),
        Transition(
            "require_correction", "要求纠正", frozenset({State.FILING_REVIEW}), State.CORRECTING, REVIEWERS,
            review=(ReviewKind.FILING, ReviewOutcome.CORRECTION), reason_label="纠正理由（存在的问题）",
            reason_required=True, style="danger",
        ),
        Transition(
            "submit_correction", "报送纠正结果", frozenset({State.CORRECTING}), State.FILING_REVIEW, DRAFTERS,
            fields=(Field("corrected_text", "纠正后全文", "textarea", required=False,
                          help="修改了正文的，填入纠正后全文，将作为新版本保存"),),
            reason_label="纠正情况说明", reason_required=True, clock="filing_review.start",
        ),
    ]
}


def transitions_from(state: str) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if state in t.sources]


def allowed_for(user, doc: NormativeDocument) -> list[Transition]:
    """The transitions the user may attempt from the document's state (the guards run on submit, so a
    refusal can say why; only `shown_if` guards are checked here)."""
    from fazhi.core.permissions import has_capability

    return [
        t for t in transitions_from(doc.state)
        if any(has_capability(user, c) for c in t.capabilities) and not any(g(doc, {}) for g in t.shown_if)
    ]
