"""Resolving the unit names a plan writes (县司法局, 市政府办公室, 各镇) to organisation units.

Plans name units the way people speak: with the level prefix (县司法局), the region's name (陇县司法局),
or neither (司法局); "市政府" for "市人民政府"; collective names (各镇, 市直各部门(单位)) that stand for
many units. A name is looked up only inside the jurisdiction's subtree, in this order:

1. a mapping staff saved before (`UnitNameMapping`; a mapping to no unit marks a collective name);
2. a collective name (各…, 有关…, …成员单位) — not an error, the supervision ledger expands it later;
3. the unit's own name or one of its `UnitAlias`es, trying the name as written and with the region
   prefix swapped (县/陇县/none) and 政府 ↔ 人民政府.

When several units match equally well (县司法局 inside a city with many counties) the name stays
unresolved and the candidates are shown: guessing would assign a task to the wrong office.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from fazhi.core.models import Unit, UnitAlias

RESOLVED = "resolved"
COLLECTIVE = "collective"
UNRESOLVED = "unresolved"

_BRACKETS = str.maketrans({"〔": "(", "〕": ")", "【": "(", "】": ")", "［": "(", "］": ")", "「": "", "」": ""})
_DUTY_SUFFIX = re.compile(r"(按职责分工负责|按职责负责|分别负责|负责|牵头|配合|协办)$")
_COLLECTIVE = re.compile(r"各|^(有关|相关|其他|其它)|成员单位$|等部门$")
_REGION_SUFFIXES = ("回族自治区", "壮族自治区", "维吾尔自治区", "自治区", "自治州", "自治县", "省", "市", "县", "区")


def normalise(name: str) -> str:
    """The name as compared: half-width brackets, no spaces, no trailing 负责/牵头/配合 or 等."""
    name = unicodedata.normalize("NFKC", name or "").translate(_BRACKETS)
    name = re.sub(r"\s+", "", name)
    name = _DUTY_SUFFIX.sub("", name)
    return name.removesuffix("等")


def is_collective_name(name: str) -> bool:
    """各镇, 各部门, 各县(区), 市直各部门(单位), 各执法部门, 有关单位, 领导小组成员单位 …"""
    return bool(_COLLECTIVE.search(normalise(name)))


def short_region_name(region_name: str) -> str:
    """陕西省 → 陕西, 嘉善县 → 嘉善, 宁夏回族自治区 → 宁夏; one-character stems (陇县 → 陇) are kept whole."""
    for suffix in _REGION_SUFFIXES:
        if region_name.endswith(suffix) and len(region_name) - len(suffix) >= 2:
            return region_name[: -len(suffix)]
    return region_name


@dataclass(frozen=True)
class Resolution:
    name: str
    status: str
    unit: Unit | None = None
    via: str = ""
    candidates: tuple[Unit, ...] = field(default=())

    @property
    def is_collective(self) -> bool:
        return self.status == COLLECTIVE

    @property
    def is_unresolved(self) -> bool:
        return self.status == UNRESOLVED


class UnitResolver:
    """Resolves names inside one jurisdiction. Build it once per request: it loads the subtree's names."""

    def __init__(self, jurisdiction: Unit):
        from fazhi.plans.models import UnitNameMapping

        self.jurisdiction = jurisdiction
        units = {
            u.pk: u
            for u in Unit.objects.filter(jurisdiction.subtree_q(), is_active=True).only(
                "id", "name", "kind", "level", "path", "depth"
            )
        }
        self._by_name: dict[str, list[Unit]] = defaultdict(list)
        self._by_alias: dict[str, list[Unit]] = defaultdict(list)
        for unit in units.values():
            self._by_name[normalise(unit.name)].append(unit)
        for unit_id, alias in UnitAlias.objects.filter(unit_id__in=units).values_list("unit_id", "name"):
            self._by_alias[normalise(alias)].append(units[unit_id])
        self._mappings: dict[str, Unit | None] = {}
        for mapping in UnitNameMapping.objects.filter(jurisdiction=jurisdiction).select_related("unit"):
            # A mapping to a unit that has since left the subtree (moved away) no longer applies.
            if mapping.unit_id is None or mapping.unit_id in units:
                self._mappings[normalise(mapping.name)] = units.get(mapping.unit_id)
        self._cache: dict[str, Resolution] = {}

    def resolve(self, name: str) -> Resolution:
        if name not in self._cache:
            self._cache[name] = self._resolve(name)
        return self._cache[name]

    def resolve_all(self, names) -> dict[str, Resolution]:
        return {name: self.resolve(name) for name in names}

    def _resolve(self, name: str) -> Resolution:
        key = normalise(name)
        if not key:
            return Resolution(name, UNRESOLVED)
        if key in self._mappings:
            unit = self._mappings[key]
            if unit is None:
                return Resolution(name, COLLECTIVE, via="已保存的映射")
            return Resolution(name, RESOLVED, unit, via="已保存的映射")
        if is_collective_name(key):
            return Resolution(name, COLLECTIVE, via="集合称谓")
        for candidate in self._candidates(key):
            named = self._by_name.get(candidate, [])
            best = self._best(named + self._by_alias.get(candidate, []))
            if len(best) == 1:
                via = "单位名称" if best[0] in named else "单位别名"
                return Resolution(name, RESOLVED, best[0], via=via if candidate == key else f"{via}（规范化）")
            if len(best) > 1:
                # Equally good matches: a person chooses (a later, looser candidate must not guess).
                return Resolution(name, UNRESOLVED, candidates=tuple(best))
        return Resolution(name, UNRESOLVED)

    def _candidates(self, key: str) -> list[str]:
        """The name as written, then with the region prefix removed or replaced by the region's name.

        Only the jurisdiction's own level word is a prefix to swap: inside a city, 县司法局 means some
        county's office, not the city's 司法局.
        """
        region = self.jurisdiction.name
        words = _level_words(region)
        rest = key
        for stem in sorted({region, short_region_name(region)}, key=len, reverse=True):
            if key.startswith(stem) and len(key) > len(stem):
                rest = key[len(stem):]
                break
        else:
            stripped = key.removeprefix("中共")
            for word in words:
                if stripped.startswith(word) and len(stripped) > len(word) + 1:
                    rest = stripped[len(word):]
                    break
        ordered = [key, region + rest, *(word + rest for word in words), rest]
        with_people = [c.replace("政府", "人民政府") for c in ordered if "政府" in c and "人民政府" not in c]
        seen: list[str] = []
        for candidate in ordered + with_people:
            if candidate not in seen:
                seen.append(candidate)
        return seen

    @staticmethod
    def _best(matches: list[Unit]) -> list[Unit]:
        """Among equal names prefer a body over the region itself, then the one nearest the top."""
        if not matches:
            return []
        rank = {u.pk: (u.kind == Unit.Kind.REGION, u.depth) for u in matches}
        top = min(rank.values())
        return [u for u in {u.pk: u for u in matches}.values() if rank[u.pk] == top]


def _level_words(region_name: str) -> list[str]:
    """The words a plan of this region puts before its own units: 县 for 陇县, 自治区/区 for 宁夏回族自治区."""
    if region_name.endswith("自治区"):
        return ["自治区", "区"]
    for word in ("街道", "自治州", "自治县", "省", "市", "县", "区", "州", "旗", "盟", "镇", "乡"):
        if region_name.endswith(word):
            return [word]
    return []


def names_in(document: dict) -> list[str]:
    """Every unit name a `fazhi.plan/1` document uses, in first-seen order."""
    seen: dict[str, None] = {}
    for item in document.get("items", []):
        for role in ROLE_FIELDS.values():
            for name in item.get(role, []):
                seen.setdefault(name, None)
    return list(seen)


# PlanItemUnit.Role value → the list in a fazhi.plan/1 item.
ROLE_FIELDS = {"lead": "lead_units", "cooperating": "cooperating_units", "responsible": "responsible_units"}
