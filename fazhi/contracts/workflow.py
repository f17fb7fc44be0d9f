"""The contract's lifecycle (拟订 → 合法性审查 → 签订 → 履行完毕 / 解除) and the SME payment clock, as tables.

The legality review follows the decision module's pattern (送审 starts the reviewer's clock; 通过 / 不通过
with the 法律顾问 or 公职律师 who took part; no signing without a passed review). A payment to a small or
medium enterprise starts its clock on delivery, acceptance or the confirmed settlement (条例第九条、第十条):
30 days, or the contract's agreed term, which may not exceed 60 days — the agreed days beyond 30 are an
extension of the rule, capped by its `max_extension`.
"""

from __future__ import annotations

import datetime

from django.urls import reverse

from fazhi.contracts.models import Contract, Payment
from fazhi.decisions.capabilities import REVIEW_DECISIONS
from fazhi.decisions.workflow import COUNSEL_FIELDS
from fazhi.workflow import clocks, steplog
from fazhi.workflow.engine import ClockSpec, Field, Step, Transition, Workflow
from fazhi.workflow.timelimits import ND, WD, Rule

MANAGE_CONTRACTS = "contracts.manage"
REGISTER_CONTRACTS = "contracts.register"
CLERKS = (REGISTER_CONTRACTS, MANAGE_CONTRACTS)
REVIEWERS = (REVIEW_DECISIONS,)

REVIEW = "contract.review"
SME_PAYMENT = "contract.sme_payment"
SME_PAYMENT_WARN = "contract.sme_payment_warn"

TIME_LIMITS = (
    Rule(REVIEW, "行政合同合法性审查时间", 7, WD, True,
         "无全国统一规定：参照重大行政决策程序暂行条例第二十六条（一般不少于7个工作日），按本地行政合同管理规定调整"),
    Rule(SME_PAYMENT, "向中小企业支付款项期限", 30, ND, True,
         "保障中小企业款项支付条例（2025年修订）第九条：自交付之日起30日内支付；合同另有约定的从其约定，但最长不得超过60日；"
         "第十条：约定验收的，自检验或者验收合格之日起算；期间届满日为法定休假日的顺延（民法典第二百零三条）",
         max_extension=30),
    Rule(SME_PAYMENT_WARN, "中小企业款项到期前提醒（提前）", 5, WD, False, "到期前提醒付款单位"),
)
S = Contract.State
P = Payment.State


