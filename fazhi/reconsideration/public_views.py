"""Public pages of 行政复议, no account: apply online (throttled per address, CSRF-protected like every
form), look a case up with its number and verification code, read published decisions (names masked)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from fazhi.core.context import client_ip
from fazhi.reconsideration import forms, masking, services
from fazhi.reconsideration.models import DECISION_OUTCOMES, ReconsiderationCase, State

PUBLIC_FIELDS = ("organ", "applicant_name", "applicant_kind", "applicant_contact", "respondent", "act", "act_made_on",
                 "knew_act_on", "told_of_right", "knew_right_on", "real_property", "request", "facts")


@require_http_methods(["GET", "POST"])
def apply(request):
    form = forms.ApplicationForm(request.POST or None, organs=services.public_organs())
    if request.method == "POST" and form.is_valid():
        try:
            filed = services.file_application(None, channel="online", received_on=None, ip=client_ip(request),
                                              **{k: form.cleaned_data[k] for k in PUBLIC_FIELDS})
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            # Shown once on the next page, never stored in clear.
            request.session["reconsideration_filed"] = {"number": filed.case.case_number, "code": filed.code,
                                                        "warning": filed.case.period_warning}
            return redirect("reconsideration:applied")
    return render(request, "reconsideration/public_apply.html", {"form": form})


def applied(request):
    filed = request.session.pop("reconsideration_filed", None)
    if filed is None:
        return redirect("reconsideration:public_status")
    return render(request, "reconsideration/public_applied.html", {"filed": filed})


@require_http_methods(["GET", "POST"])
def public_status(request):
    form = forms.LookupForm(request.POST or None)
    case, not_found = None, False
    if request.method == "POST" and form.is_valid():
        case = services.lookup(form.cleaned_data["case_number"], form.cleaned_data["code"])
        not_found = case is None
    return render(request, "reconsideration/public_status.html", {
        "form": form, "case": case, "not_found": not_found,
        "steps": case.log.exclude(step__startswith="opinion.") if case else [],
    })


def _published():
    return (ReconsiderationCase.objects.filter(state=State.CLOSED, outcome__in=DECISION_OUTCOMES,
                                               published_on__isnull=False)
            .select_related("organ").order_by("-published_on", "-id"))


def public_decisions(request):
    page = Paginator(_published(), 20).get_page(request.GET.get("page"))
    rows = [(case, masking.masked_applicant(case)) for case in page]
    return render(request, "reconsideration/public_decisions.html", {"page": page, "rows": rows})


def public_decision(request, number: str):
    case = _published().filter(case_number=number).first()
    if case is None:
        raise Http404("没有找到该决定书")
    return render(request, "reconsideration/public_decision.html", {
        "case": case, "applicant": masking.masked_applicant(case),
        "text": masking.masked_text(case, case.decision_text)})
