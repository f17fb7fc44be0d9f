"""Administrative contracts: review before signing, the SME payment clock (保障中小企业款项支付条例, 2025
revision, arts. 9–10, checked against the text in shared/corpus), the daily scan, 政务失信 and 承诺 registers.

Dates by hand from the holiday tables: 2026 中秋 09-25 off (09-26/27 weekend), 国庆 10-01…10-07 off, Saturday
10-10 worked; 2025 春节 01-28…02-04 off. A natural-day period whose last day is a rest day ends on the next
working day (民法典第二百零三条).
"""

from __future__ import annotations

import datetime
import io
import json
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from fazhi.contracts import deadlines, export, services
from fazhi.contracts.models import Commitment, Contract, CreditRecord, Milestone, Payment
from fazhi.core.models import Notification
from fazhi.workflow import scan, steplog
from fazhi.workflow.clocks import clock_of
from fazhi.workflow.dated import scan_dated

D = datetime.date


def contract(org, sme=True, **extra) -> Contract:
    return services.register_contract(None, unit=org.reform, title="县城道路照明改造工程", counterparty="某照明科技有限公司",
                                      amount=Decimal("860000"), counterparty_sme=sme, **extra)


def signed(org, users, sme=True) -> Contract:
    found = services.transition(users.reporter, contract(org, sme), "submit_review", {"on": D(2025, 1, 2)})
    found = services.transition(users.office, found, "pass_review", {"on": D(2025, 1, 2), "reason": "合法"})
    return services.transition(users.reporter, found, "sign", {"on": D(2025, 1, 2), "number": "HT-2025-01"})


def payment(org, users) -> Payment:
    return services.add_payment(users.reporter, signed(org, users), label="竣工验收款", amount=Decimal("500000"))


def test_no_signing_without_a_passed_legality_review(org, users):
    found = contract(org)
    with pytest.raises(ValidationError, match="未经合法性审查或者经审查不合法的行政合同不得签订"):
        services.transition(users.reporter, found, "sign", {"on": D(2026, 9, 29)})
    found = services.transition(users.reporter, found, "submit_review", {"on": D(2026, 9, 29)})
    # 7 working days from Tuesday 2026-09-29: 09-30, [国庆], 10-08, 10-09, 10-10 (调休), 10-12, 10-13, 10-14.
    assert clock_of(found, "review").due_on == D(2026, 10, 14)
    found = services.transition(users.office, found, "fail_review", {"on": D(2026, 10, 9), "reason": "违约条款不对等"})
    with pytest.raises(ValidationError, match="不得签订"):
        services.transition(users.reporter, found, "sign", {"on": D(2026, 10, 12)})
    found = services.transition(users.reporter, found, "submit_review", {"on": D(2026, 10, 12)})
    with pytest.raises(PermissionDenied):  # the registering unit does not review its own contract
        services.transition(users.reporter, found, "pass_review", {"on": D(2026, 10, 12), "reason": "x"})


def test_sme_payment_30_days_from_acceptance_rolls_past_national_day(org, users):
    found = payment(org, users)
    # Accepted 2026-09-01: day 30 is 10-01, in the 国庆 holiday (10-01…10-07), so the last day is 10-08.
    found = services.payment_transition(users.reporter, found, "start", {"on": D(2026, 9, 1), "basis": "acceptance"})
    clock = clock_of(found, "payment")
    assert (found.due_on, clock.due_on, clock.rule_text) == (D(2026, 10, 8), D(2026, 10, 8), "30日")


def test_sme_payment_from_delivery_across_spring_festival_2025(org, users):
    found = payment(org, users)
    # Delivered 2025-01-03: 01-04 is day 1, 01-31 day 28, 02-02 day 30 — in 春节 (01-28…02-04), so 02-05.
    found = services.payment_transition(users.reporter, found, "start", {"on": D(2025, 1, 3), "basis": "delivery"})
    assert found.due_on == D(2025, 2, 5)


