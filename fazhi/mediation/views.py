"""Pages of 行政调解 and 行政裁决."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_POST

from fazhi.core import flash
from fazhi.core.models import Unit
from fazhi.core.permissions import capability_required
from fazhi.core.scopes import get_for_user_or_404
from fazhi.mediation import counts, forms, services
from fazhi.mediation.models import (
    AdjudicationCase,
    AdjudicationItem,
    AdjudicationList,
    Area,
    MediationCase,
    RegionCount,
)
from fazhi.mediation.services import MANAGE, VIEW


def _writer(request) -> None:
    if not (request.user.is_superuser or request.user.can(MANAGE)):
        raise PermissionDenied("您没有执行此操作的权限")


def _status(request) -> int:
    return 400 if request.method == "POST" else 200


@capability_required(MANAGE, VIEW)
def mediation_list(request):
    form = forms.MediationForm(request.POST or None, user=request.user)
    if request.method == "POST":
        _writer(request)
        if flash.posted(request, form, services.register_mediation, request.user, done="已登记"):
            return redirect("mediation:list")
    cases = MediationCase.objects.for_user(request.user).select_related("unit")
    by_area = cases.values("area").annotate(
        total=Count("id"), agreed=Count("id", filter=Q(outcome=MediationCase.Outcome.AGREED)),
        performed=Count("id", filter=Q(performance=MediationCase.Performance.PERFORMED))).order_by("area")
    return render(request, "mediation/list.html", {
        "form": form, "cases": cases[:300], "today": timezone.localdate(),
        # Counted only when the page's cached list is rendered (after a write the viewer can see).
        "by_area": SimpleLazyObject(lambda: [{**row, "label": Area(row["area"]).label} for row in by_area]),
        # A form sent back with its errors is rendered afresh; the blank one is kept with the list.
        "form_fragment": "" if form.is_bound else "mediation-form",
        "close_form": forms.CloseForm(initial={"closed_on": timezone.localdate()}),
        "performance_form": forms.PerformanceForm(initial={"on": timezone.localdate()})}, status=_status(request))


@require_POST
@capability_required(MANAGE)
def mediation_close(request, pk: int):
    case = get_for_user_or_404(MediationCase, request.user, pk=pk)
    flash.posted(request, forms.CloseForm(request.POST), services.close_mediation, request.user, case, done="已办结")
    return redirect("mediation:list")


@require_POST
@capability_required(MANAGE)
def mediation_performance(request, pk: int):
    case = get_for_user_or_404(MediationCase, request.user, pk=pk)
    flash.posted(request, forms.PerformanceForm(request.POST), services.record_performance, request.user, case,
                 done="已登记履行情况")
    return redirect("mediation:list")


@capability_required(MANAGE, VIEW)
def adjudication_lists(request):
    if request.user.unit is None:
        raise PermissionDenied("您的账号没有所属单位")
    jurisdiction = request.user.unit.jurisdiction()
    form = forms.ListForm(request.POST or None)
    if request.method == "POST":
        _writer(request)
        if flash.posted(request, form, services.publish_list, request.user, jurisdiction, done="已公布新版清单"):
            return redirect("mediation:lists")
    listings = AdjudicationList.objects.for_user(request.user).select_related("jurisdiction").prefetch_related("items")
    return render(request, "mediation/lists.html", {"form": form, "listings": listings, "jurisdiction": jurisdiction},
                  status=_status(request))


@capability_required(MANAGE, VIEW)
def adjudication_list(request):
    today = timezone.localdate()
    in_force = [services.list_in_force(j, today) for j in Unit.objects.for_user(request.user).filter(kind=Unit.Kind.REGION)]
    items = AdjudicationItem.objects.filter(listing__in=[x for x in in_force if x]).select_related("listing")
    form = forms.AdjudicationForm(request.POST or None, user=request.user, items=items)
    if request.method == "POST":
        _writer(request)
        if flash.posted(request, form, services.register_adjudication, request.user, done="已受理"):
            return redirect("mediation:adjudications")
    cases = AdjudicationCase.objects.for_user(request.user).select_related("unit", "item", "item__listing")[:300]
    return render(request, "mediation/adjudications.html", {
        "form": form, "cases": cases, "today": today,
        "rights_form": forms.RightsForm(initial={"on": today}), "decide_form": forms.DecideForm(initial={"on": today})},
        status=_status(request))


@require_POST
@capability_required(MANAGE)
def adjudication_rights(request, pk: int):
    case = get_for_user_or_404(AdjudicationCase, request.user, pk=pk)
    flash.posted(request, forms.RightsForm(request.POST), services.notify_rights, request.user, case, done="已登记权利告知")
    return redirect("mediation:adjudications")


@require_POST
@capability_required(MANAGE)
def adjudication_decide(request, pk: int):
    case = get_for_user_or_404(AdjudicationCase, request.user, pk=pk)
    flash.posted(request, forms.DecideForm(request.POST), services.decide, request.user, case, done="已作出裁决")
    return redirect("mediation:adjudications")


@capability_required(MANAGE, VIEW)
def region_counts(request):
    form = forms.CountsImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST":
        _writer(request)
        if form.is_valid():
            try:
                report = counts.import_counts(request.user, form.cleaned_data["file"])
            except Exception as exc:  # noqa: BLE001 — ValidationError's messages, shown on the page
                messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
            else:
                messages.success(request, f"已导入 {report.imported} 行" + (f"，拒绝 {len(report.refused)} 行" if report.refused else ""))
    rows = RegionCount.objects.for_user(request.user).select_related("region")[:500]
    return render(request, "mediation/counts.html", {"form": form, "report": report, "rows": rows})
