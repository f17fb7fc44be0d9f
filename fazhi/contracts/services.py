"""Every write of the contract module: one function per business verb, each transactional and logged."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.contracts import deadlines, workflow
from fazhi.contracts.models import Commitment, Contract, CreditRecord, DeadlineState, Milestone, Payment
from fazhi.contracts.workflow import MANAGE_CONTRACTS, REGISTER_CONTRACTS
from fazhi.core import oplog
from fazhi.core.models import Unit
from fazhi.core.permissions import require, require_sees
from fazhi.workflow import engine

CONTRACT_FIELDS = ["title", "number", "kind", "counterparty", "counterparty_code", "counterparty_sme", "amount",
                   "term_start", "term_end"]


def _clerk(actor, unit: Unit) -> None:
    if actor is not None and not (actor.is_superuser or actor.can(REGISTER_CONTRACTS) or actor.can(MANAGE_CONTRACTS)):
        require(actor, REGISTER_CONTRACTS)
    require_sees(actor, unit)


MAX_AMOUNT = Decimal("99999999999999.99")  # the amount columns' 16 digits, 2 after the point


def _amount_problem(amount: Decimal | None, what: str, allow_zero: bool = True) -> str | None:
    if amount is None or amount < 0 or (amount == 0 and not allow_zero):
        return f"{what}应大于零" if not allow_zero else f"{what}不能为负数"
    if amount > MAX_AMOUNT or amount.as_tuple().exponent < -2:
        return f"{what}超出范围（最多14位整数、2位小数）"
    return None


def _today_or_earlier(day: datetime.date | None, what: str) -> datetime.date:
    day = day or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationError(f"{what}不能晚于今天")
    return day


@transaction.atomic
def register_contract(actor, *, unit: Unit, title: str, counterparty: str, amount: Decimal, kind: str = "procurement",
                      counterparty_code: str = "", counterparty_sme: bool = False, number: str = "",
                      term_start: datetime.date | None = None, term_end: datetime.date | None = None) -> Contract:
    _clerk(actor, unit)
    problems = []
    if not title.strip() or not counterparty.strip():
        problems.append("请填写合同名称和相对人")
    if problem := _amount_problem(amount, "合同金额"):
        problems.append(problem)
    if kind not in Contract.Kind.values:
        problems.append("合同类型无效")
    if term_start and term_end and term_end < term_start:
        problems.append("履行期限的结束日期不能早于开始日期")
    if problems:
        raise ValidationError(problems)
    contract = Contract.objects.create(
        unit=unit, title=title.strip(), counterparty=counterparty.strip(), amount=amount, kind=kind,
        counterparty_code=counterparty_code.strip(), counterparty_sme=counterparty_sme, number=number.strip(),
        term_start=term_start, term_end=term_end, created_by=actor if getattr(actor, "pk", None) else None)
    oplog.record(actor, "contract.register", contract, after=oplog.snapshot(contract, CONTRACT_FIELDS))
    return contract


def transition(actor, contract: Contract, code: str, data: dict[str, Any] | None = None) -> Contract:
    return engine.run(actor, workflow.CONTRACT, contract, code, data)


def payment_transition(actor, payment: Payment, code: str, data: dict[str, Any] | None = None) -> Payment:
    return engine.run(actor, workflow.PAYMENT, payment, code, data)


@transaction.atomic
def add_payment(actor, contract: Contract, *, label: str, amount: Decimal) -> Payment:
    _clerk(actor, contract.unit)
    if not contract.counterparty_sme:
        raise ValidationError("相对人不是中小企业：请作为履约节点登记约定的付款日期。")
    if contract.state in (Contract.State.COMPLETED, Contract.State.TERMINATED):
        raise ValidationError("合同已履行完毕或解除，不能再增加款项。")
    if not label.strip():
        raise ValidationError("请填写付款节点")
    if problem := _amount_problem(amount, "金额", allow_zero=False):
        raise ValidationError(problem)
    payment = Payment.objects.create(contract=contract, label=label.strip(), amount=amount)
    oplog.record(actor, "contract.payment.add", payment, after={"label": payment.label, "amount": amount})
    return payment


@transaction.atomic
def add_milestone(actor, contract: Contract, *, label: str, due_on: datetime.date) -> Milestone:
    _clerk(actor, contract.unit)
    if not label.strip():
        raise ValidationError("请填写履约节点")
    milestone = Milestone.objects.create(contract=contract, unit=contract.unit, label=label.strip(), due_on=due_on,
                                         warn_on=deadlines.warn_on(due_on, contract.unit))
    oplog.record(actor, "contract.milestone.add", milestone, after={"label": milestone.label, "due_on": due_on})
    deadlines.mark_now(deadlines.MILESTONES, milestone)
    return milestone


@transaction.atomic
def complete_milestone(actor, milestone: Milestone, *, done_on: datetime.date | None = None) -> Milestone:
    _clerk(actor, milestone.contract.unit)
    if milestone.done_on:
        raise ValidationError("该履约节点已完成")
    milestone.done_on, milestone.state = _today_or_earlier(done_on, "完成日期"), DeadlineState.CLOSED
    milestone.save(update_fields=["done_on", "state"])
    oplog.record(actor, "contract.milestone.complete", milestone, after={"done_on": milestone.done_on})
    return milestone


# ------------------------------------------------------------------------------------------ 政务诚信

@transaction.atomic
def record_default(actor, *, unit: Unit, kind: str, facts: str, cause: str = "", contract: Contract | None = None,
                   recorded_on: datetime.date | None = None) -> CreditRecord:
    """认定一条政务失信记录 (a government body's breach of faith)."""
    require(actor, MANAGE_CONTRACTS)
    require_sees(actor, unit)
    if kind not in CreditRecord.Kind.values or not facts.strip():
        raise ValidationError("请选择失信类型并填写失信事实")
    record = CreditRecord.objects.create(unit=unit, kind=kind, facts=facts.strip(), cause=cause.strip(),
                                         contract=contract, recorded_on=_today_or_earlier(recorded_on, "认定日期"))
    oplog.record(actor, "contract.credit.record", record, after={"kind": kind, "facts": record.facts})
    return record


@transaction.atomic
def rectify(actor, record: CreditRecord, *, rectification: str, rectified_on: datetime.date | None = None) -> CreditRecord:
    require(actor, MANAGE_CONTRACTS)
    require_sees(actor, record.unit)
    if record.state == CreditRecord.State.RECTIFIED:
        raise ValidationError("该记录已整改")
    if not rectification.strip():
        raise ValidationError("请填写整改情况")
    record.rectification, record.state = rectification.strip(), CreditRecord.State.RECTIFIED
    record.rectified_on = _today_or_earlier(rectified_on, "整改完成日期")
    record.save(update_fields=["rectification", "state", "rectified_on"])
    oplog.record(actor, "contract.credit.rectify", record, after={"rectification": record.rectification})
    return record


@transaction.atomic
def publish_record(actor, record: CreditRecord, *, on: datetime.date | None = None) -> CreditRecord:
    require(actor, MANAGE_CONTRACTS)
    require_sees(actor, record.unit)
    if record.published_on:
        raise ValidationError("该记录已公示")
    record.published_on = _today_or_earlier(on, "公示日期")
    record.save(update_fields=["published_on"])
    oplog.record(actor, "contract.credit.publish", record, after={"published_on": record.published_on})
    return record


@transaction.atomic
def add_commitment(actor, *, unit: Unit, title: str, content: str, beneficiary: str, promised_on: datetime.date,
                   due_on: datetime.date) -> Commitment:
    _clerk(actor, unit)
    if not (title.strip() and content.strip() and beneficiary.strip()):
        raise ValidationError("请填写承诺事项、内容和对象")
    if due_on < promised_on:
        raise ValidationError("兑现期限不能早于承诺日期")
    found = Commitment.objects.create(unit=unit, title=title.strip(), content=content.strip(),
                                      beneficiary=beneficiary.strip(), promised_on=promised_on, due_on=due_on,
                                      warn_on=deadlines.warn_on(due_on, unit))
    oplog.record(actor, "contract.commitment.add", found, after={"title": found.title, "due_on": due_on})
    deadlines.mark_now(deadlines.COMMITMENTS, found)
    return found


@transaction.atomic
def close_commitment(actor, commitment: Commitment, *, kept: bool, note: str = "",
                     on: datetime.date | None = None) -> Commitment:
    """兑现 or 未兑现; a broken promise is a 政务失信 record of its own (不兑现政策承诺)."""
    _clerk(actor, commitment.unit)
    if commitment.state != Commitment.State.OPEN:
        raise ValidationError("该承诺已办结")
    if not kept and not note.strip():
        raise ValidationError("未兑现的，请说明原因")
    commitment.state = Commitment.State.KEPT if kept else Commitment.State.BROKEN
    commitment.closed_on, commitment.note = _today_or_earlier(on, "办结日期"), note.strip()
    commitment.deadline_state = DeadlineState.CLOSED
    commitment.save(update_fields=["state", "closed_on", "note", "deadline_state"])
    oplog.record(actor, "contract.commitment.close", commitment, after={"state": commitment.state, "note": note})
    if not kept:
        record = CreditRecord.objects.create(
            unit=commitment.unit, kind=CreditRecord.Kind.PROMISE, recorded_on=commitment.closed_on, cause=note.strip(),
            facts=f"向{commitment.beneficiary}承诺“{commitment.title}”（{commitment.content}），兑现期限{commitment.due_on}，未兑现。")
        oplog.record(actor, "contract.credit.record", record, after={"kind": record.kind, "facts": record.facts})
    return commitment
