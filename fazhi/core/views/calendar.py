"""The working-day calendar pages: the year view, editing a day, importing the State Council notice,
and a small deadline calculator that shows its work day by day.

Everyone signed in may look and calculate; changing the table needs `calendar.manage`.
"""

from __future__ import annotations

import calendar as pycalendar
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from fazhi.core import calendar as workcal
from fazhi.core import calendar_services
from fazhi.core import capabilities as cap
from fazhi.core.models import CalendarDay
from fazhi.core.permissions import capability_required, has_capability
from fazhi.core.views import forms

TYPE_LABELS = dict(CalendarDay.DayType.choices)
WEEKDAY_HEADERS = ["一", "二", "三", "四", "五", "六", "日"]
MONTH_NAMES = ["一月", "二月", "三月", "四月", "五月", "六月", "七月", "八月", "九月", "十月", "十一月", "十二月"]


def _year_param(request) -> int:
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() else timezone.localdate().year
    return min(max(year, calendar_services.MIN_YEAR), calendar_services.MAX_YEAR)


def year_grid(table: workcal.Calendar, year: int) -> list[dict]:
    """Twelve months of weeks (Monday first); each day carries its type, label and note."""
    months = []
    weeks_of = pycalendar.Calendar(firstweekday=0)
    for month in range(1, 13):
        weeks = []
        for week in weeks_of.monthdatescalendar(year, month):
            cells = []
            for day in week:
                if day.month != month:
                    cells.append(None)
                    continue
                day_type = table.day_type(day)
                cells.append({"date": day, "type": day_type, "label": TYPE_LABELS[day_type], "note": table.note(day)})
            weeks.append(cells)
        months.append({"number": month, "name": MONTH_NAMES[month - 1], "weeks": weeks})
    return months


def _counts(months: list[dict]) -> dict[str, int]:
    counts = dict.fromkeys(TYPE_LABELS, 0)
    for month in months:
        for week in month["weeks"]:
            for cell in week:
                if cell:
                    counts[cell["type"]] += 1
    return counts


@login_required
def calendar_year(request):
    year = _year_param(request)
    table = workcal.get_calendar()
    months = year_grid(table, year)
    counts = _counts(months)
    return render(request, "core/calendar.html", {
        "year": year, "months": months, "weekdays": WEEKDAY_HEADERS,
        "known": year in table.covered_years, "known_years": sorted(table.covered_years),
        "counts": [(TYPE_LABELS[k], k, v) for k, v in counts.items()],
        "can_edit": has_capability(request.user, cap.MANAGE_CALENDAR),
        "compute_form": forms.DeadlineForm(initial={"start": timezone.localdate(), "days": 15, "kind": "working"}),
    })


def _parse_day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise Http404("日期格式不正确") from None


@capability_required(cap.MANAGE_CALENDAR)
def calendar_day(request, day: str):
    """GET: the small form for one day (shown beside the year grid); POST: save its type."""
    date = _parse_day(day)
    table = workcal.get_calendar()
    form = forms.DayTypeForm(request.POST or None, initial={"day_type": str(table.day_type(date)), "note": table.note(date)})
    if request.method == "POST" and form.is_valid():
        try:
            calendar_services.set_day_type(request.user, date, form.cleaned_data["day_type"], form.cleaned_data["note"])
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, f"{date.isoformat()} 已设为{TYPE_LABELS[form.cleaned_data['day_type']]}")
            return redirect(f"{reverse('core:calendar')}?year={date.year}#m{date.month}")
    template = "core/_calendar_day_form.html" if request.headers.get("HX-Request") else "core/calendar_day.html"
    return render(request, template, {
        "form": form, "date": date, "weekday": WEEKDAY_HEADERS[date.weekday()],
        "current": TYPE_LABELS[table.day_type(date)], "known": table.is_known(date),
    }, status=400 if form.is_bound else 200)


@capability_required(cap.MANAGE_CALENDAR)
def calendar_import(request):
    """Paste the notice → see the days it sets → confirm. The confirm re-parses the same text."""
    form = forms.NoticeImportForm(request.POST or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        try:
            notice = workcal.parse_notice(form.cleaned_data["text"], form.cleaned_data["year"])
            if request.POST.get("confirm") == "1":
                calendar_services.import_year(request.user, notice.year, notice.entries, notice.source)
                messages.success(request, f"已导入 {notice.year} 年节假日安排（{len(notice.entries)} 天）")
                return redirect(f"{reverse('core:calendar')}?year={notice.year}")
            preview = notice
        except ValidationError as exc:
            form.add_service_error(exc)
    return render(request, "core/calendar_import.html", {
        "form": form, "preview": preview, "type_labels": TYPE_LABELS,
        "weekdays": WEEKDAY_HEADERS,
    }, status=400 if form.is_bound and form.errors else 200)


@login_required
def calendar_compute(request):
    form = forms.DeadlineForm(request.GET or None)
    result = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        result = workcal.compute(data["start"], data["days"], working=data["kind"] == "working")
    return render(request, "core/calendar_compute.html", {"form": form, "result": result})


@capability_required(cap.MANAGE_CALENDAR)
@require_POST
def calendar_seed(request):
    """Fill the years chinese-calendar knows and the table does not have yet (never overwrites)."""
    loaded = workcal.seed_from_library(request.user)
    if loaded:
        messages.success(request, f"已载入 {loaded[0]}–{loaded[-1]} 年的节假日（{len(loaded)} 年）")
    else:
        messages.info(request, "内置节假日数据覆盖的年份都已在表中，未作改动")
    return redirect("core:calendar")
