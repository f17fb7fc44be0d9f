"""司法建议 / 检察建议 as a case of the kernel: received → replied, with one reply clock (CaseClock).

The period is the one the letter writes ("三个月内", "三十日内"), else the rule's default, counted from
receipt: 公益诉讼诉前检察建议 two months, fifteen days when urgent (两高关于检察公益诉讼案件的解释第二十一条);
another 检察建议 two months (人民检察院检察建议工作规定, 2019); a 司法建议 as the court sets it, generally
two months (综合治理类司法建议规定第八条). Periods in months end on the corresponding day or the month's last
day and roll over a holiday (民法典第二百零一条至第二百零三条). The rules are office-editable time limits.
"""

from __future__ import annotations

from django.urls import reverse

from fazhi.litigation.models import Suggestion
from fazhi.litigation.perms import MANAGE
from fazhi.workflow import clocks, steplog, timelimits
from fazhi.workflow.engine import ClockSpec, Field, Step, Transition, Workflow
from fazhi.workflow.timelimits import ND, Rule

PUBLIC_INTEREST, URGENT = "procuratorate.reply", "procuratorate.reply_urgent"
GENERAL, JUDICIAL = "procuratorate.reply_general", "judicial_suggestion.reply"
WARN = "litigation.suggestion_warn"

_JS = "两高关于检察公益诉讼案件的解释（2018）第二十一条第二款"
TIME_LIMITS = (  # the statutory catalogue (fazhi.deadlines.statutory) holds the same codes and wins
    Rule(PUBLIC_INTEREST, "公益诉讼检察建议书面回复期限", 2, timelimits.M, source=_JS),
    Rule(URGENT, "公益诉讼检察建议书面回复期限（紧急情形）", 15, ND, source=_JS),
    Rule(GENERAL, "检察建议书面回复期限（建议书未载明期限时）", 2, timelimits.M, source="人民检察院检察建议工作规定（2019）"),
    Rule(JUDICIAL, "司法建议答复期限（建议书未载明期限时）", 2, timelimits.M,
         source="最高人民法院关于综合治理类司法建议工作若干问题的规定（2023）第八条"),
    Rule(WARN, "建议回复到期前提醒（提前）", 5, ND, False, "到期前提醒办理"),
)


def rule_code(suggestion: Suggestion) -> str:
    """The default period's rule for this kind of letter."""
    if suggestion.kind == Suggestion.Kind.JUDICIAL:
        return JUDICIAL
    if suggestion.public_interest:
        return URGENT if suggestion.urgent else PUBLIC_INTEREST
    return GENERAL


def letter_period(suggestion: Suggestion) -> tuple[int, str] | None:
    """The period the letter itself writes (months or natural days), which replaces the default."""
    if not suggestion.period_count:
        return None
    unit = timelimits.M if suggestion.period_unit == Suggestion.PeriodUnit.MONTHS else ND
    return suggestion.period_count, unit


def _received(suggestion: Suggestion, step: Step) -> None:
    suggestion.due_on = step.clocks["reply"].due_on


def _replied(suggestion: Suggestion, step: Step) -> None:
    suggestion.replied_on, suggestion.reply = step.on, step.data["reply"]
    suggestion.evidence = step.data.get("evidence", "")
    step.record["on_time"] = step.clocks["reply"].state == "met"


S = Suggestion.State
SUGGESTION = Workflow(
    name="litigation.suggestion", label="司法建议、检察建议", model=Suggestion,
    transitions={t.code: t for t in [
        Transition("receive", "登记收到建议书", frozenset({S.OPEN}), S.OPEN, (MANAGE,), clock=("reply.start",),
                   guards=(lambda s, data: "已登记收到。" if clocks.clock_of(s, "reply") else None,), effect=_received),
        Transition("reply", "书面回复", frozenset({S.OPEN}), S.REPLIED, (MANAGE,), clock=("reply.stop",),
                   fields=(Field("reply", "回复内容", "textarea", logged=False),
                           Field("evidence", "整改证明材料", "textarea", required=False, logged=False)),
                   effect=_replied, from_hint="该建议已回复。"),
    ]},
    unit_of=lambda s: s.unit,
    clocks={"reply": ClockSpec("建议回复", rule_code, action="书面回复", warn_rule=WARN, notify=(MANAGE,),
                               own_period=letter_period)},
    describe=lambda s: f"{s.unit.name}收到的{s.get_kind_display()}“{s.subject}”（{s.issuer}）",
    link=lambda s: reverse("litigation:suggestion", args=[s.pk]),
    last_step=steplog.last_step, select_related=("unit",),
    snapshot_fields=["state", "due_on", "replied_on"],
)
