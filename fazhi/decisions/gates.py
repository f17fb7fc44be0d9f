"""The gates of a major decision's procedure: each returns a Chinese refusal that says what and why, or None.

Every figure comes from an office-editable time-limit rule (`fazhi.workflow.timelimits`) whose default
and source are the articles of 《重大行政决策程序暂行条例》 (国务院令第713号) quoted below; gates never
hold a number of days and never write.
"""

from __future__ import annotations

import datetime
from typing import Any

from fazhi.decisions.models import Decision, Procedure
from fazhi.workflow import timelimits
from fazhi.workflow.timelimits import ND, WD, Rule

COMMENT_MIN = "decision.comment_min"
HEARING_MATERIALS = "decision.hearing_materials"
REVIEW_MIN = "decision.review_min"
REVIEW_WARN = "decision.review_warn"

TIME_LIMITS = (
    Rule(COMMENT_MIN, "公开征求意见期限（最少）", 30, ND, False,
         "重大行政决策程序暂行条例第十五条：公开征求意见的期限一般不少于30日；因情况紧急等原因需要缩短期限的，"
         "公开征求意见时应当予以说明"),
    Rule(HEARING_MATERIALS, "听证会材料送达（会前最少）", 7, ND, False,
         "重大行政决策程序暂行条例第十六条：听证会材料应当于召开听证会7日前送达听证参加人"),
    Rule(REVIEW_MIN, "合法性审查时间（最少）", 7, WD, False,
         "重大行政决策程序暂行条例第二十六条：送请合法性审查，应当保证必要的审查时间，一般不少于7个工作日"),
    Rule(REVIEW_WARN, "合法性审查到期前提醒（提前）", 2, WD, False, "到期前提醒审查部门"),
)

# Why a procedure is due, for refusals: the article that asks for it.
BASIS = {
    Procedure.PARTICIPATION: "条例第十四条、第十五条",
    Procedure.HEARING: "条例第十六条",
    Procedure.EXPERT: "条例第十九条",
    Procedure.RISK: "条例第二十二条",
    Procedure.FAIR_COMPETITION: "条例第二十九条第一项，公平竞争审查条例",
    Procedure.LEGALITY: "条例第二十五条",
    Procedure.COLLECTIVE: "条例第三十条",
    Procedure.NPC_REPORT: "条例第八条",
}

# The step whose completion fulfils a procedure (in the current round of the decision).
COMPLETED_BY = {
    "close_comment": Procedure.PARTICIPATION,
    "hold_hearing": Procedure.HEARING,
    "finish_expert": Procedure.EXPERT,
    "finish_risk": Procedure.RISK,
    "record_fair_competition": Procedure.FAIR_COMPETITION,
    "pass_review": Procedure.LEGALITY,
    "exploratory": Procedure.LEGALITY,
    "decide": Procedure.COLLECTIVE,
    "report_npc": Procedure.NPC_REPORT,
}

# Procedures that must be complete before the draft goes to legality review (the review checks that the
# statutory procedures were followed, art. 27 (二)).
BEFORE_REVIEW = (Procedure.PARTICIPATION, Procedure.HEARING, Procedure.EXPERT, Procedure.RISK,
                 Procedure.FAIR_COMPETITION)


