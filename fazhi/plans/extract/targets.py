"""Quantified requirements: 合格率达到98%以上, 每人每年不少于60学时, 新建2个, 律师万人比达到3.5.

A count of occurrences within a period (每年至少举办两期) is a recurring deadline, not a target
(see deadlines); every other figure with a unit, or a bare figure after 达到/不低于, is a target.
"""

from __future__ import annotations

import re

from fazhi.plans.extract.deadlines import OCCURRENCE_UNITS, PERIOD
from fazhi.plans.extract.numerals import NUMBER, to_number

UNITS = (
    "个百分点|百分点|学时|课时|人次|万元|个工作日|工作日|个月|小时|%|次|期|个|人|家|件|项|名|所|轮|场|批|篇|部|"
    "条|户|元|处|座|套|台|张|卷|份|本|册|起|位|种|类|节|堂|组|站|间|分|日|天"
)
QUANTITY = re.compile(rf"(?P<pct>百分之)?(?P<n>{NUMBER})\s*(?P<unit>{UNITS})?")
UNIT_NAMES = {"个工作日": "工作日", "个月": "月"}
# Durations and scores are targets only with an explicit comparison (`不少于30日`, `不低于3分`); bare,
# they are mostly narrative (`用3个月时间`). `30日内` is a relative deadline (see deadlines).
NEEDS_OP = frozenset({"工作日", "日", "天", "月", "小时", "分"})
WITHIN = re.compile(r"\s*(?:之内|以内|内)")
OP_BEFORE = (  # 不X before X: `不少于` must not be read as `少于`
    ("不少于", ">="),
    ("不低于", ">="),
    ("不小于", ">="),
    ("不超过", "<="),
    ("不高于", "<="),
    ("不大于", "<="),
    ("至少", ">="),
    ("达到", ">="),
    ("最少", ">="),
    ("多于", ">"),
    ("超过", ">"),
    ("高于", ">"),
    ("大于", ">"),
    ("控制在", "<="),
    ("最多", "<="),
    ("低于", "<"),
    ("少于", "<"),
    ("小于", "<"),
    ("达", ">="),
)
OP_WORDS = "|".join(word for word, _ in OP_BEFORE)
# Two-character comparisons only: a lone 达 ends too many verbs (下达, 传达) to reach past a word.
OP_WORDS_LONG = "|".join(word for word, _ in OP_BEFORE if len(word) > 1)
OP_SYMBOL = dict(OP_BEFORE)
# A comparison with a short verb between it and the figure: 至少选取2项, 至少建成3个, 不少于…
OP_THEN_VERB = re.compile(rf"({OP_WORDS_LONG})[\u4e00-\u9fff]{{1,3}}$")
OP_AFTER = (("及以上", ">="), ("以上", ">="), ("及以下", "<="), ("以下", "<="), ("以内", "<="))
# Words after which a Chinese numeral is a quantity (开展一次, 只设一个, 仅保留一个); elsewhere 一/两 are
# mostly words (一体化, 两级), so Chinese numerals need one of these or a comparison word.
COUNT_VERBS = re.compile(
    r"(?:开展|进行|组织|举办|召开|新建|建成|新增|培育|设立|选树|打造|(?:只|仅)[\u4e00-\u9fff]{1,2})$"
)
QUOTED = re.compile(r"“[^“”]{0,60}”|\"[^\"]{0,60}\"|《[^《》]{0,120}》")
CLAUSE = re.compile(r"[,，;；。:：]")
SENTENCE = re.compile(r"[。；;]")
DATE_WORDS = r"(?:19|20)\d{2}年(?:底|年底|年末|上半年|下半年|第?[一二三四1-4]季度|\d{1,2}月(?:底|末|\d{1,2}日)?)?(?:前|以前|之前)?"
LEADING = re.compile(
    rf"^(?:(?:力争|于|在)?到?{DATE_WORDS}|力争|确保|实现|推动|推进|使|让|要|并|且|全面|基本|努力|其中|对|开展|进行|举办|\s)+"
)
# What an indicator does not need: the per-person phrase (kept in `per`), modal words, bare verbs.
PER_PHRASE = re.compile(r"每(?:人|名|位)(?:每年度?|年度|每季度?|每月)?(?:参加|接受|完成|参训)?")
TRAILING = re.compile(
    r"(?:均|都|全部|分别|要|应|须|必须|应当|一般|原则上|保持|为|共|累计|(?:只|仅)[\u4e00-\u9fff]{1,2}|"
    r"开展|进行|组织|举办|召开|选取|制定|建成|建立|培养|配备|参加|接受|完成|参训|一[支批个套])+$"
)
PER_PATTERNS = (
    (re.compile(r"每(?:人|名|位)[^,，;；。]{0,6}每年度?|每(?:人|名|位)年度"), "person_year"),
    (re.compile(r"每年度?"), "year"),
    (re.compile(r"每半年"), "half_year"),
    (re.compile(r"每个?季度?"), "quarter"),
    (re.compile(r"任期内"), "term"),
)
INDICATOR_ENDS = ("率", "比", "数", "量", "度", "比例", "占比")
# What is measured, by unit, when the words before the figure do not say it: 80人 → 人数, 3个 → 数量.
MEASURE = {
    "%": "比例",
    "学时": "学时",
    "课时": "课时",
    "人": "人数",
    "名": "人数",
    "人次": "人次",
    "次": "次数",
    "场": "场次",
    "期": "期数",
    "轮": "轮次",
    "工作日": "时间",
    "日": "时间",
    "天": "时间",
    "月": "时间",
    "小时": "时间",
    "分": "分值",
    "元": "金额",
    "万元": "金额",
}
MEASURE_ENDS = (*INDICATOR_ENDS, "学时", "课时", "人次", "时间", "期限", "分值", "金额", "场次")
FIGURE = re.compile(rf"\d|百分之|(?:{OP_WORDS})")
OBJECT_END = re.compile(r"[,，;；。:：!?！？]|、(?=\s*(?:\d|[一二两三四五六七八九十]+[个项名人次场所家]))")


