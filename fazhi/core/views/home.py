from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from fazhi.core import capabilities as cap
from fazhi.core.models import Notification

# A user who may only look (a leader's read-only dashboard role) starts on the supervision dashboard.
LOOK_ONLY = frozenset({cap.VIEW_DASHBOARD, cap.VIEW_PLANS, cap.VIEW_UNITS})


@login_required
def home(request):
    capabilities = request.user.capabilities()
    if not request.user.is_superuser and cap.VIEW_DASHBOARD in capabilities and capabilities <= LOOK_ONLY:
        return redirect("supervision:dashboard")
    return render(request, "core/home.html", {"menu_sections": request.user})


@login_required
def notifications(request):
    page = Paginator(request.user.notifications.all(), 30).get_page(request.GET.get("page"))
    return render(request, "core/notifications.html", {"page": page})


@require_POST
@login_required
def notification_read(request, pk: int):
    note = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if note.read_at is None:
        note.read_at = timezone.now()
        note.save(update_fields=["read_at"])
    return redirect(note.link or "core:notifications")
