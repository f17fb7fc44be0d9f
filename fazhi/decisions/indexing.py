"""Published decisions in the one public search index (their portal page is the hit's link)."""

from __future__ import annotations

from django.urls import reverse

from fazhi.decisions.models import Decision

KIND = "decision"


def search_key(decision: Decision) -> str:
    return f"{KIND}:{decision.pk}"


def reindex(decision: Decision) -> None:
    """Index a public decision (its text, adoption of comments and post-evaluation summaries); drop it otherwise."""
    from fazhi.search.backend import SearchDocument, index_documents, remove_documents

    if not decision.is_public:
        remove_documents([search_key(decision)])
        return
    summaries = [e.findings for e in decision.evaluations.filter(summary_public=True, concluded_on__isnull=False)]
    index_documents([SearchDocument(
        key=search_key(decision), title=decision.title,
        body="\n".join(p for p in [decision.doc_number, decision.draft, decision.adoption, *summaries] if p),
        kind=KIND, issuer=decision.body.name, date=decision.published_on,
        year=decision.published_on.year if decision.published_on else None, doc_type="重大行政决策", public=True,
        url=reverse("decisions_public:decision", args=[decision.public_ref]),
    )])
