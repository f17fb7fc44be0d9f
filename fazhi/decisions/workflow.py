"""A major decision's lifecycle as one table, run by the kernel's engine (docs/modules.md).

启动 → 公众参与 → 听证 → 专家论证 → 风险评估 → 公平竞争审查 → 合法性审查 → 集体讨论决定 → 党委请示报告
(→ 报告人大) → 公布 → 执行 → 后评估, with 调整 (back to drafting, a new round of procedures, art. 37) and
中止. The optional procedures are entered from 草案拟订 and return to it; which of them a decision must
complete comes from its catalogue entry, and the gates (`fazhi.decisions.gates`) refuse any step that
would skip one, naming it and the article that asks for it.
"""

from __future__ import annotations

import datetime

from django.urls import reverse

from fazhi.decisions import gates
from fazhi.decisions.capabilities import MANAGE_DECISIONS, REVIEW_DECISIONS, UNDERTAKE_DECISIONS
from fazhi.decisions.models import (
    CounselParticipation,
    Decision,
    PostEvaluation,
    Procedure,
    State,
)
from fazhi.workflow import clocks, steplog
from fazhi.workflow.engine import ClockSpec, Field, Step, Transition, Workflow

UNDERTAKERS = (UNDERTAKE_DECISIONS, MANAGE_DECISIONS)
REVIEWERS = (REVIEW_DECISIONS,)
BODY = (MANAGE_DECISIONS,)
S = State

RISK_CHOICES = (("controllable", "风险可控"), ("uncontrollable", "风险不可控"))
FAIR_CHOICES = (("no_effect", "不具有排除、限制竞争效果"), ("exception", "具有限制竞争效果但符合例外规定"),
                ("restricts", "具有排除、限制竞争效果，不得出台"))
MEETING_CHOICES = (("standing", "常务会议"), ("plenary", "全体会议"))
YES_NO = (("no", "否"), ("yes", "是"))
COUNSEL_KIND = tuple(CounselParticipation.Kind.choices)

COUNSEL_FIELDS = (
    Field("counsel_name", "参与的法律顾问或公职律师", required=False, help="条例第二十八条：审查中应当组织法律顾问、公职律师提出法律意见"),
    Field("counsel_kind", "身份", "choice", required=False, choices=COUNSEL_KIND),
)


# ------------------------------------------------------------------------------------------------ effects

def _counsel(procedure: str):
    def record(decision: Decision, step: Step) -> None:
        name = step.data.get("counsel_name")
        if name:
            CounselParticipation.objects.create(
                decision=decision, procedure=procedure, kind=step.data.get("counsel_kind") or "adviser", name=name,
                opinion=step.data.get("reason", ""), on=step.on)
    return record


def effect_open_comment(decision: Decision, step: Step) -> None:
    decision.comment_start, decision.comment_end = step.on, step.data["comment_end"]
    decision.comment_shortened = step.data.get("shortened", "")
    decision.adoption, decision.adoption_published_on = "", None


def effect_close_comment(decision: Decision, step: Step) -> None:
    decision.adoption, decision.adoption_published_on = step.data["adoption"], step.on


def effect_schedule_hearing(decision: Decision, step: Step) -> None:
    """The announcement goes on the portal the same day: time, place, the draft and the selection method."""
    decision.hearing_on, decision.hearing_announced_on = step.data["hearing_on"], step.on
    decision.hearing_place, decision.hearing_selection = step.data["place"], step.data["selection"]
    decision.hearing_materials_sent_on = step.data.get("materials_sent_on")
    decision.hearing_participants, decision.participants_published_on = "", None
    if step.data.get("participants"):  # chosen already: published with the announcement
        effect_publish_participants(decision, step)


def effect_publish_participants(decision: Decision, step: Step) -> None:
    decision.hearing_participants, decision.participants_published_on = step.data["participants"], step.on


def effect_hold_hearing(decision: Decision, step: Step) -> None:
    decision.hearing_on = step.on
    if step.data.get("materials_sent_on"):
        decision.hearing_materials_sent_on = step.data["materials_sent_on"]


def effect_finish_risk(decision: Decision, step: Step) -> None:
    decision.risk_conclusion = step.data["conclusion"]


def effect_fair_competition(decision: Decision, step: Step) -> None:
    decision.fair_competition_conclusion = step.data["conclusion"]


