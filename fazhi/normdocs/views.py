"""Office pages of normative documents: registry, lifecycle, filing deadlines, rates, 清理, import, settings.

Views are thin: they fetch through `for_user` (out of scope → 404), call one service and show its
refusal as a message.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_POST

from fazhi.core import capabilities as cap
from fazhi.core import flash
from fazhi.core.fragments import cached
from fazhi.core.lazyfields import fields_response
from fazhi.core.models import Unit
from fazhi.core.permissions import capability_required
from fazhi.core.scopes import get_for_user_or_404
from fazhi.core.tables import ChoiceFilter, Column, DateRangeFilter, Table
from fazhi.core.uploads import DOCUMENT_TYPES, accept_attribute, kinds_text
from fazhi.normdocs import forms, importer, issuers, services, workflow
from fazhi.normdocs.models import (
    CleanupCampaign,
    DocType,
    DocumentRelation,
    ExpiryEvaluation,
    ImportRun,
    NormativeDocument,
    Origin,
    State,
)
from fazhi.normdocs.rates import RATE_LABELS, definitions, normdoc_rates, normdoc_rates_by_unit
from fazhi.normdocs.status import status_on, status_prefetch
from fazhi.workflow.views import transition_view

ANY_NORMDOC = (cap.DRAFT_NORMDOCS, cap.REVIEW_NORMDOCS, cap.MANAGE_NORMDOCS)


# ------------------------------------------------------------------------------------------- registry

def _validity(doc: NormativeDocument) -> str:
    return status_on(doc) if doc.is_public else "—"


@capability_required(*ANY_NORMDOC)
def document_list(request):
    table = Table(
        NormativeDocument.objects.for_user(request.user).select_related("issuer").prefetch_related(*status_prefetch()),
        columns=[
            Column("title", "标题", sortable=True, link=lambda d: reverse("normdocs:detail", args=[d.pk]), width=50),
            Column("issuer", "制定机关", accessor="issuer.name", sortable=True, order_by="issuer__name", width=24),
            Column("doc_type", "文件类型"),
            Column("doc_number", "文号", width=20),
            Column("registration_number", "统一登记号", width=20),
            Column("published_on", "发布日期", sortable=True),
            Column("state", "办理状态", sortable=True),
            Column("validity", "时效性", accessor=_validity),
            Column("filing_due_on", "报备期限", sortable=True),
            Column("filed_on", "报备日期"),
        ],
        filters=[
            ChoiceFilter("state", "办理状态", "state", choices=State.choices),
            ChoiceFilter("doc_type", "文件类型", "doc_type", choices=DocType.choices),
            ChoiceFilter("origin", "来源", "origin", choices=Origin.choices),
            DateRangeFilter("published", "发布日期", "published_on"),
        ],
        search=["title", "doc_number", "registration_number"],
        search_placeholder="标题、文号或登记号",
        default_sort="-published_on",
        empty_text="没有符合条件的文件",
        cache=True,
    ).from_request(request)
    return table.respond(request, "normdocs/document_list.html", {}, filename="规范性文件")


@capability_required(cap.DRAFT_NORMDOCS, cap.MANAGE_NORMDOCS)
def document_create(request):
    form = forms.DocumentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            doc = services.create_document(request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, flash.error_text(exc))
        else:
            messages.success(request, "草稿已保存")
            return redirect("normdocs:detail", pk=doc.pk)
    return render(request, "normdocs/document_form.html", {"form": form, "title": "起草规范性文件"})


@capability_required(cap.DRAFT_NORMDOCS, cap.MANAGE_NORMDOCS)
def document_edit(request, pk: int):
    doc = get_for_user_or_404(NormativeDocument, request.user, pk=pk)
    if doc.state != State.DRAFTING:
        messages.error(request, "只有起草阶段的文件可以修改草稿")
        return redirect("normdocs:detail", pk=pk)
    version = doc.current_version()
    initial = {"title": doc.title, "issuer": doc.issuer, "doc_type": doc.doc_type, "market_related": doc.market_related,
               "doc_number": doc.doc_number, "written_on": doc.written_on, "text": version.text if version else ""}
    form = forms.DocumentForm(request.POST or None, user=request.user, initial=initial)
    form.fields["issuer"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "issuer"}
        try:
            services.update_draft(request.user, doc, **data)
        except ValidationError as exc:
            form.add_error(None, flash.error_text(exc))
        else:
            messages.success(request, "草稿已修改")
            return redirect("normdocs:detail", pk=pk)
    return render(request, "normdocs/document_form.html", {"form": form, "title": f"修改草稿：{doc.title}", "doc": doc})


def _on_date(request) -> datetime.date:
    try:
        return datetime.date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        return timezone.localdate()


@capability_required(*ANY_NORMDOC)
def document_detail(request, pk: int):
    doc = get_for_user_or_404(NormativeDocument.objects.select_related("issuer"), request.user, pk=pk)
    on = _on_date(request)
    # The steps the user may take now, worked out only when the page's cached content is rendered.
    allowed = SimpleLazyObject(lambda: workflow.allowed_for(request.user, doc))
    return render(request, "normdocs/document_detail.html", {
        "doc": doc,
        "on": on,
        # Read from the document's records as of `on`: kept until the next write (fazhi.core.fragments).
        "validity": cached(request, "normdoc-validity", (doc.pk, on), lambda: status_on(doc, on)) if doc.is_public
        else "",
        "version": cached(request, "normdoc-version", (doc.pk, on), lambda: doc.version_on(on)),
        "versions": doc.versions.order_by("number"),
        "relations": doc.relations.select_related("target"),
        "incoming": doc.incoming_relations.select_related("source"),
        "transitions": doc.transitions.select_related("actor", "case_type").order_by("on", "at", "id"),
        "reviews": doc.reviews.all(),
        "allowed": allowed,
        "today": timezone.localdate(),
        "can_amend": request.user.can(cap.MANAGE_NORMDOCS) or request.user.is_superuser,
        "accept": accept_attribute(DOCUMENT_TYPES), "kinds": kinds_text(DOCUMENT_TYPES),
        "states": State.choices,
        "attachments": doc.all_attachments(),
        "can_attach": request.user.can(cap.DRAFT_NORMDOCS) or request.user.can(cap.MANAGE_NORMDOCS)
        or request.user.is_superuser,
        "fair_competition_form": forms.FairCompetitionForm(initial={"reviewed_on": timezone.localdate()})
        if doc.market_related and doc.state in services.FAIR_COMPETITION_STATES else None,
        "expiry_evaluations": doc.expiry_evaluations.select_related("concluded_by"),
        "expiry_form": forms.ExpiryConclusionForm(initial={"on": timezone.localdate()}),
    })


# The lifecycle steps: the kernel's one transition page over this module's table.
document_transition = transition_view(workflow.NORMDOC)


@require_POST
@capability_required(cap.MANAGE_NORMDOCS)
def document_amend(request, pk: int):
    doc = get_for_user_or_404(NormativeDocument, request.user, pk=pk)
    form = forms.AmendForm(request.POST, user=request.user, document=doc)
    flash.posted(request, form, services.amend_document, request.user, doc, done="已登记新版本")
    return redirect("normdocs:detail", pk=pk)


@capability_required(cap.MANAGE_NORMDOCS)
def amend_fields(request, pk: int):
    """The document page's 登记修改后的新版本 fields, when the user opens that form (fazhi.core.lazyfields);
    a published document only, as on the page."""
    doc = get_for_user_or_404(NormativeDocument, request.user, pk=pk)
    if not doc.is_public:
        raise Http404("只有已公布的文件可以登记新版本")
    return fields_response(request, "normdocs/_amend_fields.html",
                           {"doc": doc, "amend_form": forms.AmendForm(user=request.user, document=doc)})


@capability_required(*ANY_NORMDOC)
def relation_fields(request, pk: int):
    """The document page's 添加关系 fields, when the user opens that form (fazhi.core.lazyfields)."""
    doc = get_for_user_or_404(NormativeDocument, request.user, pk=pk)
    return fields_response(request, "normdocs/_relation_fields.html",
                           {"doc": doc, "relation_form": forms.RelationForm(user=request.user, document=doc)})


