"""Expanding collective unit names (各镇, 各部门, 各县(区), 各执法部门) into real units of a jurisdiction.

Plans assign work to "各镇、各部门" rather than naming thirty offices. The ledger needs one row per
unit, so each collective name is matched against a small table of patterns (checked in order) and
expanded inside the plan's jurisdiction only, by what the words mean:

* 各部门 — the government's working departments: administrative bodies (`Unit.organ`), never party
  organs, courts or procuratorates (a plan that wants them names them);
* 各执法部门 — those departments the office marked as holding enforcement powers (`Unit.enforcement_powers`);
  none marked leaves the name for staff to assign rather than guessing;
* 各镇 / 各县(区) / 各市 — the governments of the regions directly below.

Names that match no pattern (有关单位, 领导小组成员单位) are not guessed: the task lists them for staff to
assign by hand — unless the office marked the name as a collective name (集合称谓) at import, in which
case it is read as "各" + the name (乡镇人民政府 → 各乡镇人民政府).
"""

from __future__ import annotations

import re

from fazhi.core.models import Level, Unit
from fazhi.plans.resolve import normalise

# What a pattern expands to; the ledger records the name so the UI can show "各镇 → 10 个单位".
TOWNS = "towns"
COUNTIES = "counties"
CITIES = "cities"
DEPARTMENTS = "departments"
ENFORCEMENT = "enforcement"

PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"各(行政)?执法(部门|单位|机关)"), ENFORCEMENT),
    (re.compile(r"^各(乡镇|镇|乡|街道|镇街|镇办)(\((街道|街道办事处|办|镇)\))?(人民政府|政府)?$"), TOWNS),
    (re.compile(r"^各县(\((市、?)?区\)|市区|区|\(市\)|\(市\)区)?(人民政府|政府)?$"), COUNTIES),
    (re.compile(r"^各(区县|县\(市、区\)|县\(市,区\)|区\(县\))(人民政府|政府)?$"), COUNTIES),
    (re.compile(r"^各(设区的?市|市\(区\)|市州|地市|市)(人民政府|政府)?$"), CITIES),
    (re.compile(r"^((省|市|县|区)(政府|直|级)?|(省|市|县|区)政府)?各(有关)?(部门|单位|委办局)(\((单位|部门)\))?$"),
     DEPARTMENTS),
    (re.compile(r"^(省|市|县|区)(直|级)各?(有关)?(部门|单位)(\((单位|部门)\))?$"), DEPARTMENTS),
]

_LEVEL = {TOWNS: Level.TOWN, COUNTIES: Level.COUNTY, CITIES: Level.CITY}


def _match(key: str) -> str | None:
    for pattern, kind in PATTERNS:
        if pattern.search(key):
            return kind
    return None


def expansion_kind(name: str, marked: bool = False) -> str | None:
    """Which pattern a collective name matches (TOWNS, DEPARTMENTS …), or None if it is not expanded.

    `marked`: the office marked the name as a collective name at import, so a plural without 各
    (乡镇人民政府, 县直部门, 执法部门) is read as the 各… form of the same words.
    """
    key = normalise(name)
    kind = _match(key)
    if kind is None and marked and not key.startswith("各"):
        for prefix in ("全县", "全市", "全省", "全区", "所有", "辖区内", "辖区"):
            if key.startswith(prefix):
                key = key[len(prefix):]
                break
        kind = _match(key if key.startswith("各") else "各" + key)
    return kind


def _child_governments(jurisdiction: Unit, level: str) -> list[Unit]:
    regions = Unit.objects.get_children(jurisdiction).filter(kind=Unit.Kind.REGION, level=level, is_active=True)
    region_paths = [r.path for r in regions]
    if not region_paths:
        return []
    steplen = Unit.steplen
    # A government sits directly under its region: its path is the region's path plus one step.
    governments = Unit.objects.filter(
        jurisdiction.subtree_q(), kind=Unit.Kind.GOVERNMENT, is_active=True, depth=jurisdiction.depth + 2,
    )
    wanted = set(region_paths)
    return [g for g in governments if g.path[:-steplen] in wanted]


def _departments(jurisdiction: Unit):
    """The government's working departments: administrative bodies directly under the jurisdiction."""
    return Unit.objects.get_children(jurisdiction).filter(
        kind=Unit.Kind.DEPARTMENT, organ=Unit.Organ.ADMINISTRATIVE, is_active=True
    )


def expand(name: str, jurisdiction: Unit, marked: bool = False) -> list[Unit]:
    """The units a collective name stands for inside `jurisdiction` ([] when it is not expandable)."""
    kind = expansion_kind(name, marked)
    if kind is None:
        return []
    if kind == DEPARTMENTS:
        return list(_departments(jurisdiction))
    if kind == ENFORCEMENT:
        return list(_departments(jurisdiction).filter(enforcement_powers=True))
    return _child_governments(jurisdiction, _LEVEL[kind])
