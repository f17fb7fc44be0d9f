"""The working-day table: seed, adapter, cache invalidation, editing, notice import, pages."""

from __future__ import annotations

import datetime

import chinese_calendar
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from fazhi.core import calendar as workcal
from fazhi.core import calendar_services
from fazhi.core.models import CalendarDay, CalendarYear, OperationLog

D = datetime.date

SAMPLES = [
    D(2004, 1, 17),  # make-up Saturday
    D(2008, 6, 9),  # 端午 became a holiday from 2008
    D(2015, 9, 3),  # 抗战胜利 70 周年
    D(2019, 5, 2), D(2020, 1, 26), D(2020, 10, 8), D(2023, 4, 23), D(2024, 2, 4), D(2024, 2, 18),
    D(2024, 10, 12), D(2025, 1, 26), D(2025, 10, 8), D(2026, 2, 14), D(2026, 10, 7), D(2024, 7, 3),
]


@pytest.fixture(autouse=True)
def _fresh_cache():
    workcal.invalidate()
    yield
    workcal.invalidate()


def test_migration_seeded_the_library_years(db):
    years = set(CalendarYear.objects.values_list("year", flat=True))
    assert set(range(2004, 2027)) <= years
    assert CalendarDay.objects.filter(date=D(2024, 2, 10), day_type="holiday", note="春节").exists()
    assert CalendarDay.objects.filter(date=D(2024, 2, 4), day_type="makeup").exists()


@pytest.mark.parametrize("day", SAMPLES)
def test_adapter_agrees_with_chinese_calendar(db, day):
    table = workcal.get_calendar()
    assert table.is_workday(day) == chinese_calendar.is_workday(day)
    assert table.is_known(day)


def test_adapter_agrees_on_every_day_of_2024(db):
    table = workcal.get_calendar()
    day = D(2024, 1, 1)
    while day.year == 2024:
        assert table.is_workday(day) == chinese_calendar.is_workday(day), day
        day += datetime.timedelta(days=1)


def test_years_outside_the_table_are_provisional(db):
    table = workcal.get_calendar()
    assert not table.is_known(D(2027, 5, 1)) and not table.is_known(D(2003, 10, 1))
    # the weekday rule still answers for them
    assert table.is_workday(D(2027, 5, 3)) and not table.is_workday(D(2027, 5, 1))


def test_table_loads_in_two_queries_and_is_cached(db, django_assert_max_num_queries):
    workcal.get_calendar()
    with django_assert_max_num_queries(2):  # only the change stamp
        workcal.get_calendar()


def test_editing_a_day_is_seen_at_once_and_logged(db, users):
    assert workcal.get_calendar().is_workday(D(2024, 7, 3))
    calendar_services.set_day_type(users.sysadmin, D(2024, 7, 3), "holiday", "地方性假日")
    table = workcal.get_calendar()
    assert not table.is_workday(D(2024, 7, 3)) and table.note(D(2024, 7, 3)) == "地方性假日"
    log = OperationLog.objects.get(action="calendar.set_day")
    assert log.before is None and log.after["day_type"] == "holiday"


def test_a_change_made_elsewhere_is_noticed(db):
    """Another process writes the table: this process's cache must not hide it."""
    first = workcal.get_calendar()
    CalendarDay.objects.create(date=D(2024, 7, 4), day_type="holiday", note="另一进程")  # saves a history row
    assert workcal.get_calendar() is not first
    assert not workcal.get_calendar().is_workday(D(2024, 7, 4))
    CalendarYear.objects.create(year=2031, source="另一进程")
    assert workcal.get_calendar().is_known(D(2031, 1, 1))


def test_set_day_type_refuses_unknown_type(db):
    with pytest.raises(ValidationError):
        calendar_services.set_day_type(None, D(2024, 7, 3), "party")
    assert not CalendarDay.objects.filter(date=D(2024, 7, 3)).exists()


def test_import_year_replaces_the_year_whole_or_not_at_all(db):
    calendar_services.import_year(None, 2030, [(D(2030, 1, 1), "holiday", "元旦")], "测试通知")
    assert workcal.get_calendar().is_known(D(2030, 6, 1))
    with pytest.raises(ValidationError, match="不属于"):
        calendar_services.import_year(None, 2030, [(D(2030, 5, 1), "holiday", ""), (D(2032, 1, 1), "holiday", "")],
                                      "错误通知")
    assert list(CalendarDay.objects.filter(date__year=2030).values_list("date", flat=True)) == [D(2030, 1, 1)]
    with pytest.raises(ValidationError, match="两次"):
        calendar_services.import_year(None, 2030, [(D(2030, 5, 1), "holiday", ""), (D(2030, 5, 1), "rest", "")], "x")


def test_seed_command_keeps_years_already_in_the_table(db):
    calendar_services.set_day_type(None, D(2024, 7, 3), "holiday", "人工修改")
    CalendarYear.objects.filter(year__in=[2005, 2006]).delete()
    CalendarDay.objects.filter(date__year__in=[2005, 2006]).delete()
    call_command("seed_calendar", verbosity=0)
    assert CalendarYear.objects.filter(year__in=[2005, 2006]).count() == 2
    assert workcal.get_calendar().is_workday(D(2005, 10, 3)) is False
    assert CalendarDay.objects.get(date=D(2024, 7, 3)).day_type == "holiday"  # the correction survives


# ---------------------------------------------------------------------------------------------- pages