@require_POST
@capability_required(cap.DRAFT_NORMDOCS, cap.MANAGE_NORMDOCS)
def fair_competition_record(request, pk: int):
    doc = get_for_user_or_404(NormativeDocument, request.user, pk=pk)
    form = forms.FairCompetitionForm(request.POST)
    flash.posted(request, form, services.record_fair_competition_review, request.user, doc, done="已记录公平竞争审查结论")
    return redirect("normdocs:detail", pk=pk)


@require_POST
@capability_required(cap.DRAFT_NORMDOCS, cap.MANAGE_NORMDOCS)
def expiry_conclude(request, pk: int, evaluation_pk: int):
    evaluation = get_for_user_or_404(ExpiryEvaluation, request.user, pk=evaluation_pk, document_id=pk)
    form = forms.ExpiryConclusionForm(request.POST)
    flash.posted(request, form, services.conclude_expiry_evaluation, request.user, evaluation, done="已记录有效期届满评估结论")
    return redirect("normdocs:detail", pk=pk)


@require_POST
@capability_required(cap.DRAFT_NORMDOCS, cap.MANAGE_NORMDOCS)
def relation_add(request, pk: int):
    doc = get_for_user_or_404(NormativeDocument, request.user, pk=pk)
    form = forms.RelationForm(request.POST, user=request.user, document=doc)
    flash.posted(request, form, services.add_relation, request.user, doc, done="已添加文件关系")
    return redirect("normdocs:detail", pk=pk)