def test_an_agreed_term_up_to_60_days(org, users):
    found = payment(org, users)
    with pytest.raises(ValidationError, match="最长不得超过60日"):
        services.payment_transition(users.reporter, found, "start", {"on": D(2026, 8, 20), "basis": "settlement",
                                                                     "agreed_days": 61})
    # 50 days from 2026-08-20: 08-31 is day 11, 09-30 day 41, 10-09 (a Friday, worked) day 50.
    found = services.payment_transition(users.reporter, found, "start", {"on": D(2026, 8, 20), "basis": "settlement",
                                                                         "agreed_days": 50})
    assert (found.due_on, found.agreed_days) == (D(2026, 10, 9), 50)
    found = services.payment_transition(users.reporter, found, "pay", {"on": D(2026, 10, 12)})
    assert clock_of(found, "payment").state == "late" and found.transitions.get(action="pay").data["on_time"] is False


def test_the_payment_clock_applies_to_smes_only(org, users):
    big = signed(org, users, sme=False)
    with pytest.raises(ValidationError, match="请作为履约节点登记"):
        services.add_payment(users.reporter, big, label="进度款", amount=Decimal("1"))


def test_the_daily_scan_warns_of_payments_and_milestones(org, users):
    found = payment(org, users)
    services.payment_transition(users.reporter, found, "start", {"on": D(2026, 9, 1), "basis": "acceptance"})
    assert scan.scan_clocks(D(2026, 10, 9), workflow="contract.payment").overdue == {("contract.payment", "payment"): 1}
    assert Notification.objects.filter(recipient=users.reporter, title__contains="中小企业款项支付逾期").count() == 1
    # A milestone agreed for 2026-10-08 (made here as it stood before the dates passed: the service marks a row
    # at once against the real today). Warned from 5 working days before: 09-30, 09-29, 09-28, [09-25 中秋 and
    # the weekend], 09-24, 09-23.
    contract_found = found.contract
    milestone = Milestone.objects.create(contract=contract_found, unit=contract_found.unit, label="路灯安装完成",
                                         due_on=D(2026, 10, 8), warn_on=deadlines.warn_on(D(2026, 10, 8), org.reform))
    assert milestone.warn_on == D(2026, 9, 23)
    assert scan_dated(deadlines.MILESTONES, D(2026, 9, 22)).due_soon == 0
    assert scan_dated(deadlines.MILESTONES, D(2026, 9, 23)).due_soon == 1  # 临期 from its warning date, told once
    assert scan_dated(deadlines.MILESTONES, D(2026, 10, 1)).due_soon == 0
    assert scan.run_daily_scan(D(2026, 10, 9), app="contracts").dated["contracts.milestone"].overdue == 1
    assert scan_dated(deadlines.MILESTONES, D(2026, 10, 10)).overdue == 0
    milestone.refresh_from_db()
    assert milestone.state == "overdue"
    assert [(s.action, s.to_state, s.on) for s in steplog.steps_of(milestone).order_by("id")] == [
        ("scan", "due_soon", D(2026, 9, 23)), ("scan", "overdue", D(2026, 10, 9))]
    titles = list(Notification.objects.filter(recipient=users.reporter, title__contains="履约节点")
                  .values_list("title", flat=True))
    assert sorted(titles) == ["您单位有 1 个履约节点临期", "您单位有 1 个履约节点逾期"]
    assert Notification.objects.filter(recipient=users.reporter, title="您单位有 1 个履约节点临期").get().body == (
        "合同“县城道路照明改造工程”的路灯安装完成（约定 2026-10-08 前完成）")
    assert not Notification.objects.filter(recipient=users.outsider).exists()
    milestone = services.complete_milestone(users.reporter, milestone, done_on=D(2026, 10, 9))
    assert milestone.state == "closed" and scan_dated(deadlines.MILESTONES, D(2026, 12, 1)).overdue == 0


