"""合法性审核 of a normative document as the rules mean it: a floor on the drafter, a clock on the reviewer.

国办发〔2018〕115号 (《国务院办公厅关于全面推行行政规范性文件合法性审核机制的指导意见》) sets the review
time at generally no less than 5 working days and at most 15 (the 宝鸡 审核办法 of the demo: "5个工作日内完成
审核，最长不超过15个工作日"). The two figures bind different people:

* the 5 working days are what the **drafter** must leave the reviewer before the document goes to 集体审议:
  when the drafter submits with a planned deliberation date fewer than 5 working days away, the platform
  warns the drafter (`submission_warning`); it never stops a reviewer from giving an opinion early;
* the 15 working days are the **reviewer's** clock (`legality_review`, counted from 送审, shown 临期 / 逾期 by
  the one daily scan like every other clock);
* 退回补充材料 pauses that clock until the drafter's materials arrive (`request_materials` /
  `supply_materials`), and an extension approved by the reviewing body's head adds to it, only where the
  jurisdiction's own rules allow one: the national text sets 15 as the maximum and provides no extension,
  so the extension cap is an office-editable rule (`LEGALITY_REVIEW_EXTENSION`) whose default is 0.
"""

from __future__ import annotations

import datetime
from typing import Any

from fazhi.core import capabilities as cap
from fazhi.normdocs.models import DocType, NormativeDocument, ReviewKind, State
from fazhi.workflow import clocks, timelimits
from fazhi.workflow.engine import Field, Step, Transition
from fazhi.workflow.timelimits import WD, Rule

LEGALITY_REVIEW_MIN = "normdoc.legality_review_min"
LEGALITY_REVIEW_MAX = "normdoc.legality_review_max"
LEGALITY_REVIEW_WARN = "normdoc.legality_review_warn"
LEGALITY_REVIEW_EXTENSION = "normdoc.legality_review_extension"

SOURCE = "国办发〔2018〕115号《国务院办公厅关于全面推行行政规范性文件合法性审核机制的指导意见》"
APPROVER = "合法性审核机构负责人（依本地规定）"

TIME_LIMITS = (
    Rule(LEGALITY_REVIEW_MIN, "送审应留给审核机构的时间（最少）", 5, WD, False,
         f"{SOURCE}：审核时间一般不少于5个工作日（起草单位应留足审核时间；不限制审核机构提前出具意见）"),
    Rule(LEGALITY_REVIEW_MAX, "合法性审核时间（最长）", 15, WD, True, f"{SOURCE}：最长不超过15个工作日",
         extension_rule=LEGALITY_REVIEW_EXTENSION, approver=APPROVER),
    Rule(LEGALITY_REVIEW_WARN, "合法性审核到期前提醒（提前）", 3, WD, False, "平台提醒设置，非法定期限"),
    Rule(LEGALITY_REVIEW_EXTENSION, "合法性审核期限经批准可延长（最多）", 0, WD, False,
         f"{SOURCE}未规定延长（0表示不得延长）；本地规定允许延长的，按本地规定设置天数并载明依据"),
)

DRAFTERS = (cap.DRAFT_NORMDOCS, cap.MANAGE_NORMDOCS)
REVIEWERS = (cap.REVIEW_NORMDOCS,)


