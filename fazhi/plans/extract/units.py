"""Who leads, cooperates and is responsible: from a closing parenthesis, a unit line or a prose sentence.

A group is read only when every clause in it is a unit clause (`X牵头`, `配合单位：Y`, `Z按职责分工负责`):
that keeps prose like `县司法局负责，每半年通报1次…` or `（无案件的单位除外）` from producing units.
"""

from __future__ import annotations

import re

ROLES = ("lead_units", "cooperating_units", "responsible_units")

_BRACKET_PAIRS = (
    ("〔", "("),
    ("〕", ")"),
    ("（", "("),
    ("）", ")"),
    ("［", "("),
    ("］", ")"),
    ("【", "("),
    ("】", ")"),
)
# Anything that can make a sentence a unit clause; sentences without one are not parsed at all.
ROLE_HINT = re.compile(r"牵头|配合|协办|协助|参与|负责|落实|单位|部门")


_PAREN = re.compile(r"[()]")


def fold_brackets(text: str) -> str:
    """Brackets of every width to (): str.replace is several times faster than translate here."""
    for wide, narrow in _BRACKET_PAIRS:
        if wide in text:
            text = text.replace(wide, narrow)
    return text


LABELLED = re.compile(
    r"^(?:(牵头单位|牵头部门|主责单位|主办单位|牵头)|(配合单位|配合部门|协办单位|协助单位|协同单位|参与单位)|"
    r"(责任单位|责任部门|实施单位|落实单位|承办单位))\s*[:：]\s*(.*)$"
)
# A role word at the end of an unlabelled clause. Longest first: 按职责分工负责 before 负责.
SUFFIX = re.compile(
    r"^(?:由)?(.+?)(?:(共同牵头|牵头负责|牵头)|(配合|协办|协助|参与)|"
    r"((?:按照?|根据)?(?:各自)?(?:职责|职能)?(?:分工)?(?:分别|共同)?(?:负责|落实)))$"
)
ROLE_TAIL = re.compile(r"(?:(?:按照?|根据)?(?:各自)?(?:职责|职能)(?:分工)?(?:分别|共同)?(?:负责|落实))+$")
# What a unit's name ends with (or 各… for 各镇, 各部门, 各县(区)).
ORG = re.compile(
    r"(?:局|委|办|厅|部|院|会|府|室|所|处|科|队|站|中心|组|团|社|馆|行|司|署|镇|乡|街道|村|社区|"
    r"县|区|市|省|旗|州|单位|部门|机关|机构|企业|公司|集团|法院|检察院|委员会|领导小组|办公室)$"
)
SPLIT_CLAUSES = re.compile(r"[,，;；]")
SPLIT_NAMES = re.compile(r"[、,，/]")
MAX_NAME = 30


def empty_units() -> dict[str, list[str]]:
    return {role: [] for role in ROLES}


def clean_name(name: str) -> str:
    name = re.sub(r"\s+", "", fold_brackets(name))
    name = ROLE_TAIL.sub("", name)
    return name.strip("。.:：、")


def valid_name(name: str, needs_org: bool) -> bool:
    if not 2 <= len(name) <= MAX_NAME or "。" in name or re.search(r"\d{4}年|\d+[次个%]", name):
        return False
    if name.count("(") != name.count(")"):
        return False
    return not needs_org or name.startswith("各") or bool(ORG.search(name))


def split_top(text: str, pattern: re.Pattern[str]) -> list[str]:
    """Split on `pattern` outside parentheses (so 市直各部门(单位),各县(区) keeps its brackets)."""
    if "(" not in text:
        return [p.strip() for p in pattern.split(text) if p.strip()]
    parts, depth, start = [], 0, 0
    for index, char in enumerate(text):
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and pattern.match(char):
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


# `各市、县人民政府` is one collective unit (the governments of every city and county), not 各市 plus
# 县人民政府: a bare level word shares the organ named after the next level word.
BARE_LEVEL = re.compile(r"^各?(?:省|市|州|盟|县|区|旗|镇|乡)(?:\([^()]*\))?$")
LEVEL_START = re.compile(r"^(?:省|市|州|盟|县|区|旗|镇|乡|街道)")


