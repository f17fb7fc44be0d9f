"""Time requirements in an item: due dates, recurring duties (with a count), relative periods."""

from __future__ import annotations

import calendar
import re

from fazhi.plans.extract.numerals import NUMBER, to_number

# Text inside 《》 names another document (`《…纲要(2015-2020年)》`): its years are not deadlines.
TITLE_SPAN = re.compile(r"《[^《》]{0,120}》")

DUE = re.compile(
    r"(?<![\d\-—–~至])(?P<year>(?:19|20)\d{2})\s*年"
    r"(?:\s*(?P<part>上半年|下半年|年中|年底|年末|底|末|第?[一二三四1-4]季度)"
    r"|\s*(?P<month>\d{1,2})\s*月(?:\s*(?P<day>\d{1,2})\s*日|\s*(?P<mend>底|末|中旬|上旬|下旬))?)?"
    r"(?P<before>\s*(?:前|以前|之前))?"
)
# Periods a duty recurs in. `每人每年` is a per-person quantity (a target), handled in targets.
PERIOD = re.compile(
    r"(?<!每人)(?<!每名)(?<!每位)(每一?年度?|每半年|每个?季度?|每个?月|任期内|按年度|按季度|按半年|按月)"
)
FREQ = {"年": "yearly", "半年": "half_yearly", "季": "quarterly", "月": "monthly", "任期": "term"}
OCCURRENCE_UNITS = "次|期|轮|场|回"
COUNT = re.compile(
    rf"(?P<op>至少|不少于|不低于|最少)?\s*(?P<n>{NUMBER})\s*(?P<unit>{OCCURRENCE_UNITS})(?P<more>以上)?"
)
BY_IN_PERIOD = re.compile(
    r"^\s*(?:的)?(?:(?P<q>第?[一二三四1-4]季度)|(?P<half>上半年)|(?P<end>年底|年末)|"
    r"(?P<m>\d{1,2})\s*月\s*(?:(?P<d>\d{1,2})\s*日|(?P<mend>底|末))\s*(?:前|以前|之前)?)"
)
MONTH_DAY = re.compile(
    r"(?<!\d)(?<!\d年)(?P<m>\d{1,2})\s*月\s*(?:(?P<d>\d{1,2})\s*日|(?P<mend>底|末))\s*(?:前|以前|之前)"
)
RELATIVE = re.compile(rf"(?P<n>{NUMBER})\s*(?:个)?(?P<unit>工作日|日|天)\s*(?:内|以内)")
CLAUSE_BREAK = re.compile(r"[,，;；。:：]")
QUARTER_END = {1: "03-31", 2: "06-30", 3: "09-30", 4: "12-31"}


PREFIX = re.compile(r"(力争到|到|在|于)\s*$")


def prefix_before(text: str, start: int) -> tuple[str | None, int]:
    """The preposition just before a match (到2025年, 在4月1日前) and where it starts.

    Looked up after the fact so that the patterns themselves start on a digit, which keeps the scan fast.
    """
    match = PREFIX.search(text, max(0, start - 5), start)
    return (match.group(1), match.start()) if match else (None, start)


def mask_titles(text: str) -> str:
    """Blank out cited titles, keeping positions so spans stay aligned with the text."""
    return TITLE_SPAN.sub(lambda m: "□" * len(m.group()), text)


