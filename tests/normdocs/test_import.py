"""Bulk import: all or nothing per run, with a row-by-row report of what was refused and why."""

from __future__ import annotations

import datetime
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from fazhi.normdocs import importer
from fazhi.normdocs.models import ImportRun, NormativeDocument, Origin, Review, State
from fazhi.normdocs.status import status_on

D = datetime.date
HEADER = "文件名,标题,文号,制定机关,文件类型,发布日期,施行日期,状态,废止日期,统一登记号,合法性审核日期,报备日期\n"


def write_docx(path: Path, paragraphs: list[str]) -> None:
    import docx

    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    document.save(path)


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "a.txt").write_text("第一条 为了规范行政执法公示，制定本办法。\n第二条 本办法自发布之日起施行。", encoding="utf-8")
    write_docx(tmp_path / "b.docx", ["测试县农村公路养护管理办法", "第一条 为了加强农村公路养护，制定本办法。"])
    (tmp_path / "c.html").write_text("<html><body><h1>测试县殡葬管理办法</h1><p>第一条 为了加强殡葬管理，制定本办法。</p></body></html>",
                                     encoding="utf-8")
    (tmp_path / "broken.pdf").write_bytes(b"not a pdf at all")
    return tmp_path


GOOD_ROWS = (
    "a.txt,测试县行政执法公示办法,测政发〔2019〕3号,测试县司法局,行政规范性文件,2019-05-06,2019-06-01,现行有效,,HIST-2019-001,2019-04-20,2019-05-20\n"
    "b.docx,测试县农村公路养护管理办法,测政发〔2020〕8号,县发改局,规范性文件,2020/03/02,,,,,,\n"
    "c.html,测试县殡葬管理办法,测政发〔2018〕1号,测试县人民政府,,2018年1月5日,,已废止,2021-01-01,,,\n"
)


def run(folder, sheet_text, org, name="metadata.csv"):
    sheet = folder / name
    sheet.write_text(sheet_text, encoding="utf-8")
    record = importer.create_run(None, unit=org.county, directory=folder, sheet=sheet, source_name="测试")
    return importer.run_import(record)


def test_a_clean_run_lands_whole(folder, org):
    result = run(folder, HEADER + GOOD_ROWS, org)
    assert result.status == ImportRun.Status.DONE, result.report
    assert result.accepted == 3 and result.processed == 3 and result.total == 3
    docs = {d.title: d for d in NormativeDocument.objects.all()}
    a = docs["测试县行政执法公示办法"]
    assert a.origin == Origin.IMPORTED and a.state == State.FILED and a.registration_number == "HIST-2019-001"
    assert a.effective_on == D(2019, 6, 1) and a.filed_on == D(2019, 5, 20)
    assert "行政执法公示" in a.current_version().text
    assert Review.objects.filter(document=a, kind="legality").count() == 1
    b = docs["测试县农村公路养护管理办法"]
    assert b.issuer == org.reform and b.published_on == D(2020, 3, 2) and "农村公路养护" in b.current_version().text
    c = docs["测试县殡葬管理办法"]
    assert "殡葬管理" in c.current_version().text and "<p>" not in c.current_version().text
    assert status_on(c, D(2020, 1, 1)) == "现行有效" and status_on(c, D(2021, 1, 1)) == "已废止"


def test_a_bad_row_refuses_the_whole_run_and_says_why_row_by_row(folder, org):
    bad = (
        "missing.txt,缺文件的办法,,测试县司法局,,2020-01-01,,,,,,\n"
        "broken.pdf,坏文件的办法,,测试县司法局,,2020-01-01,,,,,,\n"
        "a.txt,未知机关的办法,,火星县司法局,,2020-01-01,,,,,,\n"
        "a.txt,日期错误的办法,,测试县司法局,,2020-02-30,,,,,,\n"
        "a.txt,,,测试县司法局,,2020-01-01,,已废止,,,,\n"
        "a.txt,越界的办法,,乙县司法局,,2020-01-01,,,,,,\n"
        "../../etc/passwd,路径穿越,,测试县司法局,,2020-01-01,,,,,,\n"
    )
    result = run(folder, HEADER + GOOD_ROWS + bad, org)
    assert result.status == ImportRun.Status.REFUSED
    assert NormativeDocument.objects.count() == 0  # nothing half-landed
    report = {entry["line"]: "；".join(entry["problems"]) for entry in result.report}
    assert set(report) == {5, 6, 7, 8, 9, 10, 11}
    assert "找不到文件“missing.txt”" in report[5]
    assert "无法读取" in report[6]
    assert "制定机关“火星县司法局”不在“测试县”的组织机构中" in report[7]
    assert "发布日期“2020-02-30”不是有效日期" in report[8]
    assert "缺少标题" in report[9] and "没有填写废止日期" in report[9]
    assert "乙县司法局" in report[10]
    assert "导入目录之外" in report[11]
    assert result.refused == 7 and "全部未导入" in result.message