@require_POST
@capability_required(cap.DRAFT_NORMDOCS, cap.MANAGE_NORMDOCS)
def relation_remove(request, pk: int, relation_pk: int):
    relation = get_for_user_or_404(DocumentRelation, request.user, pk=relation_pk, source_id=pk)
    services.remove_relation(request.user, relation)
    messages.success(request, "已删除文件关系")
    return redirect("normdocs:detail", pk=pk)


# ------------------------------------------------------------------------------------------- attachments

@require_POST
@capability_required(cap.DRAFT_NORMDOCS, cap.MANAGE_NORMDOCS)
def attachment_upload(request, pk: int):
    doc = get_for_user_or_404(NormativeDocument, request.user, pk=pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "请选择要上传的附件")
        return redirect("normdocs:detail", pk=pk)
    flash.call(request, services.add_attachment, request.user, doc, upload,
               done=lambda attachment: f"已添加附件“{attachment.original_name}”")
    return redirect("normdocs:detail", pk=pk)


def _scoped_attachment(request, pk: int, attachment_pk: int):
    doc = get_for_user_or_404(NormativeDocument, request.user, pk=pk)
    attachment = doc.all_attachments().filter(pk=attachment_pk).first()
    if attachment is None:
        raise Http404("附件不存在")
    return attachment


@require_POST
@capability_required(cap.DRAFT_NORMDOCS, cap.MANAGE_NORMDOCS)
def attachment_remove(request, pk: int, attachment_pk: int):
    attachment = _scoped_attachment(request, pk, attachment_pk)
    flash.call(request, services.remove_attachment, request.user, attachment,
               done=f"已删除附件“{attachment.original_name}”")
    return redirect("normdocs:detail", pk=pk)



# ------------------------------------------------------------------------------------------- filing

@capability_required(cap.MANAGE_NORMDOCS, cap.REVIEW_NORMDOCS)
def filing_list(request):
    today = timezone.localdate()
    docs = services.filing_pending().filter(
        pk__in=NormativeDocument.objects.for_user(request.user).values("pk")
    ).select_related("issuer").order_by("filing_due_on", "id")
    only_overdue = request.GET.get("overdue") == "1"
    if only_overdue:
        docs = docs.filter(filing_due_on__lt=today)
    rows = [{"doc": d, "overdue": d.filing_due_on < today, "days": (d.filing_due_on - today).days} for d in docs]
    return render(request, "normdocs/filing_list.html", {"rows": rows, "today": today, "only_overdue": only_overdue})


# ------------------------------------------------------------------------------------------- rates

def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


@capability_required(cap.MANAGE_NORMDOCS, cap.REVIEW_NORMDOCS, cap.VIEW_DASHBOARD)
def rates_dashboard(request):
    # Regions and the administrative bodies in them: courts, procuratorates, 人大 and party organs issue none.
    scopes = Unit.objects.for_user(request.user).filter(is_active=True)
    scopes = scopes.filter(Q(kind=Unit.Kind.REGION) | issuers.administrative_q())
    regions = list(scopes.order_by("depth", "path")[:300])
    if not regions:
        return render(request, "normdocs/rates.html", {"regions": []})
    chosen = next((u for u in regions if str(u.pk) == request.GET.get("unit")), regions[0])
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    total = normdoc_rates(chosen, start, end)
    by_unit = normdoc_rates_by_unit(chosen, start, end)
    keys = list(RATE_LABELS)
    chart = {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 40, "right": 20, "bottom": 90, "top": 40},
        "xAxis": {"type": "category", "data": [u.name for u, _ in by_unit], "axisLabel": {"rotate": 30, "interval": 0}},
        "yAxis": {"type": "value", "max": 100, "axisLabel": {"formatter": "{value}%"}},
        "series": [
            {"name": RATE_LABELS[k], "type": "bar",
             "data": [None if r[k] is None else round(r[k] * 100, 1) for _, r in by_unit]}
            for k in keys
        ],
    }
    return render(request, "normdocs/rates.html", {
        "regions": regions, "chosen": chosen, "year": year, "years": range(today.year, today.year - 8, -1),
        "total": total, "total_rates": [(RATE_LABELS[k], _percent(total[k])) for k in keys],
        "definitions": definitions(total),
        "rows": [(u, r, [_percent(r[k]) for k in keys]) for u, r in by_unit],
        "rate_labels": [RATE_LABELS[k] for k in keys], "chart": json.dumps(chart, ensure_ascii=False),
    })