def join_levels(names: list[str]) -> list[str]:
    joined: list[str] = []
    for name in names:
        if not name:
            continue
        if (
            joined
            and BARE_LEVEL.match(joined[-1])
            and LEVEL_START.match(name)
            and not BARE_LEVEL.match(name)
            and ORG.search(name)
        ):
            joined[-1] += "、" + name
        else:
            joined.append(name)
    return joined


def parse_unit_group(content: str, bare_list: bool = False) -> dict[str, list[str]] | None:
    """Units in one group of clauses, or None when the group is not (only) about units.

    `bare_list` accepts a group of names with no role word (`（市司法局、市发改委）`) as responsible.
    """
    content = fold_brackets(content).strip().rstrip("。.")
    if not content or len(content) > 200:
        return None
    found = empty_units()
    role: str | None = None
    for clause in split_top(content, SPLIT_CLAUSES):
        labelled = LABELLED.match(clause)
        if labelled:
            role = ROLES[[i for i in (1, 2, 3) if labelled.group(i)][0] - 1]
            names, needs_org = labelled.group(4), False
        else:
            suffixed = SUFFIX.match(clause)
            if suffixed and not (role and not suffixed.group(1)):
                index = [i for i in (2, 3, 4) if suffixed.group(i)][0] - 2
                role, names, needs_org = ROLES[index], suffixed.group(1), True
            elif role is not None:  # a further name under the last label: 责任单位:A,B
                names, needs_org = clause, True
            elif bare_list:
                names, needs_org, role = clause, True, "responsible_units"
            else:
                return None
        cleaned = join_levels([clean_name(n) for n in split_top(names, SPLIT_NAMES)])
        if not cleaned or not all(valid_name(n, needs_org) for n in cleaned):
            return None
        found[role].extend(cleaned)
    return found if any(found.values()) else None


def merge(into: dict[str, list[str]], more: dict[str, list[str]]) -> None:
    for role in ROLES:
        for name in more[role]:
            if name not in into[role]:
                into[role].append(name)


def parenthesised(text: str) -> list[tuple[int, int, str]]:
    """Top-level bracket groups as (start, end, content); brackets of any width, unbalanced tolerated."""
    folded = fold_brackets(text)
    groups, depth, start = [], 0, 0
    for bracket in _PAREN.finditer(folded):
        index, char = bracket.start(), bracket.group()
        if char == "(":
            if depth == 0:
                start = index
            depth += 1
        elif char == ")" and depth:
            depth -= 1
            if depth == 0:
                groups.append((start, index + 1, folded[start + 1 : index]))
    if depth:  # an unclosed group at the end of a paragraph: `（责任单位：各县〔区）`
        groups.append((start, len(folded), folded[start + 1 :]))
    return groups


UNIT_LINE = re.compile(
    r"^(?:牵头单位|牵头部门|主责单位|责任单位|责任部门|配合单位|协办单位|协助单位|实施单位)\s*[:：]"
)


def is_unit_line(line: str) -> bool:
    return bool(UNIT_LINE.match(line))


def extract_units(paragraphs: list[str]) -> dict[str, list[str]]:
    """All units named in an item's paragraphs, in order of first mention, deduplicated per role."""
    found = empty_units()
    for paragraph in paragraphs:
        if is_unit_line(paragraph):
            group = parse_unit_group(paragraph)
            if group:
                merge(found, group)
            continue
        groups = parenthesised(paragraph)
        for _start, end, content in groups:
            # A bare list of names counts only as the paragraph's closing bracket.
            closing = end >= len(paragraph.rstrip("。.;； "))
            group = parse_unit_group(content, bare_list=closing) if len(content) <= 200 else None
            if group:
                merge(found, group)
        for sentence in re.split(r"[。；;]", strip_groups(paragraph, groups)):
            group = (
                parse_unit_group(sentence) if len(sentence) <= 200 and ROLE_HINT.search(sentence) else None
            )
            if group:
                merge(found, group)
    return found


def strip_groups(text: str, groups: list[tuple[int, int, str]]) -> str:
    for start, end, _ in reversed(groups):
        text = text[:start] + "。" + text[end:]
    return text
