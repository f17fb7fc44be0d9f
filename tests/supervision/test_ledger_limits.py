"""Ledger workbooks that are decompression bombs are refused before openpyxl unpacks them (issue #10, item 3)."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from fazhi.core.archives import ArchiveLimits
from fazhi.plans.models import Plan, PlanItem
from fazhi.supervision import ledger_excel, ledger_import
from fazhi.supervision.ledger_excel import HEADERS
from fazhi.supervision.models import Milestone, Task, TaskUnit
from tests import bombs


def counts() -> tuple:
    return tuple(model.objects.count() for model in (Plan, PlanItem, Task, TaskUnit, Milestone))


def ledger_workbook(rows: int) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["测试县法治政府建设任务分工台账"])
    sheet.append(HEADERS)
    for index in range(rows):
        sheet.append([index + 1, f"依法行政第{index + 1}项任务", "县司法局", None, "2025年6月底前"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


BOMBS = {
    "ratio": (lambda: bombs.xlsx_bomb(60 * bombs.MB), "压缩比异常"),
    "entries": (lambda: bombs.many_entries(2500, {"[Content_Types].xml": bombs.CONTENT_TYPES,
                                                  "xl/workbook.xml": "<workbook/>"}), "超过上限 2000 个"),
    "lying": (lambda: bombs.lying_zip("xl/worksheets/sheet1.xml", real=80 * bombs.MB, declared=4000,
                                      extra={"[Content_Types].xml": bombs.CONTENT_TYPES, "xl/workbook.xml": "<w/>"}),
              "比声明的"),
}


@pytest.mark.parametrize("kind", BOMBS)
def test_a_workbook_bomb_is_refused_and_nothing_changes(ledger, users, kind):
    build, message = BOMBS[kind]
    data = build()
    before = counts()
    with bombs.peak_memory() as peak, pytest.raises(ValidationError) as caught:
        ledger_import.import_ledger(users.office, data, "台账.xlsx", plan=ledger)
    assert caught.value.messages[0].startswith("文件“台账.xlsx”") and message in caught.value.messages[0]
    assert counts() == before
    assert peak[0] < 10 * bombs.MB


def test_the_import_view_shows_the_refusal(ledger, users, login):
    before = counts()
    response = login(users.office).post(
        reverse("supervision:ledger_import", args=[ledger.pk]),
        {"file": SimpleUploadedFile("台账.xlsx", bombs.xlsx_bomb(60 * bombs.MB), content_type=ledger_excel.XLSX_TYPE)},
    )
    assert response.status_code == 400 and "疑似压缩炸弹" in response.content.decode()
    assert counts() == before


def test_the_limits_come_from_settings(ledger, users, settings):
    data = ledger_workbook(3)
    settings.FAZHI_ARCHIVE_LIMITS = ArchiveLimits(max_entries=5)
    with pytest.raises(ValidationError, match="超过上限 5 个"):
        ledger_import.import_ledger(users.office, data, "台账.xlsx", plan=ledger)
    settings.FAZHI_ARCHIVE_LIMITS = ArchiveLimits()
    assert ledger_import.import_ledger(users.office, data, "台账.xlsx", plan=ledger).created == 3