def effect_submit_review(decision: Decision, step: Step) -> None:
    decision.review_submitted_on = step.on
    decision.discussion_planned_on = step.data["discussion_planned_on"]
    decision.review_outcome = ""
    clock = step.clocks["review"]
    decision.review_due_on = clock.due_on
    step.record["clock"] = {"due": clocks.due_record(clock)}


def reviewed(outcome: str):
    counsel = _counsel(Procedure.LEGALITY)

    def effect(decision: Decision, step: Step) -> None:
        decision.review_outcome = outcome
        decision.review_due_on = None
        if outcome == "exploratory":
            decision.legal_risks = step.data["legal_risks"]
        counsel(decision, step)
    return effect


def effect_decide(decision: Decision, step: Step) -> None:
    decision.decided_on = step.on
    decision.meeting = dict(MEETING_CHOICES)[step.data["meeting_kind"]]
    decision.dissent = step.data["dissent"]
    _counsel(Procedure.COLLECTIVE)(decision, step)


def effect_report_party(decision: Decision, step: Step) -> None:
    decision.party_reported_on = step.on


def effect_report_npc(decision: Decision, step: Step) -> None:
    decision.npc_reported_on = step.on


def effect_publish(decision: Decision, step: Step) -> None:
    decision.published_on = step.on
    if step.data.get("doc_number"):
        decision.doc_number = step.data["doc_number"]


def effect_start_execution(decision: Decision, step: Step) -> None:
    from fazhi.decisions.execution import put_on_ledger

    plan, created = put_on_ledger(decision)
    decision.execution_plan = plan
    step.record["ledger"] = {"plan": plan.pk, "tasks": created}


def effect_start_evaluation(decision: Decision, step: Step) -> None:
    PostEvaluation.objects.create(decision=decision, trigger=step.data["trigger"], evaluator=step.data["evaluator"],
                                  started_on=step.on)


def effect_conclude_evaluation(decision: Decision, step: Step) -> None:
    evaluation = decision.evaluations.filter(concluded_on__isnull=True).order_by("-started_on", "-id").first()
    if evaluation is not None:
        evaluation.findings, evaluation.conclusion = step.data["findings"], step.data["conclusion"]
        evaluation.concluded_on = step.on
        evaluation.save()


def effect_adjust(decision: Decision, step: Step) -> None:
    """A major adjustment follows the same procedures again (art. 37): a new round, the old records kept."""
    decision.round += 1
    for name in ("comment_start", "comment_end", "adoption_published_on", "hearing_on", "hearing_materials_sent_on",
                 "hearing_announced_on", "participants_published_on",
                 "review_submitted_on", "review_due_on", "discussion_planned_on", "decided_on",
                 "party_reported_on", "npc_reported_on"):
        setattr(decision, name, None)
    for name in ("comment_shortened", "adoption", "hearing_participants", "hearing_place", "hearing_selection",
                 "risk_conclusion",
                 "fair_competition_conclusion", "review_outcome", "legal_risks", "meeting", "dissent"):
        setattr(decision, name, "")


# ------------------------------------------------------------------------------------------------- table

