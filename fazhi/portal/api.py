"""/api/portal/: the public search and public documents, without login (published documents only)."""

from __future__ import annotations

import datetime

from django.http import Http404
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from fazhi.normdocs.services import public_documents
from fazhi.normdocs.status import IN_FORCE_LABEL, status_on
from fazhi.portal import queries

router = Router(tags=["公众查询"])

PAGE_SIZE = 20


class SearchParams(Schema):
    q: str
    kind: str = ""
    issuer: str = ""
    doc_type: str = ""
    year: str = ""
    status: str = IN_FORCE_LABEL
    page: int = 1


class HitOut(Schema):
    key: str
    title: str
    kind: str
    issuer: str
    date: datetime.date | None
    status: str
    doc_type: str
    url: str
    title_match: bool
    snippet_html: str


class SearchOut(Schema):
    total: int
    total_is_lower_bound: bool
    count_label: str
    terms: list[str]
    hits: list[HitOut]


@router.get("/search", response=SearchOut, auth=None)
def search(request, params: Query[SearchParams]):
    """Every term must occur (substring, after NFKC and 繁→简 folding); 现行有效 unless status=all."""
    q = params.q.strip()[:200]
    if not q:
        raise HttpError(400, "请输入检索词")
    if not 1 <= params.page <= 500:
        raise HttpError(400, "页码超出范围")
    filters = {"issuer": params.issuer, "doc_type": params.doc_type, "year": params.year, "status": params.status}
    result = queries.run_search(q, kind=params.kind, filters=filters, page=params.page, page_size=PAGE_SIZE)
    return {
        "total": result.total, "total_is_lower_bound": result.total_is_lower_bound,
        "count_label": f"{result.total}+" if result.total_is_lower_bound else str(result.total),
        "terms": list(result.terms), "hits": list(result.hits),
    }


class PublicDocumentOut(Schema):
    ref: str
    title: str
    doc_number: str
    registration_number: str
    issuer: str
    doc_type: str
    published_on: datetime.date | None
    effective_on: datetime.date | None
    validity: str
    on: datetime.date
    version: int
    text: str
    url: str


@router.get("/documents/{ref}", response=PublicDocumentOut, auth=None)
def document(request, ref: str, on: datetime.date | None = None):
    """A published document as at `on` (default today): its validity and the text then in force."""
    docs = public_documents().select_related("issuer")
    doc = docs.filter(registration_number=ref).first() or (docs.filter(pk=int(ref)).first() if ref.isdigit() else None)
    if doc is None:
        raise Http404("文件不存在或尚未公开")
    from django.utils import timezone

    from fazhi.normdocs.indexing import portal_url

    on = on or timezone.localdate()
    version = doc.version_on(on)
    return {
        "ref": doc.portal_ref(), "title": doc.title, "doc_number": doc.doc_number,
        "registration_number": doc.registration_number, "issuer": doc.issuer.name,
        "doc_type": doc.get_doc_type_display(), "published_on": doc.published_on, "effective_on": doc.effective_on,
        "validity": status_on(doc, on), "on": on, "version": version.number if version else 0,
        "text": version.text if version else "", "url": request.build_absolute_uri(portal_url(doc)),
    }