def mask_quotes(text: str) -> str:
    """Slogans in quotes (“一件事一次办”) and cited titles hold numbers that are not targets."""
    return QUOTED.sub(lambda m: m.group()[0] + "□" * (len(m.group()) - 2) + m.group()[-1], text)


# A sentence that lays out an indicator system (设置一级指标8项、二级指标30项 / 包括8个一级指标) counts
# the indicators at each level: those numbers describe the system, they are not targets to meet.
INDICATOR_LEVELS = re.compile(
    r"[一二三四五]级指标\s*(?:\d{1,4}|[一二两三四五六七八九十百]{1,4})\s*[项个条]"
    r"|(?:\d{1,4}|[一二两三四五六七八九十百]{1,4})\s*[项个条]\s*[一二三四五]级指标"
)


def mask_indicator_structure(text: str) -> str:
    """Blank out, figure by figure, each sentence that describes how many indicators a system has."""
    out, start = [], 0
    for end in [m.end() for m in SENTENCE.finditer(text)] + [len(text)]:
        sentence = text[start:end]
        out.append(re.sub(r"\d", "□", sentence) if INDICATOR_LEVELS.search(sentence) else sentence)
        start = end
    return "".join(out)


def find_targets(text: str, dues: list[tuple[int, str]]) -> list[dict]:
    """Targets in `text`; `dues` are (position, ISO date) of due deadlines in the same text, for `by`."""
    masked = mask_indicator_structure(mask_quotes(text))
    targets: list[dict] = []
    previous: tuple[int, list[dict], str] = (0, [], "")  # end, targets and subject of the last figure
    for match in QUANTITY.finditer(masked):
        found = read_quantity(text, masked, match, previous, dues)
        if found:
            targets.extend(found[0])
            previous = (found[1], found[0], found[2])
    return targets


