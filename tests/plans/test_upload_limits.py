"""Plan files that are bombs or garbage: the CLI exits non-zero, the web refuses and stores nothing.

Issue #10, item 3 (a 183 KB docx expanding to 60 MB of XML) and item 9 (`fazhi plan parse` on random
bytes or NUL-filled text exited 0 with an empty plan).
"""

from __future__ import annotations

import random
from pathlib import Path

import docx
import pytest
from django.urls import reverse

from fazhi.core.archives import ArchiveLimits
from fazhi.plans.extract import PlanReadError, read_document
from fazhi.plans.extract.cli import main
from fazhi.plans.models import PlanImport
from tests import bombs

PLAN = "测试县法治政府建设实施方案\n一、加强执法\n1.每季度至少开展1次评查。（县司法局牵头）\n"


def random_bytes() -> bytes:
    return random.Random(10).randbytes(3000)


def gb18030_noise() -> bytes:
    """Random two-byte GB18030 codes: decodes without error into random Chinese characters, no plan."""
    rng = random.Random(9)
    return b"".join(bytes([rng.randint(0xB0, 0xF7), rng.randint(0xA1, 0xFE)]) for _ in range(1500))


GARBAGE = {
    "random.bin": random_bytes(),
    "random.txt": random_bytes(),
    "nul.txt": b"\0" * 4000,
    "nul-and-letters.txt": b"abc\0\0" * 1000,
    "controls.txt": bytes(range(1, 9)) * 500,
    "noise.txt": gb18030_noise(),
}


def large_docx(path: Path, paragraphs: int) -> None:
    document = docx.Document()
    for index in range(paragraphs):
        document.add_paragraph(f"{index + 1}.依法行政第{index}项任务（县司法局牵头）")
    document.save(path)


# ------------------------------------------------------------------------------------------- the CLI


@pytest.mark.parametrize("name", GARBAGE)
def test_cli_refuses_garbage_with_a_non_zero_exit(tmp_path, capsys, name):
    path = tmp_path / name
    path.write_bytes(GARBAGE[name])
    assert main(["parse", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""  # no empty plan on stdout
    assert f"无法读取文件 {name}：没有可识别的内容" in captured.err and "Traceback" not in captured.err


def test_cli_still_parses_a_plan(tmp_path, capsys):
    path = tmp_path / "plan.txt"
    path.write_text(PLAN, encoding="utf-8")
    assert main(["parse", str(path)]) == 0
    assert "加强执法" in capsys.readouterr().out


def test_cli_refuses_a_docx_bomb_without_unpacking_it(tmp_path, capsys):
    path = tmp_path / "bomb.docx"
    path.write_bytes(bombs.docx_bomb(60 * bombs.MB))
    with bombs.peak_memory() as peak:
        assert main(["parse", str(path)]) == 1
    err = capsys.readouterr().err
    assert "无法读取文件 bomb.docx：其中的“word/document.xml”压缩比异常" in err and "疑似压缩炸弹" in err
    assert peak[0] < 10 * bombs.MB


def test_cli_reads_its_limits_from_the_same_environment_as_the_server(tmp_path, capsys, monkeypatch):
    path = tmp_path / "long.docx"
    large_docx(path, 200)
    assert main(["parse", str(path)]) == 0
    capsys.readouterr()
    monkeypatch.setenv("FAZHI_TEXT_MAX_CHARS", "2000")
    assert main(["parse", str(path)]) == 1
    assert "超过上限 2000 字" in capsys.readouterr().err
    monkeypatch.setenv("FAZHI_ARCHIVE_MAX_ENTRIES", "3")
    assert main(["parse", str(path)]) == 1
    assert "超过上限 3 个" in capsys.readouterr().err


def test_cli_names_a_malformed_limit_instead_of_blaming_the_file(tmp_path, capsys, monkeypatch):
    path = tmp_path / "plan.txt"
    path.write_text(PLAN, encoding="utf-8")
    monkeypatch.setenv("FAZHI_ARCHIVE_MAX_RATIO", "high")
    assert main(["parse", str(path)]) == 2
    assert "配置错误：环境变量 FAZHI_ARCHIVE_MAX_RATIO 的值 'high' 不是整数" in capsys.readouterr().err


def test_a_lying_docx_is_refused_before_python_docx_reads_it(tmp_path):
    path = tmp_path / "lying.docx"
    path.write_bytes(bombs.lying_zip("word/document.xml", real=80 * bombs.MB, declared=2000,
                                     extra={"[Content_Types].xml": bombs.CONTENT_TYPES}))
    with bombs.peak_memory() as peak, pytest.raises(PlanReadError, match="比声明的.*更大"):
        read_document(path, ArchiveLimits())
    assert peak[0] < 10 * bombs.MB


def test_nul_characters_are_dropped_from_real_text(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_bytes(PLAN.replace("加强", "加\0强").encode())
    assert "加强执法" in read_document(path)


# ------------------------------------------------------------------------------------------- the web


def _post(client, org, name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(reverse("plans:import_upload"), {
        "file": SimpleUploadedFile(name, data), "jurisdiction": org.county.pk,
    })


def _stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_web_upload_refuses_a_docx_bomb_and_stores_nothing(login, users, org, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = _post(login(users.office), org, "方案.docx", bombs.docx_bomb(60 * bombs.MB))
    assert response.status_code == 200
    assert "无法读取文件 方案.docx：其中的“word/document.xml”压缩比异常" in response.content.decode()
    assert not PlanImport.objects.exists() and _stored_files(tmp_path) == []


def test_web_upload_uses_the_configured_limits(login, users, org, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.FAZHI_ARCHIVE_LIMITS = ArchiveLimits(max_text_chars=2000)
    path = tmp_path / "src.docx"
    large_docx(path, 200)
    data = path.read_bytes()
    path.unlink()
    response = _post(login(users.office), org, "长方案.docx", data)
    assert "超过上限 2000 字" in response.content.decode()
    assert not PlanImport.objects.exists() and _stored_files(tmp_path) == []
    settings.FAZHI_ARCHIVE_LIMITS = ArchiveLimits()
    response = _post(login(users.office), org, "长方案.docx", data)
    assert response.status_code == 302 and PlanImport.objects.count() == 1


@pytest.mark.parametrize("name", ["nul.txt", "nul-and-letters.txt", "noise.txt", "random.bin"])
def test_web_upload_refuses_garbage_with_the_same_message(login, users, org, settings, tmp_path, name):
    settings.MEDIA_ROOT = tmp_path
    data = GARBAGE[name]
    if name == "random.bin":
        name = "random.txt"  # the web takes txt, docx, html and pdf only
    response = _post(login(users.office), org, name, data)
    assert response.status_code == 200 and "没有可识别的内容" in response.content.decode()
    assert not PlanImport.objects.exists() and _stored_files(tmp_path) == []


def test_pasted_text_has_the_same_length_limit(users, org, settings):
    from django.core.exceptions import ValidationError

    from fazhi.plans import services

    settings.FAZHI_ARCHIVE_LIMITS = ArchiveLimits(max_text_chars=len(PLAN) - 1)
    with pytest.raises(ValidationError, match=f"粘贴的全文共 {len(PLAN)} 字，超过上限"):
        services.stage_upload(users.office, jurisdiction=org.county, text=PLAN)
    assert not PlanImport.objects.exists()
