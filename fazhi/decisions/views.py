"""Office pages of major decisions: catalogues, the decision record, its side records, archive and rates.

Thin views: fetch through the user's scope (out of scope → 404), call one service, flash its refusal.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from fazhi.core import capabilities as cap
from fazhi.core import flash, oplog
from fazhi.core.models import Unit
from fazhi.core.permissions import capability_required
from fazhi.core.scopes import get_for_user_or_404
from fazhi.core.tables import ChoiceFilter, Column, Table
from fazhi.decisions import archive, catalogue, forms, procedure_sets, services, workflow
from fazhi.decisions.capabilities import MANAGE_DECISIONS, REVIEW_DECISIONS, UNDERTAKE_DECISIONS
from fazhi.decisions.execution import execution_reports
from fazhi.decisions.models import (
    BodyType,
    Catalogue,
    CatalogueEntry,
    Decision,
    Expert,
    Procedure,
    PublicComment,
    State,
)
from fazhi.decisions.rates import decision_rates
from fazhi.workflow.clocks import clocks_of
from fazhi.workflow.engine import allowed_for
from fazhi.workflow.views import transition_view

ANY = (MANAGE_DECISIONS, UNDERTAKE_DECISIONS, REVIEW_DECISIONS)
WORKERS = (UNDERTAKE_DECISIONS, MANAGE_DECISIONS)


# ------------------------------------------------------------------------------------------- catalogues

@capability_required(MANAGE_DECISIONS)
def catalogue_list(request):
    form = forms.CatalogueForm(request.POST or None, user=request.user)
    if request.method == "POST" and flash.posted(request, form, services.create_catalogue, request.user,
                                                 done="目录已新建"):
        return redirect("decisions:catalogues")
    catalogues = Catalogue.objects.for_user(request.user).select_related("body")
    return render(request, "decisions/catalogue_list.html", {"catalogues": catalogues, "form": form})


@capability_required(MANAGE_DECISIONS)
def catalogue_detail(request, pk: int):
    found = get_for_user_or_404(Catalogue.objects.select_related("body"), request.user, pk=pk)
    return render(request, "decisions/catalogue_detail.html", {
        "catalogue": found, "entries": found.entries.select_related("lead_unit").prefetch_related("decisions"),
        "revisions": found.revisions.all(), "log": found.transitions.select_related("case_type").order_by("on", "at", "id"), "form": forms.EntryForm(user=request.user, required=procedure_sets.required_for(found.body)),
        "allowed": allowed_for(request.user, catalogue.CATALOGUE, found), "today": timezone.localdate(),
        "transition_url": "decisions:catalogue_transition",
    })


@require_POST
@capability_required(MANAGE_DECISIONS)
def entry_add(request, pk: int):
    found = get_for_user_or_404(Catalogue, request.user, pk=pk)
    form = forms.EntryForm(request.POST, user=request.user)
    flash.posted(request, form, services.add_entry, request.user, found, done="已增加决策事项")
    return redirect("decisions:catalogue", pk=pk)


@require_POST
@capability_required(MANAGE_DECISIONS)
def entry_withdraw(request, pk: int, entry_pk: int):
    found = get_for_user_or_404(Catalogue, request.user, pk=pk)
    entry = get_object_or_404(CatalogueEntry, catalogue=found, pk=entry_pk)
    flash.call(request, services.withdraw_entry, request.user, entry, request.POST.get("reason", ""), done="已调出")
    return redirect("decisions:catalogue", pk=pk)


@require_POST
@capability_required(MANAGE_DECISIONS)
def decision_start(request, pk: int, entry_pk: int):
    found = get_for_user_or_404(Catalogue, request.user, pk=pk)
    entry = get_object_or_404(CatalogueEntry, catalogue=found, pk=entry_pk)
    try:
        decision = services.start_decision(request.user, entry)
    except ValidationError as exc:
        messages.error(request, flash.error_text(exc))
        return redirect("decisions:catalogue", pk=pk)
    messages.success(request, "已启动决策程序")
    return redirect("decisions:detail", pk=decision.pk)


catalogue_transition = transition_view(catalogue.CATALOGUE)


# ------------------------------------------------------------------------------------------- decisions

@capability_required(*ANY)
def decision_list(request):
    table = Table(
        Decision.objects.for_user(request.user).select_related("lead_unit", "body"),
        columns=[
            Column("title", "决策事项", sortable=True, link=lambda d: reverse("decisions:detail", args=[d.pk]), width=40),
            Column("body", "决策机关", accessor="body.name", width=20),
            Column("lead_unit", "承办单位", accessor="lead_unit.name", sortable=True, order_by="lead_unit__name", width=20),
            Column("state", "状态", sortable=True),
            Column("started_on", "启动日期", sortable=True),
            Column("review_due_on", "审查期限", sortable=True),
            Column("published_on", "公布日期", sortable=True),
        ],
        filters=[ChoiceFilter("state", "状态", "state", choices=State.choices)],
        search=["title"], search_index="decisions_decision_search", search_placeholder="决策事项", default_sort="-started_on", empty_text="没有符合条件的决策",
        cache=True,
    ).from_request(request)
    return table.respond(request, "decisions/decision_list.html", {}, filename="重大行政决策")


@capability_required(*ANY)
def decision_detail(request, pk: int):
    decision = get_for_user_or_404(Decision.objects.select_related("lead_unit", "body", "entry"), request.user, pk=pk)
    experts = services.experts_for(decision)
    return render(request, "decisions/decision_detail.html", {
        "decision": decision, "allowed": allowed_for(request.user, workflow.DECISION, decision),
        "transition_url": "decisions:transition", "today": timezone.localdate(),
        "log": decision.transitions.select_related("case_type").order_by("on", "at", "id"), "comments": decision.comments.all(), "clocks": clocks_of(decision),
        "opinions": decision.expert_opinions.select_related("expert"), "counsel": decision.counsel.all(),
        "requirements": decision.requirements.select_related("unit"), "evaluations": decision.evaluations.all(),
        "reports": execution_reports(decision)[:20], "missing": archive.missing_items(decision),
        "draft_form": forms.DraftForm(initial={"draft": decision.draft}),
        "handle_form": forms.HandleCommentForm(), "opinion_form": forms.OpinionForm(experts=experts),
        "counsel_form": forms.CounselForm(initial={"on": timezone.localdate()}),
        "requirement_form": forms.RequirementForm(user=request.user),
        "can_work": any(request.user.can(c) for c in WORKERS) or request.user.is_superuser,
        "can_assign": (request.user.can(MANAGE_DECISIONS) or request.user.is_superuser)
        and decision.state in (State.DECIDED, State.PUBLISHED, State.EXECUTING),
        "procedure_labels": [Procedure(p).label for p in decision.procedures],
        "slots": services.ATTACHMENT_SLOTS.items(),
    })


decision_transition = transition_view(workflow.DECISION)


@require_POST
@capability_required(*WORKERS)
def draft_edit(request, pk: int):
    decision = get_for_user_or_404(Decision, request.user, pk=pk)
    flash.posted(request, forms.DraftForm(request.POST), services.update_draft, request.user, decision,
                 done="决策草案已保存")
    return redirect("decisions:detail", pk=pk)


@require_POST
@capability_required(*WORKERS)
def comment_handle(request, pk: int, comment_pk: int):
    decision = get_for_user_or_404(Decision, request.user, pk=pk)
    comment = get_object_or_404(PublicComment, decision=decision, pk=comment_pk)
    flash.posted(request, forms.HandleCommentForm(request.POST), services.handle_comment, request.user, comment,
                 done="已记录采纳情况")
    return redirect("decisions:detail", pk=pk)


@require_POST
@capability_required(*WORKERS)
def opinion_add(request, pk: int):
    decision = get_for_user_or_404(Decision, request.user, pk=pk)
    form = forms.OpinionForm(request.POST, experts=services.experts_for(decision))
    flash.posted(request, form, services.record_expert_opinion, request.user, decision, done="已记录论证意见")
    return redirect("decisions:detail", pk=pk)


@require_POST
@capability_required(*WORKERS)
def counsel_add(request, pk: int):
    decision = get_for_user_or_404(Decision, request.user, pk=pk)
    flash.posted(request, forms.CounselForm(request.POST), services.record_counsel, request.user, decision,
                 done="已记录法律顾问参与")
    return redirect("decisions:detail", pk=pk)


@require_POST
@capability_required(MANAGE_DECISIONS)
def requirement_add(request, pk: int):
    decision = get_for_user_or_404(Decision, request.user, pk=pk)
    flash.posted(request, forms.RequirementForm(request.POST, user=request.user), services.add_requirement,
                 request.user, decision, done="已明确执行要求")
    return redirect("decisions:detail", pk=pk)


@require_POST
@capability_required(*WORKERS)
def attachment_add(request, pk: int):
    decision = get_for_user_or_404(Decision, request.user, pk=pk)
    flash.call(request, services.attach, request.user, decision, slot=request.POST.get("slot", ""),
               files=request.FILES.getlist("file"), links=request.POST.getlist("links"),
               title=request.POST.get("title", ""), done=lambda n: f"已上传{n}份材料")
    return redirect("decisions:detail", pk=pk)


@require_POST
@capability_required(*WORKERS)
def attachment_remove(request, pk: int, attachment_pk: int):
    from fazhi.core.attachments import attachments_of

    decision = get_for_user_or_404(Decision, request.user, pk=pk)
    attachment = get_object_or_404(attachments_of(decision), pk=attachment_pk)
    flash.call(request, services.detach, request.user, decision, attachment, done="已删除")
    return redirect("decisions:detail", pk=pk)


@capability_required(*ANY)
def archive_export(request, pk: int):
    decision = get_for_user_or_404(Decision.objects.select_related("lead_unit", "body"), request.user, pk=pk)
    data, missing = archive.build_archive(decision)
    oplog.record(request.user, "decision.archive.export", decision, after={"missing": missing})
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''decision-{decision.pk}.zip"
    return response


# ------------------------------------------------------------------------------------------ experts, rates

@capability_required(MANAGE_DECISIONS)
def expert_list(request):
    form = forms.ExpertForm(request.POST or None, user=request.user)
    if request.method == "POST" and flash.posted(request, form, services.add_expert, request.user, done="专家已入库"):
        return redirect("decisions:experts")
    regions = Unit.objects.for_user(request.user).filter(kind=Unit.Kind.REGION)
    experts = Expert.objects.filter(jurisdiction__in=regions).select_related("jurisdiction")
    return render(request, "decisions/expert_list.html", {"experts": experts, "form": form})


@capability_required(MANAGE_DECISIONS)
def procedure_set_list(request):
    """Which procedures each body type's entries require in the office's jurisdiction, and where that comes from."""
    form = forms.ProcedureSetForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if request.POST.get("reset"):
            jurisdiction = get_for_user_or_404(Unit.objects.filter(kind=Unit.Kind.REGION), request.user,
                                               pk=request.POST.get("jurisdiction") or 0)
            flash.call(request, procedure_sets.reset_procedures, request.user, jurisdiction,
                       request.POST.get("body_type", ""), done="已恢复沿用上级或法定默认的设置")
        else:
            flash.posted(request, form, procedure_sets.set_procedures, request.user, done="决策程序设置已保存")
        return redirect("decisions:procedure_sets")
    own = request.user.unit.jurisdiction() if request.user.unit_id else None
    rows = [procedure_sets.in_force(body_type, own) for body_type in BodyType.values] if own else []
    return render(request, "decisions/procedure_sets.html", {"form": form, "jurisdiction": own, "rows": rows})


@capability_required(cap.VIEW_DASHBOARD)
def rates(request):
    regions = list(Unit.objects.for_user(request.user).filter(kind=Unit.Kind.REGION).order_by("depth", "path")[:1])
    year = _year(request)
    return render(request, "decisions/rates.html", {
        "year": year, "region": regions[0] if regions else None,
        "rates": decision_rates(regions[0], year) if regions else {},
    })


def _year(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = timezone.localdate().year
    return min(max(year, 2000), 2100)
