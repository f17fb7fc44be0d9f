"""The lifecycle of a normative document, as one table: states, transitions, their guards, clocks and effects.

`TRANSITIONS` is data, run by the kernel's engine (`fazhi.workflow.engine.run`, called as
`fazhi.normdocs.services.transition`): it checks capability and scope, the source state, cleans the form
fields, runs the guards (each returns a refusal in Chinese, or None), emits the transition's clock
events on the document's case clocks (合法性审核 15 working days, 报送备案 30 days …) and applies its
effect on the document (consultation dates, registration number, publication particulars, reviews).

Guards read the document's records and the office-editable time-limit rules (`fazhi.workflow.timelimits`,
under the codes declared below); they never write.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Max
from django.urls import reverse

from fazhi.core import capabilities as cap
from fazhi.normdocs import consultation, filings, legality, regulations
from fazhi.normdocs.consultation import CONSULTATION_MIN, CONSULTATION_MIN_MARKET, consultation_rule
from fazhi.normdocs.legality import LEGALITY_REVIEW_MAX, LEGALITY_REVIEW_MIN, guard_no_opinion_yet
from fazhi.normdocs.models import (
    PUBLIC_STATES,
    DocumentVersion,
    FairCompetitionConclusion,
    NormativeDocument,
    Review,
    ReviewKind,
    ReviewOutcome,
    State,
)
from fazhi.workflow import clocks
from fazhi.workflow.engine import ClockSpec, Field, Step, Transition, Workflow
from fazhi.workflow.engine import allowed_for as _allowed_for
from fazhi.workflow.timelimits import ND, WD, Rule

__all__ = ["TRANSITIONS", "NORMDOC", "Field", "Transition", "allowed_for", "transitions_from", "consultation_rule",
           "CONSULTATION_MIN", "CONSULTATION_MIN_MARKET", "LEGALITY_REVIEW_MIN", "LEGALITY_REVIEW_MAX"]

# ------------------------------------------------------------------------------------------ time limits

FILING = "normdoc.filing"
FILING_WARN = "normdoc.filing_warn"

# Defaults, checked against the design notes' table; the statutory catalogue wins where it has the code.
TIME_LIMITS = (
    Rule(CONSULTATION_MIN, "征求意见期限（最少）", 7, WD, False, "国办发〔2018〕37号：一般不少于7个工作日"),
    Rule(CONSULTATION_MIN_MARKET, "涉及市场主体文件征求意见期限（最少）", 30, ND, False,
         "优化营商环境条例第六十二条：一般不少于30日"),
    Rule(FILING, "报送备案期限（自公开发布之日起）", 30, ND, True, "自公布之日起30日内报送备案（各省规定不同，可调整）"),
    Rule(FILING_WARN, "报备到期前提醒（提前）", 5, WD, False, "到期前提醒报备"),
    *legality.TIME_LIMITS,
    *regulations.TIME_LIMITS,
)


def _fmt(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


# ------------------------------------------------------------------------------------------------ guards

def guard_consultation_period(doc: NormativeDocument, data: dict[str, Any]) -> str | None:
    """The planned comment period is at least the rule's minimum."""
    end = data.get("consultation_end")
    if end is None:
        return None  # the required-field check reports it
    if end < data["on"]:
        return "征求意见截止日期不能早于开始日期。"
    return consultation.consultation_refusal(doc, data["on"], end, "计划截止日期")


def guard_legality_passed(doc: NormativeDocument, data: dict[str, Any]) -> str | None:
    """No 集体审议 without a passing 合法性审核 (国办发〔2018〕37号: 未经合法性审核或经审核不合法的，不得提交集体审议)."""
    review = legality.latest_opinion(doc)
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


# ------------------------------------------------------------------------------------------------ effects
# What a step does to the document besides moving its state; the clocks have run by then (step.clocks).


def effect_start_consultation(doc: NormativeDocument, step: Step) -> None:
    doc.consultation_start, doc.consultation_end = step.on, step.data["consultation_end"]


def record_review(kind: str, outcome: str, ends_review: bool = False):
    """The effect of a step that gives an opinion: a `Review` row the rates count."""

    def effect(doc: NormativeDocument, step: Step) -> None:
        if ends_review:
            doc.review_due_on = None
        actor = step.actor
        Review.objects.create(
            document=doc, kind=kind, outcome=outcome, opinion=step.data["reason"], decided_on=step.on,
            reviewer=actor if getattr(actor, "pk", None) else None, reviewer_name=str(actor) if actor else "系统",
        )

    return effect


