"""Public pages (no account): apply online, and follow one's request with its number and verification code.

Both are throttled per address (a crawler or a script cannot file hundreds of requests or guess codes) and
carry Django's CSRF protection like every form of the site. The applicant sees the state, the dates and the
outcome of their own request only.
"""

from __future__ import annotations

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from fazhi.core.context import client_ip
from fazhi.disclosure import forms, services
from fazhi.workflow.clocks import clock_of

APPLY_LIMIT = (5, 3600)  # requests per address per hour
LOOKUP_LIMIT = (20, 600)  # lookups per address per 10 minutes


def over_limit(request, bucket: str, limit: tuple[int, int]) -> bool:
    """Count one attempt of `bucket` from the caller's address; whether the window's limit is passed."""
    count, seconds = limit
    key = f"disclosure:{bucket}:{client_ip(request) or 'unknown'}"
    cache.add(key, 0, seconds)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, seconds)
        used = 1
    return used > count


@never_cache
def apply(request):
    form = forms.PublicRequestForm(request.POST or None)
    if request.method == "POST":
        if over_limit(request, "apply", APPLY_LIMIT):
            return render(request, "disclosure/public_apply.html", {"form": form, "throttled": True}, status=429)
        if form.is_valid():
            try:
                case, code = services.submit_online(**form.cleaned_data)
            except ValidationError as exc:
                form.add_service_error(exc)
            else:
                return render(request, "disclosure/public_applied.html", {"case": case, "code": code})
    return render(request, "disclosure/public_apply.html", {"form": form})


@never_cache
def status(request):
    form = forms.LookupForm(request.POST or None)
    case = None
    if request.method == "POST":
        if over_limit(request, "lookup", LOOKUP_LIMIT):
            return render(request, "disclosure/public_status.html", {"form": form, "throttled": True}, status=429)
        if form.is_valid():
            case = services.find_for_applicant(form.cleaned_data["case_number"], form.cleaned_data["code"])
            if case is None:
                form.add_error(None, "申请编号或查询码不正确")
    clock = clock_of(case, "reply") if case else None
    return render(request, "disclosure/public_status.html", {"form": form, "case": case, "clock": clock})
