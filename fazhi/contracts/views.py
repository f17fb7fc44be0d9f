"""Office pages of administrative contracts, the 政务失信 register and the promise register (thin views)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from fazhi.contracts import export, forms, services, workflow
from fazhi.contracts.models import Commitment, Contract, CreditRecord, Milestone
from fazhi.contracts.workflow import CLERKS, MANAGE_CONTRACTS
from fazhi.core import flash, oplog
from fazhi.core.permissions import capability_required
from fazhi.core.scopes import get_for_user_or_404
from fazhi.core.tables import ChoiceFilter, Column, Table
from fazhi.workflow.clocks import clock_of
from fazhi.workflow.engine import allowed_for
from fazhi.workflow.views import transition_view

READERS = (*CLERKS, workflow.REVIEW_DECISIONS)


@capability_required(*READERS)
def contract_list(request):
    table = Table(
        Contract.objects.for_user(request.user).select_related("unit"),
        columns=[
            Column("title", "合同名称", sortable=True, link=lambda c: reverse("contracts:detail", args=[c.pk]), width=36),
            Column("unit", "合同主体", accessor="unit.name", width=20),
            Column("counterparty", "相对人", width=24),
            Column("amount", "金额（元）", sortable=True),
            Column("state", "状态", sortable=True),
            Column("signed_on", "签订日期", sortable=True),
        ],
        filters=[ChoiceFilter("state", "状态", "state", choices=Contract.State.choices),
                 ChoiceFilter("kind", "类型", "kind", choices=Contract.Kind.choices)],
        search=["title", "counterparty", "number"], search_index="contracts_contract_search",
        search_placeholder="合同名称、相对人或编号",
        default_sort="-signed_on", empty_text="没有符合条件的合同",
        cache=True,
    ).from_request(request)
    return table.respond(request, "contracts/contract_list.html", {}, filename="行政合同")


@capability_required(*CLERKS)
def contract_create(request):
    form = forms.ContractForm(request.POST or None, user=request.user)
    if request.method == "POST" and flash.posted(request, form, services.register_contract, request.user,
                                                 done="合同已登记"):
        return redirect("contracts:list")
    return render(request, "contracts/contract_form.html", {"form": form})


@capability_required(*READERS)
def contract_detail(request, pk: int):
    contract = get_for_user_or_404(Contract.objects.select_related("unit"), request.user, pk=pk)
    payments = [(p, allowed_for(request.user, workflow.PAYMENT, p), clock_of(p, "payment"))
                for p in contract.payments.all()]
    return render(request, "contracts/contract_detail.html", {
        "contract": contract, "allowed": allowed_for(request.user, workflow.CONTRACT, contract),
        "transition_url": "contracts:transition", "today": timezone.localdate(), "payments": payments,
        "milestones": contract.milestones.all(), "log": contract.transitions.select_related("case_type").order_by("on", "at", "id"), "review_clock": clock_of(contract, "review"),
        "payment_form": forms.PaymentForm(), "milestone_form": forms.MilestoneForm(),
        "credit_records": contract.credit_records.all(),
    })


contract_transition = transition_view(workflow.CONTRACT)
payment_transition = transition_view(workflow.PAYMENT)


@require_POST
@capability_required(*CLERKS)
def payment_add(request, pk: int):
    contract = get_for_user_or_404(Contract, request.user, pk=pk)
    flash.posted(request, forms.PaymentForm(request.POST), services.add_payment, request.user, contract,
                 done="已登记款项")
    return redirect("contracts:detail", pk=pk)


@require_POST
@capability_required(*CLERKS)
def milestone_add(request, pk: int):
    contract = get_for_user_or_404(Contract, request.user, pk=pk)
    flash.posted(request, forms.MilestoneForm(request.POST), services.add_milestone, request.user, contract,
                 done="已登记履约节点")
    return redirect("contracts:detail", pk=pk)


@require_POST
@capability_required(*CLERKS)
def milestone_done(request, pk: int, milestone_pk: int):
    contract = get_for_user_or_404(Contract, request.user, pk=pk)
    milestone = get_object_or_404(Milestone, contract=contract, pk=milestone_pk)
    flash.call(request, services.complete_milestone, request.user, milestone, done="已完成")
    return redirect("contracts:detail", pk=pk)


# ------------------------------------------------------------------------------------------ 政务诚信

@capability_required(MANAGE_CONTRACTS)
def credit_list(request):
    form = forms.CreditForm(request.POST or None, user=request.user, initial={"recorded_on": timezone.localdate()})
    if request.method == "POST" and flash.posted(request, form, services.record_default, request.user, done="已认定"):
        return redirect("contracts:credit")
    return render(request, "contracts/credit_list.html", {
        "records": CreditRecord.objects.for_user(request.user).select_related("unit", "contract"), "form": form,
        "today": timezone.localdate()})


@require_POST
@capability_required(MANAGE_CONTRACTS)
def credit_rectify(request, pk: int):
    record = get_for_user_or_404(CreditRecord, request.user, pk=pk)
    flash.posted(request, forms.RectifyForm(request.POST), services.rectify, request.user, record, done="已记录整改")
    return redirect("contracts:credit")


@require_POST
@capability_required(MANAGE_CONTRACTS)
def credit_publish(request, pk: int):
    record = get_for_user_or_404(CreditRecord, request.user, pk=pk)
    flash.call(request, services.publish_record, request.user, record, done="已公示")
    return redirect("contracts:credit")


@capability_required(MANAGE_CONTRACTS)
def credit_export(request):
    """The user's records and promises for the credit platform: Excel, or JSON with ?format=json."""
    records = CreditRecord.objects.for_user(request.user)
    commitments = Commitment.objects.for_user(request.user)
    as_json = request.GET.get("format") == "json"
    oplog.record(request.user, "contract.credit.export", None, object_type="contracts.credit",
                 object_repr="政务诚信数据", after={"records": records.count(), "commitments": commitments.count(),
                                                     "format": "json" if as_json else "xlsx"})
    if as_json:
        response = HttpResponse(export.as_json(records, commitments), content_type="application/json; charset=utf-8")
        name = "credit.json"
    else:
        response = HttpResponse(export.as_xlsx(records, commitments),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        name = "credit.xlsx"
    response["Content-Disposition"] = f"attachment; filename={name}"
    return response


@capability_required(*CLERKS)
def commitment_list(request):
    form = forms.CommitmentForm(request.POST or None, user=request.user)
    if request.method == "POST" and flash.posted(request, form, services.add_commitment, request.user, done="已登记承诺"):
        return redirect("contracts:commitments")
    return render(request, "contracts/commitment_list.html", {
        "commitments": Commitment.objects.for_user(request.user).select_related("unit"), "form": form,
        "today": timezone.localdate()})


@require_POST
@capability_required(*CLERKS)
def commitment_close(request, pk: int):
    commitment = get_for_user_or_404(Commitment, request.user, pk=pk)
    flash.posted(request, forms.CloseCommitmentForm(request.POST), services.close_commitment, request.user, commitment,
                 done="已办结")
    return redirect("contracts:commitments")
