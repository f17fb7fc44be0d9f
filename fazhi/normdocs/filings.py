"""备案 and 备案审查 of normative documents: one record per required recipient, reviewed by the recipient.

`fazhi.normdocs.recipients` says who receives a document's filings. A filing whose recipient reviews in the
platform is registered (材料齐全 → 登记; 不全 → 退回补正 with a due date) and concluded (通过 / 要求纠正 /
建议修改或废止 / 不予备案 / 撤销) only by users of the reviewing unit holding `normdocs.filing_review` —
never by the issuer itself (`_reviewer_refusal`). 人大常委会 and bodies outside the platform (国务院) have no
users here: the filer sends, and its office records the outcome the recipient notified (`record_feedback`,
with the notice), so the channel is tracked without pretending someone in the platform reviewed it.

Clocks per filing: 备案审查 from registration, 补正 from 退回补正, 纠正 from 要求纠正 / 建议修改或废止.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse

from fazhi.core import capabilities as cap
from fazhi.core.models import Unit
from fazhi.normdocs.filing_models import (
    FILING_CLOSED,
    Filing,
    FilingChannel,
    FilingOutcome,
    FilingState,
)
from fazhi.normdocs.models import NormativeDocument, State
from fazhi.normdocs.recipients import recipients_for
from fazhi.workflow import clocks, steplog, timelimits
from fazhi.workflow.engine import ClockSpec, Field, Step, Transition, Workflow
from fazhi.workflow.timelimits import ND, Rule

# ------------------------------------------------------------------------------------------ time limits

PEOPLE_CONGRESS = "normdoc.filing_people_congress"
REVIEW = "normdoc.filing_review"
RESUBMIT = "normdoc.filing_resubmit"
CORRECTION = "normdoc.filing_correction"
SUGGESTION_REPLY = "normdoc.suggestion_reply"
WARN = "normdoc.filing_warn"

_FB = "法规规章备案审查条例（2024）"
# No national text sets these periods for 行政规范性文件; the provinces' 备案 rules do, differently. The
# defaults follow the nearest national text (for 法规、规章) and say so; an office sets its province's figure.
TIME_LIMITS = (
    Rule(PEOPLE_CONGRESS, "报本级人大常委会备案期限", 30, ND, True,
         "各级人民代表大会常务委员会监督法（2024）第三十九条、第四十条；期限依本省人大常委会规范性文件备案审查规定"),
    Rule(REVIEW, "备案审查期限（自备案登记之日起）", 60, ND, True,
         f"参照{_FB}第十一条（主动审查一般在2个月内完成）；本省规范性文件备案规定另有期限的，按本省规定调整"),
    Rule(RESUBMIT, "退回补正后重新报送期限", 15, ND, True,
         f"参照{_FB}第九条第二款（自收到通知之日起15日内补充或者重新报送）；本省规定另有期限的，按本省规定调整"),
    Rule(CORRECTION, "纠正（处理）情况报送期限", 30, ND, True,
         f"参照{_FB}第二十一条（自接到通知之日起30日内报送处理情况）；本省规定另有期限的，按本省规定调整"),
    Rule(SUGGESTION_REPLY, "审查建议答复期限", 60, ND, True,
         f"{_FB}第十二条规定审查建议由备案审查工作机构研究处理，未规定答复期限；本机关规定（默认60日，可调整）"),
)


def create_for(doc: NormativeDocument, published_on: datetime.date) -> list[Filing]:
    """The filings a publication calls for, each with its 报送期限 (part of the 公开发布 step)."""
    created = []
    for r in recipients_for(doc):
        if r.channel == FilingChannel.GOVERNMENT and doc.filing_due_on:
            due = doc.filing_due_on  # the document's 报备 clock under the same rule
        else:
            due = timelimits.due(PEOPLE_CONGRESS if r.channel == FilingChannel.PEOPLE_CONGRESS else "normdoc.filing",
                                 published_on, doc.issuer).date
        filing, _ = Filing.objects.update_or_create(
            document=doc, channel=r.channel, recipient_name=r.name,
            defaults={"recipient": r.unit, "reviewing_unit": r.reviewer, "due_on": due},
        )
        created.append(filing)
    return created


def send_pending(actor: Any, doc: NormativeDocument, on: datetime.date) -> list[Filing]:
    """报送备案 of the document: every filing not yet sent is sent on `on` (creating them if the document
    was published before filings were kept per recipient)."""
    from fazhi.workflow import engine

    if not doc.filings.exists():
        create_for(doc, doc.published_on or on)
    return [engine.run(actor, FILING, f, "send", {"on": on})
            for f in doc.filings.filter(state=FilingState.PENDING)]


# ---------------------------------------------------------------------------------------------- who may


def reviewing_units_of(user: Any):
    """The units whose 备案审查 `user` does: the user's own unit and the units it belongs to (a 科室 of a
    司法局 acts for it) — not every unit in the user's data scope (a province office does not review for a city)."""
    unit = getattr(user, "unit", None)
    if unit is None:
        return Unit.objects.none().values_list("pk", flat=True)
    paths = [unit.path[: i * unit.steplen] for i in range(1, unit.depth + 1)]
    # Lazy, so the 待办 count stays one query (a subquery here).
    return Unit.objects.filter(path__in=paths).exclude(kind=Unit.Kind.REGION).values_list("pk", flat=True)


