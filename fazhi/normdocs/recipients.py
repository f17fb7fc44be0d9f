"""Who receives a normative document's filing: derived from the issuer's place in the organisation tree.

* a people's government's document → the 上一级人民政府, whose 备案审查 is done by that government's
  司法行政部门 (the 司法局 / 司法厅 unit beside it in the tree), and the 本级人大常委会 (county level and up:
  乡镇 have no standing committee); a provincial government's → 国务院 (not in the platform);
* a working department's document → the 本级人民政府, reviewed by its 司法局 — unless the department is
  that 司法局 itself, which never reviews its own document: then the government's own users review it.

(`fazhi.normdocs.filings` keeps one `Filing` per recipient; a recipient without a reviewer in the platform —
人大常委会, 国务院 — has its notified outcome recorded by the filer.)
"""

from __future__ import annotations

from dataclasses import dataclass

from fazhi.core.models import Level, Unit
from fazhi.normdocs.filing_models import FilingChannel
from fazhi.normdocs.models import DocType, NormativeDocument


@dataclass(frozen=True)
class Recipient:
    channel: str
    name: str
    unit: Unit | None  # the recipient body, when it is in the organisation tree
    reviewer: Unit | None  # whose users register and review; None: the filer records the notified outcome


def _parent_region(region: Unit) -> Unit | None:
    parent = Unit.objects.get_parent(region)
    return parent if parent is not None and parent.kind == Unit.Kind.REGION else None


def _child(region: Unit, kind: str, suffixes: tuple[str, ...] = (), organ: str | None = None) -> Unit | None:
    qs = Unit.objects.get_children(region).filter(kind=kind, is_active=True)
    if organ:
        qs = qs.filter(organ=organ)
    for unit in qs.order_by("path"):
        if not suffixes or unit.name.endswith(suffixes):
            return unit
    return None


def government_of(region: Unit) -> Unit | None:
    return _child(region, Unit.Kind.GOVERNMENT)


def justice_of(region: Unit) -> Unit | None:
    """The region's 司法行政部门 (司法局, 司法厅): the tree has no attribute for it, so by its name."""
    return _child(region, Unit.Kind.DEPARTMENT, ("司法局", "司法厅"))


def _government_recipient(region: Unit, issuer: Unit) -> Recipient:
    government = government_of(region)
    name = government.name if government else f"{region.name}人民政府"
    reviewer = justice_of(region)
    if reviewer is not None and reviewer.pk == issuer.pk:
        reviewer = government  # a 司法局's own document: never reviewed by itself
    return Recipient(FilingChannel.GOVERNMENT, name, government, reviewer or government)


def _rule_recipients(doc: NormativeDocument) -> list[Recipient]:
    """A 规章's bodies (`regulations.regulation_recipients`, 立法法 art. 109): a 人大常委会 or 国务院 has its
    notified outcome recorded by the filer; a province government's filing is reviewed by its 司法厅."""
    from fazhi.normdocs import regulations

    found = []
    for body in regulations.regulation_recipients(doc):
        if body.role in ("congress", "province_congress"):
            found.append(Recipient(FilingChannel.PEOPLE_CONGRESS, body.name, body.unit, None))
        elif body.unit is None:  # 国务院, or a government outside the tree
            found.append(Recipient(FilingChannel.GOVERNMENT, body.name, None, None))
        else:
            reviewer = justice_of(Unit.objects.get_parent(body.unit))
            found.append(Recipient(FilingChannel.GOVERNMENT, body.name, body.unit, reviewer or body.unit))
    return found


def recipients_for(doc: NormativeDocument) -> list[Recipient]:
    """Every body `doc` must be filed with, from its issuer's place in the tree (a 规章: its own bodies)."""
    if doc.doc_type == DocType.RULE:
        return _rule_recipients(doc)
    issuer = doc.issuer
    region = issuer.jurisdiction()
    if issuer.kind != Unit.Kind.GOVERNMENT:
        return [_government_recipient(region, issuer)]
    found = []
    upper = _parent_region(region)
    if upper is not None:
        found.append(_government_recipient(upper, issuer))
    else:
        found.append(Recipient(FilingChannel.GOVERNMENT, "国务院", None, None))
    if region.level in (Level.PROVINCE, Level.CITY, Level.COUNTY):
        congress = _child(region, Unit.Kind.EXTERNAL, organ=Unit.Organ.LEGISLATIVE)
        found.append(Recipient(FilingChannel.PEOPLE_CONGRESS, f"{region.name}人大常委会", congress, None))
    return found
