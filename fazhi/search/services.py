"""Writes of the search app: importing the 上位法 law library (and indexing it as kind="law")."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from fazhi.core import oplog
from fazhi.search.backend import SearchDocument, index_documents
from fazhi.search.laws import CorpusError, read_corpus, successors
from fazhi.search.models import Law

KIND_LAW = "law"
LAW_FIELDS = ("title", "subtitle", "category", "version", "events", "text")
# The national law library ships with the package (public texts, 6 MB), so a fresh clone's demo has
# its 上位法 library without the shared folder.
DEFAULT_CORPUS = Path(__file__).resolve().parent / "fixtures" / "laws-national.jsonl.gz"

Progress = Callable[[str, int, int], None]


@dataclass
class LawImport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    superseded: int = 0
    indexed: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    def message(self) -> str:
        return (
            f"共 {self.total} 件：新增 {self.created}，更新 {self.updated}，未变 {self.unchanged}；"
            f"其中已被修订 {self.superseded} 件；重建索引 {self.indexed} 件"
        )


def law_document(law: Law) -> SearchDocument:
    """The index entry of a law: its category stands where a normative document has its issuer."""
    title = f"{law.title} {law.subtitle}" if law.subtitle else law.title
    return SearchDocument(
        key=law.search_key,
        title=title,
        body=law.text,
        kind=KIND_LAW,
        issuer=law.category,
        date=law.version,
        status=law.status,
        year=law.version.year if law.version else None,
        doc_type="",
        public=True,
        url=reverse("portal:law", args=[law.pk]),
    )


def _noop(stage: str, done: int, total: int) -> None:
    pass


@transaction.atomic
def import_laws(path: Path | str, *, actor=None, progress: Progress = _noop) -> LawImport:
    """Load the corpus into `Law` (insert or update by id), mark older versions superseded by the next
    newer one, and index every law. All or nothing: a bad line stops the import before any write."""
    path = Path(path)
    if not path.is_file():
        raise ValidationError(f"找不到法律法规库文件：{path}")
    try:
        records = list(read_corpus(path))
    except CorpusError as exc:
        raise ValidationError(str(exc)) from None
    ids = [r.id for r in records]
    if len(set(ids)) != len(ids):
        dup = next(i for i in ids if ids.count(i) > 1)
        raise ValidationError(f"编号 {dup} 重复出现")
    progress("读取", len(records), len(records))

    summary = LawImport()
    existing = Law.objects.in_bulk(ids)
    new, changed = [], []
    for r in records:
        law = existing.get(r.id)
        values = {f: getattr(r, f) for f in LAW_FIELDS}
        if law is None:
            new.append(Law(id=r.id, **values))
        elif any(getattr(law, f) != v for f, v in values.items()):
            for f, v in values.items():
                setattr(law, f, v)
            changed.append(law)
    Law.objects.bulk_create(new, batch_size=200)
    Law.objects.bulk_update(changed, LAW_FIELDS, batch_size=200)
    summary.created, summary.updated = len(new), len(changed)
    summary.unchanged = len(records) - len(new) - len(changed)

    # Versions are linked across the whole library, so a file holding only a newer version still
    # supersedes the one already loaded.
    library = list(Law.objects.only("id", "title", "subtitle", "version", "superseded_by"))
    newer = successors(library)
    relinked = []
    for law in library:
        target = newer.get(law.pk)
        if law.superseded_by_id != target:
            law.superseded_by_id = target
            relinked.append(law)
    Law.objects.bulk_update(relinked, ["superseded_by"], batch_size=500)
    summary.superseded = len(newer)
    progress("写入", len(records), len(records))

    to_index = list(dict.fromkeys(ids + [law.pk for law in relinked]))
    step = 100
    for start in range(0, len(to_index), step):
        laws = Law.objects.in_bulk(to_index[start : start + step])
        summary.indexed += index_documents(law_document(laws[i]) for i in to_index[start : start + step])
        progress("索引", min(start + step, len(to_index)), len(to_index))
    oplog.record(
        actor,
        "search.import_laws",
        None,
        object_type="search.law",
        object_repr=path.name,
        after={
            "created": summary.created,
            "updated": summary.updated,
            "unchanged": summary.unchanged,
            "superseded": summary.superseded,
            "indexed": summary.indexed,
        },
    )
    return summary


def rebuild_index(*, actor=None, only_without_vocabulary: bool = False) -> int | None:
    """Rebuild the full-text index from the stored entries, choosing the vocabulary of common terms afresh
    (`fazhi.search.common_terms`), in one transaction: searches read the old index until the new one is
    whole. Returns the entries indexed.

    `only_without_vocabulary` (the weekly task): only where the index has no vocabulary yet and the corpus
    is large enough to choose one, so that a deployment whose corpus grew from nothing gets one; else
    nothing is done and None is returned."""
    from fazhi.search import common_terms
    from fazhi.search.backend import get_backend

    backend = get_backend()
    if only_without_vocabulary and (backend.vocabulary or backend.count() < common_terms.MIN_DOCUMENTS):
        return None
    with transaction.atomic():
        done = backend.rebuild()
        oplog.record(
            actor,
            "search.rebuild",
            None,
            object_type="search.searchentry",
            object_repr="全文索引",
            after={"indexed": done, "common_terms": len(backend.vocabulary.terms)},
        )
    return done
