"""The annual catalogue's lifecycle (条例第三条): 编制 → 同级党委同意 → 向社会公布, and 调整 during the year.

Each publication is a version (`CatalogueRevision` keeps the entries as published); an adjustment sends the
catalogue back to 编制 and needs the party's agreement again before the next version is published.
"""

from __future__ import annotations

from django.urls import reverse

from fazhi.decisions.capabilities import MANAGE_DECISIONS
from fazhi.decisions.models import Catalogue, CatalogueRevision, Procedure
from fazhi.workflow import steplog
from fazhi.workflow.engine import Field, Step, Transition, Workflow

S = Catalogue.State
BODY = (MANAGE_DECISIONS,)


def guard_has_entries(catalogue: Catalogue, data: dict) -> str | None:
    if catalogue.entries.filter(withdrawn=False).exists():
        return None
    return "目录中没有决策事项，不能报请同级党委同意。"


def effect_agree(catalogue: Catalogue, step: Step) -> None:
    catalogue.party_agreed_on = step.on


def entry_snapshot(catalogue: Catalogue) -> list[dict]:
    return [{"order": e.order, "title": e.title, "category": e.get_category_display(), "lead_unit": e.lead_unit.name,
             "planned": e.planned, "procedures": [Procedure(p).label for p in e.procedures], "withdrawn": e.withdrawn}
            for e in catalogue.entries.select_related("lead_unit").order_by("order", "id")]


def effect_publish(catalogue: Catalogue, step: Step) -> None:
    catalogue.version += 1
    catalogue.published_on = step.on
    catalogue.first_published_on = catalogue.first_published_on or step.on
    CatalogueRevision.objects.create(catalogue=catalogue, version=catalogue.version, published_on=step.on,
                                     note=step.data.get("reason", ""), entries=entry_snapshot(catalogue))
    step.record["version"] = catalogue.version


TRANSITIONS: dict[str, Transition] = {t.code: t for t in [
    Transition("agree", "同级党委同意", frozenset({S.DRAFT}), S.AGREED, BODY,
               fields=(Field("party_body", "同意的党委（会议）", help="如：县委常委会会议"),),
               guards=(guard_has_entries,), effect=effect_agree, help="决策事项目录经同级党委同意后向社会公布（条例第三条）"),
    Transition("publish", "向社会公布", frozenset({S.AGREED}), S.PUBLISHED, BODY, effect=effect_publish,
               reason_label="公布说明（调整的，写明调整内容）"),
    Transition("adjust", "调整目录", frozenset({S.PUBLISHED}), S.DRAFT, BODY, reason_label="调整理由",
               reason_required=True, help="根据实际情况调整目录（条例第三条），调整后须经党委同意再公布新版本"),
]}


CATALOGUE = Workflow(
    name="decision.catalogue", label="决策事项目录", model=Catalogue, transitions=TRANSITIONS,
    unit_of=lambda c: c.body, describe=str,
    link=lambda c: reverse("decisions:catalogue", args=[c.pk]), last_step=steplog.last_step,
    snapshot_fields=["state", "version", "party_agreed_on", "published_on"], select_related=("body",),
)