def _reviewer_refusal(actor: Any, filing: Filing) -> str | None:
    """Only users of the reviewing unit (with the capability) register and conclude; never the issuer."""
    if filing.reviewing_unit_id is None:
        return (f"“{filing.recipient_name}”不在本平台办理备案审查，其审查结果由报备单位根据通知录入"
                "（“录入备案审查机关反馈”）。")
    if actor.unit_id is not None and actor.unit_id == filing.document.issuer_id:
        return "制定机关不能办理本机关报送备案文件的备案审查。"
    if not (actor.is_superuser or filing.reviewing_unit_id in reviewing_units_of(actor)):
        return (f"该文件报“{filing.recipient_name}”备案，由{filing.reviewing_unit.name}办理备案审查，"
                "您不能办理。")
    return None


def _feedback_refusal(actor: Any, filing: Filing) -> str | None:
    if filing.reviewing_unit_id is not None:
        return f"该备案由{filing.reviewing_unit.name}在本平台审查，报备单位不能录入审查结果。"
    return None


# ------------------------------------------------------------------------------------------------ effects


def effect_send(filing: Filing, step: Step) -> None:
    filing.sent_on = step.on
    step.record["clock"] = {"due": filing.due_on, "on_time": filing.due_on is None or step.on <= filing.due_on}


def _reviewers_clock(filing: Filing, clock) -> None:
    """The review clock belongs to the reviewing unit: the scan's 临期 / 逾期 notices go to its users, not
    to the filer's (the clock starts under the issuer, the workflow's unit)."""
    if filing.reviewing_unit_id and clock.unit_id != filing.reviewing_unit_id:
        clock.unit_id = filing.reviewing_unit_id
        clock.save(update_fields=["unit"])


def effect_register(filing: Filing, step: Step) -> None:
    _reviewers_clock(filing, step.clocks["review"])
    filing.registered_on = step.on
    filing.conforming = filing.returned_count == 0  # complete and conforming at the first examination
    filing.outcome = ""
    filing.review_due_on = step.clocks["review"].due_on
    step.record["clock"] = {"due": clocks.due_record(step.clocks["review"])}


def effect_return(filing: Filing, step: Step) -> None:
    filing.returned_count += 1
    filing.conforming = False
    filing.outcome = FilingOutcome.RETURNED
    filing.resubmit_due_on = step.clocks["resubmit"].due_on
    step.record["clock"] = {"due": clocks.due_record(step.clocks["resubmit"])}


def effect_resubmit(filing: Filing, step: Step) -> None:
    due = filing.resubmit_due_on
    filing.resubmit_due_on = None
    step.record["clock"] = {"due": due, "on_time": due is None or step.on <= due}


def conclude(outcome: str):
    """The effect of a 备案审查 conclusion: the outcome, and for 纠正 / 修改或废止 the correction due date."""

    def effect(filing: Filing, step: Step) -> None:
        filing.outcome, filing.opinion = outcome, step.data["reason"]
        filing.concluded_on = filing.concluded_on or step.on  # the first conclusion (for the review clock)
        filing.review_due_on = None
        if outcome != FilingOutcome.PASSED:
            filing.problem_found = True
        correction = step.clocks.get("correction")
        filing.correction_due_on = correction.due_on if correction is not None and outcome in (
            FilingOutcome.CORRECTION, FilingOutcome.AMEND_OR_REPEAL) else None
        if filing.correction_due_on:
            step.record["clock"] = {"due": clocks.due_record(correction)}

    return effect