def effect_return_to_drafting(doc: NormativeDocument, step: Step) -> None:
    doc.consultation_start = doc.consultation_end = None
    doc.review_started_on = doc.review_due_on = None


def effect_register(doc: NormativeDocument, step: Step) -> None:
    from fazhi.normdocs.numbering import issue_number

    doc.registration_number = issue_number(doc.issuer, step.on.year)
    step.record["clock"] = {"registration_number": doc.registration_number}


def effect_publish(doc: NormativeDocument, step: Step) -> None:
    data = step.data
    doc.published_on = step.on
    doc.effective_on = data.get("effective_on") or step.on
    doc.valid_until = data.get("valid_until") or regulations.default_valid_until(doc, doc.effective_on)
    if data.get("doc_number"):
        doc.doc_number = data["doc_number"]
    clock = step.clocks["filing"]
    doc.filing_due_on = clock.due_on
    filings.create_for(doc, step.on)  # one filing per required recipient (fazhi.normdocs.filings)
    step.record["clock"] = {
        "due": clocks.due_record(clock),
        "valid_until": {"date": doc.valid_until, "default": not data.get("valid_until")},
    }
    # The text as published is the first version in force, from the 施行日期.
    first = doc.versions.order_by("number").first()
    first.version_date = doc.effective_on
    first.change_note = "公开发布"
    first.save(update_fields=["version_date", "change_note"])


def effect_file(doc: NormativeDocument, step: Step) -> None:
    doc.filed_on = step.on
    filings.send_pending(step.actor, doc, step.on)  # to every recipient; each reviews its own filing
    # A document imported as history has a due date but no clock.
    step.record["clock"] = {"on_time": doc.filing_due_on is None or step.on <= doc.filing_due_on}


def add_version(
    doc: NormativeDocument, text: str, version_date: datetime.date, note: str, actor: Any,
    amended_by: NormativeDocument | None = None,
) -> DocumentVersion:
    number = (doc.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    return DocumentVersion.objects.create(
        document=doc, number=number, version_date=version_date, text=text,
        change_note=note, amended_by=amended_by, created_by=actor if getattr(actor, "pk", None) else None,
    )


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
            guards=(guard_consultation_period,), effect=effect_start_consultation,
            help="征求意见期一般不少于7个工作日；与市场主体密切相关的、规章草案不少于30日（以时限规则为准）。",
        ),
        consultation.WAIVE,
        Transition(
            "submit_legality_review", "报送合法性审核", frozenset({State.DRAFTING, State.CONSULTATION}),
            State.LEGALITY_REVIEW, DRAFTERS, fields=(legality.DELIBERATION_FIELD,),
            guards=(legality.guard_normative_review, consultation.guard_consulted_or_waived,
                    legality.guard_deliberation_date),
            clock=("legality_review.start",), effect=legality.effect_submit, shown_if=(legality.guard_normative_review,),
        ),
        Transition(
            "submit_rule_review", "报送法制机构审查（规章）", frozenset({State.DRAFTING, State.CONSULTATION}),
            State.LEGALITY_REVIEW, DRAFTERS,
            guards=(regulations.guard_rule_review_route, consultation.guard_consulted_or_waived),
            effect=legality.effect_submit_rule_review, shown_if=(regulations.guard_rule_review_route,),
        ),
        Transition(
            "pass_legality_review", "审核通过", frozenset({State.LEGALITY_REVIEW}), State.LEGALITY_REVIEW,
            REVIEWERS, guards=(guard_no_opinion_yet,), clock=("legality_review.stop",),
            effect=record_review(ReviewKind.LEGALITY, ReviewOutcome.PASSED, ends_review=True),
            reason_label="审核意见", reason_required=True,
            style="success", shown_if=(guard_no_opinion_yet,),
        ),
        Transition(
            "fail_legality_review", "审核不通过（退回修改）", frozenset({State.LEGALITY_REVIEW}), State.DRAFTING,
            REVIEWERS, guards=(guard_no_opinion_yet,), clock=("legality_review.stop",),
            effect=record_review(ReviewKind.LEGALITY, ReviewOutcome.FAILED, ends_review=True),
            reason_label="审核意见（不合法之处及修改意见）",
            reason_required=True, style="danger", shown_if=(guard_no_opinion_yet,),
        ),
        *legality.TRANSITIONS,
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
            DRAFTERS, clock=("legality_review.cancel",), effect=effect_return_to_drafting, reason_label="退回理由", reason_required=True, style="outline-danger",
        ),
        Transition(
            "register", "统一登记编号", frozenset({State.SIGNED}), State.REGISTERED, OFFICE,
            guards=(guard_numbering_scheme,), effect=effect_register,
        ),
        Transition(
            "publish", "公开发布", frozenset({State.REGISTERED}), State.PUBLISHED, OFFICE,
            fields=(
                Field("doc_number", "文号", required=False, help="已填写的可不填"),
                Field("effective_on", "施行日期", "date", required=False, help="默认为发布日期"),
                Field("valid_until", "有效期至", "date", required=False,
                      help="文件载明的有效期最后一日（当日仍有效）；不填则按标题取默认有效期（暂行、试行2年，其他5年，可配置）"),
                Field("immediate_ground", "立即施行的理由（仅规章）", "choice", required=False,
                      choices=regulations.IMMEDIATE_GROUNDS,
                      help="规章应当自公布之日起30日后施行；属于规章制定程序条例第三十二条例外的选择理由"),
            ),
            guards=(guard_publication, regulations.guard_rule_publication), clock=("filing.start",), effect=effect_publish,
        ),
        Transition(
            "file_for_record", "报送备案", frozenset({State.PUBLISHED}), State.FILED, DRAFTERS,
            clock=("filing.stop",), effect=effect_file,
            help="向全部备案审查机关报送（上一级人民政府、本级人大常委会或本级人民政府，按制定机关确定）；"
                 "登记和审查由备案审查机关办理。",
        ),
    ]
}


