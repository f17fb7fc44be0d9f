"""Chinese numerals (六十, 两, 一百二十, 百分之三) as numbers.

Written here rather than taken from cn2an: cn2an costs ~300 ms to import, more than parsing a whole
plan, and plans only ever use simple cardinal numerals.
"""

from __future__ import annotations

import re

DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
CN_CHARS = "".join(DIGITS) + "".join(UNITS)

# A number as plans write it: Arabic (with decimals), or Chinese that starts with a digit or 十
# (never a bare 百/千/万, which are mostly words: 万人比, 百姓).
NUMBER = r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十][零〇一二两三四五六七八九十百千万]{0,6})"
NUMBER_RE = re.compile(NUMBER)


def cn_to_int(text: str) -> int | None:
    """The value of a Chinese cardinal numeral, or None when `text` is not one."""
    if not text or any(ch not in DIGITS and ch not in UNITS for ch in text):
        return None
    if all(ch in DIGITS for ch in text) and len(text) > 1:
        # 二〇二四 style: digit by digit.
        return int("".join(str(DIGITS[ch]) for ch in text))
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS[ch]
            continue
        unit = UNITS[ch]
        if unit == 10000:
            section = (section + (digit or 0)) * unit
            total += section
            section = 0
        else:
            # 十 alone means 10 (十二 = 12).
            section += (1 if digit is None else digit) * unit
        digit = None
    return total + section + (digit or 0)


def to_number(text: str) -> float | int | None:
    """An Arabic or Chinese numeral as int (or float for decimals)."""
    text = text.strip()
    if not text:
        return None
    if text[0].isdigit():
        try:
            return float(text) if "." in text else int(text)
        except ValueError:
            return None
    return cn_to_int(text)
