"""The request's lifecycle and its clocks (政府信息公开条例 2019, 第三十条至第三十六条).

    待确认收到 ─收到申请→ 办理中 ─答复→ 已办结
                          │ ├─补正告知→ 待补正 ─收到补正→ 办理中 (答复期限重新起算, 第三十条)
                          │ │                  └─逾期未补正→ 已办结 (视为放弃申请)
                          │ ├─征求意见→ 征求意见中 ─收到意见→ 办理中 (征求意见时间不计入, 第三十三条第三款)
                          │ ├─延长答复期限 (≤20个工作日, 工作机构负责人批准并告知, 第三十三条第二款)
                          │ └─确定延迟答复期限 (数量、频次明显超过合理范围, 第三十五条)

One clock per period: "reply" (答复期限, 20 working days from receipt) and "consult" (第三方 or 有关机关
15 working days from their receipt of the 征求意见书, 第三十二条、第三十四条). Every figure is a rule of
fazhi.deadlines.statutory, looked up by code through the kernel's time limits.
"""

from __future__ import annotations

import datetime

from django.urls import reverse

from fazhi.disclosure.codes import Outcome
from fazhi.disclosure.models import DisclosureRequest, State
from fazhi.workflow import steplog, timelimits
from fazhi.workflow.engine import ClockSpec, Field, Transition, Workflow
from fazhi.workflow.timelimits import ND, WD, Rule

MANAGE = "disclosure.manage"
APPROVE = "disclosure.approve"
VIEW = "disclosure.view"

_OGI = "政府信息公开条例（2019）"
REPLY = "disclosure.reply"
REPLY_EXCESSIVE = "disclosure.reply_excessive"
CORRECTION_NOTICE = "disclosure.correction_notice"
CONSULT = "disclosure.third_party"
REPLY_WARN = "disclosure.reply_warn"
STAFF_CHANGE_REPORT = "disclosure.staff_change_report"

# Defaults; the statutory catalogue's figures and sources win where it has the code (all but the last two).
TIME_LIMITS = (
    Rule(REPLY, "依申请公开答复期限", 20, WD, source=f"{_OGI}第三十三条第二款", max_extension=20),
    Rule(REPLY_EXCESSIVE, "申请数量、频次明显超过合理范围的答复期限", 20, WD, source=f"{_OGI}第三十五条"),
    Rule(CORRECTION_NOTICE, "补正通知期限", 7, WD, source=f"{_OGI}第三十条"),
    Rule(CONSULT, "第三方或有关机关答复期限", 15, WD, source=f"{_OGI}第三十二条、第三十四条"),
    Rule(REPLY_WARN, "答复到期前提醒（提前）", 5, WD, False, "平台设置：到期前5个工作日提醒"),
    Rule(STAFF_CHANGE_REPORT, "政务公开工作人员变动报备期限", 10, ND, True,
         "法治政府建设实施方案（004）第24项：工作人员发生变动后，要在10日内向县政府办公室报备"),
)

S = State
OUTCOME_CHOICES = tuple(Outcome.choices)


