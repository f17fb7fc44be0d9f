"""Document fields: title, issuer, 文号, 成文日期, region, level, period.

They are read from the header (the lines before the first numbered item: notice wrapper, title,
preamble); the 成文日期 with its issuer may also close the document.
"""

from __future__ import annotations

import re

from fazhi.plans.extract.numerals import cn_to_int

PLAN_WORDS = re.compile(r"(?:方案|纲要|要点|措施|规划|计划|意见|安排|办法|细则|清单|任务|决定|规定|工作要点)")
PERIOD_LINE = re.compile(r"^[(（]?\s*(?:19|20)[\dxX×]{2}\s*[-—–~至到]+\s*(?:19|20)[\dxX×]{2}\s*年?\s*[)）]?$")
NOTICE = re.compile(r"关于印发|的通知$|转发")
DOC_NUMBER = re.compile(
    r"^(?:文\s*号\s*[:：]\s*)?([\u4e00-\u9fff]{1,14}\s*[〔\[［(（【]\s*(?:19|20)\d{2}\s*[〕\]］)）】]\s*第?\s*\d{1,5}\s*号)"
)
DATE_CN = "〇零一二三四五六七八九十"
DATE_LINE = re.compile(
    rf"^(?:成文日期\s*[:：]\s*)?[(（]?\s*(?P<y>(?:19|20)\d{{2}}|[一二][{DATE_CN}]{{3}})\s*年\s*"
    rf"(?P<m>\d{{1,2}}|[{DATE_CN}]{{1,2}})\s*月\s*(?P<d>\d{{1,2}}|[{DATE_CN}]{{1,3}})\s*日\s*[)）]?$"
)
ORG_END = re.compile(r"(?:委员会|人民政府|政府|办公室|办公厅|委|局|厅|部|院|办|领导小组|小组|中心|会)$")
REGION_PART = re.compile(
    r"^(?:中共)?(?P<name>[^\d\s关于进一步加强推全本我各法治建设实施的和与对在、,，。]{1,8}?"
    r"(?P<suffix>特别行政区|自治区|自治州|自治县|省|市|州|盟|县|旗|区|镇|乡|街道))"
)
MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
LEVEL_BY_SUFFIX = {
    "省": "province",
    "自治区": "province",
    "特别行政区": "province",
    "市": "city",
    "州": "city",
    "自治州": "city",
    "盟": "city",
    "县": "county",
    "自治县": "county",
    "旗": "county",
    "区": "county",
    "镇": "town",
    "乡": "town",
    "街道": "town",
}
ANONYMOUS = re.compile(r"[XxＸ×*＊某]")
NATIONAL = re.compile(r"^(?:中共中央|国务院|全国|国家)")


def header_fields(header: list[str], all_lines: list[str]) -> dict:
    title = find_title(header)
    issuer, issued_on = find_issuer_and_date(header)
    if issued_on is None:  # some notices sign at the end
        tail_issuer, issued_on = find_issuer_and_date(all_lines[-12:])
        issuer = issuer or tail_issuer
    if not issuer:
        issuer = issuer_from_notice(header)
    return {
        "title": title,
        "issuer": issuer,
        "doc_number": find_doc_number(header),
        "issued_on": issued_on,
    }


def is_title_candidate(line: str) -> bool:
    return (
        len(line) <= 80
        and bool(PLAN_WORDS.search(line))
        and not re.search(r"[,，。；;：:!?！？]", line)
        and not line.startswith("《")
        and not NOTICE.search(line)
        and not DOC_NUMBER.match(line)
        and not DATE_LINE.match(line)
    )


def find_title(header: list[str]) -> str | None:
    """The plan's own title: the last title-like header line (the notice's title comes before it)."""
    best: str | None = None
    for index, line in enumerate(header):
        if not is_title_candidate(line):
            # A title broken over two lines: `关于…的` + `实施方案`.
            if (
                index + 1 < len(header)
                and len(line) <= 40
                and not re.search(r"[,，。；;：:]", line)
                and is_title_candidate(header[index + 1])
                and len(header[index + 1]) <= 12
                and not line.startswith("《")
                and not ORG_END.search(line)
                and not DATE_LINE.match(line)
            ):
                best = line + header[index + 1]
            continue
        candidate = line
        if index + 1 < len(header) and PERIOD_LINE.match(header[index + 1]):
            candidate += header[index + 1]
        if best is None or not best.endswith(candidate):
            best = candidate
    if best:
        return best
    for line in header:
        quoted = re.search(r"关于印发\s*[《〈]([^》〉]{2,80})[》〉]", line) or re.search(
            r"关于印发(.{2,80}?)的通知", line
        )
        if quoted:
            return quoted.group(1)
    return None


