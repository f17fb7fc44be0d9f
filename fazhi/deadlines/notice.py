"""Reading the State Council's yearly holiday notice (国务院办公厅关于XXXX年部分节假日安排的通知).

Each section reads like "二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，
共8天。1月26日（周日）、2月8日（周六）上班。": the days off are the range before 放假, the make-up
workdays the dates of the sentence with 上班. What the notice states about itself is checked (the
weekday in brackets, 共N天, make-up days on weekends), so a typo or a wrong year is reported in
Chinese instead of landing in the table.
"""

from __future__ import annotations

import datetime as dt
import re

from fazhi.deadlines.calendar import DayOverride, DayType

_FESTIVAL = r"(?:元旦|春节|清明节|劳动节|端午节|中秋节|国庆节)"
_SECTION = re.compile(rf"(?:^|(?<=[。\n\s、]))({_FESTIVAL}(?:[、和]{_FESTIVAL})*)\s*[：:]")
_NOTE = r"(?:[（(]([^）)]*)[）)])?"
_DATE = re.compile(rf"(?:(\d{{4}})年)?(\d{{1,2}})月(\d{{1,2}})日{_NOTE}")
_RANGE = re.compile(
    rf"(?:(\d{{4}})年)?(\d{{1,2}})月(\d{{1,2}})日{_NOTE}"
    rf"(?:\s*(?:至|—|－|-|~)\s*(?:(?:(\d{{4}})年)?(\d{{1,2}})月)?(\d{{1,2}})日{_NOTE})?\s*放假"
)
_TOTAL = re.compile(r"(?:共|放假)(\d+)天")
_WEEKDAY = re.compile(r"(?:周|星期)([一二三四五六日天])")
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_YEAR = re.compile(r"关于(\d{4})年部分节假日|现将(\d{4})年")


class NoticeError(ValueError):
    """The notice text cannot be read or contradicts itself; the message is for the user."""


def parse_holiday_notice(text: str, year: int | None = None) -> list[DayOverride]:
    """The holidays and make-up workdays a notice announces, sorted by date.

    `year` defaults to the year named in the notice's title or first sentence; dates written with
    their own year (2011年12月31日 in the notice for 2012) keep it.
    """
    year = year or _notice_year(text)
    sections = list(_SECTION.finditer(text))
    if not sections:
        raise NoticeError("未在通知中找到节假日安排（如“春节：……放假”）")
    rows: dict[dt.date, DayOverride] = {}
    for index, match in enumerate(sections):
        end = sections[index + 1].start() if index + 1 < len(sections) else len(text)
        body = text[match.end():end].split("\n", 1)[0]  # each section is one paragraph
        for row in _section_rows(match.group(1), body, year):
            if row.date in rows and rows[row.date] != row:
                raise NoticeError(f"{_fmt(row.date)}在通知中出现两次且安排不同")
            rows[row.date] = row
    return sorted(rows.values())


def _notice_year(text: str) -> int:
    match = _YEAR.search(text)
    if match is None:
        raise NoticeError("无法从通知中确定年份，请指定年份")
    return int(match.group(1) or match.group(2))


def _section_rows(name: str, body: str, year: int) -> list[DayOverride]:
    sentences = [s for s in re.split(r"[。；;]", body) if s.strip()]
    off = next((s for s in sentences if "放假" in s), None)
    if off is None:
        raise NoticeError(f"{name}：未找到放假日期")
    match = _RANGE.search(off)
    if match is None:
        raise NoticeError(f"{name}：无法识别放假日期“{off}”")
    y1, m1, d1, note1, y2, m2, d2, note2 = match.groups()
    first = _date(name, y1 or year, m1, d1, note1)
    last = _date(name, y2 or first.year, m2 or first.month, d2, note2) if d2 else first
    if last < first:
        raise NoticeError(f"{name}：放假结束日早于开始日")
    days = (last - first).days + 1
    total = _TOTAL.search(off[match.start():])
    if total and int(total.group(1)) != days:
        raise NoticeError(f"{name}：通知写明共{total.group(1)}天，但{_fmt(first)}至{_fmt(last)}为{days}天")
    rows = [DayOverride(first + dt.timedelta(days=i), DayType.HOLIDAY, name) for i in range(days)]
    for sentence in sentences:
        if "上班" not in sentence:
            continue
        for y, m, d, note in _DATE.findall(sentence):
            day = _date(name, y or year, m, d, note)
            if day.weekday() < 5:
                raise NoticeError(f"{name}：调休上班日{_fmt(day)}不是周末")
            rows.append(DayOverride(day, DayType.MAKEUP_WORKDAY, f"{name}调休"))
    return rows


def _date(name: str, year: int | str, month: int | str, day: int | str, note: str | None) -> dt.date:
    try:
        value = dt.date(int(year), int(month), int(day))
    except ValueError:
        raise NoticeError(f"{name}：日期{year}年{month}月{day}日不存在") from None
    weekday = _WEEKDAY.search(note or "")
    if weekday and _WEEKDAYS[weekday.group(1)] != value.weekday():
        raise NoticeError(f"{name}：{_fmt(value)}不是{weekday.group(0)}，请核对年份和日期")
    return value


def _fmt(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
