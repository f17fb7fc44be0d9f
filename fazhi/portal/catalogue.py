"""Public catalogue pages: a module's published records as a paged list with filters, each at a stable URL.

A module declares a `Catalogue` among the `portal_sections` of its `module.py`:

    Catalogue("decisions", "重大行政决策目录", published=public_decisions, ref="case_number",
              title="title", columns=(Column("决策机关", "unit.name"), Column("公布日期", "published_on")),
              filters=(year_filter("published_on", "公布年度"), unit_filter("unit", "决策机关")))

and the portal serves `/portal/decisions/` (list, paging clamped) and `/portal/decisions/<ref>/` (detail,
its `detail_template`, or a redirect to `detail_url(record)` where the module already has a
public page). Only what `published()` returns is ever shown: anything else is 404 whatever the URL.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.urls import reverse

# Portal paths that are not catalogues: a catalogue's slug may not take them.
RESERVED_SLUGS = frozenset({"doc", "law", "cleanup", "lookup", "api", "static", "media"})


def value_of(record: Any, path: str | Callable[[Any], Any]) -> Any:
    """A column's value: a function of the record, or a dotted attribute path ("issuer.name")."""
    if callable(path):
        return path(record)
    value = record
    for part in path.split("."):
        value = getattr(value, part, None)
        if value is None:
            return ""
    return value() if callable(value) else value


@dataclass(frozen=True)
class Column:
    label: str
    value: str | Callable[[Any], Any]


@dataclass(frozen=True)
class Filter:
    """A list filter: `param` in the query string, its Chinese label, the choices it offers (value, label)
    over the published records, and how a chosen value narrows them. Unknown values are ignored."""

    param: str
    label: str
    choices: Callable[[models.QuerySet], list[tuple[str, str]]]
    apply: Callable[[models.QuerySet, str], models.QuerySet]


def year_filter(date_field: str, label: str = "年度", param: str = "year") -> Filter:
    return Filter(
        param, label,
        choices=lambda qs: [(str(d.year), f"{d.year} 年") for d in qs.dates(date_field, "year", order="DESC")],
        apply=lambda qs, value: qs.filter(**{f"{date_field}__year": int(value)}),
    )


def unit_filter(unit_field: str, label: str = "单位", param: str = "unit") -> Filter:
    from fazhi.core.models import Unit

    return Filter(
        param, label,
        choices=lambda qs: [(str(u.pk), u.name) for u in
                            Unit.objects.filter(pk__in=qs.values(unit_field)).order_by("path")],
        apply=lambda qs, value: qs.filter(**{f"{unit_field}_id": int(value)}),
    )


@dataclass(frozen=True)
class Catalogue:
    slug: str  # the URL segment: /portal/<slug>/
    label: str  # 重大行政决策目录
    published: Callable[[], models.QuerySet]  # what the public may see, nothing else
    ref: str = "pk"  # the field holding the record's stable public reference (文号, 案号 …)
    title: str | Callable[[Any], Any] = str
    columns: tuple[Column, ...] = ()
    filters: tuple[Filter, ...] = ()
    ordering: tuple[str, ...] = ("-pk",)
    detail_template: str = "portal/catalogue_detail.html"
    detail_fields: tuple[Column, ...] = ()  # shown by the default detail template (columns if empty)
    detail_url: Callable[[Any], str] | None = None  # the module's own public page, if it has one
    intro: str = ""
    page_size: int = 20

    def __post_init__(self) -> None:
        if self.slug in RESERVED_SLUGS:
            raise ValueError(f"公开目录的地址“{self.slug}”与门户已有的地址冲突")

    @property
    def url(self) -> str:
        return reverse("portal:catalogue", args=[self.slug])

    def ref_of(self, record: Any) -> str:
        return str(value_of(record, self.ref))

    def url_of(self, record: Any) -> str:
        """The record's stable public URL: the module's own page if it has one, else the catalogue's."""
        if self.detail_url is not None:
            return self.detail_url(record)
        return reverse("portal:catalogue_detail", args=[self.slug, self.ref_of(record)])

    def find(self, ref: str) -> Any | None:
        """The published record with this reference, else None (unpublished looks like missing)."""
        try:
            return self.published().filter(**{self.ref: ref}).first()
        except (ValueError, TypeError):  # "abc" for a numeric reference
            return None


def sections() -> tuple:
    """Every module's portal sections (links and catalogues), in module order: the portal's navigation."""
    from fazhi.core.modules import portal_sections

    return portal_sections()


def catalogues() -> dict[str, Catalogue]:
    """Every module's declared catalogues by slug."""
    return {s.slug: s for s in sections() if isinstance(s, Catalogue)}


def find_catalogue(slug: str) -> Catalogue | None:
    return catalogues().get(slug)
