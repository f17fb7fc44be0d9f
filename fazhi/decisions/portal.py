"""The decision module's public catalogues on the portal (the kernel's `fazhi.portal.catalogue` pages)."""

from __future__ import annotations

from django.db.models import Max, Min
from django.urls import reverse
from django.utils import timezone

from fazhi.decisions.models import PUBLIC_STATES, Catalogue, Decision, State
from fazhi.portal.catalogue import Catalogue as PortalCatalogue
from fazhi.portal.catalogue import Column, Filter, unit_filter


def _decision_page(decision: Decision) -> str:
    return reverse("decisions_public:decision", args=[decision.public_ref])


def _years_published(qs) -> list[tuple[str, str]]:
    """公布年度 choices: every year from the latest publication back to the first. Two reads of an index, where
    the kernel's `year_filter` truncates each row's date (95 ms on a province's 16,000 public decisions)."""
    span = qs.aggregate(first=Min("published_on"), last=Max("published_on"))
    if span["first"] is None:
        return []
    return [(str(y), f"{y} 年") for y in range(span["last"].year, span["first"].year - 1, -1)]


PUBLISHED_YEAR = Filter("year", "公布年度", choices=_years_published,
                        apply=lambda qs, value: qs.filter(published_on__year=int(value)))


def open_for_comment():
    today = timezone.localdate()
    return Decision.objects.filter(state=State.COMMENT, comment_start__lte=today, comment_end__gte=today)


PUBLISHED = PortalCatalogue(
    "decisions", "重大行政决策", title="title", ref="public_ref",
    published=lambda: Decision.objects.filter(state__in=PUBLIC_STATES).select_related("body"),
    columns=(Column("决策机关", "body.name"), Column("文号", "doc_number"), Column("公布日期", "published_on")),
    filters=(PUBLISHED_YEAR, unit_filter("body", "决策机关")),
    ordering=("-published_on", "-id"), detail_url=_decision_page,
    intro="已公布的重大行政决策，含公众意见采纳情况和决策后评估摘要。",
)

CONSULTATIONS = PortalCatalogue(
    "consultations", "决策草案征求意见", title="title", ref="public_ref",
    published=lambda: open_for_comment().select_related("body"),
    columns=(Column("决策机关", "body.name"), Column("征求意见开始", "comment_start"), Column("截止日期", "comment_end")),
    filters=(unit_filter("body", "决策机关"),), ordering=("comment_end", "id"), detail_url=_decision_page,
    intro="正在公开征求意见的重大行政决策草案，欢迎提出意见建议（重大行政决策程序暂行条例第十五条）。",
)

HEARINGS = PortalCatalogue(
    "decision-hearings", "决策听证公告", title="title", ref="public_ref",
    published=lambda: Decision.objects.filter(state=State.HEARING, hearing_announced_on__isnull=False)
    .select_related("body"),
    columns=(Column("决策机关", "body.name"), Column("听证会日期", "hearing_on"), Column("地点", "hearing_place")),
    filters=(unit_filter("body", "决策机关"),), ordering=("hearing_on", "id"), detail_url=_decision_page,
    intro="将要召开的重大行政决策听证会：决策草案及说明、时间、地点、听证参加人遴选办法，遴选后公布听证参加人名单（条例第十六条）。",
)

CATALOGUES = PortalCatalogue(
    "decision-catalogues", "重大行政决策事项目录", title=str, ref="public_ref",
    published=lambda: Catalogue.objects.filter(version__gte=1).select_related("body"),
    columns=(Column("年度", "year"), Column("版本", "version"), Column("最近公布", "published_on")),
    filters=(unit_filter("body", "决策机关"),), ordering=("-year", "body__path"),
    detail_url=lambda c: reverse("decisions_public:catalogue", args=[c.public_ref]),
    intro="决策机关的年度重大行政决策事项目录，经同级党委同意后公布；年度中调整的，每次公布一个新版本（条例第三条）。",
)