def parse_date(match: re.Match[str]) -> str | None:
    parts = []
    for key in ("y", "m", "d"):
        raw = match.group(key)
        value = int(raw) if raw.isdigit() else cn_to_int(raw.replace("〇", "零") if key != "y" else raw)
        parts.append(value)
    year, month, day = parts
    if not (year and month and day and 1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def find_issuer_and_date(lines: list[str]) -> tuple[list[str], str | None]:
    """The 成文日期 is a line of its own under the issuer's name(s)."""
    for index, line in enumerate(lines):
        match = DATE_LINE.match(line)
        if not match:
            continue
        date = parse_date(match)
        if not date:
            continue
        issuer: list[str] = []
        for previous in reversed(lines[max(0, index - 3) : index]):
            if (
                len(previous) <= 40
                and ORG_END.search(previous)
                and not re.search(r"[,，。；;：:《》]", previous)
            ):
                issuer.insert(0, previous)
            else:
                break
        return issuer, date
    return [], None


def issuer_from_notice(header: list[str]) -> list[str]:
    for line in header:
        match = re.match(
            r"^(?:[\u4e00-\u9fff]{1,14}[〔(（]\d{4}[〕)）]\d{1,5}号)?[《]?(.{2,40}?)关于印发", line
        )
        if match and ORG_END.search(match.group(1)):
            return [match.group(1)]
    return []


def find_doc_number(header: list[str]) -> str | None:
    for line in header:
        match = DOC_NUMBER.match(line)
        if match:
            return re.sub(r"\s+", "", match.group(1))
    return None


def find_region(*names: str | None) -> tuple[str | None, str | None]:
    """(region, its level suffix) from the start of the title, else of the issuer. 陕西省西安市… → 西安市."""
    for name in names:
        if not name:
            continue
        rest, region, suffix = name, None, None
        for _ in range(3):
            match = REGION_PART.match(rest)
            if not match:
                break
            region, suffix = match.group("name"), match.group("suffix")
            rest = rest[match.end() :]
        if region:
            return region, suffix
    return None, None


def region_and_level(title: str | None, issuer: list[str], lines: list[str]) -> tuple[str | None, str]:
    if any(NATIONAL.match(x or "") for x in [title, *issuer]):
        return None, "national"
    region, suffix = find_region(title, *issuer)
    if region and ANONYMOUS.search(region):
        return None, LEVEL_BY_SUFFIX[suffix]
    if region:
        level = "province" if region in MUNICIPALITIES else LEVEL_BY_SUFFIX[suffix]
        return region, level
    bare = re.match(r"^(省|市|县|区|镇|乡)", title or "")
    if bare:
        return None, LEVEL_BY_SUFFIX[bare.group(1)]
    # No name: the level the text speaks of most (全省, 全市, 全县).
    counts = {
        level: sum(line.count(f"全{word}") for line in lines)
        for word, level in (
            ("省", "province"),
            ("市", "city"),
            ("县", "county"),
            ("区", "county"),
            ("镇", "town"),
        )
    }
    best = max(counts, key=counts.get)
    return None, best if counts[best] else "unknown"


def find_period(title: str | None, issued_on: str | None, due_years: list[int]) -> dict | None:
    """Years covered: from the title (2021-2025年, 2024年工作要点); `202x` means not given."""
    if title:
        span = re.search(r"((?:19|20)\d{2})\s*[-—–~至到]+\s*((?:19|20)\d{2})", title)
        if span:
            return {"start": int(span.group(1)), "end": int(span.group(2))}
        if re.search(r"(?:19|20)\d?[xX×]", title):
            return None
        year = re.search(r"((?:19|20)\d{2})\s*年", title)
        if year:
            return {"start": int(year.group(1)), "end": int(year.group(1))}
    start = int(issued_on[:4]) if issued_on else (min(due_years) if due_years else None)
    if start is None:
        return None
    later = [y for y in due_years if start <= y <= start + 15]
    return {"start": start, "end": max(later) if later else start}