TRANSITIONS: dict[str, Transition] = {t.code: t for t in [
    Transition("open_comment", "公开征求意见", frozenset({S.DRAFTING}), S.COMMENT, UNDERTAKERS,
               fields=(Field("comment_end", "征求意见截止日期", "date"),
                       Field("shortened", "缩短期限的说明", "textarea", required=False,
                             help="公开征求意见期限一般不少于30日；因情况紧急等原因缩短的，须在公告中说明（条例第十五条）")),
               guards=(gates.guard_draft, gates.guard_comment_period), effect=effect_open_comment),
    Transition("close_comment", "结束征求意见并公布采纳情况", frozenset({S.COMMENT}), S.DRAFTING, UNDERTAKERS,
               fields=(Field("adoption", "意见采纳情况", "textarea", logged=False,
                             help="归纳整理公众意见及研究采纳情况，将在门户公布（条例第十八条、第三十二条）"),),
               guards=(gates.guard_comment_closed,), effect=effect_close_comment),
    Transition("schedule_hearing", "公告听证会", frozenset({S.DRAFTING}), S.HEARING, UNDERTAKERS,
               fields=(Field("hearing_on", "听证会日期", "date"), Field("place", "听证会地点"),
                       Field("selection", "听证参加人遴选办法", "textarea",
                             help="提前公布遴选办法，公平公开组织遴选，保证相关各方都有代表参加（条例第十六条）；与决策草案及说明、时间、地点一并在门户公告"),
                       Field("participants", "听证参加人名单", "textarea", required=False,
                             help="已遴选的可一并公布；否则遴选后以“公布听证参加人名单”提前向社会公布"),
                       Field("materials_sent_on", "材料送达日期", "date", required=False)),
               guards=(gates.guard_hearing_date,), effect=effect_schedule_hearing),
    Transition("publish_participants", "公布听证参加人名单", frozenset({S.HEARING}), S.HEARING, UNDERTAKERS,
               fields=(Field("participants", "听证参加人名单", "textarea", help="听证参加人名单应当提前向社会公布（条例第十六条）"),),
               guards=(gates.guard_participants_in_advance,), effect=effect_publish_participants),
    Transition("hold_hearing", "召开听证会", frozenset({S.HEARING}), S.DRAFTING, UNDERTAKERS,
               fields=(Field("materials_sent_on", "材料送达日期", "date", required=False, help="公告时已填写的可不填"),),
               guards=(gates.guard_participants_published, gates.guard_hearing_materials), effect=effect_hold_hearing,
               reason_label="听证会记录", reason_required=True),
    Transition("start_expert", "组织专家论证", frozenset({S.DRAFTING}), S.EXPERT, UNDERTAKERS),
    Transition("finish_expert", "完成专家论证", frozenset({S.EXPERT}), S.DRAFTING, UNDERTAKERS,
               guards=(gates.guard_expert_opinions,), reason_label="论证意见研究采纳情况", reason_required=True),
    Transition("start_risk", "组织风险评估", frozenset({S.DRAFTING}), S.RISK, UNDERTAKERS),
    Transition("finish_risk", "形成风险评估报告", frozenset({S.RISK}), S.DRAFTING, UNDERTAKERS,
               fields=(Field("conclusion", "评估结论", "choice", choices=RISK_CHOICES),),
               effect=effect_finish_risk, reason_label="风险点及防范措施", reason_required=True),
    Transition("record_fair_competition", "记录公平竞争审查", frozenset({S.DRAFTING}), S.DRAFTING, UNDERTAKERS,
               fields=(Field("conclusion", "审查结论", "choice", choices=FAIR_CHOICES),),
               effect=effect_fair_competition, reason_label="审查说明"),
    Transition("submit_review", "送请合法性审查", frozenset({S.DRAFTING}), S.REVIEW, UNDERTAKERS,
               fields=(Field("discussion_planned_on", "拟提请讨论日期", "date",
                             help="应保证审查时间一般不少于7个工作日（条例第二十六条）"),),
               guards=(gates.guard_draft, gates.guard_before_review, gates.guard_review_time),
               clock=("review.start",), effect=effect_submit_review),
    Transition("pass_review", "审查通过", frozenset({S.REVIEW}), S.REVIEWED, REVIEWERS, fields=COUNSEL_FIELDS,
               clock=("review.stop",), effect=reviewed("passed"), reason_label="合法性审查意见",
               reason_required=True, style="success"),
    Transition("fail_review", "审查不通过（退回修改）", frozenset({S.REVIEW}), S.DRAFTING, REVIEWERS,
               fields=COUNSEL_FIELDS, clock=("review.stop",), effect=reviewed("failed"),
               reason_label="合法性审查意见（不合法之处）", reason_required=True, style="danger"),
    Transition("exploratory", "探索性改革事项：明示法律风险", frozenset({S.REVIEW}), S.REVIEWED, REVIEWERS,
               fields=(Field("legal_risks", "法律风险", "textarea",
                             help="国家尚无明确规定的探索性改革决策事项，明示法律风险后可提交讨论（条例第二十五条）"),
                       *COUNSEL_FIELDS),
               clock=("review.stop",), effect=reviewed("exploratory"), reason_label="合法性审查意见",
               reason_required=True, style="warning"),
    Transition("decide", "集体讨论决定", frozenset({S.DRAFTING, S.REVIEWED}), S.DECIDED, BODY,
               fields=(Field("meeting_kind", "会议", "choice", choices=MEETING_CHOICES),
                       Field("dissent", "不同意见", "textarea", help="如实载明不同意见；没有的填“无”（条例第三十条）"),
                       Field("head_departs", "行政首长决定与多数意见不一致", "choice", choices=YES_NO),
                       Field("head_reason", "行政首长说明的理由", "textarea", required=False), *COUNSEL_FIELDS),
               guards=(gates.guard_review_passed, gates.guard_procedures_before_discussion,
                       gates.guard_risk_controllable, gates.guard_head_reason),
               effect=effect_decide, reason_label="决定内容", reason_required=True, style="success",
               from_hint="只有合法性审查后的决策草案可以提交集体讨论"),
    Transition("defer", "讨论后暂缓（修改后再议）", frozenset({S.REVIEWED}), S.DRAFTING, BODY,
               reason_label="讨论意见", reason_required=True, style="outline-danger"),
    Transition("report_party", "向同级党委请示报告", frozenset({S.DECIDED}), S.DECIDED, BODY,
               guards=(gates.not_yet("party_reported_on"),), shown_if=(gates.not_yet("party_reported_on"),),
               effect=effect_report_party, help="条例第三十一条"),
    Transition("report_npc", "向人大常委会报告", frozenset({S.DECIDED}), S.DECIDED, BODY,
               guards=(gates.npc_needed,), shown_if=(gates.npc_needed,), effect=effect_report_npc, help="条例第八条"),
    Transition("publish", "公布决策", frozenset({S.DECIDED}), S.PUBLISHED, BODY,
               fields=(Field("doc_number", "文号", required=False),),
               guards=(gates.guard_before_publication,), effect=effect_publish, help="条例第三十二条"),
    Transition("start_execution", "组织执行（列入督查台账）", frozenset({S.PUBLISHED}), S.EXECUTING, BODY,
               guards=(gates.guard_requirements,), effect=effect_start_execution, help="条例第三十四条"),
    Transition("start_evaluation", "启动决策后评估", frozenset({S.EXECUTING}), S.EVALUATING, BODY,
               fields=(Field("trigger", "启动情形", "choice", choices=tuple(PostEvaluation.Trigger.choices)),
                       Field("evaluator", "评估单位")),
               effect=effect_start_evaluation, help="条例第三十六条"),
    Transition("conclude_evaluation", "完成后评估", frozenset({S.EVALUATING}), S.EXECUTING, BODY,
               fields=(Field("findings", "评估结论", "textarea"),
                       Field("conclusion", "处理建议", "choice", choices=tuple(PostEvaluation.Conclusion.choices))),
               effect=effect_conclude_evaluation),
    Transition("adjust", "调整决策（重新履行程序）", frozenset({S.EXECUTING, S.SUSPENDED}), S.DRAFTING, BODY,
               effect=effect_adjust, reason_label="调整理由", reason_required=True, style="outline-danger",
               help="需要作出重大调整的，应当依照条例履行相关法定程序（条例第三十七条）"),
    Transition("suspend", "中止执行", frozenset({S.EXECUTING}), S.SUSPENDED, BODY, reason_label="中止理由",
               reason_required=True, style="outline-danger", help="执行中出现第三十五条情形、情况紧急的，行政首长可以先决定中止执行（条例第三十七条）"),
    Transition("resume", "恢复执行", frozenset({S.SUSPENDED}), S.EXECUTING, BODY, reason_label="恢复理由",
               reason_required=True),
]}


