from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from fazhi.core import capabilities as cap
from fazhi.core import notification_services
from fazhi.core.models import Notification
from fazhi.core.todo import waiting_for

# A user who may only look (a leader's read-only dashboard role) starts on the supervision dashboard: every
# capability is a "<module>.view" one (modules grant their own to the leader role, e.g. disclosure.view).


def _looks_only(capabilities: set[str]) -> bool:
    return cap.VIEW_DASHBOARD in capabilities and all(c.endswith(".view") for c in capabilities)


@login_required
def home(request):
    capabilities = request.user.capabilities()
    if not request.user.is_superuser and _looks_only(capabilities):
        return redirect("supervision:dashboard")
    waiting = waiting_for(request)
    return render(request, "core/home.html", {"todos": [t for t in waiting.todos if t.count], "waiting": waiting})


@login_required
def notifications(request):
    """The user's messages, newest first; `?unread=1` keeps the unread ones."""
    unread_only = request.GET.get("unread") == "1"
    notes = request.user.notifications.all()
    if unread_only:
        notes = notes.filter(read_at__isnull=True)
    # Counted and read only when the page's cached list is rendered (after a write or a new message).
    page = SimpleLazyObject(lambda: Paginator(notes, 30).get_page(request.GET.get("page")))
    return render(request, "core/notifications.html", {
        "page": page, "unread_only": unread_only, "query_without_page": "unread=1" if unread_only else "",
    })


@require_POST
@login_required
def notification_read(request, pk: int):
    note = get_object_or_404(Notification, pk=pk, recipient=request.user)
    notification_services.mark_read(request.user, note)
    # Only a path of this site: a link is written by the platform, but never follow one off-site.
    if note.link and url_has_allowed_host_and_scheme(note.link, allowed_hosts=None):
        return redirect(note.link)
    return redirect("core:notifications")


@require_POST
@login_required
def notifications_read_all(request):
    marked = notification_services.mark_all_read(request.user)
    messages.success(request, f"已将 {marked} 条消息标为已读" if marked else "没有未读消息")
    return redirect("core:notifications")


def favicon(request):
    """/favicon.ico, which a browser asks for when a page names no icon (a form's fields fragment or a file opened
    on its own): the project's icon, instead of a 404 in the console and the server log."""
    return redirect(static("fazhi/favicon.svg"))
