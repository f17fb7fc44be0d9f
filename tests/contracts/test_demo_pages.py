"""The contract demo (dated relative to today) and the office pages over it."""

from __future__ import annotations

import io

from django.urls import reverse

from fazhi.contracts.models import Contract, CreditRecord, Payment
from fazhi.core.models import User


def test_demo_contracts_and_their_pages(db, client):
    from fazhi.contracts import demo
    from fazhi.core import demo as core_demo

    core_demo.load(io.StringIO())
    out = io.StringIO()
    demo.load(out)
    assert "已创建 3 份行政合同" in out.getvalue()
    # Accepted 140, 25 and 45 days ago: the first paid after 20 days (on time), the second still within its
    # 30 days, the third past them.
    payments = {p.label: p for p in Payment.objects.all()}
    assert payments["第一期进度款"].state == "paid" and payments["第二期进度款"].state == "running"
    from fazhi.workflow import scan

    scan.scan_clocks(workflow="contract.payment")
    from fazhi.workflow.clocks import clock_of

    assert clock_of(payments["竣工结算款"], "payment").state == "overdue"
    assert clock_of(payments["第二期进度款"], "payment").state in ("running", "due_soon")
    assert set(CreditRecord.objects.values_list("kind", flat=True)) == {"promise", "arrears"}
    client.force_login(User.objects.get(username="lx_office"))
    assert client.get(reverse("contracts:list")).status_code == 200
    detail = client.get(reverse("contracts:detail", args=[Contract.objects.get(title__contains="老旧小区").pk]))
    assert "逾期" in detail.content.decode()
    assert client.get(reverse("contracts:credit")).status_code == 200
    assert client.get(reverse("contracts:commitments")).status_code == 200
    assert client.get(reverse("contracts:credit_export") + "?format=json").json()["format"] == "fazhi.credit/1"
    assert client.get(reverse("decisions:rates")).status_code == 200
