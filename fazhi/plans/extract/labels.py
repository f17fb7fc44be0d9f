"""Item numbers: 一、 (一) （一） 1. 1、 1． (1) （1） ①, recognised at the start of a line and normalised."""

from __future__ import annotations

import re
from typing import NamedTuple

from fazhi.plans.extract.numerals import cn_to_int

CN = "一二三四五六七八九十百零〇两"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# Each style with the pattern of its label at line start. A label must be followed by content
# (or end the line) and not be the start of a longer number or a date: `2024年`, `3.5`, `12345`.
STYLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("cn", re.compile(rf"^([{CN}]{{1,4}})\s*[、.,，](?!\d)\s*")),
    ("pcn", re.compile(rf"^[(（]\s*([{CN}]{{1,4}})\s*[)）]\s*[、.，,]?\s*")),
    # `4.2025年底前…`: a point before a year is the label's, not a decimal point (no 4.2025 of anything).
    ("num", re.compile(r"^(\d{1,3})\s*(?:[、.．](?!\d)|[.．](?=(?:19|20)\d{2}\s*年)|,(?!\d))\s*")),
    ("pnum", re.compile(r"^[(（]\s*(\d{1,3})\s*[)）]\s*[、.，,]?\s*")),
    ("circ", re.compile(rf"^([{CIRCLED}])\s*[、.]?\s*")),
)


class Label(NamedTuple):
    style: str
    text: str  # normalised as the spec wants: "一", "(一)", "1", "(1)", "①"
    ordinal: int
    end: int  # where the content starts in the line


def parse_label(line: str) -> Label | None:
    for style, pattern in STYLES:
        match = pattern.match(line)
        if not match:
            continue
        raw = match.group(1)
        if style in ("cn", "pcn"):
            ordinal = cn_to_int(raw)
            if ordinal is None or ordinal == 0 or raw[0] in "零〇百":
                continue
        elif style == "circ":
            ordinal = CIRCLED.index(raw) + 1
        else:
            ordinal = int(raw)
            if ordinal == 0:
                continue
        return Label(style, format_label(style, raw), ordinal, match.end())
    return None


def format_label(style: str, raw: str) -> str:
    return f"({raw})" if style in ("pcn", "pnum") else raw


def label_for(style: str, ordinal: int) -> str:
    """The label a style would give the `ordinal`-th item (for implied, unwritten labels)."""
    if style in ("num", "pnum"):
        raw = str(ordinal)
    elif style == "circ":
        raw = CIRCLED[ordinal - 1] if 0 < ordinal <= len(CIRCLED) else str(ordinal)
    else:
        raw = int_to_cn(ordinal)
    return format_label(style, raw)


def int_to_cn(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    return str(n)


def is_label_line(line: str) -> bool:
    return parse_label(line) is not None
