"""Office pages of 依申请公开: the request list, entry of paper requests, the case page with its clock trace
and letters, the 复议/诉讼 records, the staff register and the annual report tables."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from fazhi.core import flash
from fazhi.core.permissions import capability_required
from fazhi.core.scopes import get_for_user_or_404
from fazhi.core.tables import ChoiceFilter, Column, DateRangeFilter, Table
from fazhi.disclosure import forms, letters, services
from fazhi.disclosure.codes import Outcome
from fazhi.disclosure.models import DisclosureRequest, State
from fazhi.disclosure.workflow import MANAGE, REQUEST, VIEW
from fazhi.workflow.clocks import clocks_of
from fazhi.workflow.engine import allowed_for
from fazhi.workflow.views import transition_view

request_transition = transition_view(REQUEST)


@capability_required(MANAGE, VIEW)
def request_list(request):
    table = Table(
        DisclosureRequest.objects.for_user(request.user).select_related("unit"),
        columns=[
            Column("case_number", "申请编号", sortable=True, link=lambda r: REQUEST.link(r)),
            Column("applicant_name", "申请人"),
            Column("unit", "受理机关", accessor="unit.name", order_by="unit__path"),
            Column("channel", "提交方式"),
            Column("received_on", "收到日期", sortable=True),
            Column("due_on", "答复期限", sortable=True),
            Column("state", "状态", sortable=True),
            Column("outcome", "办理结果"),
        ],
        # Number and applicant only: an index holds both, so a province-wide search never reads the wide rows;
        # on SQLite the trigram table (0006) names the candidates of a term of three characters or more.
        search=["case_number", "applicant_name"], search_index="disclosure_request_search",
        search_placeholder="申请编号或申请人",
        filters=[ChoiceFilter("state", "状态", "state", choices=State.choices),
                 ChoiceFilter("outcome", "办理结果", "outcome", choices=Outcome.choices),
                 DateRangeFilter("received", "收到日期", "received_on")],
        default_sort="-received_on",
        cache=True,
    ).from_request(request)
    return table.respond(request, "disclosure/request_list.html", {"can_manage": request.user.can(MANAGE)},
                         filename="政府信息公开申请")


@capability_required(MANAGE)
def request_new(request):
    form = forms.OfficeRequestForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            case, code = services.register(request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, f"已登记：申请编号 {case.case_number}，查询码 {code}（请告知申请人，仅显示一次）")
            return redirect(REQUEST.link(case))
    status = 400 if request.method == "POST" else 200
    return render(request, "disclosure/request_form.html", {"form": form}, status=status)


@capability_required(MANAGE, VIEW)
def request_detail(request, pk: int):
    case = get_for_user_or_404(DisclosureRequest.objects.select_related("unit"), request.user, pk=pk)
    steps = [t for t in allowed_for(request.user, REQUEST, case) if t.code != "receive"]
    can_receive = case.state == State.PENDING and request.user.can(MANAGE)
    return render(request, "disclosure/request_detail.html", {
        "case": case, "steps": steps,
        "clocks": [(clock, f"{REQUEST.clocks[clock.kind].label}期限")
                   for clock in clocks_of(case) if clock.kind in REQUEST.clocks],
        "log": case.transitions.select_related("case_type").order_by("on", "at", "id"),
        "letters": letters.available(case), "today": timezone.localdate(), "appeals": case.appeals.all(),
        "receive_form": forms.ReceiveForm(initial={"on": timezone.localdate()}) if can_receive else None,
    })


@require_POST
@capability_required(MANAGE)
def request_receive(request, pk: int):
    case = get_for_user_or_404(DisclosureRequest, request.user, pk=pk)
    form = forms.ReceiveForm(request.POST)
    if form.is_valid():
        flash.call(request, services.receive, request.user, case, form.cleaned_data["on"],
                   excessive=form.cleaned_data["excessive"], done="已确认收到申请，答复期限开始计算")
    else:
        messages.error(request, flash.form_errors_text(form))
    return redirect(REQUEST.link(case))


@capability_required(MANAGE, VIEW)
def request_letter(request, pk: int, kind: str):
    case = get_for_user_or_404(DisclosureRequest.objects.select_related("unit"), request.user, pk=pk)
    if kind not in letters.KINDS:
        raise Http404("没有这种文书")
    try:
        data = letters.letter(case, kind)
    except ValidationError as exc:
        raise Http404(flash.error_text(exc)) from None
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    response["Content-Disposition"] = content_disposition_header(
        True, f"{letters.KINDS[kind].label}-{case.case_number}.docx")
    return response


def own_unit(request):
    if request.user.unit is None:
        raise PermissionDenied("您的账号没有所属单位")
    return request.user.unit