def last_step(decision: Decision) -> tuple[str, datetime.date]:
    return steplog.last_step(decision) or ("启动", decision.started_on)


def _reindex(decision: Decision, step: Step, was_public: bool) -> None:
    from fazhi.decisions import indexing

    if decision.is_public or was_public:
        indexing.reindex(decision)


DECISION_FIELDS = [
    "title", "state", "round", "comment_start", "comment_end", "adoption_published_on", "hearing_on",
    "hearing_announced_on", "participants_published_on",
    "hearing_materials_sent_on", "risk_conclusion", "fair_competition_conclusion", "review_submitted_on",
    "review_due_on", "discussion_planned_on", "review_outcome", "decided_on", "meeting", "party_reported_on",
    "npc_reported_on", "published_on", "doc_number",
]

DECISION = Workflow(
    name="decision", label="重大行政决策", model=Decision, transitions=TRANSITIONS,
    unit_of=lambda d: d.lead_unit,
    clocks={"review": ClockSpec("合法性审查", gates.REVIEW_MIN, action="出具合法性审查意见",
                                warn_rule=gates.REVIEW_WARN, notify=REVIEWERS)},
    describe=lambda d: f"重大行政决策“{d.title}”", link=lambda d: reverse("decisions:detail", args=[d.pk]),
    last_step=last_step, snapshot_fields=DECISION_FIELDS, after=_reindex, is_public=lambda d: d.is_public,
    select_related=("lead_unit", "body"),
)