def fmt(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


# 调整 (art. 37) closes a round: the steps after the latest one are the current round's.
ADJUST = "adjust"


def current_round(decision: Decision):
    """The decision's steps since its latest 调整 (all of them in the first round)."""
    steps = decision.transitions.all()
    last_adjust = steps.filter(action=ADJUST).order_by("-id").values_list("id", flat=True).first()
    return steps if last_adjust is None else steps.filter(id__gt=last_adjust)


def with_rounds(steps) -> list[tuple[int, Any]]:
    """(round, step) for steps in the order taken: round 1 until the first 调整, which closes its round."""
    rounds, current = [], 1
    for step in steps:
        rounds.append((current, step))
        current += step.action == ADJUST
    return rounds


def completed(decision: Decision) -> set[str]:
    """The procedures completed in the decision's current round."""
    steps = current_round(decision).filter(action__in=COMPLETED_BY).values_list("action", flat=True)
    return {COMPLETED_BY[s] for s in steps}


def required_before_review(decision: Decision) -> list[str]:
    """The catalogue's required procedures the draft must have completed before legality review."""
    required = [p for p in BEFORE_REVIEW if decision.requires(p)]
    if decision.market_related and Procedure.FAIR_COMPETITION not in required:
        required.append(Procedure.FAIR_COMPETITION)
    return required


def missing_refusal(decision: Decision, procedures: list[str], what: str) -> str | None:
    done = completed(decision)
    missing = [p for p in procedures if p not in done]
    if not missing:
        return None
    listed = "；".join(f"“{Procedure(p).label}”（{BASIS[p]}）" for p in missing)
    return f"本决策须履行的程序尚未完成：{listed}。须履行的程序不得跳过，完成后才能{what}。"


# ------------------------------------------------------------------------------------------------ gates

def guard_draft(decision: Decision, data: dict[str, Any]) -> str | None:
    return None if decision.draft.strip() else "请先填写决策草案及说明：征求意见须公布决策草案及其说明等材料（条例第十五条）。"


def guard_comment_period(decision: Decision, data: dict[str, Any]) -> str | None:
    """At least 30 days of public comment (art. 15) unless the notice explains a shorter period."""
    end = data.get("comment_end")
    if end is None:
        return None
    if end < data["on"]:
        return "征求意见截止日期不能早于开始日期。"
    rule = timelimits.get_rule(COMMENT_MIN, decision.lead_unit)
    earliest = timelimits.earliest_end(COMMENT_MIN, data["on"], decision.lead_unit).date
    if end >= earliest or data.get("shortened"):
        return None
    return (f"公开征求意见的期限一般不少于{rule.describe()}（条例第十五条）：自{fmt(data['on'])}起算最早于"
            f"{fmt(earliest)}届满，计划截止日期为{fmt(end)}。因情况紧急等原因需要缩短期限的，请填写缩短期限的说明。")


def guard_comment_closed(decision: Decision, data: dict[str, Any]) -> str | None:
    if decision.comment_end and data["on"] < decision.comment_end:
        return f"征求意见尚未截止（公告的截止日期为{fmt(decision.comment_end)}），不能提前结束征求意见。"
    pending = decision.comments.filter(handling="pending").count()
    if pending:
        return f"尚有{pending}条公众意见未研究处理：请逐条说明采纳情况后再结束征求意见（条例第十八条）。"
    return None


def guard_hearing_date(decision: Decision, data: dict[str, Any]) -> str | None:
    hearing_on = data.get("hearing_on")
    if hearing_on and hearing_on < data["on"]:
        return "听证会日期不能早于公告日期。"
    return None


def guard_participants_in_advance(decision: Decision, data: dict[str, Any]) -> str | None:
    """The participants' names go public before the hearing day (art. 16: 听证参加人名单应当提前向社会公布)."""
    if decision.hearing_on and data["on"] >= decision.hearing_on:
        return (f"听证参加人名单应当提前向社会公布（条例第十六条）：听证会定于{fmt(decision.hearing_on)}召开，"
                f"名单须在此之前公布；如需改期，请在听证会记录中说明并重新公告。")
    return None


def guard_participants_published(decision: Decision, data: dict[str, Any]) -> str | None:
    """No hearing before its participants' names were published, on an earlier day (art. 16)."""
    published = decision.participants_published_on
    if published is None:
        return "听证参加人名单尚未向社会公布：请先“公布听证参加人名单”（条例第十六条：听证参加人名单应当提前向社会公布）。"
    if published >= data["on"]:
        return (f"听证参加人名单于{fmt(published)}公布，听证会应在名单公布之后召开（条例第十六条：名单应当提前向社会公布）。")
    return None


def guard_hearing_materials(decision: Decision, data: dict[str, Any]) -> str | None:
    """Materials reached the participants at least 7 days before the hearing (art. 16)."""
    sent = data.get("materials_sent_on") or decision.hearing_materials_sent_on
    if sent is None:
        return "请填写听证会材料送达听证参加人的日期（条例第十六条）。"
    rule = timelimits.get_rule(HEARING_MATERIALS, decision.lead_unit)
    earliest = timelimits.earliest_end(HEARING_MATERIALS, sent, decision.lead_unit).date
    if data["on"] >= earliest:
        return None
    return (f"听证会材料应当于召开听证会{rule.describe()}前送达听证参加人（条例第十六条）：材料于{fmt(sent)}送达，"
            f"听证会最早可于{fmt(earliest)}召开。")


def guard_expert_opinions(decision: Decision, data: dict[str, Any]) -> str | None:
    if decision.expert_opinions.filter(round=decision.round).exists():
        return None
    return "尚未记录专家论证意见：请先从专家库选择专家并记录其论证意见（条例第十九条、第二十条）。"


def guard_before_review(decision: Decision, data: dict[str, Any]) -> str | None:
    return missing_refusal(decision, required_before_review(decision), "报送合法性审查")


def guard_review_time(decision: Decision, data: dict[str, Any]) -> str | None:
    """The 承办单位 leaves the reviewer at least 7 working days before the planned discussion (art. 26)."""
    planned = data.get("discussion_planned_on")
    if planned is None:
        return None
    rule = timelimits.get_rule(REVIEW_MIN, decision.lead_unit)
    earliest = timelimits.earliest_end(REVIEW_MIN, data["on"], decision.lead_unit).date
    if planned >= earliest:
        return None
    return (f"送请合法性审查应当保证必要的审查时间，一般不少于{rule.describe()}（条例第二十六条）：{fmt(data['on'])}送审，"
            f"最早可于{fmt(earliest)}提请讨论，拟提请讨论日期为{fmt(planned)}。")


def guard_review_passed(decision: Decision, data: dict[str, Any]) -> str | None:
    """No collective discussion without a passed review, save the exploratory-reform exception (art. 25)."""
    if Procedure.LEGALITY in completed(decision):
        return None
    if decision.review_outcome == "failed":
        return ("决策草案经合法性审查不合法，不得提交决策机关讨论（条例第二十五条）；请根据审查意见修改后重新送审。")
    return ("决策草案未经合法性审查，不得提交决策机关讨论（条例第二十五条）。"
            "国家尚无明确规定的探索性改革决策事项，须由审查部门明示法律风险后方可提交讨论。")


def guard_procedures_before_discussion(decision: Decision, data: dict[str, Any]) -> str | None:
    if decision.fair_competition_conclusion == "restricts":
        return ("公平竞争审查结论为具有排除、限制竞争效果且不符合例外规定：决策草案须修改并重新审查后，"
                "方可提交决策机关讨论（条例第二十九条第一项，公平竞争审查条例）。")
    return missing_refusal(decision, required_before_review(decision), "提交集体讨论")


def guard_risk_controllable(decision: Decision, data: dict[str, Any]) -> str | None:
    if decision.requires(Procedure.RISK) and decision.risk_conclusion == "uncontrollable":
        return ("风险评估结论为风险不可控：须采取调整决策草案等措施确保风险可控后，方可作出决策（条例第二十四条）。")
    return None


def guard_head_reason(decision: Decision, data: dict[str, Any]) -> str | None:
    if data.get("head_departs") == "yes" and not data.get("head_reason"):
        return "行政首长拟作出的决定与会议组成人员多数人的意见不一致的，应当在会上说明理由（条例第三十条），请填写理由。"
    return None


def guard_before_publication(decision: Decision, data: dict[str, Any]) -> str | None:
    problems = []
    if decision.party_reported_on is None:
        problems.append("重大行政决策出台前应当按照规定向同级党委请示报告（条例第三十一条），尚无请示报告记录")
    if decision.requires(Procedure.NPC_REPORT) and decision.npc_reported_on is None:
        problems.append("本决策须在出台前向本级人民代表大会常务委员会报告（条例第八条），尚无报告记录")
    return "；".join(problems) + "。" if problems else None


def guard_requirements(decision: Decision, data: dict[str, Any]) -> str | None:
    if decision.requirements.exists():
        return None
    return "请先明确决策执行单位、执行要求和完成时限（条例第三十四条），再组织执行。"


def not_yet(field: str):
    def guard(decision: Decision, data: dict[str, Any]) -> str | None:
        return "已记录，无需重复办理。" if getattr(decision, field) else None

    return guard


def npc_needed(decision: Decision, data: dict[str, Any]) -> str | None:
    if not decision.requires(Procedure.NPC_REPORT):
        return "目录未要求本决策向人大常委会报告。"
    return not_yet("npc_reported_on")(decision, data)