def test_year_page_shows_types_and_provisional_warning(users, login):
    client = login(users.reporter)  # anyone signed in may look
    page = client.get(reverse("core:calendar"), {"year": 2024}).content.decode()
    assert "法定节假日" in page and "调休上班" in page and "暂定" not in page
    assert 'title="2024-02-10 法定节假日 · 春节"' in page
    assert "calendar/day/" not in page  # no edit links without calendar.manage
    future = client.get(reverse("core:calendar"), {"year": 2035}).content.decode()
    assert "尚未录入" in future and "暂定" in future


def test_day_edit_page_and_post(users, login):
    client = login(users.office)
    url = reverse("core:calendar_day", args=["2024-07-03"])
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment and "2024年7月3日" in fragment
    response = client.post(url, {"day_type": "holiday", "note": "防汛"})
    assert response.status_code == 302 and "year=2024" in response.url
    assert CalendarDay.objects.get(date=D(2024, 7, 3)).day_type == "holiday"
    assert client.get(reverse("core:calendar_day", args=["2024-13-01"])).status_code == 404
    assert login(users.reporter).post(url, {"day_type": "workday"}).status_code == 403


# ---------------------------------------------------------------------------------------------- with the engine


def test_get_calendar_is_the_engines_calendar_over_the_table(db):
    from fazhi import deadlines

    cal = workcal.get_calendar()
    assert isinstance(cal, deadlines.Calendar)
    # 2024-09-27 (Fri) + 5 working days: 9-29 (Sun) is worked, 10-1..10-7 are off → 10-10
    result = deadlines.add_working_days(cal, D(2024, 9, 27), 5)
    assert result.date == D(2024, 10, 10) and not result.provisional


def test_editing_a_day_changes_computed_deadlines(db, users):
    from fazhi import deadlines

    calendar_services.set_day_type(users.sysadmin, D(2024, 10, 8), "holiday", "测试")
    assert deadlines.add_working_days(workcal.get_calendar(), D(2024, 9, 27), 5).date == D(2024, 10, 11)


def test_compute_page_shows_trace_and_provisional_flag(users, login):
    client = login(users.reporter)
    page = client.get(reverse("core:calendar_compute"),
                      {"start": "2024-09-27", "days": 5, "kind": "working"}).content.decode()
    assert "2024年10月10日" in page and "暂定" not in page
    assert "第 5 天" in page and "跳过" in page and "国庆节" in page
    late = client.get(reverse("core:calendar_compute"),
                      {"start": "2026-12-25", "days": 10, "kind": "working"}).content.decode()
    assert "暂定" in late and "2027年节假日安排尚未录入" in late
    natural = client.get(reverse("core:calendar_compute"),
                         {"start": "2024-09-24", "days": 7, "kind": "natural"}).content.decode()
    assert "2024年10月8日" in natural and "顺延" in natural  # 10-1 is a holiday: rolled to 10-8


NOTICE_2025 = """国务院办公厅关于2025年部分节假日安排的通知
经国务院批准，现将2025年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。
一、元旦：1月1日（周三）放假1天，不调休。
二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。1月26日（周日）、2月8日（周六）上班。
三、清明节：4月4日（周五）至6日（周日）放假，共3天。
四、劳动节：5月1日（周四）至5日（周一）放假调休，共5天。4月27日（周日）上班。
五、端午节：5月31日（周六）至6月2日（周一）放假，共3天。
六、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。9月28日（周日）、10月11日（周六）上班。
"""


def test_notice_import_preview_then_confirm(users, login):
    CalendarDay.objects.filter(date__year=2025).delete()
    CalendarYear.objects.filter(year=2025).delete()
    client = login(users.sysadmin)
    url = reverse("core:calendar_import")
    preview = client.post(url, {"text": NOTICE_2025, "confirm": "0"}).content.decode()
    assert "识别结果：2025 年" in preview and "2025-01-26" in preview and "确认导入 2025 年" in preview
    assert not CalendarYear.objects.filter(year=2025).exists()  # a preview writes nothing
    response = client.post(url, {"text": NOTICE_2025, "confirm": "1"})
    assert response.status_code == 302
    cal = workcal.get_calendar()
    assert cal.is_known(D(2025, 6, 1))
    day = D(2025, 1, 1)
    while day.year == 2025:
        assert cal.is_workday(day) == chinese_calendar.is_workday(day), day
        day += datetime.timedelta(days=1)
    assert OperationLog.objects.filter(action="calendar.import_year").exists()


def test_notice_with_a_wrong_weekday_is_refused_with_a_message(users, login):
    client = login(users.sysadmin)
    wrong = NOTICE_2025.replace("1月26日（周日）", "1月27日（周日）")
    response = client.post(reverse("core:calendar_import"), {"text": wrong, "confirm": "1"})
    assert response.status_code == 400 and "不是周日" in response.content.decode()
    assert CalendarDay.objects.filter(date=D(2025, 1, 26), day_type="makeup").exists()  # untouched
    assert login(users.reporter).get(reverse("core:calendar_import")).status_code == 403


def test_a_notice_may_set_a_day_of_the_year_before(db):
    """2012's notice made 2011-12-31 a working Saturday; 2011's other days stay as they were."""
    before_2011 = CalendarDay.objects.filter(date__year=2011).count()
    calendar_services.import_year(None, 2012, [(D(2011, 12, 31), "makeup", "元旦调休"),
                                               (D(2012, 1, 1), "holiday", "元旦")], "测试通知")
    assert CalendarDay.objects.get(date=D(2011, 12, 31)).day_type == "makeup"
    assert CalendarDay.objects.filter(date__year=2011).count() in {before_2011, before_2011 + 1}
    assert list(CalendarDay.objects.filter(date__year=2012).values_list("date", flat=True)) == [D(2012, 1, 1)]
