"""The public page of 行政复议 that needs no account: apply online (throttled per address, CSRF-protected
like every form). Applicants follow their case on the portal's lookup page (`portal:lookup`, case number
and verification code); published decisions are the portal catalogue `reconsideration` (module.py)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from fazhi.core.context import client_ip
from fazhi.reconsideration import forms, services

PUBLIC_FIELDS = ("organ", "applicant_name", "applicant_kind", "applicant_contact", "respondent", "act", "act_made_on",
                 "knew_act_on", "told_of_right", "knew_right_on", "real_property", "request", "facts")


@require_http_methods(["GET", "POST"])
def apply(request):
    form = forms.ApplicationForm(request.POST or None, request.FILES or None, organs=services.public_organs())
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():  # the application and its materials land together or not at all
                filed = services.file_application(None, channel="online", received_on=None, ip=client_ip(request),
                                                  **{k: form.cleaned_data[k] for k in PUBLIC_FIELDS})
                if form.cleaned_data.get("materials"):
                    services.attach_materials(None, filed.case, [form.cleaned_data["materials"]], "申请人提交")
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
        return redirect("portal:lookup")
    return render(request, "reconsideration/public_applied.html", {"filed": filed})
