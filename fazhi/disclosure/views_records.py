"""Office pages around the requests: 复议/诉讼 on disclosure, the staff register, the annual report."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from fazhi.core import flash
from fazhi.core.models import Unit
from fazhi.core.permissions import capability_required
from fazhi.core.scopes import get_for_user_or_404
from fazhi.disclosure import forms, records, report
from fazhi.disclosure.codes import AppealKind, AppealResult, ApplicantKind
from fazhi.disclosure.models import DisclosureAppeal, StaffChange, StaffMember
from fazhi.disclosure.services import accepting_units
from fazhi.disclosure.views import own_unit
from fazhi.disclosure.workflow import MANAGE, VIEW


def _require_manage(request) -> None:
    """The list pages are read with disclosure.view too; adding to them needs disclosure.manage."""
    if not request.user.can(MANAGE) and not request.user.is_superuser:
        raise PermissionDenied("您没有执行此操作的权限")


@capability_required(MANAGE, VIEW)
def appeal_list(request):
    form = forms.AppealForm(request.POST or None, user=request.user)
    if request.method == "POST":
        _require_manage(request)
        if flash.posted(request, form, records.add_appeal, request.user, done="已登记"):
            return redirect("disclosure:appeals")
    appeals = DisclosureAppeal.objects.for_user(request.user).select_related("unit", "request")[:500]
    return render(request, "disclosure/appeals.html", {"form": form, "appeals": appeals,
                                                       "results": AppealResult.choices[:-1]},
                  status=400 if request.method == "POST" else 200)


@require_POST
@capability_required(MANAGE)
def appeal_conclude(request, pk: int):
    appeal = get_for_user_or_404(DisclosureAppeal, request.user, pk=pk)
    try:
        on = datetime.date.fromisoformat(request.POST.get("concluded_on", ""))
    except ValueError:
        messages.error(request, "请填写审结日期")
    else:
        flash.call(request, records.conclude_appeal, request.user, appeal, result=request.POST.get("result", ""),
                   concluded_on=on, done="已登记结果")
    return redirect("disclosure:appeals")


@capability_required(MANAGE, VIEW)
def staff_list(request):
    form = forms.StaffForm(request.POST or None, user=request.user)
    if request.method == "POST":
        _require_manage(request)
        if flash.posted(request, form, records.add_staff, request.user, done="已加入名单，请在10日内报备"):
            return redirect("disclosure:staff")
    members = StaffMember.objects.for_user(request.user).select_related("unit")
    changes = StaffChange.objects.for_user(request.user).select_related("member", "unit")[:200]
    return render(request, "disclosure/staff.html", {
        "form": form, "members": members, "changes": changes, "today": timezone.localdate()},
        status=400 if request.method == "POST" else 200)


@require_POST
@capability_required(MANAGE)
def staff_leave(request, pk: int):
    member = get_for_user_or_404(StaffMember, request.user, pk=pk)
    flash.call(request, records.staff_leaves, request.user, member, timezone.localdate(),
               done=f"{member.name}已调离，请在10日内报备")
    return redirect("disclosure:staff")


@require_POST
@capability_required(MANAGE)
def staff_report(request, unit_pk: int):
    unit = get_for_user_or_404(Unit, request.user, pk=unit_pk)
    flash.call(request, records.report_changes, request.user, unit, timezone.localdate(),
               done=lambda n: f"已报备 {n} 项变动" if n else "没有待报备的变动")
    return redirect("disclosure:staff")


@capability_required(MANAGE, VIEW)
def annual_report(request):
    units = list(accepting_units().filter(pk__in=Unit.objects.for_user(request.user).values("pk")))
    try:
        chosen = int(request.GET.get("unit") or 0)
    except ValueError:
        chosen = 0
    # Default: the government of the caller's jurisdiction (its report covers the whole region), else the caller's unit.
    home = own_unit(request).jurisdiction()
    unit = next((u for u in units if u.pk == chosen), None) or next(
        (u for u in units if u.kind == Unit.Kind.GOVERNMENT and u.path.startswith(home.path) and u.depth == home.depth + 1),
        None) or next((u for u in units if u.pk == own_unit(request).pk), None) or (units[0] if units else None)
    this_year = timezone.localdate().year
    try:
        year = min(max(int(request.GET.get("year") or this_year - 1), 2019), this_year)
    except ValueError:
        year = this_year - 1
    context = {"units": units, "unit": unit, "year": year, "years": range(this_year, 2018, -1),
               "columns": ApplicantKind.choices, "appeal_kinds": AppealKind.choices,
               "appeal_results": AppealResult.choices}
    if unit is not None:
        due, source = report.due_date(unit, year)
        appeals = report.appeal_table(unit, year)
        rows = [(label, [*(appeals[kind][r] for r, _ in AppealResult.choices), appeals[kind]["total"]])
                for kind, label in AppealKind.choices]
        context.update(lines=report.request_table(unit, year), appeal_rows=rows,
                       rates=report.dispute_rates(unit, year), due=due, due_source=source)
    return render(request, "disclosure/annual.html", context)