def _fmt(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


# ------------------------------------------------------------------------------------------- contract

def guard_review_passed(contract: Contract, data: dict) -> str | None:
    if contract.review_outcome == "passed":
        return None
    return "未经合法性审查或者经审查不合法的行政合同不得签订：请先送请合法性审查。"


def guard_performed(contract: Contract, data: dict) -> str | None:
    open_payments = contract.payments.exclude(state=P.PAID).count()
    open_milestones = contract.milestones.filter(done_on__isnull=True).count()
    if open_payments or open_milestones:
        return f"尚有{open_payments}笔款项未支付、{open_milestones}个履约节点未完成，不能确认履行完毕。"
    return None


def _reviewed(outcome: str):
    def effect(contract: Contract, step: Step) -> None:
        contract.review_outcome, contract.review_due_on = outcome, None
        step.record["counsel"] = step.data.get("counsel_name", "")
    return effect


def effect_submit(contract: Contract, step: Step) -> None:
    contract.review_submitted_on, contract.review_outcome = step.on, ""
    contract.review_due_on = step.clocks["review"].due_on
    step.record["clock"] = {"due": clocks.due_record(step.clocks["review"])}


def effect_sign(contract: Contract, step: Step) -> None:
    contract.signed_on = step.on
    if step.data.get("number"):
        contract.number = step.data["number"]


CONTRACT_TRANSITIONS: dict[str, Transition] = {t.code: t for t in [
    Transition("submit_review", "送请合法性审查", frozenset({S.DRAFTING}), S.REVIEW, CLERKS, clock=("review.start",),
               effect=effect_submit),
    Transition("pass_review", "审查通过", frozenset({S.REVIEW}), S.REVIEWED, REVIEWERS, fields=COUNSEL_FIELDS,
               clock=("review.stop",), effect=_reviewed("passed"), reason_label="合法性审查意见", reason_required=True,
               style="success"),
    Transition("fail_review", "审查不通过（退回修改）", frozenset({S.REVIEW}), S.DRAFTING, REVIEWERS, fields=COUNSEL_FIELDS,
               clock=("review.stop",), effect=_reviewed("failed"), reason_label="合法性审查意见", reason_required=True,
               style="danger"),
    Transition("sign", "签订", frozenset({S.DRAFTING, S.REVIEWED}), S.SIGNED, CLERKS,
               fields=(Field("number", "合同编号", required=False),), guards=(guard_review_passed,), effect=effect_sign),
    Transition("complete", "确认履行完毕", frozenset({S.SIGNED}), S.COMPLETED, CLERKS, guards=(guard_performed,)),
    Transition("terminate", "解除或终止", frozenset({S.SIGNED}), S.TERMINATED, (MANAGE_CONTRACTS,),
               reason_label="解除或终止的理由", reason_required=True, style="outline-danger"),
]}


CONTRACT = Workflow(
    name="contract", label="行政合同", model=Contract, transitions=CONTRACT_TRANSITIONS, unit_of=lambda c: c.unit,
    clocks={"review": ClockSpec("行政合同合法性审查", REVIEW, action="出具审查意见", notify=REVIEWERS)},
    describe=lambda c: f"行政合同“{c.title}”", link=lambda c: reverse("contracts:detail", args=[c.pk]),
    last_step=steplog.last_step, snapshot_fields=["state", "number", "review_outcome", "review_due_on", "signed_on"],
    select_related=("unit",),
)


# -------------------------------------------------------------------------------------------- payment

def guard_payable(payment: Payment, data: dict) -> str | None:
    problems = []
    if payment.contract.state != S.SIGNED:
        problems.append("合同尚未签订或已不在履行中")
    if not payment.contract.counterparty_sme:
        problems.append("相对人不是中小企业：本条例的付款期限不适用，请作为履约节点登记约定的付款日期")
    agreed = data.get("agreed_days")
    if agreed is not None and not 1 <= agreed <= 60:
        problems.append("合同约定的付款期限最长不得超过60日（保障中小企业款项支付条例第九条）")
    return "；".join(problems) + "。" if problems else None


def effect_start_payment(payment: Payment, step: Step) -> None:
    payment.basis, payment.started_on = step.data["basis"], step.on
    payment.agreed_days = step.data.get("agreed_days")
    clock = step.clocks["payment"]
    beyond = (payment.agreed_days or 30) - 30
    if beyond > 0:  # an agreed term beyond 30 days, up to 60: the rule's extension (capped at 30)
        clock = clocks.apply(PAYMENT, payment, "payment", "extend",
                             Step(step.actor, step.transition, {**step.data, "extension_days": beyond}))
    payment.due_on = clock.due_on
    step.record["clock"] = {"due": clocks.due_record(clock)}


def effect_pay(payment: Payment, step: Step) -> None:
    payment.paid_on = step.on
    step.record["on_time"] = step.clocks["payment"].state == "met"


PAYMENT_TRANSITIONS: dict[str, Transition] = {t.code: t for t in [
    Transition("start", "确认交付、验收合格或结算金额", frozenset({P.PENDING}), P.RUNNING, CLERKS,
               fields=(Field("basis", "起算依据", "choice", choices=tuple(Payment.Basis.choices)),
                       Field("agreed_days", "合同约定付款期限（日）", "int", required=False,
                             help="不填按30日；约定的不得超过60日（条例第九条）")),
               guards=(guard_payable,), clock=("payment.start",), effect=effect_start_payment,
               help="付款期限自交付之日起算；约定验收的自验收合格之日起算；约定结算的自确认结算金额之日起算（条例第九条、第十条）"),
    Transition("pay", "支付", frozenset({P.RUNNING}), P.PAID, CLERKS, clock=("payment.stop",), effect=effect_pay),
]}


def _payment_last(payment: Payment) -> tuple[str, datetime.date] | None:
    last = steplog.last_step(payment)
    if last:
        return last
    return ("签订", payment.contract.signed_on) if payment.contract.signed_on else None


PAYMENT = Workflow(
    name="contract.payment", label="中小企业款项", model=Payment, transitions=PAYMENT_TRANSITIONS,
    unit_of=lambda p: p.contract.unit,
    clocks={"payment": ClockSpec("中小企业款项支付", SME_PAYMENT, action="支付款项", warn_rule=SME_PAYMENT_WARN,
                                 notify=(MANAGE_CONTRACTS, REGISTER_CONTRACTS))},
    describe=lambda p: f"行政合同“{p.contract.title}”的{p.label}", link=lambda p: reverse("contracts:detail", args=[p.contract_id]),
    last_step=_payment_last, snapshot_fields=["state", "basis", "agreed_days", "started_on", "due_on", "paid_on"],
    select_related=("contract__unit",),
)
