"""The lifecycle of a 行政应诉 case as one table (docs/modules.md): 收到起诉状副本 → 答辩举证 (15 days,
行政诉讼法第六十七条) → 一审裁判 → 上诉期 (15 days for a judgment, 10 for a ruling, 第八十五条) → 生效 → 履行."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse

from fazhi.litigation.models import JudgmentKind, LitigationCase, Result, State
from fazhi.litigation.perms import MANAGE
from fazhi.workflow import clocks, steplog
from fazhi.workflow.engine import ClockSpec, Field, Step, Transition, Workflow
from fazhi.workflow.timelimits import ND, WD, Rule

DEFENCE = "litigation.defence"
EVIDENCE = "litigation.evidence"
APPEAL_JUDGMENT = "litigation.appeal_judgment"
APPEAL_RULING = "litigation.appeal_ruling"
WARN = "litigation.warn"

_XS = "行政诉讼法（2017）"
TIME_LIMITS = (
    Rule(DEFENCE, "被告提出答辩状期限", 15, ND, source=f"{_XS}第六十七条第一款"),
    Rule(EVIDENCE, "被告提交证据和所依据的规范性文件期限", 15, ND, source=f"{_XS}第六十七条第一款、第三十六条第一款"),
    Rule(APPEAL_JUDGMENT, "不服一审判决上诉期限", 15, ND, source=f"{_XS}第八十五条"),
    Rule(APPEAL_RULING, "不服一审裁定上诉期限", 10, ND, source=f"{_XS}第八十五条"),
    Rule(WARN, "应诉期限到期前提醒（提前）", 3, WD, False, "到期前提醒办理"),
)


def _fmt(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _appeal_rule(case: LitigationCase) -> str:
    return APPEAL_RULING if case.judgment_kind == JudgmentKind.RULING else APPEAL_JUDGMENT


def guard_not_received(case: LitigationCase, data: dict[str, Any]) -> str | None:
    return "已登记收到起诉状副本。" if case.pk and case.transitions.exists() else None


def guard_appeal_window_over(case: LitigationCase, data: dict[str, Any]) -> str | None:
    clock = clocks.clock_of(case, "appeal")
    if clock and clock.due_on and data["on"] <= clock.due_on:
        return f"上诉期限至{_fmt(clock.due_on)}届满，届满后裁判方发生法律效力。"
    return None


def effect_defended(case: LitigationCase, step: Step) -> None:
    case.defended_on = step.on
    step.record["on_time"] = step.clocks["defence"].state == "met" and step.clocks["evidence"].state == "met"


def effect_judged(case: LitigationCase, step: Step) -> None:
    case.judgment_kind, case.result, case.judged_on = step.data["judgment_kind"], step.data["result"], step.on
    # The kind of decision picks the appeal period, so the clock starts once it is set.
    step.clocks["appeal"] = clocks.apply(LITIGATION, case, "appeal", "start", step)
    case.appeal_due_on = step.clocks["appeal"].due_on


def effect_effective(case: LitigationCase, step: Step) -> None:
    case.final_result = step.data.get("final_result") or case.result
    case.effective_on = step.on


def effect_performed(case: LitigationCase, step: Step) -> None:
    case.performed_on = step.on


S = State
RESULTS = tuple(Result.choices)
TRANSITIONS = {t.code: t for t in [
    Transition("receive", "登记收到起诉状副本", frozenset({S.RECEIVED}), S.RECEIVED, (MANAGE,),
               guards=(guard_not_received,), shown_if=(guard_not_received,), clock=("defence.start", "evidence.start"),
               help="收到起诉状副本之日为办理日期：答辩和举证期限自该日起算。"),
    Transition("extend_evidence", "法院准许延期举证", frozenset({S.RECEIVED}), S.RECEIVED, (MANAGE,),
               fields=(Field("extension_days", "延长（日）", "int"),), clock=("evidence.extend",),
               reason_label="不可抗力等正当事由及法院准许情况", reason_required=True),
    Transition("defend", "提交答辩状和证据", frozenset({S.RECEIVED}), S.DEFENDED, (MANAGE,),
               clock=("defence.stop", "evidence.stop"), effect=effect_defended),
    Transition("judge", "登记一审裁判", frozenset({S.DEFENDED}), S.JUDGED, (MANAGE,),
               fields=(Field("judgment_kind", "裁判种类", "choice", choices=tuple(JudgmentKind.choices)),
                       Field("result", "一审结果", "choice", choices=RESULTS)),
               effect=effect_judged, help="裁判文书送达之日为办理日期：上诉期限自该日起算。"),
    Transition("appeal", "提起上诉", frozenset({S.JUDGED}), S.APPEALED, (MANAGE,),
               fields=(Field("appellant", "上诉人", "choice", choices=(("agency", "本机关"), ("plaintiff", "原告"))),),
               clock=("appeal.stop",)),
    Transition("become_effective", "一审裁判生效（未上诉）", frozenset({S.JUDGED}), S.EFFECTIVE, (MANAGE,),
               guards=(guard_appeal_window_over,), clock=("appeal.cancel",), effect=effect_effective),
    Transition("second_instance", "登记二审裁判", frozenset({S.APPEALED}), S.EFFECTIVE, (MANAGE,),
               fields=(Field("final_result", "二审后生效结果", "choice", choices=RESULTS),), effect=effect_effective),
    Transition("perform", "履行完毕", frozenset({S.EFFECTIVE}), S.CLOSED, (MANAGE,), effect=effect_performed,
               reason_label="履行情况"),
]}


def _clock(label: str, rule, action: str) -> ClockSpec:
    return ClockSpec(label, rule, action=action, warn_rule=WARN, notify=(MANAGE,))


LITIGATION = Workflow(
    name="litigation", label="行政应诉", model=LitigationCase, transitions=TRANSITIONS,
    unit_of=lambda case: case.unit,
    clocks={"defence": _clock("答辩", DEFENCE, "提交答辩状"),
            "evidence": _clock("举证", EVIDENCE, "提交证据和所依据的规范性文件"),
            "appeal": _clock("上诉", _appeal_rule, "决定是否上诉")},
    describe=lambda case: f"行政诉讼案件“{case.plaintiff}诉{case.unit.name}（{case.cause}）”",
    link=lambda case: reverse("litigation:detail", args=[case.pk]),
    last_step=steplog.last_step, select_related=("unit",),
    snapshot_fields=["state", "result", "judgment_kind", "final_result", "defended_on", "judged_on", "effective_on"],
)
