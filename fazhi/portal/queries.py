"""Read-side helpers of the portal: the search call, filter facets and the 上位法 pages.

Shared by the HTML views and the public API so both answer the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse

from fazhi.normdocs.models import PUBLIC_STATES, DocumentRelation, RelationKind
from fazhi.normdocs.services import public_documents
from fazhi.normdocs.status import IN_FORCE_LABEL

KINDS = {"normdoc": "规范性文件", "law": "上位法"}
MAX_TEXT = 200


def clean_filters(filters: dict[str, str]) -> dict:
    """Form values → backend filters; `status=all` (or empty) lifts the 现行有效 default."""
    out: dict = {}
    for name in ("issuer", "doc_type"):
        if filters.get(name):
            out[name] = filters[name][:MAX_TEXT]
    year = str(filters.get("year") or "")
    if year.isdigit():
        out["year"] = int(year)
    status = filters.get("status", IN_FORCE_LABEL)
    if status and status != "all":
        out["status"] = status
    return out


def run_search(q: str, *, kind: str = "", filters: dict[str, str], page: int = 1, page_size: int = 20):
    from fazhi.search.backend import SearchQuery, search

    kinds = [kind] if kind in KINDS else None
    return search(SearchQuery(
        text=q, kinds=kinds, filters=clean_filters(filters), public_only=True, limit=page_size,
        offset=(page - 1) * page_size,
    ))


def facets() -> dict:
    """Choices of the filter boxes: issuers and years of the published documents."""
    docs = public_documents()
    issuers = sorted(set(docs.values_list("issuer__name", flat=True)))
    years = sorted({d.year for d in docs.exclude(published_on=None).values_list("published_on", flat=True)},
                   reverse=True)
    return {"issuers": issuers, "years": years}


def drop_one_term(terms: list[str], params) -> list[tuple[str, str]]:
    """For a query with no hits: the same search without each one of its terms (and its URL)."""
    if len(terms) < 2:
        return []
    out = []
    for i, term in enumerate(terms):
        rest = " ".join(t for j, t in enumerate(terms) if j != i)
        query = params.copy()
        query["q"] = rest
        query.pop("page", None)
        out.append((term, "?" + query.urlencode()))
    return out


# --------------------------------------------------------------------------------------------- laws

def _law_model():
    try:
        from fazhi.search.models import Law
    except ImportError:
        return None
    return Law


def get_law(law_id: str):
    Law = _law_model()
    if Law is None:
        return None
    return Law.objects.filter(pk=law_id).first()


def law_url(relation: DocumentRelation) -> str:
    """The portal page of the law a 依据 relation names (by stored id, else by title), or ''."""
    Law = _law_model()
    if Law is None:
        return ""
    law = Law.objects.filter(pk=relation.law_id).first() if relation.law_id else None
    if law is None and relation.law_title:
        from fazhi.normdocs.services import resolve_law

        law = resolve_law(relation.law_title)
    return reverse("portal:law", args=[law.pk]) if law is not None else ""


def documents_citing(law) -> list[DocumentRelation]:
    rels = (
        DocumentRelation.objects.filter(kind=RelationKind.BASIS, target__isnull=True,
                                        source__state__in=PUBLIC_STATES)
        .filter(Q(law_id=str(law.pk)) | Q(law_id="", law_title=law.title))
        .select_related("source__issuer")
        .order_by("-source__published_on")
    )
    return list(rels)


@dataclass
class Block:
    kind: str  # h2, h3, h4, p
    text: str


_HEADING = re.compile(r"^(#{1,4})\s*(.+)$")


def law_outline(law) -> list[Block]:
    """The law's Markdown body as headings and paragraphs (rendered escaped, never as raw HTML)."""
    blocks = []
    for line in (getattr(law, "text", "") or "").splitlines():
        line = line.strip()
        if not line:
            continue
        match = _HEADING.match(line)
        if match:
            blocks.append(Block(f"h{min(len(match.group(1)) + 2, 6)}", match.group(2)))
        else:
            blocks.append(Block("p", line))
    return blocks