def read_quantity(
    text: str,
    masked: str,
    match: re.Match[str],
    previous: tuple[int, list[dict], str],
    dues: list[tuple[int, str]],
) -> tuple[list[dict], int, str] | None:
    start, end = match.start(), match.end()
    number, unit = match.group("n"), match.group("unit")
    if match.group("pct"):
        unit = "%"
    unit = UNIT_NAMES.get(unit, unit)
    chinese = not number[0].isdigit()
    before = masked[max(0, start - 8) : start].rstrip()
    after = masked[end : end + 3]
    if start and (masked[start - 1].isdigit() or masked[start - 1] in ".第-—~/"):
        return None
    if not unit and after and (after[0] in "年月日号时分秒.-—" or after[0].isdigit()):
        return None
    if unit in NEEDS_OP and (WITHIN.match(masked, end) or masked[start - 1 : start] in ("月", "年")):
        return None  # `30日内` is a relative deadline, `6月30日` a date
    previous_end, previous_targets, previous_subject = previous
    # `分别不少于10名、6名、3名`: a figure right after another, joined by 、/和, shares its comparison.
    listed = bool(previous_targets) and masked[previous_end:start].strip() in ("、", "和", "及", ",", "，")
    op = next((sym for word, sym in OP_BEFORE if before.endswith(word)), None)
    verb = COUNT_VERBS.search(before)
    if op is None:
        with_verb = OP_THEN_VERB.search(before)
        if with_verb:  # 至少进行1次: the comparison sits before the verb
            op = OP_SYMBOL[with_verb.group(1)]
    if chinese and op is None and not verb:
        return None
    if unit is None:
        if op is None or chinese:
            return None
        unit = ""
    if op is None and listed:
        op = previous_targets[0]["op"]
    if unit in NEEDS_OP and op is None:
        return None
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
    subject = previous_subject if listed else subject_before(text[indicator_start:start])
    by = due_for(masked, start, dues)
    span = text[indicator_start:end].strip("、,， ")
    span = LEADING.sub("", span) or span
    targets = []
    thing = "" if subject.endswith(MEASURE_ENDS) else thing_after(text, end, unit)
    for indicator in split_indicators(subject):
        targets.append(
            {
                "text": span,
                "indicator": name_indicator(indicator, thing, unit),
                "op": op,
                "value": value,
                "unit": unit,
                "per": per,
                "by": by,
            }
        )
    return targets, end + len(thing), subject


def subject_before(words: str) -> str:
    """The words before a figure, less the comparison, dates, modal words and the per-person phrase."""
    op = next((word for word, _ in OP_BEFORE if words.endswith(word)), None)
    if op:
        words = words[: -len(op)]
    else:
        with_verb = OP_THEN_VERB.search(words)
        if with_verb:
            words = words[: with_verb.start()] + words[with_verb.end(1) :]
    words = LEADING.sub("", words)
    words = PER_PHRASE.sub("", words).strip("的、,， ")
    return TRAILING.sub("", words).strip("的、,， ")


def thing_after(text: str, end: int, unit: str) -> str:
    """What a count counts, written after the figure: 3个非现场执法示范点, 80人的法治监督员队伍."""
    if not unit or unit in NEEDS_OP:
        return ""
    rest = text[end : end + 40]
    stop = OBJECT_END.search(rest)
    thing = rest[: stop.start() if stop else len(rest)]
    if thing.lstrip().startswith(("以上", "以下", "以内")) or re.match(r"^\s*[\d.%]", thing):
        return ""
    figure = FIGURE.search(thing)
    if figure:  # another figure follows in the clause: the words before it name that one, not this
        thing = thing[: max(thing.rfind("、", 0, figure.start()), 0)]
    return thing


def name_indicator(subject: str, thing: str, unit: str) -> str:
    """What is measured: the subject, and when it is not a measure itself, the thing counted after the
    figure and the measure of the unit (不少于80人的法治监督员队伍 → 法治监督员队伍人数)."""
    if subject.endswith(MEASURE_ENDS) or not unit:
        return subject
    name = subject + re.sub(r"^\s*的", "", thing).strip()
    return name if name.endswith(MEASURE_ENDS) else name + MEASURE.get(unit, "数量")


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