def month_end(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


def quarter_number(text: str) -> int:
    digit = text.strip("第季度")
    return int(digit) if digit.isdigit() else "一二三四".index(digit) + 1


def due_date(match: re.Match[str]) -> str | None:
    year = int(match.group("year"))
    part, month, day = match.group("part"), match.group("month"), match.group("day")
    try:
        if month:
            m = int(month)
            if not 1 <= m <= 12:
                return None
            if day:
                d = int(day)
                if not 1 <= d <= calendar.monthrange(year, m)[1]:
                    return None
                return f"{year:04d}-{m:02d}-{d:02d}"
            return month_end(year, m)
        if part in ("上半年", "年中"):
            return f"{year:04d}-06-30"
        if part and "季度" in part:
            return f"{year:04d}-{QUARTER_END[quarter_number(part)]}"
        return f"{year:04d}-12-31"
    except (ValueError, KeyError):
        return None


# After `2024年上半年` a verb makes it a deadline (`2024年上半年实现全覆盖`); these make it a narrative.
HALF_NARRATIVE = re.compile(r"\s*(?:以来|以后|起|开始|期间|的|同比|相比|共|累计|[,，。；;、:：)）]|$)")


def is_due(match: re.Match[str], pre: str | None, text: str = "") -> bool:
    """A year mentioned as a deadline: `到2025年`, `2023年年底前`, `于2024年6月` — not `2021年以来`."""
    part = match.group("part")
    if match.group("before") or (part and part not in ("上半年", "下半年")):
        return True
    if (
        part
        and not HALF_NARRATIVE.match(text, match.end())
        and text[match.start() - 1 : match.start()] not in ("自", "从")
    ):
        return True
    if match.group("mend") in ("底", "末"):
        return True
    if pre in ("到", "力争到"):
        return True
    return pre in ("于", "在") and bool(match.group("month"))


def find_deadlines(text: str) -> list[dict]:
    """Every time requirement in `text`, in order of appearance."""
    return [item for _, item in scan_deadlines(text)]


def scan_deadlines(text: str) -> list[tuple[int, dict]]:
    """Deadlines with the position where each starts (targets take their `by` from nearby dues)."""
    masked = mask_titles(text)
    found: list[tuple[int, dict]] = []
    taken: list[tuple[int, int]] = []

    # Each scan runs only when its key character occurs: most sentences have no deadline at all.
    for match in DUE.finditer(masked) if "年" in masked else ():
        pre, pre_start = prefix_before(masked, match.start())
        if not is_due(match, pre, masked):
            continue
        date = due_date(match)
        if date is None:
            continue
        start = pre_start if pre in ("到", "力争到", "在") else match.start()
        found.append((start, {"text": masked[start : match.end()].strip(), "kind": "due", "date": date}))
        taken.append((match.start(), match.end()))

    for match in PERIOD.finditer(masked) if ("每" in masked or "按" in masked or "任期" in masked) else ():
        found.append(recurring(masked, match, taken))

    for match in MONTH_DAY.finditer(masked) if "月" in masked else ():
        if overlaps(match.span(), taken):
            continue
        sentence = sentence_around(masked, match.start())
        if PERIOD.search(sentence):
            # `在4月1日前` in a sentence about 每年: a date within each year.
            by = f"{int(match.group('m')):02d}-" + (
                f"{int(match.group('d')):02d}"
                if match.group("d")
                else month_end(2001, int(match.group("m")))[-2:]
            )
            freq = FREQ[period_key(PERIOD.search(sentence).group())]
            pre, pre_start = prefix_before(masked, match.start())
            start = pre_start if pre == "在" else match.start()
            found.append(
                (
                    start,
                    {
                        "text": masked[start : match.end()].strip(),
                        "kind": "recurring",
                        "freq": freq,
                        "times": None,
                        "by": by,
                    },
                )
            )
            taken.append(match.span())

    for match in RELATIVE.finditer(masked) if "内" in masked else ():
        days = to_number(match.group("n"))
        if not isinstance(days, int) or days <= 0 or overlaps(match.span(), taken):
            continue
        pre, pre_start = prefix_before(masked, match.start())
        start = pre_start if pre in ("在", "于") else match.start()
        found.append(
            (
                start,
                {
                    "text": masked[start : match.end()].strip(),
                    "kind": "relative",
                    "days": days,
                    "trigger": trigger_before(masked, start),
                },
            )
        )
    found.sort(key=lambda pair: pair[0])
    return found


def period_key(word: str) -> str:
    if "半年" in word:
        return "半年"
    if "季" in word:
        return "季"
    if "月" in word:
        return "月"
    if "任期" in word:
        return "任期"
    return "年"


def recurring(text: str, match: re.Match[str], taken: list[tuple[int, int]]) -> tuple[int, dict]:
    """`每年至少举办两期` → yearly, 2; `每年第一季度` → yearly by 03-31; `每季度` → quarterly, no count."""
    freq = FREQ[period_key(match.group())]
    end = match.end()
    by = None
    after = text[end : end + 20]
    within = BY_IN_PERIOD.match(after)
    if within:
        if within.group("q"):
            by = QUARTER_END[quarter_number(within.group("q"))]
        elif within.group("half"):
            by = "06-30"
        elif within.group("end"):
            by = "12-31"
        else:
            m = int(within.group("m"))
            if 1 <= m <= 12:
                day = within.group("d")
                by = (
                    f"{m:02d}-{int(day):02d}"
                    if day and 1 <= int(day) <= 31
                    else f"{m:02d}-{month_end(2001, m)[-2:]}"
                )
        end += within.end()
        taken.append((match.end(), end))
    clause_end = CLAUSE_BREAK.search(text, end)
    clause = text[end : clause_end.start() if clause_end else len(text)]
    times = None
    count = COUNT.search(clause)
    if count:
        value = to_number(count.group("n"))
        if isinstance(value, int) and value > 0:
            times = value
            end += count.end()
    return match.start(), {
        "text": text[match.start() : end],
        "kind": "recurring",
        "freq": freq,
        "times": times,
        "by": by,
    }


def overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in spans)


def sentence_around(text: str, index: int) -> str:
    start = max(text.rfind("。", 0, index), text.rfind("；", 0, index), text.rfind(";", 0, index)) + 1
    ends = [e for e in (text.find("。", index), text.find("；", index), text.find(";", index)) if e != -1]
    return text[start : min(ends) if ends else len(text)]


def trigger_before(text: str, start: int) -> str | None:
    """The event a relative period runs from: the clause before `在10日内` (`工作人员发生变动后`)."""
    head = text[:start]
    clause_start = max(head.rfind(c) for c in "，,；;。:：") + 1
    own = re.sub(r"^(?:应当|必须|并|且|要|应|须)+", "", head[clause_start:]).strip()
    own = re.sub(r"(?:应当|必须|要|应|须)+$", "", own)
    if own:
        return own
    previous = head[: max(clause_start - 1, 0)]
    cut = max(previous.rfind(c) for c in "，,；;。:：") + 1
    prior = previous[cut:].strip()
    return prior or None
