"""The public unified query portal (统一公开查询平台): no login, published documents only.

Search goes through the search interface (`fazhi.search.backend`); a document page reads the database
but only ever shows a document whose state is public, so drafts and documents under review are 404
whatever the URL. Every page has a stable URL that evidence and assessments can cite.
"""

from __future__ import annotations

import datetime
import math

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from fazhi.core.uploads import download_response
from fazhi.normdocs.models import CleanupCampaign, CleanupDecision, DocType
from fazhi.normdocs.services import public_documents
from fazhi.normdocs.status import IN_FORCE_LABEL, status_on
from fazhi.portal import catalogue, queries
from fazhi.portal.catalogue import value_of

PAGE_SIZE = 20
# Validity values the index holds: documents (amended ones are filed as 现行有效) and laws (已被修订).
STATUS_CHOICES = ["现行有效", "尚未施行", "已废止", "已失效", "已被修订"]
MAX_PAGE = 500  # deep paging is what crawlers do, not readers


def _int(value: str | None, default: int) -> int:
    try:
        return max(1, int(value or default))
    except ValueError:
        return default


@require_GET
def search(request):
    q = request.GET.get("q", "").strip()[:200]
    kind = request.GET.get("kind", "")
    filters = {
        "issuer": request.GET.get("issuer", "").strip(),
        "doc_type": request.GET.get("doc_type", "").strip(),
        "year": request.GET.get("year", "").strip(),
        # 现行有效 by default; "all" lifts the filter.
        "status": request.GET.get("status", IN_FORCE_LABEL).strip(),
    }
    page = min(_int(request.GET.get("page"), 1), MAX_PAGE)
    result = queries.run_search(q, kind=kind, filters=filters, page=page, page_size=PAGE_SIZE) if q else None
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "q": q, "kind": kind, "filters": filters, "result": result, "page": page,
        "query_without_page": params.urlencode(),
        "facets": queries.facets(),
        "statuses": STATUS_CHOICES,
        "doc_types": DocType.labels,
    }
    if result is not None:
        pages = math.ceil(min(result.total, 10000) / PAGE_SIZE) if result.total else 0
        last = max(1, min(pages, MAX_PAGE))
        if page > last:  # past the end (?page=999): go to the last page rather than show an empty one
            query = params.copy()
            if last > 1:
                query["page"] = str(last)
            return redirect(f"{reverse('portal:search')}?{query.urlencode()}")
        context.update({
            "pages": min(pages, MAX_PAGE),
            "count_label": f"{result.total}+" if result.total_is_lower_bound else str(result.total),
            "drop_suggestions": queries.drop_one_term(result.terms, request.GET) if not result.total else [],
            "filtered": any(v for k, v in filters.items() if k != "status") or filters["status"] not in ("", "all"),
        })
    return render(request, "portal/search.html", context)


def _on(request) -> datetime.date:
    try:
        return datetime.date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        return timezone.localdate()


def _public_document(ref: str):
    """The public document by registration number, else by number; None if the public may not see it."""
    doc = public_documents().select_related("issuer").filter(registration_number=ref).first()
    if doc is None and ref.isdigit():
        doc = public_documents().select_related("issuer").filter(pk=int(ref)).first()
    return doc


@require_GET
def document(request, ref: str):
    doc = _public_document(ref)
    if doc is not None and ref.isdigit() and doc.registration_number not in ("", ref):
        return redirect(reverse("portal:document", args=[doc.registration_number]) + (
            f"?{request.GET.urlencode()}" if request.GET else ""), permanent=True)
    if doc is None:
        raise Http404("文件不存在或尚未公开")
    on = _on(request)
    version = doc.version_on(on)
    relations = [r for r in doc.relations.select_related("target") if r.target is None or r.target.is_public]
    for rel in relations:
        rel.law_link = queries.law_url(rel) if rel.target is None else ""
    incoming = [r for r in doc.incoming_relations.select_related("source") if r.source.is_public]
    return render(request, "portal/document.html", {
        "doc": doc,
        "on": on,
        "validity": status_on(doc, on),
        "current_validity": status_on(doc),
        "version": version,
        "versions": doc.versions.order_by("number").defer("text"),
        "relations": relations,
        "incoming": incoming,
        "attachments": version.attachments.all() if version is not None else [],
    })


@require_GET
def attachment(request, ref: str, attachment_pk: int):
    """A published document's attachment; an unpublished document's is 404 like the document itself."""
    doc = _public_document(ref)
    if doc is None:
        raise Http404("文件不存在或尚未公开")
    found = doc.all_attachments().filter(pk=attachment_pk).first()
    if found is None:
        raise Http404("附件不存在")
    return download_response(found.file, found.name)


@require_GET
def law(request, law_id: str):
    found = queries.get_law(law_id)
    if found is None:
        raise Http404("法律法规不存在")
    citing = queries.documents_citing(found)
    return render(request, "portal/law.html", {"law": found, "citing": citing,
                                               "chapters": queries.law_outline(found)})


@require_GET
def cleanup_list(request):
    campaigns = CleanupCampaign.objects.filter(published_on__isnull=False).select_related("region")
    return render(request, "portal/cleanup_list.html", {"campaigns": campaigns})


@require_GET
def cleanup(request, pk: int):
    campaign = get_object_or_404(CleanupCampaign.objects.select_related("region"), pk=pk, published_on__isnull=False)
    items = campaign.items.select_related("document__issuer").order_by("decision", "id")
    groups = [(label, [i for i in items if i.decision == value]) for value, label in CleanupDecision.choices]
    return render(request, "portal/cleanup.html", {"campaign": campaign, "groups": groups})


# ------------------------------------------------------------------------------ catalogue pages


def _catalogue_or_404(slug: str):
    found = catalogue.find_catalogue(slug)
    if found is None:
        raise Http404("公开目录不存在")
    return found


@require_GET
def catalogue_list(request, slug: str):
    """A module's published records, filtered (year, unit …) and paged; out-of-range pages clamp to the ends."""
    cat = _catalogue_or_404(slug)
    records = cat.published()
    filters = []
    for f in cat.filters:
        chosen, choices = request.GET.get(f.param, "").strip(), f.choices(cat.published())
        if chosen not in {value for value, _ in choices}:
            chosen = ""  # an unknown value is ignored rather than answered with an error page
        if chosen:
            records = f.apply(records, chosen)
        filters.append((f, choices, chosen))
    paginator = Paginator(records.order_by(*cat.ordering), cat.page_size)
    page = paginator.get_page(min(_int(request.GET.get("page"), 1), MAX_PAGE))
    rows = [(cat.url_of(r), value_of(r, cat.title), [value_of(r, c.value) for c in cat.columns])
            for r in page.object_list]
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "portal/catalogue_list.html", {
        "catalogue": cat, "filters": filters, "page": page, "rows": rows,
        "query_without_page": params.urlencode(),
    })


@require_GET
def catalogue_detail(request, slug: str, ref: str):
    cat = _catalogue_or_404(slug)
    record = cat.find(ref)
    if record is None:
        raise Http404("记录不存在或尚未公开")
    if cat.detail_url is not None:
        return redirect(cat.detail_url(record))  # the module's own public page of the record
    fields = [(c.label, value_of(record, c.value)) for c in cat.detail_fields or cat.columns]
    return render(request, cat.detail_template, {
        "catalogue": cat, "record": record, "title": value_of(record, cat.title), "fields": fields,
        "ref": cat.ref_of(record),
    })
