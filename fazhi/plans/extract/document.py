"""Document fields: title, issuer, 文号, 成文日期, region, level, period.

They are read from the header (the lines before the first numbered item: notice wrapper, title,
preamble); the 成文日期 with its issuer may also close the document. Pages copied from the web add
three sources: a government portal's metadata table (索引号 / 发文机关 / 成文日期 / 文号 rows, flattened
into one line by copy-paste), a news repost's lead sentence (`××印发《…》`) when there is no notice
wrapper, and numbers whose brackets and separators were lost in copying (`府政发2022 9号`, `2022.6.15`,
`(2022 2025年)`).
"""

from __future__ import annotations

import re

from fazhi.plans.extract.numerals import cn_to_int

PLAN_WORDS = re.compile(r"(?:方案|纲要|要点|措施|规划|计划|意见|安排|办法|细则|清单|任务|决定|规定|工作要点)")
PERIOD_LINE = re.compile(r"^[(（]?\s*(?:19|20)[\dxX×]{2}\s*[-—–~至到]+\s*(?:19|20)[\dxX×]{2}\s*年?\s*[)）]?$")
# A line with 印发 is a notice's or a news headline's, never the plan's own title.
NOTICE = re.compile(r"印发|的通知$|转发")
DOC_NUMBER = re.compile(
    r"^(?:文\s*号\s*[:：]\s*)?([\u4e00-\u9fff]{1,14}\s*[〔\[［(（【]\s*(?:19|20)\d{2}\s*[〕\]］)）】]\s*第?\s*\d{1,5}\s*号)"
)
# 文号 whose brackets were lost in copying: 府政发 2022 9号 (the year and the number still apart).
DOC_NUMBER_BARE = re.compile(r"^(?:文\s*号\s*[:：]\s*)?([\u4e00-\u9fff]{1,14}?)\s*((?:19|20)\d{2})\s+第?\s*(\d{1,5})\s*号$")
DATE_CN = "〇零一二三四五六七八九十"
DATE_LINE = re.compile(
    rf"^(?:成文日期\s*[:：]\s*)?[(（]?\s*(?P<y>(?:19|20)\d{{2}}|[一二][{DATE_CN}]{{3}})\s*年\s*"
    rf"(?P<m>\d{{1,2}}|[{DATE_CN}]{{1,2}})\s*月\s*(?P<d>\d{{1,2}}|[{DATE_CN}]{{1,3}})\s*日\s*[)）]?$"
)
# 2022.6.15, 2022-06-15, 2022/6/15 on a line of their own (a signature date copied from a web page).
DATE_LINE_NUMERIC = re.compile(
    r"^(?:成文日期\s*[:：]\s*)?(?P<y>(?:19|20)\d{2})\s*[.．\-/]\s*(?P<m>\d{1,2})\s*[.．\-/]\s*(?P<d>\d{1,2})$"
)
# Labels of a government portal's metadata table (政府信息公开 目录), in any order, one or several to a
# line; the value follows the label (after a colon) or sits on the next line.
META_LABELS = {
    "发文机关": "issuer", "发文单位": "issuer", "发文机构": "issuer", "发布机构": "publisher",
    "成文日期": "issued_on", "发文日期": "issued_on", "文号": "doc_number", "发文字号": "doc_number",
    "索引号": None, "主题分类": None, "主题词": None, "发布日期": None, "标题": None, "名称": None,
    "有效性": None, "体裁分类": None, "组配分类": None, "服务对象": None,
}
META_LABEL = re.compile(
    "(" + "|".join(r"\s*".join(label) for label in sorted(META_LABELS, key=len, reverse=True)) + r")\s*[:：]?"
)
# A news repost's lead: `近日，××印发《…》` (also 出台 / 制定 / 发布 / 下发).
# Found verb first, then the issuer looked for before it: a lazy prefix group would retry from every
# position of a long line (quadratic on pasted text with no sentence ends).
LEAD = re.compile(r"(?:印发|出台|制定|发布|下发)了?\s*《(?P<title>(?:[^《》]|《[^《》]*》)+)》")
LEAD_TIME_WORDS = re.compile(r"(?:近日|日前|最近|正式|联合|于\d{1,2}月\d{1,2}日|\d{1,2}月\d{1,2}日|已|又)+$")
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
    meta = portal_metadata(header)
    header = [line for line in header if not META_LABEL.match(line)]
    lead_issuer, lead_title = news_lead(header)
    title = find_title(header) or lead_title
    issuer, issued_on = find_issuer_and_date(header)
    if issued_on is None:  # some notices sign at the end
        tail_issuer, issued_on = find_issuer_and_date(all_lines[-12:])
        issuer = issuer or tail_issuer
    issued_on = issued_on or meta.get("issued_on")
    if not issuer and meta.get("issuer"):
        issuer = [meta["issuer"]]
    if not issuer:
        issuer = issuer_from_notice(header)
    if not issuer and lead_issuer:
        issuer = [lead_issuer]
    if not issuer and meta.get("publisher"):
        issuer = [meta["publisher"]]
    return {
        "title": title,
        "issuer": issuer,
        "doc_number": find_doc_number(header) or meta.get("doc_number"),
        "issued_on": issued_on,
    }


