"""/api/contracts/: contracts and their steps, SME payments, and the 政务诚信 data for the credit platform."""

import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from ninja import Body, Router, Schema, Status
from ninja.pagination import paginate

from fazhi.contracts import export, services, workflow
from fazhi.contracts.models import Commitment, Contract, CreditRecord, Payment
from fazhi.contracts.workflow import CLERKS, MANAGE_CONTRACTS
from fazhi.core.api import call_service, require_capability
from fazhi.core.models import Unit
from fazhi.core.scopes import get_for_user_or_404
from fazhi.workflow import api as workflow_api

router = Router(tags=["行政合同与政务诚信"])
READERS = (*CLERKS, workflow.REVIEW_DECISIONS)


class ContractOut(Schema):
    id: int
    title: str
    unit_id: int
    kind: str
    counterparty: str
    counterparty_sme: bool
    amount: Decimal
    state: str
    review_outcome: str
    signed_on: datetime.date | None


class ContractIn(Schema):
    unit_id: int
    title: str
    counterparty: str
    amount: Decimal
    kind: str = "procurement"
    counterparty_code: str = ""
    counterparty_sme: bool = False
    number: str = ""
    term_start: datetime.date | None = None
    term_end: datetime.date | None = None


class PaymentOut(Schema):
    id: int
    contract_id: int
    label: str
    amount: Decimal
    state: str
    started_on: datetime.date | None
    due_on: datetime.date | None
    paid_on: datetime.date | None


@router.get("/contracts", response=list[ContractOut])
@paginate
def list_contracts(request):
    require_capability(request, *READERS)
    return Contract.objects.for_user(request.user)


@router.post("/contracts", response={201: ContractOut})
def register_contract(request, payload: ContractIn):
    require_capability(request, *CLERKS)
    unit = get_for_user_or_404(Unit, request.user, pk=payload.unit_id)
    return Status(201, call_service(services.register_contract, request.user, unit=unit,
                                    **payload.dict(exclude={"unit_id"})))


@router.get("/contracts/{contract_id}", response=ContractOut)
def get_contract(request, contract_id: int):
    require_capability(request, *READERS)
    return get_for_user_or_404(Contract, request.user, pk=contract_id)


@router.post("/contracts/{contract_id}/transitions/{code}", response=ContractOut)
def contract_transition(request, contract_id: int, code: str, payload: dict[str, Any] = Body(default={})):  # noqa: B008
    require_capability(request, *READERS)
    return workflow_api.run_transition(request, workflow.CONTRACT, contract_id, code, payload)


@router.post("/payments/{payment_id}/transitions/{code}", response=PaymentOut)
def payment_transition(request, payment_id: int, code: str, payload: dict[str, Any] = Body(default={})):  # noqa: B008
    require_capability(request, *CLERKS)
    return workflow_api.run_transition(request, workflow.PAYMENT, payment_id, code, payload)


@router.get("/payments", response=list[PaymentOut])
@paginate
def list_payments(request):
    require_capability(request, *READERS)
    return Payment.objects.for_user(request.user)


@router.get("/credit-export", summary="政务诚信数据（供信用信息共享平台）")
def credit_export(request):
    require_capability(request, MANAGE_CONTRACTS)
    data = export.as_json(CreditRecord.objects.for_user(request.user), Commitment.objects.for_user(request.user))
    return HttpResponse(data, content_type="application/json; charset=utf-8")
