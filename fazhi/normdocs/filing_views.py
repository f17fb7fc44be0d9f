"""Office pages of 备案审查: the reviewing body's queue, one filing with its steps, and 审查建议.

The queue lists what a reviewing unit has to register, review or follow up (`filings.open_filings_for_review`);
the filer sees its own filings on the document's page and here, without the reviewer's buttons (the engine's
`permits` rule hides and refuses them).
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from fazhi.core import capabilities as cap
from fazhi.core.permissions import capability_required
from fazhi.core.scopes import get_for_user_or_404
from fazhi.normdocs import filings, suggestions
from fazhi.normdocs.filing_models import Filing, ReviewSuggestion, SuggestionState
from fazhi.workflow import clocks, timelimits
from fazhi.workflow.views import transition_view

FILING_READERS = (cap.DRAFT_NORMDOCS, cap.MANAGE_NORMDOCS, cap.REVIEW_NORMDOCS, cap.REVIEW_FILINGS)


def clock_status(due: datetime.date | None, today: datetime.date, unit) -> str:
    """按期 / 临期 / 逾期 of an open period, with the same warning rule the daily scan uses."""
    if due is None:
        return ""
    if due < today:
        return "逾期"
    return "临期" if today >= timelimits.warn_from(filings.WARN, due, unit) else "按期"


def _open_due(filing: Filing) -> datetime.date | None:
    return filing.review_due_on or filing.resubmit_due_on or filing.correction_due_on


@capability_required(cap.REVIEW_FILINGS)
def filing_queue(request):
    today = timezone.localdate()
    rows = [{"filing": f, "due": _open_due(f), "status": clock_status(_open_due(f), today, f.document.issuer)}
            for f in filings.open_filings_for_review(request.user)]
    return render(request, "normdocs/filing_queue.html", {"rows": rows, "today": today})


@capability_required(*FILING_READERS)
def filing_detail(request, pk: int):
    filing = get_for_user_or_404(Filing.objects.select_related("document__issuer", "reviewing_unit"),
                                 request.user, pk=pk)
    steps = filings.allowed_for(request.user, filing)
    return render(request, "normdocs/filing_detail.html", {
        "filing": filing, "steps": steps, "log": filing.transitions.select_related("actor", "case_type").order_by("on", "at", "id"),
        "clocks": clocks.clocks_of(filing), "today": timezone.localdate(),
    })


# Every filing step: the kernel's transition page over the filing table.
filing_transition = transition_view(filings.FILING)


@capability_required(cap.REVIEW_FILINGS)
def suggestion_list(request):
    today = timezone.localdate()
    rows = [{"s": s, "status": clock_status(s.reply_due_on, today, s.reviewing_unit)
             if s.state == SuggestionState.RECEIVED else "已答复"}
            for s in ReviewSuggestion.objects.for_user(request.user).select_related("document", "reviewing_unit")[:500]]
    return render(request, "normdocs/suggestion_list.html", {"rows": rows})


@capability_required(cap.REVIEW_FILINGS)
def suggestion_detail(request, pk: int):
    suggestion = get_for_user_or_404(ReviewSuggestion.objects.select_related("document", "reviewing_unit"),
                                     request.user, pk=pk)
    if request.method == "POST":
        try:
            suggestions.reply(request.user, suggestion, request.POST.get("reply", ""),
                              request.POST.get("on") or None)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, "已答复审查建议")
        return redirect("normdocs:suggestion_detail", pk=suggestion.pk)
    return render(request, "normdocs/suggestion_detail.html", {
        "s": suggestion, "today": timezone.localdate(),
        "status": clock_status(suggestion.reply_due_on, timezone.localdate(), suggestion.reviewing_unit)
        if suggestion.state == SuggestionState.RECEIVED else "已答复",
    })
