"""Who may issue what: only administrative bodies issue 行政规范性文件, only some governments 规章.

行政规范性文件 are made by administrative bodies: the people's governments and their working
departments; never by courts, procuratorates, 人大 bodies or party organs. The organisation tree
files party organs (中共…县委宣传部, 编办) beside the government's departments and the 依法治X办 as
an office, and has no attribute that says "party", so they are recognised by their kind and by the
names the party and the other branches always carry.

规章 are made by the governments of provinces and 设区的市 (立法法 (2023) art. 93) and by the State
Council's departments (art. 91); 地方性法规 by 人大 and their standing committees (arts. 80–81), which
are not administrative bodies, so no administrative issuer is offered it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from fazhi.core.models import Level, Unit
from fazhi.normdocs.models import DocType

# Names that mark a unit as outside the administrative branch, whatever its kind in the tree.
PARTY_PREFIXES = ("中共", "中国共产党")
OTHER_BRANCHES = ("人民法院", "人民检察院", "人民代表大会", "人大常委会", "政协", "监察委员会", "纪律检查委员会")
ADMINISTRATIVE_KINDS = (Unit.Kind.GOVERNMENT, Unit.Kind.DEPARTMENT)


def administrative_q(field: str = "") -> Q:
    """A filter for administrative bodies; `field` is the path to the unit ("issuer" for documents)."""
    prefix = f"{field}__" if field else ""
    q = Q(**{f"{prefix}kind__in": ADMINISTRATIVE_KINDS})
    for word in PARTY_PREFIXES:
        q &= ~Q(**{f"{prefix}name__startswith": word})
    for word in OTHER_BRANCHES:
        q &= ~Q(**{f"{prefix}name__contains": word})
    return q


def administrative_units(units: QuerySet[Unit]) -> QuerySet[Unit]:
    return units.filter(administrative_q())


def is_administrative(unit: Unit) -> bool:
    return Unit.objects.filter(administrative_q(), pk=unit.pk).exists()


def _rule_makers_q() -> Q:
    return Q(kind=Unit.Kind.GOVERNMENT, level__in=(Level.PROVINCE, Level.CITY)) | Q(
        kind=Unit.Kind.DEPARTMENT, level=Level.NATIONAL
    )


def may_make_rules(unit: Unit) -> bool:
    """Whether the unit makes 规章: a province's or 设区的市's government, or a State Council department."""
    return Unit.objects.filter(_rule_makers_q(), pk=unit.pk).exists()


def doc_types_for(unit: Unit) -> list[str]:
    """The document types `unit` may issue through the platform (none for a non-administrative body)."""
    if not is_administrative(unit):
        return []
    return [DocType.NORMATIVE, DocType.RULE] if may_make_rules(unit) else [DocType.NORMATIVE]


def check_issuer(unit: Unit, doc_type: str) -> None:
    """Refuse, in Chinese, an issuer that may not issue a document of this type."""
    if not is_administrative(unit):
        raise ValidationError(
            f"“{unit.name}”不是行政机关，不能制定行政规范性文件或规章（制定机关须为人民政府或其工作部门）"
        )
    if doc_type == DocType.LOCAL_REGULATION:
        raise ValidationError(f"地方性法规由人民代表大会及其常务委员会制定（立法法第八十条、第八十一条），“{unit.name}”不能制定")
    if doc_type == DocType.RULE and not may_make_rules(unit):
        raise ValidationError(
            f"“{unit.name}”不能制定规章：地方政府规章由省、自治区、直辖市和设区的市、自治州的人民政府制定"
            "（立法法第九十三条），部门规章由国务院部门制定（第九十一条）"
        )


def type_choices_for(units: QuerySet[Unit]) -> list[tuple[str, str]]:
    """The type choices a form offers when any of `units` may be the issuer."""
    offered = {DocType.NORMATIVE}
    if units.filter(administrative_q()).filter(_rule_makers_q()).exists():
        offered.add(DocType.RULE)
    return [(code, label) for code, label in DocType.choices if code in offered]
