"""Office pages of 行政应诉 and 司法建议 / 检察建议."""

from __future__ import annotations

from html import escape

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from fazhi.core import capabilities as cap
from fazhi.core import flash
from fazhi.core.permissions import capability_required
from fazhi.core.scopes import get_for_user_or_404
from fazhi.core.tables import ChoiceFilter, Column, DateRangeFilter, Table
from fazhi.litigation import forms, rates, services
from fazhi.litigation.models import CaseType, LitigationCase, Observation, Result, State, Suggestion
from fazhi.litigation.perms import MANAGE
from fazhi.litigation.suggestions import SUGGESTION
from fazhi.litigation.workflow import LITIGATION
from fazhi.reconsideration.reports import half_year
from fazhi.workflow import clocks, engine
from fazhi.workflow.views import transition_view

case_transition = transition_view(LITIGATION)


def _detail(case) -> str:
    return reverse("litigation:detail", args=[case.pk])


@capability_required(MANAGE)
def case_list(request):
    table = Table(
        LitigationCase.objects.for_user(request.user).select_related("unit"),
        columns=[
            Column("plaintiff", "原告", link=_detail, width=20),
            Column("unit", "被告机关", accessor="unit.name", width=20),
            Column("cause", "案由", width=24),
            Column("case_type", "类型"),
            Column("court", "法院", width=20),
            Column("received_on", "收到日期", sortable=True),
            Column("state", "状态", sortable=True),
            Column("result", "一审结果"),
            Column("appeal_due_on", "上诉期限"),
        ],
        filters=[ChoiceFilter("state", "状态", "state", choices=State.choices),
                 ChoiceFilter("case_type", "类型", "case_type", choices=CaseType.choices),
                 ChoiceFilter("result", "一审结果", "result", choices=Result.choices),
                 DateRangeFilter("received", "收到日期", "received_on")],
        search=["plaintiff", "cause", "court_number"], search_placeholder="原告、案由或法院案号",
        default_sort="-received_on", empty_text="没有符合条件的应诉案件",
        cache=True,
    ).from_request(request)
    return table.respond(request, "litigation/case_list.html", {}, filename="行政应诉案件")