def _fmt(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def one_correction_within_limit(case: DisclosureRequest, data: dict) -> str | None:
    """第三十条: 补正 is told once, within 7 working days of receipt."""
    if case.correction_notice_on is not None:
        return f"已于{_fmt(case.correction_notice_on)}告知补正，补正应一次性告知（{_OGI}第三十条）"
    last = timelimits.due(CORRECTION_NOTICE, case.received_on, case.unit).date
    if data["on"] > last:
        return (f"补正告知应自收到申请之日（{_fmt(case.received_on)}）起7个工作日内作出，即不晚于{_fmt(last)}"
                f"（{_OGI}第三十条），已超过，请依法直接答复")
    return None


def deadline_after_notice(case: DisclosureRequest, data: dict) -> str | None:
    deadline = data.get("correction_deadline")
    if deadline is not None and deadline <= data["on"]:
        return "补正期限应晚于告知日期"
    return None


def correction_lapsed(case: DisclosureRequest, data: dict) -> str | None:
    if case.correction_deadline and data["on"] <= case.correction_deadline:
        return f"补正期限至{_fmt(case.correction_deadline)}，期满后方可认定逾期未补正"
    return None


def days_in_range(case: DisclosureRequest, data: dict) -> str | None:
    days = data.get("extension_days")
    if days is not None and not 1 <= days <= 250:
        return "延长的工作日数应在 1 到 250 之间"
    return None


def ordinary_request(case: DisclosureRequest, data: dict) -> str | None:
    if case.excessive:
        return f"该申请数量、频次明显超过合理范围，请“确定延迟答复期限”（{_OGI}第三十五条）"
    return None


def excessive_request(case: DisclosureRequest, data: dict) -> str | None:
    if not case.excessive:
        return f"只有数量、频次明显超过合理范围的申请可以确定延迟答复期限（{_OGI}第三十五条）"
    return None


def _received(case: DisclosureRequest, step) -> None:
    case.received_on = step.on
    _copy_due(case, step)


def _copy_due(case: DisclosureRequest, step) -> None:
    clock = step.clocks.get("reply")
    if clock is not None:
        case.due_on = clock.due_on
        step.record["due_on"] = clock.due_on


def _correction_told(case: DisclosureRequest, step) -> None:
    case.correction_notice_on = step.on
    case.correction_items = step.data["correction_items"]
    case.correction_deadline = step.data["correction_deadline"]
    _copy_due(case, step)


def _corrected(case: DisclosureRequest, step) -> None:
    case.corrected_on = step.on
    _copy_due(case, step)


def _extended(case: DisclosureRequest, step) -> None:
    case.extension_on = step.on
    case.extension_days = step.data["extension_days"]
    case.extension_approver = str(step.actor) if step.actor else "系统"
    _copy_due(case, step)


def _consulting(case: DisclosureRequest, step) -> None:
    case.consult_party = step.data["consult_party"]
    _copy_due(case, step)


def _closed(outcome: str | None = None):
    def effect(case: DisclosureRequest, step) -> None:
        case.outcome = outcome or step.data["outcome"]
        case.reply_text = step.data.get("reply_text", "")
        case.closed_on = step.on
        clock = step.clocks.get("reply")
        step.record["on_time"] = clock is not None and clock.state == "met"
    return effect


TRANSITIONS = [
    Transition("receive", "确认收到申请", frozenset({S.PENDING}), S.HANDLING, (MANAGE,), clock=("reply.start",),
               effect=_received,
               help="办理日期即收到申请之日：在线申请和传真以双方确认之日为准（第三十一条第三项）"),
    Transition("correct", "补正告知", frozenset({S.HANDLING}), S.CORRECTING, (MANAGE,),
               fields=(Field("correction_items", "需要补正的事项", "textarea"),
                       Field("correction_deadline", "合理的补正期限（截止日期）", "date")),
               guards=(one_correction_within_limit, deadline_after_notice), clock=("reply.pause",),
               effect=_correction_told, help="自收到申请之日起7个工作日内一次性告知（第三十条）"),
    Transition("corrected", "收到补正申请", frozenset({S.CORRECTING}), S.HANDLING, (MANAGE,),
               clock=("reply.restart",), effect=_corrected,
               help="答复期限自收到补正的申请之日起重新计算（第三十条）"),
    Transition("lapse", "逾期未补正，不再处理", frozenset({S.CORRECTING}), S.CLOSED, (MANAGE,),
               guards=(correction_lapsed,), clock=("reply.stop",), effect=_closed(Outcome.OTHER_NO_CORRECTION),
               style="outline-secondary", help="申请人无正当理由逾期不补正的，视为放弃申请（第三十条）"),
    Transition("consult", "征求意见", frozenset({S.HANDLING}), S.CONSULTING, (MANAGE,),
               fields=(Field("consult_party", "征求意见对象（第三方或有关机关）"),),
               clock=("reply.pause", "consult.start"), effect=_consulting,
               help="办理日期为对方收到征求意见书之日；征求意见时间不计入答复期限（第三十二条至第三十四条）"),
    Transition("consulted", "收到意见或征求期满", frozenset({S.CONSULTING}), S.HANDLING, (MANAGE,),
               clock=("consult.stop", "reply.resume"), effect=_copy_due,
               reason_label="对方意见（逾期未提出的注明）"),
    Transition("extend", "延长答复期限", frozenset({S.HANDLING}), S.HANDLING, (APPROVE,),
               fields=(Field("extension_days", "延长工作日数（最多20个）", "int"),),
               guards=(days_in_range, ordinary_request), clock=("reply.extend",), effect=_extended, reason_label="延期理由",
               reason_required=True, style="outline-primary",
               help="经政府信息公开工作机构负责人同意并告知申请人（第三十三条第二款）；办理人即批准人"),
    Transition("delay", "确定延迟答复期限", frozenset({S.HANDLING}), S.HANDLING, (APPROVE,),
               fields=(Field("extension_days", "延迟的工作日数", "int"),),
               guards=(days_in_range, excessive_request), clock=("reply.extend",), effect=_extended, reason_label="理由",
               reason_required=True, style="outline-primary",
               help="申请数量、频次明显超过合理范围、理由合理但无法按期答复的，确定合理的延迟期限并告知申请人（第三十五条）"),
    Transition("reply", "答复", frozenset({S.HANDLING}), S.CLOSED, (MANAGE,),
               fields=(Field("outcome", "办理结果", "choice", choices=OUTCOME_CHOICES),
                       Field("reply_text", "答复内容", "textarea", logged=False)),
               clock=("reply.stop",), effect=_closed()),
]


def _last_step(case: DisclosureRequest) -> tuple[str, datetime.date] | None:
    return steplog.last_step(case) or ("提交申请", case.submitted_on)


def reply_rule(case: DisclosureRequest) -> str:
    return REPLY_EXCESSIVE if case.excessive else REPLY


REQUEST = Workflow(
    name="disclosure",
    label="政府信息公开申请",
    model=DisclosureRequest,
    transitions={t.code: t for t in TRANSITIONS},
    unit_of=lambda case: case.unit,
    clocks={
        "reply": ClockSpec("答复", reply_rule, action="答复申请人", warn_rule=REPLY_WARN, notify=(MANAGE,)),
        "consult": ClockSpec("征求意见", CONSULT, action="提出意见", notify=(MANAGE,)),
    },
    describe=lambda case: f"政府信息公开申请{case.case_number}（{case.applicant_name}）",
    link=lambda case: reverse("disclosure:detail", args=[case.pk]),
    last_step=_last_step,
    snapshot_fields=["state", "received_on", "due_on", "outcome", "closed_on", "excessive"],
    select_related=("unit",),
)
