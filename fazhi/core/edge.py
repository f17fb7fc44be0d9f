"""Checks on input that no page or API operation accepts, applied before any view runs.

Each of these reached the database and came back as a 500: PostgreSQL refuses a NUL
character in text, the account column holds 150 characters, and an integer beyond the column's range
overflows on both databases. Refusing them here gives one clear Chinese 400 for every form, filter
and API operation, including the ones added later.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import BadRequest

# The largest value an IntegerField holds on PostgreSQL (int4). Every number the platform takes
# (percentages, years, counts, ids of records that exist) is far below it; a bigger one is a mistake or
# a probe, and it would overflow a column.
MAX_INT = 2**31 - 1
# A form field or query parameter that is all digits and beyond a 64-bit integer: it can be no id, count or
# page, and SQLite cannot bind it (OverflowError in a choice field's lookup). Text that happens to be
# digits (a phone number, an 18-digit credit code) stays far below it.
MAX_DIGITS_VALUE = 2**63 - 1
# What the database refused (a text longer than its column on PostgreSQL) after the edge let it through.
DATABASE_REFUSED = "输入的内容超出了允许的长度或数值范围，未能保存；请缩短或更正后重试"


class InputRefused(BadRequest):
    """Input refused at the edge; its text is the Chinese message shown to the user."""


def _name(where: str) -> str:
    return f"“{where}”" if where else "请求"


def check_text(text: str, where: str = "") -> None:
    """Refuse a NUL character: PostgreSQL cannot store one, and no form has a use for it."""
    if "\x00" in text:
        raise InputRefused(f"{_name(where)}中含有空字符（\\0），无法处理；请删除后重试")


def check_length(text: str, limit: int, where: str) -> None:
    if len(text) > limit:
        raise InputRefused(f"{_name(where)}过长：最多 {limit} 个字符，收到 {len(text)} 个")


def check_int(value: int, where: str = "") -> None:
    if abs(value) > MAX_INT:
        raise InputRefused(f"{_name(where)}中的数值 {value} 超出允许范围（绝对值不超过 {MAX_INT}）")


def check_digits(text: str, where: str) -> None:
    digits = text.strip().removeprefix("-").removeprefix("+")
    if digits.isascii() and digits.isdigit() and int(digits) > MAX_DIGITS_VALUE:
        raise InputRefused(f"{_name(where)}的数值超出允许范围")


def check_params(params: Iterable[tuple[str, list[str]]], limits: dict[str, int]) -> None:
    """A query string's or posted form's fields: no NUL anywhere, no number beyond 64 bits, `limits` on the
    named fields."""
    for name, values in params:
        check_text(name, "参数名")
        for value in values:
            check_text(value, name)
            check_digits(value, name)
            if name in limits:
                check_length(value, limits[name], name)


def check_json(value: Any, where: str = "请求体") -> None:
    """A decoded JSON body: no NUL in any key or text, no integer beyond `MAX_INT`."""
    if isinstance(value, str):
        check_text(value, where)
    elif isinstance(value, bool):
        return
    elif isinstance(value, int):
        check_int(value, where)
    elif isinstance(value, dict):
        for key, item in value.items():
            check_text(key, "字段名")
            check_json(item, key)
    elif isinstance(value, list):
        for item in value:
            check_json(item, where)