def test_agreed_dates_entered_late_are_marked_at_once(org, users):
    today = timezone.localdate()
    found = signed(org, users)
    milestone = services.add_milestone(users.reporter, found, label="设备交付", due_on=today - datetime.timedelta(days=1))
    assert milestone.__class__.objects.get(pk=milestone.pk).state == "overdue"
    # A promise due 2026-10-12: warned from 10-10 (调休 Saturday), 10-09, 10-08, [国庆], 09-30, 09-29.
    promise = services.add_commitment(users.reporter, unit=org.reform, title="厂房租金减免", content="前三年免租",
                                      beneficiary="某公司", promised_on=D(2026, 9, 1), due_on=D(2026, 10, 12))
    promise.refresh_from_db()
    assert (promise.warn_on, promise.deadline_state) == (D(2026, 9, 29), "overdue")  # entered after its date
    promise = services.close_commitment(users.reporter, promise, kept=True, on=today)
    assert promise.deadline_state == "closed" and scan_dated(deadlines.COMMITMENTS, today).overdue == 0


def test_contract_completes_only_when_everything_is_performed(org, users):
    found = payment(org, users)
    with pytest.raises(ValidationError, match="尚有1笔款项未支付"):
        services.transition(users.reporter, found.contract, "complete", {"on": D(2025, 3, 1)})
    services.payment_transition(users.reporter, found, "start", {"on": D(2025, 1, 3), "basis": "delivery"})
    services.payment_transition(users.reporter, found, "pay", {"on": D(2025, 1, 20)})
    done = services.transition(users.reporter, Contract.objects.get(pk=found.contract_id), "complete", {"on": D(2025, 3, 1)})
    assert done.state == "completed"


def test_credit_records_and_promises_for_the_credit_platform(org, users):
    promise = services.add_commitment(users.reporter, unit=org.reform, title="企业落户奖励", content="投产当年奖励50万元",
                                      beneficiary="某新材料公司", promised_on=D(2026, 1, 5), due_on=D(2026, 6, 30))
    with pytest.raises(ValidationError, match="请说明原因"):
        services.close_commitment(users.reporter, promise, kept=False)
    services.close_commitment(users.reporter, promise, kept=False, note="预算未安排", on=D(2026, 7, 10))
    record = CreditRecord.objects.get(kind="promise")
    assert "企业落户奖励" in record.facts and record.cause == "预算未安排"
    services.rectify(users.office, record, rectification="已补发奖励", rectified_on=D(2026, 8, 1))
    services.publish_record(users.office, record, on=D(2026, 8, 2))
    with pytest.raises(PermissionDenied):
        services.record_default(users.outsider, unit=org.reform, kind="arrears", facts="x")
    data = json.loads(export.as_json())
    assert data["credit_records"][0]["kind"] == "不兑现政策承诺" and data["credit_records"][0]["state"] == "已整改"
    assert data["commitments"][0]["state"] == "未兑现"
    book = openpyxl.load_workbook(io.BytesIO(export.as_xlsx(CreditRecord.objects.all(), Commitment.objects.all())))
    assert book.sheetnames == ["政务失信记录", "政策承诺"]
    assert book["政务失信记录"]["A2"].value == "测试县发展和改革局"


def test_published_credit_records_are_on_the_portal(org, users, client):
    from django.urls import reverse

    record = services.record_default(users.office, unit=org.reform, kind="arrears", facts="拖欠工程款12万元",
                                     recorded_on=D(2026, 3, 2))
    assert client.get(reverse("portal:catalogue_detail", args=["government-credit", record.pk])).status_code == 404
    services.publish_record(users.office, record, on=D(2026, 3, 5))
    page = client.get(reverse("portal:catalogue_detail", args=["government-credit", record.pk])).content.decode()
    assert "拖欠工程款12万元" in page and "测试县发展和改革局" in page


def test_amounts_and_kinds_are_checked(org, users):
    with pytest.raises(ValidationError) as refused:
        services.register_contract(users.reporter, unit=org.reform, title="x", counterparty="y",
                                   amount=Decimal("1e20"), kind="barter")
    assert refused.value.messages == ["合同金额超出范围（最多14位整数、2位小数）", "合同类型无效"]
    with pytest.raises(ValidationError, match="金额应大于零"):
        services.add_payment(users.reporter, contract(org), label="x", amount=Decimal("0"))
