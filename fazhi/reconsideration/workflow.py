"""The lifecycle of a 行政复议 case as one table (docs/modules.md), with its clocks.

(当场 or 电子技术监控 penalties: lodged with the agency that imposed it, forwarded in 5 working days,
art. 32) → 收到申请 → 受理审查 (5 working days, art. 30; silence = accepted) → 补正 (notice within the review's
5 working days, the applicant's 10 working days, extendable, lapse = deemed withdrawn; the review
restarts on the materials' arrival, art. 31) → 审理 (copy to the respondent in 7 / answer in 10 working
days, simple 3 / 5, arts. 48, 54; decision in 60 days + 30 approved, simple 30 without extension,
arts. 53, 55, 62; 中止 pauses it, arts. 39, 41; hearing notice 5 days before, art. 51) → 决定.
Every figure is a rule of `fazhi.deadlines.statutory` read through `fazhi.workflow.timelimits`.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.urls import reverse

from fazhi.reconsideration.models import (
    LAPSING_GROUNDS,
    TO_PERFORM,
    Opinion,
    Outcome,
    Performance,
    Procedure,
    ReconsiderationCase,
    State,
    SuspensionGround,
)
from fazhi.reconsideration.perms import APPROVE, MANAGE
from fazhi.workflow import clocks, timelimits
from fazhi.workflow.engine import ClockSpec, Field, Step, Transition, Workflow
from fazhi.workflow.models import TransitionRecord
from fazhi.workflow.timelimits import ND, WD, Rule

# Rule codes of the statutory catalogue (its figures and sources win over the defaults below).
FORWARD = "reconsideration.forward_penalty"
REVIEW = "reconsideration.acceptance_review"
CORRECTION_NOTICE = "reconsideration.correction_notice"
CORRECTION = "reconsideration.correction_by_applicant"
COPY, COPY_SIMPLE = "reconsideration.copy_to_respondent", "reconsideration.copy_to_respondent_simple"
ANSWER, ANSWER_SIMPLE = "reconsideration.answer", "reconsideration.answer_simple"
DECISION, DECISION_SIMPLE = "reconsideration.decision", "reconsideration.decision_simple"
SUSPENSION = "reconsideration.suspension_limit"
HEARING_NOTICE = "reconsideration.hearing_notice"
OPINION_REPORT = "reconsideration.opinion_report"
WARN = "reconsideration.warn"

_FY = "行政复议法（2023）"
TIME_LIMITS = (
    Rule(FORWARD, "当场处罚等案件原行政机关转送期限", 5, WD,
         source=f"{_FY}第三十二条第二款（认为需要维持行政处罚决定的，自收到申请之日起五日内转送）、第八十八条第二款"),
    Rule(REVIEW, "受理审查期限", 5, WD, source=f"{_FY}第三十条"),
    Rule(CORRECTION_NOTICE, "补正通知期限", 5, WD, source=f"{_FY}第三十一条第一款"),
    Rule(CORRECTION, "申请人补正期限", 10, WD, source=f"{_FY}第三十一条第二款"),
    Rule(COPY, "申请书副本发送期限（普通程序）", 7, WD, source=f"{_FY}第四十八条"),
    Rule(COPY_SIMPLE, "申请书副本发送期限（简易程序）", 3, WD, source=f"{_FY}第五十四条"),
    Rule(ANSWER, "被申请人书面答复期限（普通程序）", 10, WD, source=f"{_FY}第四十八条"),
    Rule(ANSWER_SIMPLE, "被申请人书面答复期限（简易程序）", 5, WD, source=f"{_FY}第五十四条"),
    Rule(DECISION, "行政复议决定期限（普通程序）", 60, ND, source=f"{_FY}第六十二条第一款", max_extension=30),
    Rule(DECISION_SIMPLE, "行政复议决定期限（简易程序）", 30, ND, source=f"{_FY}第六十二条第二款"),
    Rule(SUSPENSION, "中止满期终止", 60, ND, source=f"{_FY}第四十一条第五项"),
    Rule(HEARING_NOTICE, "听证通知（听证前）", 5, WD, False, source=f"{_FY}第五十一条、第八十八条"),
    Rule(OPINION_REPORT, "意见书纠正情况报送期限", 60, ND, source=f"{_FY}第七十六条"),
    Rule(WARN, "复议期限到期前提醒（提前）", 3, WD, False, "到期前提醒办理"),
)

# 第五十三条第一款: the cases the simple procedure may hear (facts clear, rights and duties plain, little dispute).
SIMPLE_GROUNDS = (
    ("on_the_spot", "被申请行政复议的行政行为是当场作出的"),
    ("warning", "被申请行政复议的行政行为是警告或者通报批评"),
    ("small_amount", "案件涉及款额三千元以下"),
    ("disclosure", "属于政府信息公开案件"),
    ("agreed", "当事人各方同意适用简易程序"),
)
COMMITTEE_GROUNDS = (  # 第五十二条第二款
    ("complex", "案情重大、疑难、复杂"),
    ("technical", "专业性、技术性较强"),
    ("county_gov", "本法第二十四条第二款规定的行政复议案件"),
    ("necessary", "行政复议机构认为有必要"),
)


def _fmt(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _decision_rule(case: ReconsiderationCase) -> str:
    return DECISION_SIMPLE if case.procedure == Procedure.SIMPLE else DECISION


def _copy_rule(case: ReconsiderationCase) -> str:
    return COPY_SIMPLE if case.procedure == Procedure.SIMPLE else COPY


def _answer_rule(case: ReconsiderationCase) -> str:
    return ANSWER_SIMPLE if case.procedure == Procedure.SIMPLE else ANSWER


# ------------------------------------------------------------------------------------------------ guards

def _review_start(case: ReconsiderationCase) -> datetime.date:
    """The day the acceptance review last (re)started: the receipt, or the latest 补正材料 arrival."""
    clock = clocks.clock_of(case, "review")
    restarts = [e["at"] for e in (clock.events if clock else []) if e["kind"] in ("start", "restart")]
    return datetime.date.fromisoformat(restarts[-1]) if restarts else case.received_on


def guard_correction_notice_in_time(case: ReconsiderationCase, data: dict[str, Any]) -> str | None:
    """第三十一条第一款: the 补正 notice goes out within 5 working days of receiving the application."""
    start = _review_start(case)
    last = timelimits.due(CORRECTION_NOTICE, start, case.organ).date
    if data["on"] > last:
        return (f"补正通知应当自收到申请之日起{timelimits.get_rule(CORRECTION_NOTICE, case.organ).describe()}内发出"
                f"（{_fmt(start)}收到，最迟{_fmt(last)}），已超过期限，请直接作出受理或者不予受理决定。")
    return None


def _clock_due(case, kind: str) -> datetime.date | None:
    clock = clocks.clock_of(case, kind)
    return clock.due_on if clock else None


def guard_materials_in_time(case: ReconsiderationCase, data: dict[str, Any]) -> str | None:
    due = _clock_due(case, "correction")
    if due and data["on"] > due:
        return f"补正期限已于{_fmt(due)}届满，申请人无正当理由逾期不补正的，视为放弃行政复议申请（第三十一条第二款）。"
    return None


def guard_correction_lapsed(case: ReconsiderationCase, data: dict[str, Any]) -> str | None:
    due = _clock_due(case, "correction")
    if due is None or data["on"] <= due:
        return f"补正期限{'尚未届满（' + _fmt(due) + '）' if due else '尚未起算'}，不能视为放弃申请。"
    return None


def guard_review_lapsed(case: ReconsiderationCase, data: dict[str, Any]) -> str | None:
    """视为受理 only once the review period has run without a decision (第三十条第二款)."""
    due = _clock_due(case, "review")
    if due is None or data["on"] < due:
        return f"受理审查期限{'至' + _fmt(due) + '届满' if due else '尚未起算或已暂停'}，届满前不能视为受理。"
    return None


def guard_simple_ground(case: ReconsiderationCase, data: dict[str, Any]) -> str | None:
    if data.get("procedure") == Procedure.SIMPLE and not data.get("simple_ground"):
        return "适用简易程序须符合第五十三条规定的情形，请选择适用情形。"
    return None


def guard_is_simple(case: ReconsiderationCase, data: dict[str, Any]) -> str | None:
    return None if case.procedure == Procedure.SIMPLE else "本案已适用普通程序。"


def guard_is_ordinary(case: ReconsiderationCase, data: dict[str, Any]) -> str | None:
    if case.procedure == Procedure.SIMPLE:
        return "适用简易程序审理的案件，应当自受理之日起三十日内作出决定，不得延长（第六十二条第二款）；确需延长的，请先转为普通程序。"
    return None


def guard_copy_not_sent(case: ReconsiderationCase, data: dict[str, Any]) -> str | None:
    return "申请书副本已发送。" if case.copy_sent_on else None


def guard_answer_pending(case: ReconsiderationCase, data: dict[str, Any]) -> str | None:
    if not case.copy_sent_on:
        return "尚未发送申请书副本。"
    return "已收到被申请人答复。" if case.answer_on else None


def guard_not_consulted(case: ReconsiderationCase, data: dict[str, Any]) -> str | None:
    return "已提请行政复议委员会咨询。" if case.committee_consulted else None


def guard_hearing_notice(case: ReconsiderationCase, data: dict[str, Any]) -> str | None:
    """第五十一条: the parties are told at least five (working, art. 88) days before the hearing."""
    hearing = data.get("hearing_on")
    if hearing is None:
        return None
    earliest = timelimits.earliest_end(HEARING_NOTICE, data["on"], case.organ).date
    if hearing < earliest:
        return f"应当于举行听证的五日前书面通知当事人：{_fmt(data['on'])}通知的，听证最早于{_fmt(earliest)}举行。"
    return None


def _has_step(case: ReconsiderationCase, code: str) -> bool:
    return bool(case.pk) and case.transitions.filter(action=code).exists()


def guard_not_received_yet(case: ReconsiderationCase, data: dict[str, Any]) -> str | None:
    if _has_step(case, "receive"):
        return "申请已登记收到。"
    if case.state == State.FORWARDING and not _has_step(case, "forward"):
        return "原行政机关尚未转送该申请（第三十二条），转送后再登记收到。"
    return None


def guard_not_lodged(case: ReconsiderationCase, data: dict[str, Any]) -> str | None:
    return "原行政机关已登记收到申请。" if _has_step(case, "lodge") else None


def guard_not_forwarded(case: ReconsiderationCase, data: dict[str, Any]) -> str | None:
    return "原行政机关已转送该申请。" if _has_step(case, "forward") else None


# ------------------------------------------------------------------------------------------------ effects

def effect_accept(case: ReconsiderationCase, step: Step) -> None:
    case.procedure = step.data.get("procedure") or Procedure.ORDINARY
    case.accepted_on = step.on
    # The procedure decides the periods, so the clocks start after it is set (not from the step's table).
    step.clocks["decision"] = clocks.apply(RECON, case, "decision", "start", step)
    step.clocks["copy"] = clocks.apply(RECON, case, "copy", "start", step)
    case.decision_due_on = step.clocks["decision"].due_on
    step.record["decision_due"] = clocks.due_record(step.clocks["decision"])


def effect_copy_sent(case: ReconsiderationCase, step: Step) -> None:
    case.copy_sent_on = step.on


def effect_answer(case: ReconsiderationCase, step: Step) -> None:
    case.answer_on = step.on


def effect_hearing(case: ReconsiderationCase, step: Step) -> None:
    case.hearing_on = step.data["hearing_on"]


def effect_committee(case: ReconsiderationCase, step: Step) -> None:
    case.committee_consulted = True


def effect_to_ordinary(case: ReconsiderationCase, step: Step) -> None:
    case.procedure = Procedure.ORDINARY
    for kind in ("decision", "copy", "answer"):
        step.clocks[kind] = clocks.change_rule(RECON, case, kind)
    case.decision_due_on = step.clocks["decision"].due_on


def effect_due(case: ReconsiderationCase, step: Step) -> None:
    case.decision_due_on = step.clocks["decision"].due_on


def effect_suspend(case: ReconsiderationCase, step: Step) -> None:
    case.suspension_ground = step.data["ground"]
    case.decision_due_on = None
    if case.suspension_ground in LAPSING_GROUNDS:  # 第四十一条第五项: only these end the case after 60 days
        clocks.apply(RECON, case, "suspension", "start", step)


def effect_resume(case: ReconsiderationCase, step: Step) -> None:
    case.suspension_ground = ""
    case.decision_due_on = step.clocks["decision"].due_on


def _ends(outcome: str):
    def effect(case: ReconsiderationCase, step: Step) -> None:
        case.outcome = step.data.get("outcome") or outcome
        case.decided_on = step.on
        case.decision_text = step.data.get("decision_text", "") or case.decision_text
        case.performance = Performance.PENDING if case.outcome in TO_PERFORM else Performance.NONE
        decision = step.clocks.get("decision")
        step.record["on_time"] = decision is None or decision.state == "met"

    return effect


# ------------------------------------------------------------------------------------------------ table

S = State
ON_SERVED = "补正通知送达申请人之日为办理日期：申请人的补正期限自该日起算。"
_OPEN = frozenset({S.HEARING, S.SUSPENDED})
_END_CLOCKS = ("decision.stop", "copy.cancel", "answer.cancel", "suspension.cancel")

TRANSITIONS = {t.code: t for t in [
    Transition("lodge", "原行政机关收到申请", frozenset({S.FORWARDING}), S.FORWARDING, (MANAGE,), clock=("forward.start",),
               guards=(guard_not_lodged,), shown_if=(guard_not_lodged,),
               help="对当场作出或者依据电子技术监控设备记录的违法事实作出的行政处罚决定不服，通过作出决定的行政机关提交申请的，"
                    "该机关收到之日为办理日期，转送期限自该日起算（第三十二条）。"),
    Transition("forward", "原行政机关转送申请", frozenset({S.FORWARDING}), S.FORWARDING, (MANAGE,), clock=("forward.stop",),
               guards=(guard_not_forwarded,), shown_if=(guard_not_forwarded,),
               help="原行政机关认为需要维持行政处罚决定的，自收到申请之日起五个工作日内转送行政复议机关（第三十二条第二款）；"
                    "转送之日为办理日期。复议机关收到后登记收到申请，受理审查期限自收到之日起算。"),
    Transition("agency_corrected", "原行政机关自行纠正，申请人撤回申请", frozenset({S.FORWARDING}), S.WITHDRAWN, (MANAGE,),
               guards=(guard_not_forwarded,), shown_if=(guard_not_forwarded,), clock=("forward.cancel",),
               reason_label="原行政机关的处理情况", reason_required=True, style="secondary"),
    Transition("receive", "登记收到申请", frozenset({S.REVIEWING, S.FORWARDING}), S.REVIEWING, (MANAGE,),
               clock=("review.start",), guards=(guard_not_received_yet,), shown_if=(guard_not_received_yet,),
               help="收到申请之日为办理日期，受理审查期限自该日起算。"),
    Transition("request_correction", "通知补正", frozenset({S.REVIEWING}), S.CORRECTION, (MANAGE,),
               fields=(Field("items", "需要补正的事项", "textarea"),), guards=(guard_correction_notice_in_time,),
               clock=("review.pause", "correction.start"), help=ON_SERVED),
    Transition("extend_correction", "延长补正期限", frozenset({S.CORRECTION}), S.CORRECTION, (MANAGE,),
               fields=(Field("extension_days", "延长（工作日）", "int"),), clock=("correction.extend",),
               reason_label="申请人不能按期补正的正当理由", reason_required=True),
    Transition("materials_received", "收到补正材料", frozenset({S.CORRECTION}), S.REVIEWING, (MANAGE,),
               guards=(guard_materials_in_time,), clock=("correction.stop", "review.restart"),
               help="受理审查期限自收到补正材料之日起重新计算（第三十一条第一款）。"),
    Transition("deem_withdrawn", "逾期未补正，视为放弃申请", frozenset({S.CORRECTION}), S.WITHDRAWN, (MANAGE,),
               guards=(guard_correction_lapsed,), clock=("correction.cancel", "review.cancel"), style="secondary"),
    Transition("accept", "决定受理", frozenset({S.REVIEWING}), S.HEARING, (MANAGE,),
               fields=(Field("procedure", "审理程序", "choice", choices=tuple(Procedure.choices)),
                       Field("simple_ground", "简易程序适用情形（第五十三条）", "choice", required=False,
                             choices=SIMPLE_GROUNDS)),
               guards=(guard_simple_ground,), clock=("review.stop",), effect=effect_accept),
    Transition("deem_accepted", "审查期限届满，视为受理", frozenset({S.REVIEWING}), S.HEARING, (MANAGE,),
               guards=(guard_review_lapsed,), clock=("review.stop",), effect=effect_accept, style="secondary",
               help="受理审查期限届满未作出不予受理决定的，视为受理（第三十条第二款）；办理日期为期限届满之日。"),
    Transition("reject", "决定不予受理", frozenset({S.REVIEWING}), S.REJECTED, (MANAGE,), clock=("review.stop",),
               reason_label="不予受理的理由", reason_required=True, style="danger"),
    Transition("send_copy", "发送申请书副本", frozenset({S.HEARING}), S.HEARING, (MANAGE,),
               guards=(guard_copy_not_sent,), shown_if=(guard_copy_not_sent,), clock=("copy.stop", "answer.start"), effect=effect_copy_sent,
               help="被申请人的答复期限自该日起算。"),
    Transition("receive_answer", "收到被申请人答复", frozenset({S.HEARING}), S.HEARING, (MANAGE,),
               guards=(guard_answer_pending,), shown_if=(guard_answer_pending,), clock=("answer.stop",), effect=effect_answer),
    Transition("schedule_hearing", "通知听证", frozenset({S.HEARING}), S.HEARING, (MANAGE,),
               fields=(Field("hearing_on", "听证日期", "date"), Field("place", "听证地点")),
               guards=(guard_hearing_notice,), effect=effect_hearing),
    Transition("consult_committee", "提请行政复议委员会咨询", frozenset({S.HEARING}), S.HEARING, (MANAGE,),
               fields=(Field("ground", "提请情形（第五十二条）", "choice", choices=COMMITTEE_GROUNDS),),
               guards=(guard_not_consulted,), shown_if=(guard_not_consulted,), effect=effect_committee),
    Transition("to_ordinary", "转为普通程序", frozenset({S.HEARING}), S.HEARING, (APPROVE,),
               guards=(guard_is_simple,), shown_if=(guard_is_simple,), effect=effect_to_ordinary, reason_label="不宜适用简易程序的理由",
               reason_required=True, help="经行政复议机构的负责人批准（第五十五条）；审理期限按普通程序自受理之日起计算。"),
    Transition("extend", "延长审理期限", frozenset({S.HEARING}), S.HEARING, (APPROVE,),
               fields=(Field("extension_days", "延长（日）", "int"), Field("notice_on", "书面告知当事人日期", "date")),
               guards=(guard_is_ordinary,), clock=("decision.extend",), effect=effect_due,
               reason_label="情况复杂的理由", reason_required=True,
               help="经行政复议机构的负责人批准，可以适当延长，最多不超过三十日，并书面告知当事人（第六十二条第一款）。"),
    Transition("suspend", "中止审理", frozenset({S.HEARING}), S.SUSPENDED, (MANAGE,),
               fields=(Field("ground", "中止情形（第三十九条）", "choice", choices=tuple(SuspensionGround.choices)),),
               clock=("decision.pause",), effect=effect_suspend),
    Transition("resume", "恢复审理", frozenset({S.SUSPENDED}), S.HEARING, (MANAGE,),
               clock=("decision.resume", "suspension.stop"), effect=effect_resume),
    Transition("terminate", "终止行政复议", _OPEN, S.CLOSED, (MANAGE,), clock=_END_CLOCKS,
               effect=_ends(Outcome.TERMINATED), reason_label="终止的理由（第四十一条）", reason_required=True,
               style="danger"),
    Transition("settle", "和解后撤回申请", _OPEN, S.CLOSED, (MANAGE,), clock=_END_CLOCKS,
               effect=_ends(Outcome.SETTLED), reason_label="和解内容", reason_required=True, style="secondary"),
    Transition("decide", "作出行政复议决定", frozenset({S.HEARING}), S.CLOSED, (MANAGE,),
               fields=(Field("outcome", "决定", "choice",
                             choices=tuple((o.value, o.label) for o in Outcome if o not in (Outcome.SETTLED,
                                                                                           Outcome.TERMINATED))),
                       Field("decision_text", "决定书主要内容", "textarea", logged=False)),
               clock=_END_CLOCKS, effect=_ends("")),
]}


def case_steps(case: ReconsiderationCase) -> QuerySet[TransitionRecord]:
    """The case's timeline in the kernel's one log: its own steps and those of its 意见书 / 建议书, in the
    order taken (an opinion's steps are logged on the opinion, `opinions.OPINION`)."""
    kinds = ContentType.objects.get_for_models(ReconsiderationCase, Opinion)
    return TransitionRecord.objects.filter(
        Q(case_type=kinds[ReconsiderationCase], case_id=case.pk)
        | Q(case_type=kinds[Opinion], case_id__in=Opinion.objects.filter(case_id=case.pk).values("pk"))
    ).select_related("case_type").order_by("on", "at", "id")


def _last_step(case: ReconsiderationCase) -> tuple[str, datetime.date] | None:
    """The latest dated step on the case's timeline, an opinion's included (no step may predate it)."""
    last = case_steps(case).order_by("-on", "-at", "-id").first()
    return (step_label(last), last.on) if last else None


def step_label(record: TransitionRecord) -> str:
    """A timeline entry's name; an opinion's step says it is one (意见书、建议书制发)."""
    if record.workflow == "reconsideration.opinion":
        return f"意见书、建议书{record.get_action_label()}"
    return record.get_action_label()


def _clock(label: str, rule, action: str) -> ClockSpec:
    return ClockSpec(label, rule, action=action, warn_rule=WARN, notify=(MANAGE,))


RECON = Workflow(
    name="reconsideration", label="行政复议", model=ReconsiderationCase, transitions=TRANSITIONS,
    unit_of=lambda case: case.organ,
    clocks={
        "forward": ClockSpec("原行政机关转送", FORWARD, action="将申请转送行政复议机关", warn_rule=WARN, notify=(MANAGE,)),
        "review": _clock("受理审查", REVIEW, "作出是否受理的决定"),
        "correction": _clock("补正", CORRECTION, "收到补正材料"),
        "copy": _clock("发送副本", _copy_rule, "发送申请书副本"),
        "answer": _clock("被申请人答复", _answer_rule, "提出书面答复"),
        "decision": _clock("复议决定", _decision_rule, "作出行政复议决定"),
        "suspension": _clock("中止", SUSPENSION, "恢复审理，否则终止行政复议"),
    },
    describe=lambda case: f"行政复议案件{case.case_number}",
    link=lambda case: reverse("reconsideration:detail", args=[case.pk]),
    last_step=_last_step, select_related=("organ",),
    snapshot_fields=["state", "procedure", "outcome", "accepted_on", "decided_on", "decision_due_on"],
)
