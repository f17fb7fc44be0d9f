"""Keeps the public search index in step with the documents: published ones in, the rest out.

Called by the services whenever a document is published, amended, repealed or its relations change,
inside the same transaction (the index lives in the same database, so both land or neither).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse

from fazhi.normdocs.models import PUBLIC_STATES, NormativeDocument
from fazhi.normdocs.status import IN_FORCE, IN_FORCE_LABEL, status_on

KIND = "normdoc"


def portal_url(doc: NormativeDocument) -> str:
    return reverse("portal:document", args=[doc.portal_ref()])


def index_status(doc: NormativeDocument) -> str:
    """The validity facet of the index: an amended document is in force (in its amended text), so it is
    filed under 现行有效 with the others; its page says 已修改 and shows each version."""
    status = status_on(doc)
    return IN_FORCE_LABEL if status in IN_FORCE else status


def search_document(doc: NormativeDocument):
    """The index entry of a public document: its current text, as the public sees it."""
    from fazhi.search.backend import SearchDocument

    version = doc.current_version()
    date = doc.published_on
    return SearchDocument(
        key=doc.search_key,
        title=doc.title,
        body="\n".join(part for part in [doc.doc_number, doc.registration_number, version.text if version else ""] if part),
        kind=KIND,
        issuer=doc.issuer.name,
        date=date,
        status=index_status(doc),
        year=date.year if date else None,
        doc_type=doc.get_doc_type_display(),
        public=True,
        url=portal_url(doc),
    )


def reindex(docs: Iterable[NormativeDocument]) -> None:
    """Index the public documents of `docs` and remove the others."""
    from fazhi.search.backend import index_documents, remove_documents

    public, hidden = [], []
    for doc in docs:
        (public if doc.is_public else hidden).append(doc)
    if public:
        index_documents([search_document(doc) for doc in public])
    if hidden:
        remove_documents([doc.search_key for doc in hidden])


def reindex_with_related(doc: NormativeDocument) -> None:
    """Reindex `doc` and the documents whose validity it changes (those it amends or repeals)."""
    targets = [rel.target for rel in doc.relations.select_related("target__issuer") if rel.target_id]
    reindex([doc, *targets])


def refresh_all() -> int:
    """Reindex every public document: validity moves with the calendar (施行日期, 有效期至)."""
    docs = list(NormativeDocument.objects.filter(state__in=PUBLIC_STATES).select_related("issuer"))
    reindex(docs)
    return len(docs)
