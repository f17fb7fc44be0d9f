"""The public face of major decisions on the portal (no login). The lists are the kernel's catalogue pages
(`fazhi.portal.catalogue`, declared in `module.py`: published decisions, drafts open for comment, hearing
notices, annual catalogues); each record's own page is here: the annual catalogue with every published
version, and each decision's page — its comment form while the period runs (throttled per address,
CSRF-protected), the 意见采纳情况 after it, a hearing's notice (time, place, how participants are selected, then
their names, art. 16), the decision once published and its post-evaluation summaries."""

from __future__ import annotations

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from fazhi.core import flash
from fazhi.core.attachments import attachments_of
from fazhi.core.context import client_ip
from fazhi.decisions import forms, services
from fazhi.decisions.models import ATTACHMENT_SLOTS, PUBLIC_STATES, Catalogue, Decision

# A visitor may leave this many comments per address in the window (a form anyone can post to).
COMMENTS_PER_WINDOW = 5
WINDOW_SECONDS = 600


def public_decisions():
    """Decisions the public may see: put out for comment (the draft and, later, the adoption) or published."""
    return Decision.objects.filter(Q(comment_start__isnull=False) | Q(hearing_announced_on__isnull=False)
                                   | Q(state__in=PUBLIC_STATES)).select_related("body")


@require_GET
def catalogue(request, ref: str):
    found = get_object_or_404(Catalogue.objects.select_related("body"), public_ref=ref, version__gte=1)
    return render(request, "decisions/public/catalogue.html",
                  {"catalogue": found, "revisions": found.revisions.order_by("-version")})


def _throttled(request) -> bool:
    key = f"decision-comment:{client_ip(request) or 'unknown'}"
    count = cache.get_or_set(key, 0, WINDOW_SECONDS)
    if count >= COMMENTS_PER_WINDOW:
        return True
    try:
        cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.set(key, 1, WINDOW_SECONDS)
    return False


@require_http_methods(["GET", "POST"])
def decision(request, ref: str):
    found = get_object_or_404(public_decisions(), public_ref=ref)
    form = forms.CommentForm(request.POST or None)
    if request.method == "POST":
        if _throttled(request):
            messages.error(request, f"提交过于频繁：同一地址{WINDOW_SECONDS // 60}分钟内最多提交{COMMENTS_PER_WINDOW}条意见，请稍后再试。")
        elif form.is_valid():
            try:
                services.submit_comment(found, **form.cleaned_data)
            except ValidationError as exc:
                messages.error(request, flash.error_text(exc))
            else:
                messages.success(request, "您的意见已提交，感谢参与。")
                return redirect("decisions_public:decision", ref=ref)
        else:
            messages.error(request, flash.form_errors_text(form))
    return render(request, "decisions/public/decision.html", {
        "decision": found, "form": form,
        "evaluations": found.evaluations.filter(summary_public=True, concluded_on__isnull=False),
        "comment_count": found.comments.count(),
        "materials": attachments_of(found).filter(slot__in=found.public_attachment_slots()).order_by("slot", "id"),
        "slots": ATTACHMENT_SLOTS,
    })