def effect_report_correction(filing: Filing, step: Step) -> None:
    from fazhi.normdocs.workflow import add_version

    _reviewers_clock(filing, step.clocks["review"])
    filing.correction_due_on = None
    filing.review_due_on = step.clocks["review"].due_on
    text = step.data.get("corrected_text")
    if text:
        add_version(filing.document, text, step.on, f"根据备案审查意见纠正：{step.data['reason']}"[:500], step.actor)


def effect_feedback(filing: Filing, step: Step) -> None:
    outcome = step.data["outcome"]
    filing.outcome, filing.opinion = outcome, step.data["reason"]
    filing.registered_on = filing.registered_on or step.on
    filing.concluded_on = step.on
    filing.problem_found = outcome != FilingOutcome.PASSED
    step.record["notice"] = step.data.get("notice", "")


# ------------------------------------------------------------------------------------------------- table

DRAFTERS = (cap.DRAFT_NORMDOCS, cap.MANAGE_NORMDOCS)
REVIEWERS = (cap.REVIEW_FILINGS,)
CONCLUSIONS = (
    ("approve", "备案审查通过", FilingState.PASSED, FilingOutcome.PASSED, "success", ()),
    ("require_correction", "要求纠正", FilingState.CORRECTING, FilingOutcome.CORRECTION, "danger", ("correction.start",)),
    ("suggest_amend_or_repeal", "建议修改或废止", FilingState.CORRECTING, FilingOutcome.AMEND_OR_REPEAL, "warning",
     ("correction.start",)),
    ("refuse", "不予备案", FilingState.REFUSED, FilingOutcome.REFUSED, "outline-danger", ()),
)
FEEDBACK_OUTCOMES = tuple((o.value, o.label) for o in FilingOutcome if o != FilingOutcome.RETURNED)

FILING_TRANSITIONS: dict[str, Transition] = {
    t.code: t
    for t in [
        # Usually run for every recipient at once by the document's 报送备案; one recipient may be sent alone.
        Transition("send", "报送备案", frozenset({FilingState.PENDING}), FilingState.SENT, DRAFTERS, effect=effect_send),
        Transition("register", "登记（材料齐全、规范）", frozenset({FilingState.SENT}), FilingState.REVIEWING, REVIEWERS,
                   permits=_reviewer_refusal, clock=("review.start",), effect=effect_register, style="success"),
        Transition("return_for_completion", "退回补正", frozenset({FilingState.SENT}), FilingState.RETURNED,
                   REVIEWERS, permits=_reviewer_refusal, clock=("resubmit.start",), effect=effect_return,
                   reason_label="需补正的材料或问题", reason_required=True, style="outline-danger"),
        Transition("resubmit", "补正后重新报送", frozenset({FilingState.RETURNED}), FilingState.SENT, DRAFTERS,
                   clock=("resubmit.stop",), effect=effect_resubmit, reason_label="补正情况"),
        *[Transition(code, label, frozenset({FilingState.REVIEWING}), target, REVIEWERS, permits=_reviewer_refusal,
                     clock=("review.stop", *more), effect=conclude(outcome), reason_label="审查意见",
                     reason_required=True, style=style)
          for code, label, target, outcome, style, more in CONCLUSIONS],
        Transition("revoke", "撤销", frozenset({FilingState.REVIEWING, FilingState.CORRECTING}), FilingState.REVOKED,
                   REVIEWERS, permits=_reviewer_refusal, clock=("review.stop", "correction.stop"),
                   effect=conclude(FilingOutcome.REVOKED), reason_label="撤销理由", reason_required=True,
                   style="danger"),
        Transition("report_correction", "报送纠正（处理）情况", frozenset({FilingState.CORRECTING}),
                   FilingState.REVIEWING, DRAFTERS, clock=("correction.stop", "review.start"),
                   fields=(Field("corrected_text", "纠正后全文", "textarea", required=False, logged=False,
                                 help="修改了正文的，填入纠正后全文，将作为新版本保存"),),
                   effect=effect_report_correction, reason_label="纠正（处理）情况说明", reason_required=True),
        Transition("record_feedback", "录入备案审查机关反馈", frozenset({FilingState.SENT}), FilingState.FEEDBACK,
                   (cap.MANAGE_NORMDOCS,), permits=_feedback_refusal,
                   fields=(Field("outcome", "审查结论", "choice", choices=FEEDBACK_OUTCOMES),
                           Field("notice", "通知文号或反馈方式", help="如：陇人常函〔2026〕3号")),
                   effect=effect_feedback, reason_label="反馈内容", reason_required=True),
    ]
}


