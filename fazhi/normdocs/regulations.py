"""规章 follow their own rules, not the normative-document defaults (checked against the texts in shared/corpus).

* 征求意见: 规章制定程序条例（2017）第十五条第二款 — 除依法需要保密的外，向社会公布征求意见的期限一般不少于30日;
* 送审稿审查: by the 法制机构 under chapter 4 (第十八条起), which sets no working-day clock: a 规章 does not go
  through the normative document's 合法性审核 and its 5/15-working-day figures;
* 施行: 第三十二条 — 自公布之日起30日后施行; from publication only for 国家安全、外汇汇率、货币政策的确定, or
  where not applying it at once would hinder its application;
* 备案: within 30 days of publication (第三十四条; 法规规章备案审查条例（2024）第四条) to the recipients of
  立法法（2023）第一百零九条第四项: 部门规章 and 地方政府规章 to 国务院; a 地方政府规章 also to 本级人大常委会; a
  设区的市、自治州's also to the 省、自治区 人民政府 and 人大常委会 (`REGULATION_RECIPIENTS`, `regulation_recipients`).

Steps the platform has no 规章 rule for are refused with a message that says so (see `guard_*`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from fazhi.core.models import Level, Unit
from fazhi.normdocs.models import DocType, NormativeDocument
from fazhi.workflow import timelimits
from fazhi.workflow.timelimits import ND, Rule

_GZ = "规章制定程序条例（2017）"
_LF = "立法法（2023）第一百零九条第四项"
_FB = "法规规章备案审查条例（2024）第四条"

REGULATION_CONSULTATION_MIN = "regulation.consultation_min"
REGULATION_EFFECTIVE_AFTER = "regulation.effective_after"
REGULATION_FILING = "regulation.filing"  # the statutory catalogue's figure and source win (30 日, 第四条)

TIME_LIMITS = (
    Rule(REGULATION_CONSULTATION_MIN, "规章草案征求意见期限（最少）", 30, ND, False,
         f"{_GZ}第十五条第二款：向社会公布征求意见的期限一般不少于30日"),
    Rule(REGULATION_EFFECTIVE_AFTER, "规章公布至施行的间隔（最少）", 30, ND, False,
         f"{_GZ}第三十二条：规章应当自公布之日起30日后施行"),
    Rule(REGULATION_FILING, "法规、规章报送备案期限", 30, ND, True, f"{_FB}；{_GZ}第三十四条"),
)

# 第三十二条's exceptions: the 规章 may apply from its publication.
IMMEDIATE_GROUNDS = (
    ("national_security", "涉及国家安全"),
    ("exchange_rate", "涉及外汇汇率的确定"),
    ("monetary_policy", "涉及货币政策的确定"),
    ("hinder", "公布后不立即施行将有碍规章施行"),
)


def is_rule(doc: NormativeDocument) -> bool:
    return doc.doc_type == DocType.RULE


def _fmt(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


# ------------------------------------------------------------------------------------------------- 施行

def earliest_effective(doc: NormativeDocument, published: datetime.date) -> datetime.date:
    """The first day a 规章 may apply without an exception: the 30 days run from the day after publication
    (the start day is not counted), and 施行 comes "30日后", after they have run: the 31st day."""
    done = timelimits.earliest_end(REGULATION_EFFECTIVE_AFTER, published, doc.issuer).date
    return done + datetime.timedelta(days=1)


def guard_rule_publication(doc: NormativeDocument, data: dict[str, Any]) -> str | None:
    """A 规章 states its 施行日期 at least 30 days after publication, or names a 第三十二条 exception."""
    if not is_rule(doc):
        if data.get("immediate_ground"):
            return "“立即施行的理由”只适用于规章。"
        return None
    effective, ground = data.get("effective_on"), data.get("immediate_ground")
    if ground:
        return None
    rule = timelimits.get_rule(REGULATION_EFFECTIVE_AFTER, doc.issuer)
    earliest = earliest_effective(doc, data["on"])
    if effective is None:
        return (f"请填写规章的施行日期：规章应当自公布之日起{rule.describe()}后施行（{rule.citation}），"
                f"{_fmt(data['on'])}公布的，最早于{_fmt(earliest)}施行；属于法定例外的，请选择立即施行的理由。")
    if effective < earliest:
        return (f"规章施行日期过早：规章应当自公布之日起{rule.describe()}后施行（{rule.citation}），"
                f"{_fmt(data['on'])}公布的，最早于{_fmt(earliest)}施行，填写的施行日期为{_fmt(effective)}；"
                "涉及国家安全、外汇汇率、货币政策的确定或者不立即施行将有碍规章施行的，请选择立即施行的理由。")
    return None


def default_valid_until(doc: NormativeDocument, effective: datetime.date) -> datetime.date | None:
    """规章 carry no default term (the normative documents' 暂行/试行 2 years, else 5, do not apply)."""
    from fazhi.normdocs import terms

    return None if is_rule(doc) else terms.default_valid_until(doc.title, effective)


# ------------------------------------------------------------------------------------------------- 审查

def guard_rule_review_route(doc: NormativeDocument, data: dict[str, Any]) -> str | None:
    """The 规章 step: only for 规章."""
    if not is_rule(doc):
        return "行政规范性文件报送合法性审核，请使用“报送合法性审核”。"
    return None


# ------------------------------------------------------------------------------------------------- 备案

def filing_rule(doc: NormativeDocument) -> str:
    """The filing clock's rule: 30 days under the 备案审查条例 for a 规章, the province's rule otherwise."""
    from fazhi.normdocs.workflow import FILING

    return REGULATION_FILING if is_rule(doc) else FILING


@dataclass(frozen=True)
class Recipient:
    """A body a 规章 is filed with: its role, its name for this issuer, the unit if the tree holds it."""

    role: str
    name: str
    unit: Unit | None
    basis: str


# Who receives a 规章, by the issuer's level (立法法 art. 109 (4); 备案审查条例 art. 4 (2)–(4)).
REGULATION_RECIPIENTS: dict[str, tuple[str, ...]] = {
    Level.NATIONAL: ("state_council",),
    Level.PROVINCE: ("state_council", "congress"),
    Level.CITY: ("state_council", "congress", "province_government", "province_congress"),
}
RECIPIENT_BASIS = {
    "state_council": f"{_LF}；{_FB}",
    "congress": _LF,
    "province_government": f"{_LF}；{_FB}第四项",
    "province_congress": _LF,
}


def _congress_of(region: Unit) -> Unit | None:
    return (Unit.objects.filter(path__startswith=region.path, depth=region.depth + 1)
            .filter(name__in=[f"{region.name}人民代表大会常务委员会", f"{region.name}人大常委会"]).first())


def _government_of(region: Unit) -> Unit | None:
    return Unit.objects.filter(path__startswith=region.path, depth=region.depth + 1,
                               kind=Unit.Kind.GOVERNMENT).first()


def regulation_recipients(doc: NormativeDocument) -> list[Recipient]:
    """The bodies a 规章 must be filed with, within 30 days of publication; [] for other documents.

    For the filing code: `required_recipients(doc)` returns this list for a 规章 (国务院 is not in the
    organisation tree, so its `unit` is None: the filing is recorded as sent, with no reviewer account).
    """
    if not is_rule(doc):
        return []
    issuer = doc.issuer
    region = issuer.jurisdiction()
    level = Level.NATIONAL if issuer.level == Level.NATIONAL else region.level
    roles = REGULATION_RECIPIENTS.get(level)
    if roles is None:
        raise ValueError(f"“{issuer.name}”不是规章制定机关，没有规章备案机关")
    province = next((r for r in timelimits.jurisdiction_chain(region) if r.level == Level.PROVINCE), None)
    found = []
    for role in roles:
        if role == "state_council":
            found.append(Recipient(role, "国务院", None, RECIPIENT_BASIS[role]))
        elif role == "congress":
            found.append(Recipient(role, f"{region.name}人民代表大会常务委员会", _congress_of(region),
                                   RECIPIENT_BASIS[role]))
        elif role == "province_government" and province is not None:
            found.append(Recipient(role, f"{province.name}人民政府", _government_of(province), RECIPIENT_BASIS[role]))
        elif role == "province_congress" and province is not None:
            found.append(Recipient(role, f"{province.name}人民代表大会常务委员会", _congress_of(province),
                                   RECIPIENT_BASIS[role]))
    return found