def _fmt(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


# -------------------------------------------------------------------------------------- the drafter's floor

def submission_warning(doc: NormativeDocument, submitted: datetime.date,
                       deliberation: datetime.date | None) -> str | None:
    """A warning for the drafter when the planned 集体审议 leaves the reviewer less than the minimum time.

    The minimum is counted like any minimum period: from the day after 送审, working days only, not
    rolled over; the review has had its full time on the day the count is reached.
    """
    if deliberation is None:
        return None
    rule = timelimits.get_rule(LEGALITY_REVIEW_MIN, doc.issuer)
    earliest = timelimits.earliest_end(rule.code, submitted, doc.issuer).date
    if deliberation >= earliest:
        return None
    return (f"送审时间不足：起草单位应为合法性审核留出不少于{rule.describe()}（{rule.citation}），"
            f"本件{_fmt(submitted)}送审，满{rule.describe()}为{_fmt(earliest)}，拟提请集体审议的日期为"
            f"{_fmt(deliberation)}。审核机构可以提前出具意见；如审核需要更多时间，请调整审议安排。")


def guard_deliberation_date(doc: NormativeDocument, data: dict[str, Any]) -> str | None:
    planned = data.get("deliberation_on")
    if planned is not None and planned < data["on"]:
        return f"拟提请集体审议的日期{_fmt(planned)}早于送审日期{_fmt(data['on'])}。"
    return None


def guard_normative_review(doc: NormativeDocument, data: dict[str, Any]) -> str | None:
    """合法性审核 with its 15-working-day clock is the normative-document procedure; a 规章 goes to the
    法制机构's 审查 under 规章制定程序条例 chapter 4 instead."""
    if doc.doc_type == DocType.RULE:
        return "规章送审稿由法制机构依照《规章制定程序条例》第四章审查，请使用“报送法制机构审查（规章）”。"
    return None


# ------------------------------------------------------------------------------------- the reviewer's clock

def _clock(doc: NormativeDocument):
    return clocks.clock_of(doc, "legality_review")


def guard_clock_running(doc: NormativeDocument, data: dict[str, Any]) -> str | None:
    clock = _clock(doc)
    if clock is None or clock.state not in clock.OPEN_STATES:
        if clock is not None and clock.state == clock.State.PAUSED:
            return "已退回补充材料，正在等待起草单位补充，审核计时已暂停。"
        return "本件没有正在计时的合法性审核期限。"
    return None


def guard_clock_paused(doc: NormativeDocument, data: dict[str, Any]) -> str | None:
    clock = _clock(doc)
    if clock is None or clock.state != clock.State.PAUSED:
        return "本件没有退回补充材料，无需报送补充材料。"
    return None


def guard_extension(doc: NormativeDocument, data: dict[str, Any]) -> str | None:
    """Within the jurisdiction's cap (all extensions together); none where the rules provide none."""
    days = data.get("extension_days")
    if days is None:
        return None  # the required-field check reports it
    if days < 1:
        return "延长的工作日数须为正整数。"
    cap_rule = timelimits.get_rule(LEGALITY_REVIEW_EXTENSION, doc.issuer)
    if cap_rule.count == 0:
        return (f"合法性审核时间最长不超过15个工作日（{SOURCE}），本行政区的时限规则未规定可以延长。"
                "本地规定允许经批准延长的，请由司法行政部门在“时限规则”中设置可延长的天数并载明依据。")
    clock = _clock(doc)
    used = sum(e.get("days") or 0 for e in (clock.events if clock else []) if e.get("kind") == "extend")
    if used + days > cap_rule.count:
        left = cap_rule.count - used
        return (f"延长超过上限：经批准最多可延长{cap_rule.describe()}（{cap_rule.source}），"
                f"已延长{used}个工作日，本次最多还可延长{left}个工作日。")
    return None


def _copy_due(doc: NormativeDocument, step: Step) -> None:
    clock = step.clocks["legality_review"]
    doc.review_due_on = clock.due_on  # None while paused: the due date is unknown until materials arrive
    step.record["clock"] = {"due": clocks.due_record(clock)} if clock.due_on else {"paused": True}


def effect_submit(doc: NormativeDocument, step: Step) -> None:
    if doc.consultation_start:
        doc.consultation_end = step.on
    doc.review_started_on = step.on
    _copy_due(doc, step)
    warning = submission_warning(doc, step.on, step.data.get("deliberation_on"))
    if warning:
        step.warnings.append(warning)


def effect_submit_rule_review(doc: NormativeDocument, step: Step) -> None:
    if doc.consultation_start:
        doc.consultation_end = step.on
    doc.review_started_on = step.on
    doc.review_due_on = None


def latest_opinion(doc: NormativeDocument):
    """The 合法性审核 opinion of the current round (given on or after the latest 送审), if any."""
    reviews = doc.reviews.filter(kind=ReviewKind.LEGALITY)
    if doc.review_started_on:
        reviews = reviews.filter(decided_on__gte=doc.review_started_on)
    return reviews.order_by("-decided_on", "-id").first()


def guard_no_opinion_yet(doc: NormativeDocument, data: dict[str, Any]) -> str | None:
    if latest_opinion(doc) is not None:
        return "本轮合法性审核已出具意见；如需重新审核，请先退回起草单位修改后重新送审。"
    return None


DELIBERATION_FIELD = Field(
    "deliberation_on", "拟提请集体审议日期", "date", required=False,
    help="填写后，如留给审核机构的时间少于5个工作日（以时限规则为准），系统将提示；不影响审核机构提前出具意见",
)

TRANSITIONS = (
    Transition(
        "request_materials", "退回补充材料", frozenset({State.LEGALITY_REVIEW}), State.LEGALITY_REVIEW, REVIEWERS,
        guards=(guard_no_opinion_yet, guard_clock_running), clock=("legality_review.pause",), effect=_copy_due,
        reason_label="需要补充的材料", reason_required=True, style="outline-warning",
        shown_if=(guard_no_opinion_yet, guard_clock_running),
        help="审核计时自次日起暂停，起草单位报送补充材料后恢复计时。",
    ),
    Transition(
        "supply_materials", "报送补充材料", frozenset({State.LEGALITY_REVIEW}), State.LEGALITY_REVIEW, DRAFTERS,
        guards=(guard_clock_paused,), clock=("legality_review.resume",), effect=_copy_due,
        reason_label="补充材料说明", reason_required=True, shown_if=(guard_clock_paused,),
    ),
    Transition(
        "extend_legality_review", "延长审核期限（经批准）", frozenset({State.LEGALITY_REVIEW}), State.LEGALITY_REVIEW,
        REVIEWERS, fields=(Field("extension_days", "延长的工作日数", "int"),),
        guards=(guard_no_opinion_yet, guard_clock_running, guard_extension), clock=("legality_review.extend",),
        effect=_copy_due, reason_label="延长理由及批准情况（批准人、日期）", reason_required=True,
        style="outline-secondary", shown_if=(guard_no_opinion_yet, guard_clock_running),
        help="仅在本行政区规定允许延长时可用；办理人即为批准的记录人，延长后的期限按工作日重新计算。",
    ),
)