# ------------------------------------------------------------------------------------------- the workflow


FILING_NAME = "normdoc_filing"


def _last_step(filing: Filing) -> tuple[str, datetime.date] | None:
    last = steplog.last_step(filing)
    if last is not None:
        return last
    if filing.document.published_on:
        return "公开发布", filing.document.published_on
    return None


def document_state(doc: NormativeDocument) -> str | None:
    """The document's 备案 stage from its filings with reviewing bodies (None: leave it as it is)."""
    if doc.state not in (State.FILED, State.FILING_REVIEW, State.RECORDED, State.CORRECTING):
        return None
    states = list(doc.filings.filter(reviewing_unit__isnull=False).values_list("state", flat=True))
    if not states:
        return None
    if FilingState.CORRECTING in states:
        return State.CORRECTING
    if all(s == FilingState.PASSED for s in states):
        return State.RECORDED
    if all(s in (FilingState.PENDING, FilingState.SENT) for s in states):
        return State.FILED
    return State.FILING_REVIEW


def _after(filing: Filing, step: Step, was_public: bool) -> None:
    """A filing step may move its document's stage (备案审查 → 纠正 → 备案审查通过); the document's own log says so."""
    doc = NormativeDocument.objects.select_for_update().get(pk=filing.document_id)
    target = document_state(doc)
    if target is not None and target != doc.state:
        # Logged under the filing table's step (its label names it) on the document's own timeline.
        steplog.record_step(doc, step.transition.code, doc.state, target, actor=step.actor, on=step.on,
                            reason=f"{filing.recipient_name}：{step.transition.label}", data={"filing": filing.pk},
                            workflow=FILING_NAME)
        doc.state = target
        doc.save(update_fields=["state", "updated_at"])
    if step.data.get("corrected_text"):
        from fazhi.normdocs import indexing

        indexing.reindex_with_related(doc)


FILING_FIELDS = ["state", "sent_on", "registered_on", "review_due_on", "outcome", "concluded_on",
                 "correction_due_on", "resubmit_due_on", "returned_count"]

FILING = Workflow(
    name=FILING_NAME,
    label="备案审查",
    model=Filing,
    transitions=FILING_TRANSITIONS,
    unit_of=lambda filing: filing.document.issuer,
    clocks={
        "review": ClockSpec("备案审查", REVIEW, action="作出备案审查结论", warn_rule=WARN, notify=(cap.REVIEW_FILINGS,)),
        "resubmit": ClockSpec("补正", RESUBMIT, action="补正后重新报送备案", warn_rule=WARN,
                              notify=(cap.MANAGE_NORMDOCS,)),
        "correction": ClockSpec("纠正", CORRECTION, action="报送纠正（处理）情况", warn_rule=WARN,
                                notify=(cap.MANAGE_NORMDOCS,)),
    },
    describe=str,
    link=lambda filing: reverse("normdocs:filing_detail", args=[filing.pk]),
    last_step=_last_step,
    snapshot_fields=FILING_FIELDS,
    after=_after,
    # Not the nullable reviewing unit: PostgreSQL locks no row on the nullable side of an outer join.
    select_related=("document__issuer",),
    action_prefix="normdoc.filing.",
)


def allowed_for(user: Any, filing: Filing) -> list[Transition]:
    from fazhi.workflow.engine import allowed_for as _allowed_for

    return _allowed_for(user, FILING, filing)


def transition(actor: Any, filing: Filing, code: str, data: dict[str, Any] | None = None) -> Filing:
    """One step of a filing (the service verb views, API and demo call)."""
    from fazhi.workflow import engine

    return engine.run(actor, FILING, filing, code, data or {})


def open_filings_for_review(user: Any):
    """The user's 备案审查 queue: filings its reviewing units have to register, review or follow up."""
    return (Filing.objects.filter(reviewing_unit_id__in=reviewing_units_of(user))
            .exclude(document__issuer_id=getattr(user, "unit_id", None))
            .exclude(state__in=(*FILING_CLOSED, FilingState.PENDING))
            .select_related("document__issuer", "reviewing_unit").order_by("review_due_on", "due_on", "id"))
