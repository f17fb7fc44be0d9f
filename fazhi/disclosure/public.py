"""The public request page (no account): throttled per address, so a script cannot file hundreds of requests,
and protected by Django's CSRF check like every form of the site. The applicant then follows the request on
the portal's lookup (/portal/lookup/) with the number and the verification code shown once here.
"""

from __future__ import annotations

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from fazhi.core.context import client_ip
from fazhi.disclosure import forms, services

APPLY_LIMIT = (5, 3600)  # requests per address per hour


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
