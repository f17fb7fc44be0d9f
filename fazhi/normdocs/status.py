"""Validity as at a date (时效性), derived from the document's dates and the relations that point at it.

Nothing here is stored: a stored flag goes stale the day a document's 施行日期 arrives or a later document
repeals it. `status_on(doc, on)` reads:

* 尚未施行 — not published by `on`, or its 施行日期 is after `on`;
* 已废止 — a published document repealing it (废止 relation) is in force by `on`, or a 清理 decision
  repealed it with effect on or before `on`;
* 已失效 — its 有效期至 (the last day in force, as the document states it) is before `on`;
* 已修改 — still in force, but a published amending document (修改 relation) or a later version of its
  text took effect by `on`; the text shown is then the version in force on that date;
* 现行有效 — otherwise.

现行有效 and 已修改 are both "in force" (`IN_FORCE`): the portal's default filter shows both.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fazhi.normdocs.models import NormativeDocument

IN_FORCE_LABEL = "现行有效"
AMENDED = "已修改"
REPEALED = "已废止"
EXPIRED = "已失效"
NOT_YET = "尚未施行"
IN_FORCE = frozenset({IN_FORCE_LABEL, AMENDED})
STATUSES = [IN_FORCE_LABEL, AMENDED, REPEALED, EXPIRED, NOT_YET]


def in_force_from(doc: NormativeDocument) -> datetime.date | None:
    """The day a published document takes effect (施行日期, else its publication date)."""
    if doc.published_on is None or not doc.is_public:
        return None
    return doc.effective_on or doc.published_on


def _acting_since(source: NormativeDocument) -> datetime.date | None:
    return in_force_from(source)


def repealed_from(doc: NormativeDocument) -> datetime.date | None:
    dates = [d for d in [doc.repealed_on] if d]
    for rel in doc.incoming_relations.all():
        if rel.kind == "repeals":
            since = _acting_since(rel.source)
            if since:
                dates.append(since)
    return min(dates) if dates else None


def amended_from(doc: NormativeDocument) -> datetime.date | None:
    dates = [v.version_date for v in doc.versions.all() if v.number > 1]
    for rel in doc.incoming_relations.all():
        if rel.kind == "amends":
            since = _acting_since(rel.source)
            if since:
                dates.append(since)
    return min(dates) if dates else None


def status_on(doc: NormativeDocument, on: datetime.date | None = None) -> str:
    """The validity of `doc` on `on` (default today); one of `STATUSES`."""
    from django.utils import timezone

    on = on or timezone.localdate()
    start = in_force_from(doc)
    if start is None or start > on:
        return NOT_YET
    repealed = repealed_from(doc)
    if repealed and repealed <= on:
        return REPEALED
    if doc.valid_until and doc.valid_until < on:
        return EXPIRED
    amended = amended_from(doc)
    if amended and amended <= on:
        return AMENDED
    return IN_FORCE_LABEL


def status_prefetch() -> list:
    """`prefetch_related` arguments that let `status_on` run without queries per document."""
    from django.db.models import Prefetch

    from fazhi.normdocs.models import DocumentVersion

    return ["incoming_relations__source", Prefetch("versions", queryset=DocumentVersion.objects.defer("text"))]