@require_POST
@capability_required(cap.MANAGE_NORMDOCS)
def numbering_set(request):
    form = forms.NumberingForm(request.POST, user=request.user)
    if form.is_valid():
        flash.call(request, services.set_numbering_scheme, request.user, form.cleaned_data["unit"],
                   form.cleaned_data["template"], done="编号规则已保存")
    else:
        messages.error(request, flash.form_errors_text(form))
    return redirect("normdocs:rules")


# ------------------------------------------------------------------------------------------- 清理

@capability_required(cap.MANAGE_NORMDOCS)
def cleanup_list(request):
    form = forms.CleanupForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.create_cleanup(request.user, documents=[], **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, flash.error_text(exc))
        else:
            return redirect("normdocs:cleanup_detail", pk=campaign.pk)
    campaigns = CleanupCampaign.objects.for_user(request.user).select_related("region")
    return render(request, "normdocs/cleanup_list.html", {"campaigns": campaigns, "form": form})


@capability_required(cap.MANAGE_NORMDOCS)
def cleanup_detail(request, pk: int):
    campaign = get_for_user_or_404(CleanupCampaign.objects.select_related("region"), request.user, pk=pk)
    items = campaign.items.select_related("document__issuer")
    chosen = set(items.values_list("document_id", flat=True))
    candidates = (
        services.public_documents().filter(campaign.region.subtree_q("issuer"))
        .filter(pk__in=NormativeDocument.objects.for_user(request.user).values("pk"))
        .exclude(pk__in=chosen).select_related("issuer").order_by("-published_on")
    )
    today = timezone.localdate()
    candidates = [d for d in candidates[:500] if status_on(d, today) not in ("已废止", "已失效")]
    return render(request, "normdocs/cleanup_detail.html", {
        "campaign": campaign, "items": items, "candidates": candidates,
        "decision_form": forms.CleanupDecisionForm(), "today": today,
    })


@require_POST
@capability_required(cap.MANAGE_NORMDOCS)
def cleanup_add(request, pk: int):
    campaign = get_for_user_or_404(CleanupCampaign, request.user, pk=pk)
    ids = [int(i) for i in request.POST.getlist("documents") if i.isdigit()]
    docs = list(NormativeDocument.objects.for_user(request.user).filter(pk__in=ids).select_related("issuer"))
    flash.call(request, services.add_cleanup_documents, request.user, campaign, docs,
               done=lambda added: f"已纳入 {added} 件文件")
    return redirect("normdocs:cleanup_detail", pk=pk)


@require_POST
@capability_required(cap.MANAGE_NORMDOCS)
def cleanup_decide(request, pk: int, item_pk: int):
    campaign = get_for_user_or_404(CleanupCampaign, request.user, pk=pk)
    item = campaign.items.filter(pk=item_pk).first()
    if item is None:
        messages.error(request, "清理条目不存在")
        return redirect("normdocs:cleanup_detail", pk=pk)
    flash.call(request, services.decide_cleanup_item, request.user, item, request.POST.get("decision", ""),
               request.POST.get("reason", ""))
    return redirect("normdocs:cleanup_detail", pk=pk)


@require_POST
@capability_required(cap.MANAGE_NORMDOCS)
def cleanup_publish(request, pk: int):
    campaign = get_for_user_or_404(CleanupCampaign, request.user, pk=pk)
    flash.call(request, services.publish_cleanup, request.user, campaign, request.POST.get("on") or None,
               done="清理结果已公布")
    return redirect("normdocs:cleanup_detail", pk=pk)


# ------------------------------------------------------------------------------------------- import

def _import_root() -> Path:
    root = Path(settings.MEDIA_ROOT) / "normdocs" / "imports"
    root.mkdir(parents=True, exist_ok=True)
    return root


@capability_required(cap.MANAGE_NORMDOCS)
def import_upload(request):
    form = forms.ImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            run = importer.start_import(request.user, unit=form.cleaned_data["unit"],
                                        archive=form.cleaned_data["archive"], root=_import_root())
        except (importer.SheetError, ValidationError) as exc:
            form.add_error(None, exc.messages[0] if isinstance(exc, ValidationError) else str(exc))
        else:
            return redirect("normdocs:import_run", pk=run.pk)
    runs = ImportRun.objects.for_user(request.user).select_related("unit")[:20]
    return render(request, "normdocs/import_upload.html", {"form": form, "runs": runs})


@capability_required(cap.MANAGE_NORMDOCS)
def import_run(request, pk: int):
    run = get_for_user_or_404(ImportRun, request.user, pk=pk)
    template = "normdocs/_import_progress.html" if request.headers.get("HX-Request") == "true" else "normdocs/import_run.html"
    return render(request, template, {"run": run, "progress_url": reverse("normdocs:import_run", args=[pk])})
