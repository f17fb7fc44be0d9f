"""The shared list table: search, filters, whitelisted sorting, paging, htmx partials and xlsx export."""

from __future__ import annotations

import datetime
import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.test import RequestFactory
from openpyxl import load_workbook

from fazhi.core.models import OperationLog, Role, Unit
from fazhi.core.tables import BooleanFilter, ChoiceFilter, Column, DateRangeFilter, Table


@pytest.fixture
def departments(org):
    """45 departments under 测试县, codes D00..D44; every third one inactive."""
    for i in range(45):
        Unit.objects.add_child(org.county, {
            "name": f"部门{i:02d}", "kind": Unit.Kind.DEPARTMENT, "level": "county", "code": f"D{i:02d}",
            "is_active": i % 3 != 0,
        })
    return Unit.objects.filter(code__startswith="D")


def _table(queryset, params=None, headers=None, **kwargs) -> Table:
    request = RequestFactory().get("/units/", params or {}, headers=headers or {})
    request.user = AnonymousUser()
    options = {
        "columns": [
            Column("name", "名称", sortable=True),
            Column("code", "代码", sortable=True),
            Column("kind", "类型"),
            Column("is_active", "启用", sortable=True),
            Column("secret", "不可排序", accessor=lambda u: u.path, export=False),
        ],
        "search": ["name", "code"],
        "filters": [BooleanFilter("active", "状态", "is_active", yes="启用", no="停用")],
        "default_sort": "code",
    }
    options.update(kwargs)
    return Table(queryset, **options).from_request(request)


def test_sort_only_on_declared_sortable_columns(departments):
    assert [u.code for u in _table(departments, {"sort": "-code"}).page][:2] == ["D44", "D43"]
    # `path` is not a column and `secret` is not sortable: both fall back to the default sort
    for raw in ("path", "-secret", "numchild", "--code"):
        table = _table(departments, {"sort": raw})
        assert table.sort in {"code", "-code"}
    assert _table(departments, {"sort": "--code"}).sort == "-code"
    assert _table(departments, {"sort": "path"}).sort == "code"


def test_headers_toggle_direction_and_reset_page(departments):
    table = _table(departments, {"sort": "name", "page": "2", "active": "1"})
    name, code = table.headers[0], table.headers[1]
    assert name["direction"] == "asc" and "sort=-name" in name["url"] and "page=" not in name["url"]
    assert "active=1" in name["url"] and code["direction"] == "" and "sort=code" in code["url"]
    assert table.headers[4]["url"] == ""  # not sortable: no link


def test_search_and_filters(departments):
    assert {u.code for u in _table(departments, {"q": "D1"}).page} == {f"D1{i}" for i in range(10)}
    # several words must all match
    assert [u.code for u in _table(departments, {"q": "部门 D07"}).page] == ["D07"]
    inactive = _table(departments, {"active": "0"})
    assert inactive.page.paginator.count == 15 and all(not u.is_active for u in inactive.page)
    # a value that is not one of the filter's options is ignored
    assert _table(departments, {"active": "yes"}).page.paginator.count == 45
    assert _table(departments, {"active": "1"}).is_filtered and not _table(departments).is_filtered


def test_choice_filter_across_many_to_many_gives_each_row_once(users):
    from fazhi.core.models import User

    users.office.roles.add(Role.objects.get(code="leader"))
    request = RequestFactory().get("/users/", {"q": "t_office", "role": "office"})
    table = Table(
        User.objects.all(),
        columns=[Column("username", "账号", sortable=True)],
        search=["username", "roles__name"],
        filters=[ChoiceFilter("role", "角色", "roles__code", many=True,
                              choices=lambda: Role.objects.values_list("code", "name"))],
        default_sort="username",
    ).from_request(request)
    assert [u.username for u in table.page] == ["t_office"]


def test_date_range_filter(users, org):
    from fazhi.core import services

    services.rename_unit(users.sysadmin, org.reform, "改名一")
    renamed = OperationLog.objects.filter(action="unit.rename")
    QuerySet.update(renamed, at=datetime.datetime(2024, 3, 5, 10, tzinfo=datetime.UTC))  # past the log's refusal
    table = lambda params: Table(  # noqa: E731
        OperationLog.objects.all(), columns=[Column("action", "操作")],
        filters=[DateRangeFilter("at", "日期", "at__date")], default_sort="action",
    ).from_request(RequestFactory().get("/logs/", params))
    assert [log.action for log in table({"at_from": "2024-03-05", "at_to": "2024-03-05"}).page] == ["unit.rename"]
    assert table({"at_to": "2024-03-04"}).page.paginator.count == 0
    assert table({"at_from": "not-a-date"}).page.paginator.count == OperationLog.objects.count()


def test_paging_sizes(departments):
    assert len(_table(departments).page) == 20
    assert len(_table(departments, {"per_page": "50"}).page) == 45
    assert _table(departments, {"per_page": "7"}).per_page == 20  # only 20/50/100
    last = _table(departments, {"page": "3"})
    assert [u.code for u in last.page] == [f"D{i}" for i in range(40, 45)]
    assert last.page_links["next"] == "" and "page=2" in last.page_links["previous"]
    assert _table(departments, {"page": "99"}).page.number == 3


