"""Permission-matrix cases of the contract pages and /api/contracts/ (format: tests/matrix.py).

The out-of-scope caller is `outsider` (乙县's office: contracts.manage and decisions.review, over 乙县 only).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from fazhi.contracts import services
from fazhi.contracts.models import Commitment, Contract, CreditRecord, Milestone, Payment
from fazhi.contracts.workflow import CLERKS, MANAGE_CONTRACTS, REVIEW_DECISIONS
from tests.matrix import RouteCase

TITLE = "矩阵测试采购合同"
READERS = (*CLERKS, REVIEW_DECISIONS)


def _ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def draft(org) -> Contract:
    return services.register_contract(None, unit=org.reform, title=TITLE, counterparty="某公司", amount=Decimal("1000"),
                                      counterparty_sme=True)


def signed(org) -> Contract:
    found = services.transition(None, draft(org), "submit_review", {"on": _ago(30)})
    found = services.transition(None, found, "pass_review", {"on": _ago(20), "reason": "合法"})
    return services.transition(None, found, "sign", {"on": _ago(10)})


def payment(org) -> dict:
    found = services.add_payment(None, signed(org), label="首付款", amount=Decimal("100"))
    return {"pk": found.pk, "payment_id": found.pk, "code": "start"}


def record(org) -> CreditRecord:
    return services.record_default(None, unit=org.reform, kind="arrears", facts="矩阵拖欠账款事实", recorded_on=_ago(5))


def promise(org) -> Commitment:
    return services.add_commitment(None, unit=org.reform, title="矩阵承诺事项", content="奖励", beneficiary="某公司",
                                   promised_on=_ago(30), due_on=_ago(-30))


def pk(make):
    return lambda org, users: {"pk": make(org).pk}


def contract_state(org, users, kw) -> str:
    return Contract.objects.get(pk=kw.get("pk") or kw.get("contract_id")).state


CASES = [
    RouteCase("contracts:list", "GET", make_object=lambda org, users: {"c": draft(org).pk}, allowed="reporter",
              denied=["outsider"], hidden=lambda org, users, kw: [TITLE]),
    RouteCase("contracts:create", "GET", allowed="reporter", unscoped="空白登记表单，不显示任何记录"),
    RouteCase("contracts:create", "POST", label="register",
              data=lambda org, users, kw: {"unit": org.reform.pk, "title": "新合同", "kind": "procurement",
                                           "counterparty": "某公司", "amount": "10"},
              state=lambda org, users, kw: Contract.objects.filter(title="新合同").count(), allowed="reporter",
              denied=["outsider"], denied_status=(200,)),  # the form offers only units in scope: refused as invalid
    RouteCase("contracts:detail", "GET", make_object=pk(draft), allowed="reporter", denied=["outsider"]),
    RouteCase("contracts:transition", "POST", make_object=lambda org, users: {"pk": draft(org).pk, "code": "submit_review"},
              data={}, state=contract_state, allowed="reporter", denied=["outsider"]),
    RouteCase("contracts:payment_add", "POST", make_object=pk(signed), data={"label": "进度款", "amount": "50"},
              state=lambda org, users, kw: Payment.objects.filter(contract_id=kw["pk"]).count(), allowed="reporter",
              denied=["outsider"]),
    RouteCase("contracts:payment_transition", "POST", make_object=lambda org, users: payment(org),
              data={"basis": "delivery"}, state=lambda org, users, kw: Payment.objects.get(pk=kw["pk"]).state,
              allowed="reporter", denied=["outsider"]),
    RouteCase("contracts:milestone_add", "POST", make_object=pk(signed),
              data=lambda org, users, kw: {"label": "交付", "due_on": str(_ago(-20))},
              state=lambda org, users, kw: Milestone.objects.filter(contract_id=kw["pk"]).count(), allowed="reporter",
              denied=["outsider"]),
    RouteCase("contracts:milestone_done", "POST",
              make_object=lambda org, users: (lambda c: {"pk": c.pk, "milestone_pk": services.add_milestone(
                  None, c, label="交付", due_on=_ago(-5)).pk})(signed(org)),
              data={}, state=lambda org, users, kw: Milestone.objects.get(pk=kw["milestone_pk"]).done_on,
              allowed="reporter", denied=["outsider"]),
    RouteCase("contracts:credit", "GET", make_object=lambda org, users: {"r": record(org).pk}, allowed="office",
              denied=["outsider"], hidden=lambda org, users, kw: ["矩阵拖欠账款事实"]),
    RouteCase("contracts:credit_rectify", "POST", make_object=pk(record),
              data=lambda org, users, kw: {"rectification": "已付清", "rectified_on": str(_ago(1))},
              state=lambda org, users, kw: CreditRecord.objects.get(pk=kw["pk"]).state, allowed="office",
              denied=["outsider"]),
    RouteCase("contracts:credit_publish", "POST", make_object=pk(record), data={},
              state=lambda org, users, kw: CreditRecord.objects.get(pk=kw["pk"]).published_on, allowed="office",
              denied=["outsider"]),
    RouteCase("contracts:credit_export", "GET", make_object=lambda org, users: {"r": record(org).pk}, allowed="office",
              denied=["outsider"], hidden=lambda org, users, kw: ["矩阵拖欠账款事实"]),
    RouteCase("contracts:commitments", "GET", make_object=lambda org, users: {"c": promise(org).pk},
              allowed="reporter", denied=["outsider"], hidden=lambda org, users, kw: ["矩阵承诺事项"]),
    RouteCase("contracts:commitment_close", "POST", make_object=pk(promise), data={"kept": "1"},
              state=lambda org, users, kw: Commitment.objects.get(pk=kw["pk"]).state, allowed="reporter",
              denied=["outsider"]),
    RouteCase("/api/contracts/contracts", "GET", capability=READERS,
              make_object=lambda org, users: {"c": draft(org).pk}, allowed="reporter", denied=["outsider"],
              hidden=lambda org, users, kw: [TITLE]),
    RouteCase("/api/contracts/contracts", "POST", capability=CLERKS,
              data=lambda org, users, kw: {"unit_id": org.reform.pk, "title": "接口合同", "counterparty": "某公司",
                                           "amount": "5"},
              state=lambda org, users, kw: Contract.objects.filter(title="接口合同").count(), allowed="reporter",
              denied=["outsider"]),
    RouteCase("/api/contracts/contracts/{contract_id}", "GET", capability=READERS,
              make_object=lambda org, users: {"contract_id": draft(org).pk}, allowed="reporter", denied=["outsider"]),
    RouteCase("/api/contracts/contracts/{contract_id}/transitions/{code}", "POST", capability=READERS,
              make_object=lambda org, users: {"contract_id": draft(org).pk, "code": "submit_review"}, data={},
              state=contract_state, allowed="reporter", denied=["outsider"]),
    RouteCase("/api/contracts/payments/{payment_id}/transitions/{code}", "POST", capability=CLERKS,
              make_object=lambda org, users: payment(org), data={"basis": "delivery"},
              state=lambda org, users, kw: Payment.objects.get(pk=kw["payment_id"]).state, allowed="reporter",
              denied=["outsider"]),
    RouteCase("/api/contracts/payments", "GET", capability=READERS, make_object=lambda org, users: payment(org),
              allowed="reporter", denied=["outsider"], hidden=lambda org, users, kw: ["首付款"]),
    RouteCase("/api/contracts/credit-export", "GET", capability=MANAGE_CONTRACTS,
              make_object=lambda org, users: {"r": record(org).pk}, allowed="office", denied=["outsider"],
              hidden=lambda org, users, kw: ["矩阵拖欠账款事实"]),
]