def portal_metadata(header: list[str]) -> dict[str, str]:
    """issuer / publisher / issued_on / doc_number from a portal's metadata rows, when the page has them."""
    found: dict[str, str] = {}
    for index, line in enumerate(header):
        if not META_LABEL.match(line):
            continue
        labels = list(META_LABEL.finditer(line))
        for position, match in enumerate(labels):
            end = labels[position + 1].start() if position + 1 < len(labels) else len(line)
            value = line[match.end() : end].strip()
            if not value and len(labels) == 1 and index + 1 < len(header) and not META_LABEL.match(header[index + 1]):
                value = header[index + 1]  # label and value on lines of their own
            key = META_LABELS[re.sub(r"\s+", "", match.group(1))]
            if key and value and key not in found:
                found[key] = value
    cleaned: dict[str, str] = {}
    for key in ("issuer", "publisher"):
        if key in found and ORG_END.search(found[key]) and len(found[key]) <= 40:
            cleaned[key] = found[key]
    if "issued_on" in found:
        date = parse_any_date(found["issued_on"])
        if date:
            cleaned["issued_on"] = date
    if "doc_number" in found:
        number = find_doc_number([found["doc_number"]])
        if number:
            cleaned["doc_number"] = number
    return cleaned


def news_lead(header: list[str]) -> tuple[str | None, str | None]:
    """(issuer, plan title) from a news repost's lead sentence: `近日，安康市人民政府办公室印发《…》`.

    The title is the first 《…》 after the verb, so a document the sentence cites first (为贯彻落实《…》)
    is passed over; the issuer is the organisation named just before the verb.
    """
    for line in header:
        for match in LEAD.finditer(line):
            title = match.group("title")
            if not PLAN_WORDS.search(title):
                continue
            start = max(line.rfind(mark, 0, match.start()) for mark in "。！？，,；;：:、") + 1
            before = line[start : match.start()]
            before = LEAD_TIME_WORDS.sub("", before.strip())
            issuer = before if before and ORG_END.search(before) and len(before) <= 40 else None
            return issuer, title
    return None, None


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
        return restore_year_span(best)
    for line in header:
        quoted = re.search(r"关于印发\s*[《〈]([^》〉]{2,80})[》〉]", line) or re.search(
            r"关于印发(.{2,80}?)的通知", line
        )
        if quoted:
            return restore_year_span(quoted.group(1))
    return None


def restore_year_span(title: str) -> str:
    """`实施方案(2022 2025年)`: the dash between the years was lost in copying; put it back."""
    return re.sub(r"((?:19|20)\d{2})\s+((?:19|20)\d{2})(\s*年)", r"\1—\2\3", title)


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


def parse_any_date(text: str) -> str | None:
    """An ISO date from `2022年08月30日`, `二〇二二年八月三十日` or `2022.8.30` / `2022-08-30`."""
    text = text.strip()
    match = DATE_LINE.match(text) or DATE_LINE_NUMERIC.match(text)
    return parse_date(match) if match else None


def find_issuer_and_date(lines: list[str]) -> tuple[list[str], str | None]:
    """The 成文日期 is a line of its own under the issuer's name(s)."""
    for index, line in enumerate(lines):
        date = parse_any_date(line)
        if not date:
            continue
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
        bare = DOC_NUMBER_BARE.match(line)
        if bare:
            return f"{bare.group(1)}〔{bare.group(2)}〕{bare.group(3)}号"
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
    """Years covered: from the title (2021-2025年, 2024年工作要点); `202x` means not given.

    Only the plan's own words count: a document the title cites (贯彻落实《纲要（2021—2025年）》工作措施)
    has its own period, which is not this plan's.
    """
    if title:
        title = re.sub(r"《(?:[^《》]|《[^《》]*》)*》", "", title)
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
