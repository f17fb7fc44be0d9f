"""Office pages of 行政复议: the register, one case with its steps and clocks, paper applications,
the records after the decision and the reports. Public pages are in `public_views.py`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from fazhi.core import capabilities as cap
from fazhi.core import flash
from fazhi.core.models import Unit
from fazhi.core.permissions import capability_required
from fazhi.core.scopes import get_for_user_or_404
from fazhi.core.tables import ChoiceFilter, Column, DateRangeFilter, Table
from fazhi.reconsideration import documents, forms, opinions, reports, services
from fazhi.reconsideration.models import (
    Channel,
    Opinion,
    Outcome,
    Procedure,
    ReconsiderationCase,
    State,
)
from fazhi.reconsideration.perms import APPROVE, MANAGE
from fazhi.reconsideration.workflow import RECON, case_steps, step_label
from fazhi.workflow import clocks, engine
from fazhi.workflow.views import transition_view

case_transition = transition_view(RECON)


def _detail(case) -> str:
    return reverse("reconsideration:detail", args=[case.pk])


@capability_required(MANAGE)
def case_list(request):
    table = Table(
        ReconsiderationCase.objects.for_user(request.user).select_related("organ"),
        columns=[
            Column("case_number", "案号", sortable=True, link=_detail, width=18),
            Column("applicant_name", "申请人", width=14),
            Column("respondent", "被申请人", width=24),
            Column("organ", "复议机关", accessor="organ.name", width=20),
            Column("channel", "申请方式"),
            Column("received_on", "收到日期", sortable=True),
            Column("state", "办理状态", sortable=True),
            Column("procedure", "程序"),
            Column("decision_due_on", "决定期限", sortable=True),
            Column("outcome", "结果"),
        ],
        filters=[
            ChoiceFilter("state", "办理状态", "state", choices=State.choices),
            ChoiceFilter("outcome", "结果", "outcome", choices=Outcome.choices),
            ChoiceFilter("procedure", "程序", "procedure", choices=Procedure.choices),
            ChoiceFilter("channel", "申请方式", "channel", choices=Channel.choices),
            DateRangeFilter("received", "收到日期", "received_on"),
        ],
        search=["case_number", "applicant_name", "respondent"], search_index="reconsideration_case_search",
        search_placeholder="案号、申请人或被申请人",
        default_sort="-received_on",
        empty_text="没有符合条件的复议案件",
        cache=True,
    ).from_request(request)
    return table.respond(request, "reconsideration/case_list.html", {}, filename="行政复议案件")


def _organs(user):
    return services.public_organs().filter(pk__in=Unit.objects.for_user(user).values("pk"))


@capability_required(MANAGE)
def case_create(request):
    form = forms.OfficeApplicationForm(request.POST or None, request.FILES or None, organs=_organs(request.user),
                                       initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        materials = data.pop("materials", None)
        try:
            with transaction.atomic():
                filed = services.file_application(request.user, **data)
                if materials:
                    services.attach_materials(request.user, filed.case, [materials], "书面申请材料")
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, f"已登记，案号 {filed.case.case_number}，查询码 {filed.code}（请告知申请人，仅显示一次）")
            return redirect("reconsideration:detail", pk=filed.case.pk)
    return render(request, "reconsideration/case_form.html", {"form": form})


@capability_required(MANAGE)
def case_detail(request, pk: int):
    case = get_for_user_or_404(ReconsiderationCase.objects.select_related("organ"), request.user, pk=pk)
    today = timezone.localdate()
    return render(request, "reconsideration/case_detail.html", {
        "case": case,
        "allowed": engine.allowed_for(request.user, RECON, case),
        "clocks": clocks.for_page(RECON, case),
        "log": [(entry, step_label(entry)) for entry in case_steps(case)],
        "opinions": [(o, clocks.clock_of(o, "report")) for o in case.opinions.all()],
        "reviews": case.incidental_reviews.select_related("document", "cleanup"),
        "performance_form": forms.PerformanceForm(initial={"on": today}),
        "incidental_form": forms.IncidentalForm(initial={"on": today}),
        "conclusion_form": forms.IncidentalConclusionForm(initial={"on": today}),
        "opinion_form": forms.OpinionForm(initial={"on": today}),
        "report_form": forms.OpinionReportForm(initial={"on": today}),
        "today": today,
        "documents": documents.available(case),
        "can_approve": request.user.can(APPROVE) or request.user.is_superuser,
    })


def _case(request, pk: int) -> ReconsiderationCase:
    return get_for_user_or_404(ReconsiderationCase, request.user, pk=pk)


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@capability_required(MANAGE)
def case_document(request, pk: int, kind: str):
    """A 文书 of the case as Word, filled into the template in force for its 复议机关."""
    case = _case(request, pk)
    if kind not in dict(documents.available(case)):
        raise Http404("本案目前没有该文书")
    response = HttpResponse(documents.render(case, kind), content_type=DOCX)
    response["Content-Disposition"] = content_disposition_header(
        True, f"{documents.KINDS[kind][0]}（{case.case_number}）.docx")
    return response


@require_POST
@capability_required(MANAGE)
def case_attachments(request, pk: int):
    case = _case(request, pk)
    flash.call(request, services.attach_materials, request.user, case, request.FILES.getlist("file"),
               request.POST.get("title", ""), done=lambda n: f"已上传{n}个文件")
    return redirect(_detail(case))


@require_POST
@capability_required(MANAGE)
def case_publish(request, pk: int):
    case = _case(request, pk)
    flash.call(request, services.publish_decision, request.user, case, done="决定书已在门户公开（申请人姓名已隐去）")
    return redirect(_detail(case))


@require_POST
@capability_required(MANAGE)
def case_performance(request, pk: int):
    case = _case(request, pk)
    flash.posted(request, forms.PerformanceForm(request.POST), services.record_performance, request.user, case,
                 done="履行情况已登记")
    return redirect(_detail(case))


@require_POST
@capability_required(MANAGE)
def incidental_add(request, pk: int):
    from fazhi.normdocs.models import NormativeDocument

    case = _case(request, pk)
    form = forms.IncidentalForm(request.POST)
    if form.is_valid():
        document = NormativeDocument.objects.for_user(request.user).filter(pk=form.cleaned_data["document"]).first()
        if document is None:
            messages.error(request, "没有找到该规范性文件（或不在您的数据范围内）")
        else:
            flash.call(request, services.add_incidental_review, request.user, case, document, form.cleaned_data["on"],
                       done="已登记附带审查")
    else:
        messages.error(request, flash.form_errors_text(form))
    return redirect(_detail(case))


@require_POST
@capability_required(MANAGE)
def incidental_conclude(request, pk: int, review_pk: int):
    case = _case(request, pk)
    review = case.incidental_reviews.filter(pk=review_pk).first()
    if review is None:
        raise Http404("没有找到该附带审查")
    flash.posted(request, forms.IncidentalConclusionForm(request.POST), services.conclude_incidental_review,
                 request.user, review, done="已作出附带审查结论")
    return redirect(_detail(case))


@require_POST
@capability_required(MANAGE)
def opinion_issue(request, pk: int):
    case = _case(request, pk)
    flash.posted(request, forms.OpinionForm(request.POST), opinions.issue_opinion, request.user, case,
                 done="已制发，纠正情况报送期限开始计算")
    return redirect(_detail(case))


@require_POST
@capability_required(MANAGE)
def opinion_report(request, pk: int, opinion_pk: int):
    opinion = get_for_user_or_404(Opinion.objects.filter(case_id=pk), request.user, pk=opinion_pk)
    flash.posted(request, forms.OpinionReportForm(request.POST), opinions.report_opinion, request.user, opinion,
                 done="已登记纠正情况报告")
    return redirect(reverse("reconsideration:detail", args=[opinion.case_id]))


@capability_required(MANAGE, cap.VIEW_DASHBOARD)
def report_page(request):
    today = timezone.localdate()
    data = {"year": today.year, "quarter": str((today.month - 1) // 3 + 1), "half": "1" if today.month <= 6 else "2"}
    form = forms.ReportForm(request.GET or None, initial=data)
    if form.is_valid():
        data = {**data, **form.cleaned_data}
    outcomes = reports.parse_outcomes(request.GET.getlist("outcomes"))
    cases = ReconsiderationCase.objects.for_user(request.user)
    quarter = reports.quarter(int(data["year"]), int(data["quarter"]))
    half = reports.half_year(int(data["year"]), int(data["half"]))
    rows, total = reports.correction_report(cases, quarter, outcomes)
    perf_rows, perf_total, unperformed = reports.performance_report(cases, half)
    return render(request, "reconsideration/reports.html", {
        "form": form, "quarter": quarter, "half": half, "rows": rows, "total": total, "outcomes": outcomes,
        "outcome_labels": [Outcome(o).label for o in outcomes], "all_outcomes": Outcome.choices,
        "perf_rows": perf_rows, "perf_total": perf_total, "unperformed": unperformed,
        "can_open": request.user.can(MANAGE) or request.user.is_superuser,  # a leader reads the figures only
    })