def test_xlsx_export_has_all_filtered_rows_bold_chinese_headers(departments):
    table = _table(departments, {"active": "1", "sort": "-code", "page": "2"})
    response = table.export_xlsx("单位")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=utf-8''%E5%8D%95%E4%BD%8D" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.values)
    assert rows[0] == ("名称", "代码", "类型", "启用")  # the non-exported column is left out
    assert sheet["A1"].font.bold and sheet.column_dimensions["A"].width >= 12
    assert len(rows) == 31  # every active department, not one page
    assert rows[1] == ("部门44", "D44", "工作部门", "是")


def test_respond_gives_export_partial_or_page(departments, rf, admin_user):
    def respond(params, headers=None):
        request = rf.get("/units/", params, headers=headers or {})
        request.user = admin_user
        return _table(departments, params, headers).respond(request, "core/user_list.html", filename="单位")

    assert respond({"export": "xlsx"})["Content-Disposition"].startswith("attachment")
    partial = respond({}, {"HX-Request": "true", "HX-Target": "fz-table"}).content.decode()
    assert partial.lstrip().startswith('<div id="fz-table"') and "<html" not in partial and "部门00" in partial
    assert "<html" in respond({}).content.decode()


def test_page_urls_keep_filters_and_drop_export(departments):
    table = _table(departments, {"q": "部门", "active": "1", "page": "2"})
    assert "q=%E9%83%A8%E9%97%A8" in table.page_links["previous"] and "active=1" in table.page_links["previous"]
    assert "export=xlsx" in table.export_url and "page" not in table.export_url
    exporting = _table(departments, {"q": "部门", "export": "xlsx"})
    assert exporting.page is None and "export" not in exporting.url(page=2)


def test_count_is_exact_up_to_the_cap(departments, settings):
    settings.FAZHI_LIST_COUNT_CAP = 45  # 45 departments: exactly at the cap is still exact
    table = _table(departments)
    assert table.page.paginator.count == 45 and not table.page.paginator.capped
    assert table.page.paginator.count_text == "45" and table.page.paginator.num_pages == 3
    settings.FAZHI_LIST_COUNT_CAP = 40  # 30 active ones (every third of 45 inactive) are below it
    active = _table(departments, {"active": "1"}).page.paginator
    assert (active.count, active.capped, active.count_text) == (30, False, "30")


def test_count_above_the_cap_reads_cap_plus_and_pages_the_first_cap_rows(departments, settings, rf, admin_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.FAZHI_LIST_COUNT_CAP = 40
    with CaptureQueriesContext(connection) as queries:
        first = _table(departments)
        paginator = first.page.paginator
    counting = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    assert len(counting) == 1 and "LIMIT 41" in counting[0]  # never a count of the whole list
    assert paginator.capped and paginator.count_text == "40+"
    assert paginator.count == 40 and paginator.num_pages == 2  # 40 rows, 20 a page
    links = first.page_links
    assert "page=2" in links["next"] and links["last"] == ""  # page 2 is not the end of the list
    second = _table(departments, {"page": "2"})
    assert [u.code for u in second.page] == [f"D{i}" for i in range(20, 40)]
    assert second.page_links["next"] == "" and "page=1" in second.page_links["previous"]
    assert _table(departments, {"page": "99"}).page.number == 2
    htmx = {"HX-Request": "true", "HX-Target": "fz-table"}
    request = rf.get("/units/", headers=htmx)
    request.user = admin_user
    text = _table(departments, headers=htmx).respond(request, "core/user_list.html", filename="单位").content.decode()
    assert "共 40+ 条，第 1 / 2+ 页" in text and "末页" not in text


def _walk(queryset, params: dict, **kwargs) -> list:
    """Every page of the table from the first, following its 下一页 links as a user would."""
    seen, number = [], 1
    while True:
        table = _table(queryset, {**params, "page": str(number)}, **kwargs)
        seen += [u.pk for u in table.page]
        if not table.page_links["next"]:
            return seen
        number += 1


@pytest.mark.parametrize("sort", ["is_active", "-is_active", "code", "-code"])
def test_walking_every_page_gives_every_row_once_in_the_order_of_the_list(departments, sort):
    """45 rows, 20 a page: pages 2 and 3 lie in the back half and are read from the end of the list. Sorting on
    启用 makes 30 and 15 rows tie, which only the primary key orders."""
    expected = list(_table(departments, {"sort": sort, "per_page": "100"}).page.object_list)
    assert len(expected) == 45
    walked = _walk(departments, {"sort": sort})
    assert walked == [u.pk for u in expected]


def test_back_pages_are_read_from_the_end_with_a_small_offset(departments):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        last = list(_table(departments, {"page": "3"}).page)
    assert [u.code for u in last] == [f"D{i}" for i in range(40, 45)]
    reading = [q["sql"] for q in queries if "COUNT(" not in q["sql"].upper()]
    assert len(reading) == 1 and "OFFSET" not in reading[0].upper()  # the last 5 rows: LIMIT 5 from the end
    assert 'DESC' in reading[0].upper()


def test_a_table_without_a_sort_of_its_own_pages_in_its_queryset_order_with_the_key_added(org, departments):
    """No `default_sort`: the queryset's own order (here 类型, on which the 45 departments all tie) with the primary
    key added."""
    rows = Unit.objects.filter(path__startswith=org.county.path, depth=org.county.depth + 1).order_by("kind")
    expected = [u.pk for u in sorted(rows, key=lambda u: (u.kind, u.pk))]
    walked = _walk(rows, {}, default_sort=None)
    assert walked == expected and len(walked) == rows.count() > 40