def test_duplicate_registration_numbers_are_refused(folder, org):
    rows = (
        "a.txt,甲办法,,测试县司法局,,2020-01-01,,,,DUP-1,,\n"
        "a.txt,乙办法,,测试县司法局,,2020-01-01,,,,DUP-1,,\n"
    )
    result = run(folder, HEADER + rows, org)
    assert result.status == ImportRun.Status.REFUSED
    assert "与第2行重复" in result.report[0]["problems"][0]


def test_importing_the_same_sheet_twice_is_refused(folder, org):
    assert run(folder, HEADER + GOOD_ROWS, org).status == ImportRun.Status.DONE
    again = run(folder, HEADER + GOOD_ROWS.replace("HIST-2019-001", ""), org)
    assert again.status == ImportRun.Status.REFUSED
    assert all("重复导入" in "".join(e["problems"]) for e in again.report)


def test_a_json_sheet_with_inline_text(folder, org):
    rows = [{"title": "测试县河长制工作规定", "issuer": "测试县人民政府", "published_on": "2021-07-01",
             "text": "第一条 为了全面推行河长制，制定本规定。"}]
    result = run(folder, json.dumps(rows, ensure_ascii=False), org, name="metadata.json")
    assert result.status == ImportRun.Status.DONE
    assert NormativeDocument.objects.get().current_version().text.startswith("第一条 为了全面推行河长制")


def test_an_unreadable_sheet_fails_with_a_message(folder, org):
    result = run(folder, "{not json", org, name="metadata.json")
    assert result.status == ImportRun.Status.FAILED and "不是有效的 JSON" in result.message


def test_imported_documents_are_searchable(folder, org):
    from fazhi.search.backend import SearchQuery, search

    run(folder, HEADER + GOOD_ROWS, org)
    hits = search(SearchQuery(text="农村公路", filters={}, public_only=True)).hits
    assert [h.title for h in hits] == ["测试县农村公路养护管理办法"]


def test_the_command_prints_progress_and_the_report(folder, org, capsys):
    (folder / "metadata.csv").write_text(HEADER + GOOD_ROWS, encoding="utf-8")
    call_command("import_normdocs", str(folder), "--unit", "测试县")
    out = capsys.readouterr().out
    assert "已检查 3/3 行" in out and "已导入 3 件文件" in out
    (folder / "metadata.csv").write_text(HEADER + "x.txt,X,,测试县司法局,,2020-01-01,,,,,,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="全部未导入"):
        call_command("import_normdocs", str(folder), "--unit", "测试县")
    assert "第2行《X》：找不到文件“x.txt”" in capsys.readouterr().out


def test_zip_upload_unpacks_safely(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("metadata.csv", HEADER)
        archive.writestr("docs/a.txt", "正文")
    buffer.seek(0)
    importer.unpack_zip(buffer, tmp_path)
    assert (tmp_path / "docs" / "a.txt").read_text(encoding="utf-8") == "正文"
    assert importer.find_sheet(tmp_path).name == "metadata.csv"

    evil = io.BytesIO()
    with zipfile.ZipFile(evil, "w") as archive:
        archive.writestr("../escape.txt", "x")
    evil.seek(0)
    with pytest.raises(importer.SheetError, match="不安全"):
        importer.unpack_zip(evil, tmp_path / "inner")


def test_validity_columns_keep_the_last_day_in_force(folder, org):
    # "有效期至" is taken as the last day in force; an older sheet's "失效日期" is the first day out, so
    # the last day in force is the day before it.
    rows = [
        {"title": "测试县甲规定", "issuer": "测试县人民政府", "published_on": "2019-07-01", "有效期至": "2024-06-30",
         "text": "第一条 甲。"},
        {"title": "测试县乙规定", "issuer": "测试县人民政府", "published_on": "2019-07-01", "失效日期": "2024-07-01",
         "text": "第一条 乙。"},
    ]
    result = run(folder, json.dumps(rows, ensure_ascii=False), org, name="metadata.json")
    assert result.status == ImportRun.Status.DONE, result.report
    for title in ("测试县甲规定", "测试县乙规定"):
        doc = NormativeDocument.objects.get(title=title)
        assert doc.valid_until == D(2024, 6, 30)
        assert (status_on(doc, D(2024, 6, 30)), status_on(doc, D(2024, 7, 1))) == ("现行有效", "已失效")
