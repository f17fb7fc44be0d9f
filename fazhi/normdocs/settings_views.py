"""The office's settings page: time-limit rules per jurisdiction (where each applies from, its legal source)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from fazhi.core import capabilities as cap
from fazhi.core import edge, flash
from fazhi.core.models import Unit
from fazhi.core.permissions import capability_required
from fazhi.core.scopes import get_for_user_or_404
from fazhi.normdocs import forms, services, workflow
from fazhi.normdocs.models import NumberingScheme
from fazhi.workflow import timelimits


def _rules_jurisdiction(request):
    """The region whose rules the page shows: `?jurisdiction=` among the regions the user sees, else the
    user's own (a unit-less superuser: the platform). A region outside the scope is not found (404)."""
    chosen = request.GET.get("jurisdiction") or request.POST.get("jurisdiction")
    if chosen:
        pk = _region_pk(chosen)
        if request.method == "POST":
            # The service decides, and says why it refuses a region above or beside the editor's.
            region = Unit.objects.filter(pk=pk).first()
            if region is None:
                raise Http404("行政区不存在")
            return region
        return get_for_user_or_404(Unit.objects.filter(kind=Unit.Kind.REGION), request.user, pk=pk)
    return request.user.unit.jurisdiction() if request.user.unit_id else None


def _region_pk(value: str) -> int:
    try:
        pk = int(value)
    except ValueError:
        raise Http404("行政区不存在") from None
    if not 0 < pk <= edge.MAX_INT:
        raise Http404("行政区不存在")
    return pk


@capability_required(cap.MANAGE_NORMDOCS)
def rule_settings(request):
    """Each rule as it applies in the chosen region, where it comes from (本级 / 沿用上级 / 法定默认) and its
    source; the overrides of the regions below; editing for the regions in the user's scope."""
    jurisdiction = _rules_jurisdiction(request)
    if request.method == "POST":
        code = request.POST.get("code", "")
        try:
            if request.POST.get("reset"):
                services.reset_rule(request.user, code, jurisdiction)
                messages.success(request, "已取消本级设置，恢复适用上级或法定默认规则")
            else:
                form = forms.RuleForm(request.POST)
                if not form.is_valid():
                    raise ValidationError(flash.form_errors_text(form))
                services.set_rule(request.user, code, jurisdiction=jurisdiction, **form.cleaned_data)
                messages.success(request, "时限规则已保存")
        except ValidationError as exc:
            messages.error(request, flash.error_text(exc))
        query = f"?jurisdiction={jurisdiction.pk}" if jurisdiction else ""
        return redirect(reverse("normdocs:rules") + query)
    own = {rule.code for rule in workflow.TIME_LIMITS}
    entries = [(entry, forms.RuleForm(initial={"count": entry.rule.count, "unit": entry.rule.unit,
                                              "roll_over": entry.rule.roll_over, "note": entry.rule.source}))
               for entry in timelimits.rules_for(jurisdiction) if entry.rule.code in own]
    labels = {rule.code: rule.label for rule in workflow.TIME_LIMITS}
    below = [(labels[row.code], row) for row in timelimits.overrides_below(jurisdiction, own)]
    schemes = NumberingScheme.objects.for_user(request.user).select_related("unit")
    numbering_form = forms.NumberingForm(user=request.user)
    return render(request, "normdocs/settings.html", {
        "entries": entries, "below": below, "schemes": schemes, "numbering_form": numbering_form,
        "jurisdiction": jurisdiction, "regions": Unit.objects.for_user(request.user).filter(kind=Unit.Kind.REGION),
        "can_edit_rules": request.user.can(cap.MANAGE_TIME_LIMITS) or request.user.is_superuser,
    })