# ------------------------------------------------------------------------------------------- the workflow

def previous_step(doc: NormativeDocument) -> tuple[str, datetime.date]:
    """The document's latest dated step and its date, for the engine's date-order check: its last lifecycle
    step; else, for a document imported with its history, its publication; else the draft (起草) itself."""
    last = doc.transitions.order_by("-on", "-id").first()
    if last is not None:
        done = TRANSITIONS.get(last.action)
        return (done.label if done else last.get_to_state_display()), last.on
    if doc.published_on:
        return "公开发布", doc.published_on
    return "起草", doc.drafted_on


def _reindex(doc: NormativeDocument, step: Step, was_public: bool) -> None:
    from fazhi.normdocs import indexing

    if doc.is_public or was_public:
        indexing.reindex_with_related(doc)


DOC_FIELDS = [
    "title", "doc_number", "issuer", "doc_type", "market_related", "state", "registration_number", "written_on",
    "published_on", "effective_on", "valid_until", "repealed_on", "consultation_start", "consultation_end",
    "review_started_on", "review_due_on", "filing_due_on", "filed_on", "fair_competition_conclusion",
    "fair_competition_reviewed_on",
]

NORMDOC = Workflow(
    name="normdoc",
    label="规范性文件",
    model=NormativeDocument,
    transitions=TRANSITIONS,
    unit_of=lambda doc: doc.issuer,
    clocks={
        "legality_review": ClockSpec("合法性审核", LEGALITY_REVIEW_MAX, action="出具审核意见",
                                     warn_rule=legality.LEGALITY_REVIEW_WARN, notify=(cap.REVIEW_NORMDOCS,)),
        "filing": ClockSpec("报备", regulations.filing_rule, action="报送备案", warn_rule=FILING_WARN,
                            notify=(cap.MANAGE_NORMDOCS,)),
    },
    describe=lambda doc: f"《{doc.title}》",
    link=lambda doc: reverse("normdocs:detail", args=[doc.pk]),
    last_step=previous_step,
    snapshot_fields=DOC_FIELDS,
    after=_reindex,
    is_public=lambda doc: doc.state in PUBLIC_STATES,
    select_related=("issuer",),
)


def transitions_from(state: str) -> list[Transition]:
    return NORMDOC.transitions_from(state)


def allowed_for(user, doc: NormativeDocument) -> list[Transition]:
    """The transitions the user may attempt from the document's state (see `fazhi.workflow.engine.allowed_for`)."""
    return _allowed_for(user, NORMDOC, doc)
