"""The holiday-notice parser on notices written in the State Council's style, checked against chinese-calendar."""

import datetime as dt

import chinese_calendar
import pytest

from fazhi.deadlines import Calendar, DayType, DictDayTypeSource, add_working_days, parse_holiday_notice
from fazhi.deadlines.notice import NoticeError

D = dt.date

NOTICE_2025 = """国务院办公厅关于2025年部分节假日安排的通知
国办发明电〔2024〕12号

各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
　　经国务院批准，现将2025年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。
　　一、元旦：1月1日（周三）放假1天，不调休。
　　二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。1月26日（周日）、2月8日（周六）上班。
　　三、清明节：4月4日（周五）至6日（周日）放假，共3天。
　　四、劳动节：5月1日（周四）至5日（周一）放假调休，共5天。4月27日（周日）上班。
　　五、端午节：5月31日（周六）至6月2日（周一）放假，共3天。
　　六、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。9月28日（周日）、10月11日（周六）上班。
　　节假日期间，各地区、各部门要妥善安排好值班和安全、保卫等工作，遇有重大突发事件，要按规定及时报告并妥善处置，确保人民群众祥和平安度过节日假期。
国务院办公厅
2024年11月12日
"""

NOTICE_2026 = """国务院办公厅关于2026年部分节假日安排的通知
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
经国务院批准，现将2026年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。
一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
三、清明节：4月4日（周六）至6日（周一）放假，共3天。
四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
五、端午节：6月19日（周五）至21日（周日）放假，共3天。
六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
节假日期间，各地区、各部门要妥善安排好值班和安全、保卫等工作。
国务院办公厅
2025年11月4日
"""


def library_rows(year):
    holidays = {d for d in chinese_calendar.holidays if d.year == year}
    makeups = {d for d in chinese_calendar.workdays if d.year == year}
    return holidays, makeups


@pytest.mark.parametrize("text, year", [(NOTICE_2025, 2025), (NOTICE_2026, 2026)])
def test_notice_matches_chinese_calendar(text, year):
    rows = parse_holiday_notice(text)
    holidays = {r.date for r in rows if r.day_type is DayType.HOLIDAY}
    makeups = {r.date for r in rows if r.day_type is DayType.MAKEUP_WORKDAY}
    assert (holidays, makeups) == library_rows(year)


def test_notes_name_the_festival():
    rows = {r.date: r for r in parse_holiday_notice(NOTICE_2025)}
    assert rows[D(2025, 1, 28)].note == "春节"
    assert rows[D(2025, 10, 6)].note == "国庆节、中秋节"
    assert rows[D(2025, 2, 8)] == (D(2025, 2, 8), DayType.MAKEUP_WORKDAY, "春节调休")


def test_the_one_line_example_with_a_given_year():
    text = ("元旦：1月1日（周三）放假1天，不调休。春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）"
            "放假调休，共8天。1月26日（周日）、2月8日（周六）上班。")
    rows = parse_holiday_notice(text, year=2025)
    assert [r.date for r in rows if r.day_type is DayType.MAKEUP_WORKDAY] == [D(2025, 1, 26), D(2025, 2, 8)]
    assert len([r for r in rows if r.day_type is DayType.HOLIDAY]) == 9


def test_dates_with_their_own_year_keep_it():
    text = "国务院办公厅关于2012年部分节假日安排的通知\n一、元旦：2012年1月1日至3日放假调休，共3天。2011年12月31日（星期六）上班。"
    rows = parse_holiday_notice(text)
    assert rows[0] == (D(2011, 12, 31), DayType.MAKEUP_WORKDAY, "元旦调休")
    assert [r.date for r in rows[1:]] == [D(2012, 1, 1), D(2012, 1, 2), D(2012, 1, 3)]


def test_a_parsed_notice_feeds_a_calendar_for_a_year_the_library_does_not_know():
    # Pretend 2026's notice is the first one for a new year: load it as that year's rows.
    cal = Calendar(DictDayTypeSource(parse_holiday_notice(NOTICE_2026), years=[2026]))
    result = add_working_days(cal, D(2026, 9, 30), 1)
    assert result.date == D(2026, 10, 8)
    assert not result.provisional


@pytest.mark.parametrize("text, message", [
    ("国务院办公厅关于2025年部分节假日安排的通知\n一、元旦：1月1日（周四）放假1天。", "不是周四"),
    ("国务院办公厅关于2025年部分节假日安排的通知\n三、清明节：4月4日至6日放假，共4天。", "共4天"),
    ("国务院办公厅关于2025年部分节假日安排的通知\n四、劳动节：5月1日至5日放假调休，共5天。4月28日上班。", "不是周末"),
    ("国务院办公厅关于2025年部分节假日安排的通知\n各位同事：请注意安全。", "未在通知中找到"),
    ("元旦：1月1日放假1天。", "年份"),
    ("国务院办公厅关于2025年部分节假日安排的通知\n春节：2月30日放假1天。", "不存在"),
    ("国务院办公厅关于2025年部分节假日安排的通知\n春节：照常安排。", "未找到放假日期"),
])
def test_bad_notices_are_refused_in_chinese(text, message):
    with pytest.raises(NoticeError, match=message):
        parse_holiday_notice(text)
