"""The ledger in Excel: the offices' layout, importing hand-built ledgers (all rows or none), the round trip."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from fazhi.core.models import OperationLog
from fazhi.plans.models import Plan, PlanItem
from fazhi.supervision import ledger_excel, ledger_import, ledger_sheet, services
from fazhi.supervision.ledger_excel import HEADERS, ExportRow, write_ledger
from fazhi.supervision.models import Milestone, ProgressReport, Task, TaskUnit
from tests.supervision.conftest import task_for


def sheet_of(data: bytes):
    return load_workbook(io.BytesIO(data)).active


def values(data: bytes, first_row: int = 3) -> list[list]:
    """Cell values from the header row down (the subtitle row carries the export date)."""
    sheet = sheet_of(data)
    return [[c.value for c in row] for row in sheet.iter_rows(min_row=first_row)]


def export(plan) -> bytes:
    return ledger_sheet.export_ledger(plan, Task.objects.all())


def ledger_state(plan) -> dict:
    """What a ledger is, independent of ids: per task (in order) its text, units and milestones."""
    out = []
    for task in Task.objects.filter(plan=plan).order_by("order"):
        units = sorted((tu.unit.name, tu.role) for tu in task.units.filter(removed_at__isnull=True))
        milestones = sorted(
            (m.unit.name, m.key, m.due_on, m.state)
            for m in task.milestones.exclude(state=Milestone.State.CANCELLED)
        )
        deadlines = [ledger_excel.deadline_signature(d) for d in task.deadlines]
        out.append(
            {
                "text": ledger_sheet.task_content(task),
                "owner": task.owner_unit.name,
                "units": units,
                "milestones": milestones,
                "deadlines": deadlines,
                "unresolved": sorted(task.unresolved_names),
            }
        )
    return {"tasks": out}


def counts() -> tuple:
    return (
        Plan.objects.count(),
        PlanItem.objects.count(),
        Task.objects.count(),
        TaskUnit.objects.count(),
        Milestone.objects.count(),
        OperationLog.objects.count(),
    )


def workbook(
    rows: list[list], header: list[str] | None = None, title: str = "测试县法治政府建设任务分工台账"
) -> bytes:
    """A ledger as an office types it: a title row, a header, plain rows."""
    book = Workbook()
    sheet = book.active
    sheet.append([title])
    sheet.append(header or HEADERS)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# ------------------------------------------------------------------------------------------- export


def test_export_layout_title_header_sections_and_print_setup(ledger):
    data = export(ledger)
    sheet = sheet_of(data)
    assert sheet["A1"].value == "测试县法治政府建设实施方案任务分工台账"
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert "A1:G1" in merged and "A2:G2" in merged
    assert "实施期限：2024—2025年" in sheet["A2"].value
    assert [c.value for c in sheet[3]] == HEADERS
    assert sheet["A4"].value == "一、总体要求" and "A4:G4" in merged  # the top heading, merged across
    assert [sheet.cell(r, 1).value for r in range(5, 11)] == ["1", "2", "3", "4", "5", "6"]
    assert sheet.max_row == 10
    assert sheet.column_dimensions["B"].width == 58
    assert sheet["B5"].alignment.wrap_text
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
    assert sheet.print_title_rows == "$3:$3"
    assert sheet.freeze_panes == "C4"


def test_export_units_deadlines_and_status_read_the_ledger(ledger, org):
    rows = {r[1]: r for r in values(export(ledger))[1:] if r[0]}
    quarterly = rows["加强政府信息平台应用。(县司法局牵头,县发改局配合,各镇、各部门按职责分工负责)"]
    # lead; 各镇 written as the collective name (all its units are on the task); cooperating on its own line
    assert quarterly[2] == "测试县司法局"
    assert quarterly[3] == "各镇\n配合单位：测试县发展和改革局"
    assert quarterly[4] == "每季度至少开展1次"
    assert quarterly[6] == "已逾期"  # 2024–2025 milestones, all past
    plain = rows["深化法治宣传教育。"]
    assert (
        plain[3] == "测试县司法局" and plain[4] == "2025年底（方案期末）"
    )  # the office carries it; default node
    relative = rows["工作人员发生变动后在10日内更新名单。(甲镇负责)"]
    assert relative[4] == "工作人员发生变动后，在10日内；收到通知后，在5个工作日内"
    assert relative[6] == "—"  # waits for its trigger: no milestone yet
    cleanup = rows["2024年10月8日前完成清理。(各县(区)、有关单位负责)"]
    assert cleanup[3] == "测试县司法局、各县(区)、有关单位"  # names no unit stands for stay visible


def test_export_collective_name_becomes_units_once_one_is_removed(ledger, org, users):
    task = task_for(ledger.test_items.quarterly)
    services.add_task_unit(users.office, task, org.gov, "responsible")
    services.remove_task_unit(users.office, task.units.get(unit=org.town_gov), "不涉及")
    row = next(r for r in values(export(ledger)) if r[1] and r[1].startswith("加强政府信息平台应用"))
    assert row[3] == "测试县人民政府\n配合单位：测试县发展和改革局"


def test_export_progress_is_the_latest_accepted_or_submitted_report(ledger, org, users):
    task = task_for(ledger.test_items.yearly)
    first, second = task.milestones.filter(unit=org.reform).order_by("due_on")
    report = services.save_report(users.reporter, first, text="已报送2024年度情况", percent=100)
    services.submit_report(users.reporter, report)
    services.accept_report(users.office, report)
    draft = services.save_report(users.reporter, second, text="草稿不导出", percent=10)
    assert draft.state == ProgressReport.State.DRAFT
    row = next(r for r in values(export(ledger)) if r[1] and r[1].startswith("每年3月1日前"))
    assert row[5] == "已报送2024年度情况"
    services.submit_report(users.reporter, draft)
    row = next(r for r in values(export(ledger)) if r[1] and r[1].startswith("每年3月1日前"))
    assert row[5] == "草稿不导出（待审核）"


def test_export_view_downloads_the_workbook(ledger, users, login):
    response = login(users.office).get(reverse("supervision:ledger_export", args=[ledger.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == ledger_excel.XLSX_TYPE
    assert "attachment" in response["Content-Disposition"]
    assert sheet_of(response.content)["A3"].value == "序号"


def test_plan_ledger_page_links_export_and_import(ledger, users, login):
    page = login(users.office).get(reverse("supervision:plan_ledger", args=[ledger.pk])).content.decode()
    assert "导出Excel台账" in page and reverse("supervision:ledger_export", args=[ledger.pk]) in page
    assert "导入台账" in page and reverse("supervision:ledger_import", args=[ledger.pk]) in page


# ------------------------------------------------------------------------------------------- round trip


def test_round_trip_into_a_new_plan_gives_the_same_ledger(ledger, org, users):
    first = export(ledger)
    result = ledger_import.import_ledger(users.office, first, "台账.xlsx", jurisdiction=org.county)
    assert result.ok, result.errors
    copy = result.plan
    assert copy.pk != ledger.pk
    assert copy.title == "测试县法治政府建设实施方案"
    assert (copy.period_start, copy.period_end) == (2024, 2025)  # read from the 实施期限 line
    assert result.created == 6
    assert ledger_state(copy) == ledger_state(ledger)
    assert values(export(copy)) == values(first)


def test_round_trip_into_a_fresh_plan_of_the_jurisdiction(ledger, org, users):
    fresh = Plan.objects.create(
        jurisdiction=org.county, title="新方案", period_start=2024, period_end=2025, created_by=users.office
    )
    result = ledger_import.import_ledger(users.office, export(ledger), "台账.xlsx", plan=fresh)
    assert result.ok and result.created == 6
    assert ledger_state(fresh) == ledger_state(ledger)
    assert set(Milestone.objects.filter(task__plan=fresh).values_list("plan_id", flat=True)) == {fresh.pk}
    heading = PlanItem.objects.get(plan=fresh, parent=None, title="总体要求")
    assert heading.children.count() == 6


def test_importing_its_own_export_again_changes_nothing(ledger, users):
    before = ledger_state(ledger)
    units, milestones = TaskUnit.objects.count(), Milestone.objects.count()
    result = ledger_import.import_ledger(users.office, export(ledger), "台账.xlsx", plan=ledger)
    assert result.ok
    assert (result.created, result.updated, result.unchanged, result.untouched) == (0, 0, 6, 0)
    assert ledger_state(ledger) == before
    assert (TaskUnit.objects.count(), Milestone.objects.count()) == (units, milestones)
    log = OperationLog.objects.filter(action="supervision.ledger_import").get()
    assert log.after["unchanged"] == 6


# ------------------------------------------------------------------------------------------- updates


def _edit(data: bytes, edits: dict[tuple[int, int], object]) -> bytes:
    book = load_workbook(io.BytesIO(data))
    sheet = book.active
    for (row, col), value in edits.items():
        sheet.cell(row, col).value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_edited_export_updates_units_roles_and_deadlines(ledger, org, users):
    data = export(ledger)
    sheet = sheet_of(data)
    row_of = {sheet.cell(r, 2).value: r for r in range(5, sheet.max_row + 1)}
    quarterly = row_of["加强政府信息平台应用。(县司法局牵头,县发改局配合,各镇、各部门按职责分工负责)"]
    yearly = row_of["每年3月1日前报告法治政府建设情况。(县发改局负责)"]
    edited = _edit(
        data,
        {
            # 发改局 moves from cooperating to lead; 司法局 leaves; 各镇 stays
            (quarterly, 3): "县发改局",
            (quarterly, 4): "各镇",
            # the yearly report becomes one due date; the text is reworded (matched by 序号, similar text)
            (yearly, 2): "每年3月1日前报告本县法治政府建设情况。(县发改局负责)",
            (yearly, 5): "2025-06-30",
        },
    )
    result = ledger_import.import_ledger(users.office, edited, "台账.xlsx", plan=ledger)
    assert result.ok, result.errors
    assert (result.created, result.updated, result.unchanged) == (0, 2, 4)

    task = task_for(ledger.test_items.quarterly)
    active = {(tu.unit, tu.role) for tu in task.units.filter(removed_at__isnull=True)}
    assert active == {(org.reform, "lead"), (org.town_gov, "responsible")}
    assert task.owner_unit == org.reform
    assert not task.milestones.filter(unit=org.justice).exclude(state=Milestone.State.CANCELLED).exists()
    assert task.milestones.filter(unit=org.reform).exclude(state=Milestone.State.CANCELLED).count() == 8

    report_task = task_for(ledger.test_items.yearly)
    assert report_task.text == "每年3月1日前报告本县法治政府建设情况。(县发改局负责)"
    live = report_task.milestones.exclude(state=Milestone.State.CANCELLED)
    assert [(m.key, m.due_on) for m in live] == [("due:0", dt.date(2025, 6, 30))]
    assert report_task.milestones.filter(state=Milestone.State.CANCELLED).count() == 2  # the yearly nodes
    assert OperationLog.objects.filter(action="supervision.task_unit_remove").exists()


def test_new_rows_join_an_existing_plan_under_their_heading(ledger, users):
    data = export(ledger)
    book = load_workbook(io.BytesIO(data))
    book.active.append(["7", "新增一项依法行政培训任务", "县司法局", "", "2025年6月底前", "", ""])
    out = io.BytesIO()
    book.save(out)
    result = ledger_import.import_ledger(users.office, out.getvalue(), "台账.xlsx", plan=ledger)
    assert (result.created, result.unchanged) == (1, 6)
    task = Task.objects.get(plan=ledger, text="新增一项依法行政培训任务")
    assert task.item.parent == ledger.test_items.heading
    assert task.milestones.get().due_on == dt.date(2025, 6, 30)


# ------------------------------------------------------------------------------------------- hand-built ledgers


def test_hand_built_ledger_with_merges_synonyms_and_excel_dates(org, users):
    book = Workbook()
    sheet = book.active
    sheet.append(["测试县2024年法治政府建设工作要点任务分工台账"])
    sheet.merge_cells("A1:H1")
    sheet.append(["序号", "工作任务", "责任单位", None, "完成时间", "推进情况", "备注", None])
    sheet.append([None, None, "牵头单位", "配合单位", None, None, None, None])
    sheet.merge_cells("C2:D2")
    sheet.append(["一、深入推进依法行政"])
    sheet.merge_cells("A4:H4")
    sheet.append(
        [1, "落实行政规范性文件合法性审核，审核率达到100%", "县司法局", "县发改局", dt.datetime(2024, 6, 30)]
    )
    sheet.append([2, "推进政务公开", "县政府", None, "2024.9"])
    sheet.append([None, None, "甲镇", None, "每季度"])
    sheet.merge_cells("A6:A7")
    sheet.merge_cells("B6:B7")
    sheet.append(["二", "提升执法水平", None, None, None])
    sheet.append([3, "开展执法人员培训", "各镇", None, "长期坚持"])
    out = io.BytesIO()
    book.save(out)

    result = ledger_import.import_ledger(
        users.office, out.getvalue(), "要点台账.xlsx", jurisdiction=org.county
    )
    assert result.ok, result.errors
    plan = result.plan
    assert plan.title == "测试县2024年法治政府建设工作要点"
    assert (plan.period_start, plan.period_end) == (2024, 2024)  # from the due dates
    tasks = list(Task.objects.filter(plan=plan).order_by("order"))
    assert [t.text for t in tasks] == [
        "落实行政规范性文件合法性审核，审核率达到100%",
        "推进政务公开",
        "开展执法人员培训",
    ]
    review, disclosure, training = tasks
    assert {(tu.unit, tu.role) for tu in review.units.all()} == {
        (org.justice, "lead"),
        (org.reform, "cooperating"),
    }
    assert review.deadlines == [{"text": "2024年6月30日前", "kind": "due", "date": "2024-06-30"}]
    assert review.targets and review.targets[0]["value"] == 100
    # one task over two merged rows: both leads, both deadlines
    assert {tu.unit for tu in disclosure.units.filter(role="lead")} == {org.gov, org.town_gov}
    assert [(d["kind"], d.get("date") or d.get("freq")) for d in disclosure.deadlines] == [
        ("due", "2024-09-30"),
        ("recurring", "quarterly"),
    ]
    assert training.deadlines == [] and training.milestones.get().kind == Milestone.Kind.DEFAULT
    assert [h.title for h in PlanItem.objects.filter(plan=plan, parent=None).order_by("order")] == [
        "深入推进依法行政",
        "提升执法水平",
    ]
    assert training.item.parent.title == "提升执法水平"


# ------------------------------------------------------------------------------------------- refusals


def test_bad_rows_come_back_with_an_error_column_and_nothing_changes(ledger, users):
    data = workbook(
        [
            [1, "正常的任务", "县司法局", None, "2025年6月底前"],
            [2, "单位写错的任务", "县不存在局", None, "2025年6月底前"],
            [3, "时限写错的任务", "县司法局", None, "尽快"],
            [4, None, "县司法局", None, "2025年6月底前"],
            [5, "正常的任务", "县发改局", None, "每季度"],
            [6, "别的县的单位", "乙县司法局", None, "6月底前"],
        ]
    )
    before = counts()
    result = ledger_import.import_ledger(users.office, data, "手工台账.xlsx", plan=ledger)
    assert not result.ok
    assert counts() == before
    assert set(result.errors) == {4, 5, 6, 7, 8}
    assert "县不存在局" in result.errors[4] and "找不到" in result.errors[4]
    assert "完成时限“尽快”无法识别" in result.errors[5]
    assert result.errors[6] == "任务内容为空"
    assert result.errors[7] == "任务内容与第 3 行重复"
    assert "乙县司法局" in result.errors[8] and "请写明年份" in result.errors[8]
    assert result.error_filename == "手工台账-错误说明.xlsx"

    sheet = sheet_of(result.error_file)
    assert sheet.cell(2, 8).value == "错误说明"
    assert sheet.cell(3, 8).value is None
    assert sheet.cell(5, 8).value == result.errors[5]
    assert sheet.cell(5, 2).fill.fgColor.rgb.endswith("FFC7CE")
    assert sheet.cell(3, 2).fill.fgColor.rgb in ("00000000", None)
    assert sheet.cell(3, 2).value == "正常的任务"  # the rest of the workbook is as it was sent


def test_a_corrected_error_workbook_imports(ledger, users):
    data = workbook([[1, "依法行政培训", "县不存在局", None, "2025年6月底前"]])
    refused = ledger_import.import_ledger(users.office, data, "台账.xlsx", plan=ledger)
    fixed = _edit(refused.error_file, {(3, 3): "县司法局"})
    result = ledger_import.import_ledger(users.office, fixed, "台账-错误说明.xlsx", plan=ledger)
    assert result.ok and result.created == 1  # the 错误说明 column is recognised and ignored


def test_ambiguous_unit_names_are_refused_with_the_candidates(org):
    data = workbook([[1, "市级任务", "县司法局", None, "2025年"]])
    result = ledger_import.import_ledger(None, data, "台账.xlsx", jurisdiction=org.city, title="市方案")
    assert "对应多个单位" in result.errors[3] and "乙县司法局" in result.errors[3]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("台账.xls", b"\xd0\xcf\x11\xe0", "另存为”.xlsx"),
        ("台账.docx", b"PK\x03\x04", "不是 Excel 工作簿"),
        ("台账.xlsx", b"not a zip", "内容与扩展名不符"),
        ("台账.xlsx", b"PK\x03\x04broken", "无法作为 Excel 工作簿打开"),
    ],
)
def test_files_that_are_not_workbooks_get_a_chinese_message(ledger, users, name, content, message):
    with pytest.raises(ValidationError) as caught:
        ledger_import.import_ledger(users.office, content, name, plan=ledger)
    assert message.replace("”", "") in caught.value.messages[0].replace("”", "").replace("“", "")


def test_a_workbook_without_the_header_is_refused(ledger, users):
    data = workbook([[1, "任务", "县司法局"]], header=["编号", "事项", "单位"])
    with pytest.raises(ValidationError, match="找不到台账表头"):
        ledger_import.import_ledger(users.office, data, "台账.xlsx", plan=ledger)
    only_content = workbook([[1, "任务", "2025年"]], header=["序号", "任务内容", "完成时限"])
    with pytest.raises(ValidationError, match="缺少“牵头单位”或“责任单位”列"):
        ledger_import.import_ledger(users.office, only_content, "台账.xlsx", plan=ledger)
    empty = workbook([])
    with pytest.raises(ValidationError, match="没有任务行"):
        ledger_import.import_ledger(users.office, empty, "台账.xlsx", plan=ledger)


# ------------------------------------------------------------------------------------------- permissions


def test_reporters_and_other_jurisdictions_cannot_import(ledger, org, users):
    data = workbook([[1, "依法行政培训", "县司法局", None, "2025年"]])
    before = counts()
    with pytest.raises(PermissionDenied):
        ledger_import.import_ledger(users.reporter, data, "台账.xlsx", plan=ledger)
    with pytest.raises(PermissionDenied):
        ledger_import.import_ledger(users.outsider, data, "台账.xlsx", plan=ledger)
    with pytest.raises(PermissionDenied):
        ledger_import.import_ledger(users.outsider, data, "台账.xlsx", jurisdiction=org.county)
    with pytest.raises(PermissionDenied):  # a leader may look at ledgers, not import them
        ledger_import.import_ledger(users.leader, data, "台账.xlsx", plan=ledger)
    assert counts() == before


def test_views_refuse_reporters_and_out_of_scope_offices(ledger, users, login):
    url = reverse("supervision:ledger_import", args=[ledger.pk])
    assert login(users.reporter).get(url).status_code == 403
    assert login(users.outsider).get(url).status_code == 404
    assert (
        login(users.outsider).get(reverse("supervision:ledger_export", args=[ledger.pk])).status_code == 404
    )


# ------------------------------------------------------------------------------------------- views


def upload(data: bytes, name: str = "台账.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=ledger_excel.XLSX_TYPE)


def test_import_view_lands_and_redirects_to_the_ledger(ledger, users, login):
    client = login(users.office)
    url = reverse("supervision:ledger_import", args=[ledger.pk])
    assert "导入任务台账" in client.get(url).content.decode()
    data = workbook([[1, "依法行政培训", "县司法局", None, "2025年6月底前"]])
    response = client.post(url, {"file": upload(data)}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("supervision:plan_ledger", args=[ledger.pk])
    assert "新建任务 1 项" in response.content.decode()


def test_import_view_shows_row_errors_and_the_workbook_to_download(ledger, users, login):
    data = workbook([[1, "依法行政培训", "县不存在局", None, "2025年6月底前"]])
    response = login(users.office).post(
        reverse("supervision:ledger_import", args=[ledger.pk]), {"file": upload(data, "我的台账.xlsx")}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "第 3 行" in page and "县不存在局" in page
    assert 'download="我的台账-错误说明.xlsx"' in page
    assert f"data:{ledger_excel.XLSX_TYPE};base64," in page


def test_import_view_says_what_is_wrong_with_the_file(ledger, users, login):
    response = login(users.office).post(
        reverse("supervision:ledger_import", args=[ledger.pk]), {"file": upload(b"hello", "台账.csv")}
    )
    assert response.status_code == 400
    assert "只能导入 Excel 工作簿" in response.content.decode()


def test_new_plan_view_creates_the_plan_from_the_workbook(org, users, login):
    client = login(users.office)
    url = reverse("supervision:ledger_import_new")
    assert client.get(url).status_code == 200
    data = workbook([[1, "依法行政培训", "县司法局", None, "每年12月底前"]])
    response = client.post(
        url,
        {
            "jurisdiction": org.county.pk,
            "title": "",
            "period_start": 2025,
            "period_end": 2026,
            "file": upload(data),
        },
    )
    plan = Plan.objects.get(title="测试县法治政府建设")
    assert response.status_code == 302 and response["Location"] == reverse(
        "supervision:plan_ledger", args=[plan.pk]
    )
    assert (plan.period_start, plan.period_end, plan.jurisdiction) == (2025, 2026, org.county)
    task = Task.objects.get(plan=plan)
    assert [m.due_on for m in task.milestones.order_by("due_on")] == [
        dt.date(2025, 12, 31),
        dt.date(2026, 12, 31),
    ]
    assert OperationLog.objects.filter(action="plan.create_from_ledger", object_id=str(plan.pk)).exists()


def test_written_ledger_reads_back_row_for_row():
    rows = [
        ExportRow(content="一、总体要求", section=True),
        ExportRow(
            serial="1",
            content="任务甲",
            lead="县司法局",
            responsible="各镇\n配合单位：县发改局",
            deadline="2024年6月底前；每季度",
        ),
    ]
    read = ledger_excel.read_ledger(
        write_ledger("某县任务分工台账", "某县 · 实施期限：2024—2025年", rows), "a.xlsx"
    )
    assert read.title == "某县任务分工台账" and read.period == (2024, 2025)
    section, task = read.entries
    assert (section.label, section.title) == ("一", "总体要求")
    assert task.section is section and task.serial == "1" and task.content == "任务甲"
    assert task.units == [("lead", "县司法局"), ("responsible", "各镇"), ("cooperating", "县发改局")]
    assert [d["kind"] for d in ledger_excel.read_deadlines(task.deadline_values)] == ["due", "recurring"]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2024年6月底前", [("due", "2024-06-30")]),
        ("2024-06-30", [("due", "2024-06-30")]),
        ("2024.6", [("due", "2024-06-30")]),
        ("2024年", [("due", "2024-12-31")]),
        (2025, [("due", "2025-12-31")]),
        ("2024年第三季度", [("due", "2024-09-30")]),
        (dt.datetime(2024, 5, 6), [("due", "2024-05-06")]),
        ("长期坚持", []),
        ("持续推进", []),
        ("", []),
        ("每季度", [("recurring", "quarterly")]),
        ("每年12月底前", [("recurring", "yearly")]),
        ("2024年6月底前；每半年", [("due", "2024-06-30"), ("recurring", "half_yearly")]),
    ],
)
def test_deadline_cells_are_read_by_the_extraction_engine(cell, expected):
    found = ledger_excel.read_deadlines(cell)
    assert [(d["kind"], d.get("date") or d.get("freq")) for d in found] == expected


@pytest.mark.parametrize("cell", ["尽快", "6月底前", "2024年13月", "2024-02-30", "下一步"])
def test_unreadable_deadline_cells_are_refused(cell):
    with pytest.raises(ledger_excel.CellError, match="无法识别"):
        ledger_excel.read_deadlines(cell)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("县司法局、县发改局", [("lead", "县司法局"), ("lead", "县发改局")]),
        ("县司法局 县发改局", [("lead", "县司法局"), ("lead", "县发改局")]),
        ("县司法局（牵头）、县发改局(配合)", [("lead", "县司法局"), ("cooperating", "县发改局")]),
        (
            "县司法局\n配合单位：县公安局，各县 (区)",
            [("lead", "县司法局"), ("cooperating", "县公安局"), ("cooperating", "各县(区)")],
        ),
        ("市直各部门〔单位〕", [("lead", "市直各部门(单位)")]),
        (None, []),
    ],
)
def test_unit_cells_split_names_and_roles(cell, expected):
    assert ledger_excel.read_unit_names(cell, "lead") == expected


def test_error_column_spans_a_two_row_header_and_merged_task_rows(org, users):
    book = Workbook()
    sheet = book.active
    sheet.append(["序号", "任务内容", "责任单位", None, "完成时限"])
    sheet.append([None, None, "牵头单位", "配合单位", None])
    sheet.merge_cells("C1:D1")
    sheet.append([1, "推进政务公开", "县政府", None, "2024年"])
    sheet.append([None, None, "乙镇", None, "2025年"])
    sheet.merge_cells("A3:A4")
    sheet.merge_cells("B3:B4")
    out = io.BytesIO()
    book.save(out)
    result = ledger_import.import_ledger(
        users.office, out.getvalue(), "台账.xlsx", jurisdiction=org.county, title="两行表头"
    )
    assert set(result.errors) == {3, 4} and "乙镇" in result.errors[3]
    returned = sheet_of(result.error_file)
    assert returned.cell(1, 6).value == "错误说明" and "F1:F2" in {
        str(r) for r in returned.merged_cells.ranges
    }
    assert returned.cell(4, 6).value == result.errors[4]
    assert not Plan.objects.filter(title="两行表头").exists()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)  # the fixtures restore rows of data migrations after flushes
def test_browser_export_edit_refuse_fix_and_import(live_server, ledger, users, tmp_path):
    """The office downloads its ledger, adds a row with a wrong unit, gets the marked workbook back, fixes it."""
    import os
    from pathlib import Path

    from tests.browser import browser_page, login

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop
    artifacts = Path("test-artifacts")
    artifacts.mkdir(exist_ok=True)
    with browser_page() as page:
        login(page, live_server, users.office.username)
        page.goto(f"{live_server.url}{reverse('supervision:plan_ledger', args=[ledger.pk])}")
        with page.expect_download() as download:
            page.get_by_role("link", name="导出Excel台账").click()
        exported = tmp_path / "exported.xlsx"
        download.value.save_as(exported)
        book = load_workbook(exported)
        book.active.append(["7", "新增依法行政培训任务", "县不存在局", "", "2025年6月底前"])
        edited = tmp_path / "edited.xlsx"
        book.save(edited)

        page.get_by_role("link", name="导入台账").click()
        page.set_input_files("#id_file", str(edited))
        page.get_by_role("button", name="导入").click()
        page.wait_for_selector("#ledger-import-errors")
        assert page.get_by_text("县不存在局").first.is_visible()
        page.screenshot(path=artifacts / "supervision-ledger-import-errors.png", full_page=True)
        with page.expect_download() as marked:
            page.get_by_role("link", name="下载带错误说明的台账").click()
        returned = tmp_path / "returned.xlsx"
        marked.value.save_as(returned)
        book = load_workbook(returned)
        sheet = book.active
        assert sheet.cell(3, 8).value == "错误说明" and "县不存在局" in sheet.cell(sheet.max_row, 8).value
        assert Task.objects.filter(plan=ledger).count() == 6

        sheet.cell(sheet.max_row, 3).value = "县司法局"
        book.save(returned)
        page.set_input_files("#id_file", str(returned))
        page.get_by_role("button", name="导入").click()
        page.wait_for_load_state("networkidle")
        assert page.get_by_text("新建任务 1 项").is_visible()
        assert Task.objects.filter(plan=ledger).count() == 7
