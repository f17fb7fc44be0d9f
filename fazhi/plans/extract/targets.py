"""Quantified requirements: 合格率达到98%以上, 每人每年不少于60学时, 新建2个, 律师万人比达到3.5.

A count of occurrences within a period (每年至少举办两期) is a recurring deadline, not a target
(see deadlines); every other figure with a unit, or a bare figure after 达到/不低于, is a target.
"""

from __future__ import annotations

import re

from fazhi.plans.extract.deadlines import OCCURRENCE_UNITS, PERIOD
from fazhi.plans.extract.numerals import NUMBER, to_number

UNITS = ("个百分点|百分点|学时|课时|人次|万元|%|次|期|个|人|家|件|项|名|所|轮|场|批|篇|部|条|户|元|处|座|套|台|项次")
QUANTITY = re.compile(rf"(?P<pct>百分之)?(?P<n>{NUMBER})\s*(?P<unit>{UNITS})?")
OP_BEFORE = (  # 不X before X: `不少于` must not be read as `少于`
    ("不少于", ">="), ("不低于", ">="), ("不小于", ">="), ("不超过", "<="), ("不高于", "<="), ("不大于", "<="),
    ("至少", ">="), ("达到", ">="), ("最少", ">="), ("多于", ">"), ("超过", ">"), ("高于", ">"), ("大于", ">"),
    ("控制在", "<="), ("最多", "<="), ("低于", "<"), ("少于", "<"), ("小于", "<"), ("达", ">="),
)
OP_AFTER = (("及以上", ">="), ("以上", ">="), ("及以下", "<="), ("以下", "<="), ("以内", "<="))
# Words after which a Chinese numeral is a quantity (开展一次, 只设一个); elsewhere 一/两 are mostly
# words (一体化, 两级), so Chinese numerals need one of these or an OP_BEFORE word.
COUNT_VERBS = re.compile(r"(?:开展|进行|组织|举办|召开|新建|建成|新增|培育|只设|设立|选树|打造)$")
QUOTED = re.compile(r"“[^“”]{0,60}”|\"[^\"]{0,60}\"|《[^《》]{0,120}》")
CLAUSE = re.compile(r"[,，;；。:：]")
SENTENCE = re.compile(r"[。；;]")
LEADING = re.compile(r"^(?:到(?:19|20)\d{2}年(?:底|年底)?|力争|确保|实现|推动|推进|使|让|要|并|且|全面|基本|努力|其中|\s)+")
PER_PATTERNS = (
    (re.compile(r"每(?:人|名|位)[^,，;；。]{0,6}每年度?"), "person_year"),
    (re.compile(r"每年度?"), "year"),
    (re.compile(r"每半年"), "half_year"),
    (re.compile(r"每个?季度?"), "quarter"),
    (re.compile(r"任期内"), "term"),
)
INDICATOR_ENDS = ("率", "比", "数", "量", "度", "比例", "占比")


def mask_quotes(text: str) -> str:
    """Slogans in quotes (“一件事一次办”) and cited titles hold numbers that are not targets."""
    return QUOTED.sub(lambda m: m.group()[0] + "□" * (len(m.group()) - 2) + m.group()[-1], text)


def find_targets(text: str, dues: list[tuple[int, str]]) -> list[dict]:
    """Targets in `text`; `dues` are (position, ISO date) of due deadlines in the same text, for `by`."""
    masked = mask_quotes(text)
    targets: list[dict] = []
    previous_end = 0
    for match in QUANTITY.finditer(masked):
        target = read_quantity(text, masked, match, previous_end, dues)
        if target:
            targets.extend(target)
            previous_end = match.end()
    return targets


def read_quantity(text: str, masked: str, match: re.Match[str], previous_end: int,
                  dues: list[tuple[int, str]]) -> list[dict] | None:
    start, end = match.start(), match.end()
    number, unit = match.group("n"), match.group("unit")
    if match.group("pct"):
        unit = "%"
    chinese = not number[0].isdigit()
    before = masked[max(0, start - 6):start].rstrip()
    after = masked[end:end + 3]
    if start and (masked[start - 1].isdigit() or masked[start - 1] in ".第-—~/"):
        return None
    if not unit and after and (after[0] in "年月日号时分秒.-—" or after[0].isdigit()):
        return None
    op = next((sym for word, sym in OP_BEFORE if before.endswith(word)), None)
    verb = COUNT_VERBS.search(before)
    if op is None and verb:  # 至少进行1次: the comparison sits before the verb
        op = next((sym for word, sym in OP_BEFORE if before[:verb.start()].endswith(word)), None)
    if chinese and op is None and not verb:
        return None
    if unit is None:
        if op is None or chinese:
            return None
        unit = ""
    value = to_number(number)
    if value is None:
        return None
    clause_start = max((m.end() for m in CLAUSE.finditer(masked, 0, start)), default=0)
    head = masked[clause_start:start]
    if unit in OCCURRENCE_UNITS.split("|") and PERIOD.search(head):
        return None  # 每年至少开展2次: a recurring deadline
    suffix = next(((word, sym) for word, sym in OP_AFTER if masked.startswith(word, end)), None)
    if suffix:
        op, end = suffix[1], end + len(suffix[0])
    if op is None:
        op = ">=" if unit == "%" and value == 100 else "="
    per = next((name for pattern, name in PER_PATTERNS if pattern.search(head)), None)
    indicator_start = max(clause_start, previous_end)
    indicator_text = text[indicator_start:start]
    for word, _ in OP_BEFORE:
        if indicator_text.endswith(word):
            indicator_text = indicator_text[:-len(word)]
            break
    indicator_text = LEADING.sub("", indicator_text).strip("的、,， ")
    indicator_text = re.sub(r"(?:均|都|全部|分别|要|应|须|必须|应当)+$", "", indicator_text)
    by = due_for(masked, start, dues)
    span = text[indicator_start:end].strip("、,， ")
    span = LEADING.sub("", span) or span
    targets = []
    for indicator in split_indicators(indicator_text):
        targets.append({"text": span, "indicator": indicator, "op": op, "value": value, "unit": unit,
                        "per": per, "by": by})
    return targets


def split_indicators(indicator: str) -> list[str]:
    """合法性审查率、报备率和规范率 → three indicators; anything else stays one."""
    parts = [p for p in re.split(r"、|以及|和", indicator) if p]
    if len(parts) >= 2 and all(p.endswith(INDICATOR_ENDS) for p in parts):
        return parts
    return [indicator]


def due_for(masked: str, position: int, dues: list[tuple[int, str]]) -> str | None:
    """The due date stated in the same sentence: the nearest one before the figure, else after it."""
    sentence_start = max((m.end() for m in SENTENCE.finditer(masked, 0, position)), default=0)
    next_break = SENTENCE.search(masked, position)
    sentence_end = next_break.start() if next_break else len(masked)
    before = [d for p, d in dues if sentence_start <= p < position]
    if before:
        return before[-1]
    after = [d for p, d in dues if position <= p < sentence_end]
    return after[0] if after else None