@capability_required(MANAGE)
def case_create(request):
    form = forms.CaseForm(request.POST or None, user=request.user, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            case = services.register_case(request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, "已登记，答辩和举证期限已开始计算")
            return redirect(_detail(case))
    return render(request, "litigation/form.html", {"form": form, "title": "登记行政应诉案件",
                                                    "back": reverse("litigation:list")})


@capability_required(MANAGE)
def case_detail(request, pk: int):
    case = get_for_user_or_404(LitigationCase.objects.select_related("unit"), request.user, pk=pk)
    return render(request, "litigation/case_detail.html", {
        "case": case, "allowed": engine.allowed_for(request.user, LITIGATION, case), "today": timezone.localdate(),
        "clocks": clocks.for_page(LITIGATION, case),
        "log": [(e, e.get_action_label()) for e in case.transitions.select_related("case_type").order_by("on", "at", "id")],
        "hearings": case.hearings.all(), "hearing_form": forms.HearingForm(initial={"held_on": timezone.localdate()}),
    })


@require_POST
@capability_required(MANAGE)
def hearing_add(request, pk: int):
    case = get_for_user_or_404(LitigationCase, request.user, pk=pk)
    flash.posted(request, forms.HearingForm(request.POST), services.add_hearing, request.user, case,
                 done="已登记庭审出庭情况")
    return redirect(_detail(case))


@capability_required(MANAGE)
def observations(request):
    form = forms.ObservationForm(request.POST or None, user=request.user, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and flash.posted(request, form, services.record_observation, request.user,
                                                 done="已登记庭审旁听"):
        return redirect("litigation:observations")
    rows = Observation.objects.for_user(request.user).select_related("unit")[:200]
    return render(request, "litigation/observations.html", {"form": form, "rows": rows})


def _suggestion_link(s) -> str:
    return reverse("litigation:suggestion", args=[s.pk])


@capability_required(MANAGE)
def suggestion_list(request):
    table = Table(
        Suggestion.objects.for_user(request.user).select_related("unit"),
        columns=[Column("subject", "建议事项", link=_suggestion_link, width=30), Column("kind", "类型"),
                 Column("unit", "收到单位", accessor="unit.name", width=20), Column("issuer", "制发机关", width=20),
                 Column("received_on", "收到日期", sortable=True), Column("due_on", "回复期限", sortable=True),
                 Column("replied_on", "回复日期", sortable=True)],
        filters=[ChoiceFilter("kind", "类型", "kind", choices=Suggestion.Kind.choices),
                 DateRangeFilter("received", "收到日期", "received_on")],
        search=["subject", "issuer", "number"], search_placeholder="建议事项、制发机关或文号",
        default_sort="-received_on", empty_text="没有司法建议、检察建议",
    ).from_request(request)
    return table.respond(request, "litigation/suggestion_list.html", {}, filename="司法建议检察建议")


@capability_required(MANAGE)
def suggestion_create(request):
    form = forms.SuggestionForm(request.POST or None, user=request.user, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            suggestion = services.register_suggestion(request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, f"已登记，应于{suggestion.due_on:%Y-%m-%d}前书面回复")
            return redirect(_suggestion_link(suggestion))
    return render(request, "litigation/form.html", {"form": form, "title": "登记司法建议、检察建议",
                                                    "back": reverse("litigation:suggestions")})


@capability_required(MANAGE)
def suggestion_detail(request, pk: int):
    suggestion = get_for_user_or_404(Suggestion.objects.select_related("unit"), request.user, pk=pk)
    form = forms.ReplyForm(request.POST or None, initial={"replied_on": timezone.localdate()})
    if request.method == "POST" and flash.posted(request, form, services.reply_suggestion, request.user, suggestion,
                                                 done="已登记回复"):
        return redirect(_suggestion_link(suggestion))
    return render(request, "litigation/suggestion_detail.html", {
        "s": suggestion, "form": form, "today": timezone.localdate(), "clocks": clocks.for_page(SUGGESTION, suggestion),
        "log": [(e, e.get_action_label()) for e in suggestion.transitions.select_related("case_type").order_by("on", "at", "id")]})


@require_POST
@capability_required(MANAGE)
def suggestion_evidence(request, pk: int):
    suggestion = get_for_user_or_404(Suggestion, request.user, pk=pk)
    flash.call(request, services.attach_reply_evidence, request.user, suggestion, request.FILES.getlist("file"),
               request.POST.get("title", ""), done=lambda n: f"已上传{n}个文件")
    return redirect(_suggestion_link(suggestion))


@capability_required(MANAGE, cap.VIEW_DASHBOARD)
def rates_page(request):
    today = timezone.localdate()
    initial = {"year": today.year, "half": "1" if today.month <= 6 else "2"}
    form = forms.YearForm(request.GET or None, initial=initial)
    data = {**initial, **(form.cleaned_data if form.is_valid() else {})}
    year, half = int(data["year"]), half_year(int(data["year"]), int(data["half"]))
    figures = rates.litigation_rates(LitigationCase.objects.for_user(request.user),
                                     Observation.objects.for_user(request.user), year)
    rows, total = rates.suggestion_report(Suggestion.objects.for_user(request.user), half.first, half.last, today)
    return render(request, "litigation/rates.html", {
        "form": form, "r": figures, "half": half, "total": total,
        "unit_rows": _unit_rows(figures.units), "suggestion_rows": _suggestion_rows(rows),
        "can_open": request.user.can(MANAGE) or request.user.is_superuser})


# A province has a row per unit (about 900 with hearings, as many with suggestions): through the template engine
# its ~12,000 cells cost 100 ms of CPU (localize and escape per variable); written here (the counts are integers,
# only the unit names need escaping) a few ms. Same markup.
PRINCIPAL_MISSING = ' <span class="badge text-bg-danger">未达每年1次</span>'
OBSERVATION_MISSING = ' <span class="badge text-bg-warning">未组织</span>'
EXEMPT = ' <span class="text-secondary">（无案件，免）</span>'


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value}%"


def _unit_rows(units: list[rates.UnitRow]) -> str:
    def row(u: rates.UnitRow) -> str:
        note = OBSERVATION_MISSING if u.observation_missing else ("" if u.cases else EXEMPT)
        return (f"<tr><td>{escape(u.unit)}</td><td>{u.cases}</td><td>{u.hearings}</td><td>{u.heads}</td>"
                f"<td>{_percent(u.head_rate)}</td><td>{u.principal}{PRINCIPAL_MISSING if u.principal_missing else ''}"
                f"</td><td>{u.observations}{note}</td></tr>\n")

    return mark_safe("".join(row(u) for u in units))  # every text cell is escaped above


def _suggestion_rows(rows: list[rates.SuggestionRow]) -> str:
    return mark_safe("".join(  # the unit name is escaped
        f"<tr><td>{escape(s.unit)}</td><td>{s.received}</td><td>{s.due}</td><td>{s.on_time}</td><td>{s.late}</td>"
        f"<td>{s.overdue_open}</td><td>{_percent(s.rate)}</td></tr>\n" for s in rows))
