"""Bulk-import zips and sheets that are decompression bombs: refused, nothing stored (issue #10, item 3)."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from django.urls import reverse

from fazhi.core.archives import ArchiveLimits
from fazhi.normdocs import importer
from fazhi.normdocs.models import ImportRun, NormativeDocument
from tests import bombs

SHEET = "文件名,标题,制定机关,发布日期\na.txt,测试县档案管理办法,测试县司法局,2020-01-01\n"


def stored(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def post(client, org, data: bytes):
    buffer = io.BytesIO(data)
    buffer.name = "history.zip"
    return client.post(reverse("normdocs:import_upload"), {"archive": buffer, "unit": org.county.pk})


def zero_bomb() -> bytes:
    def build(archive: zipfile.ZipFile) -> None:
        archive.writestr("metadata.csv", SHEET)
        with archive.open("a.txt", "w", force_zip64=True) as entry:
            for _ in range(60):
                entry.write(b" " * bombs.MB)

    return bombs.zip_bytes(build)


UPLOADS = {
    "ratio": (zero_bomb, "压缩比异常"),
    "lying": (lambda: bombs.lying_zip("a.txt", real=80 * bombs.MB, declared=100, extra={"metadata.csv": SHEET}),
              "已损坏"),
    "entries": (lambda: bombs.many_entries(20_001, {"metadata.csv": SHEET}), "超过上限 20000 个"),
}


@pytest.mark.parametrize("kind", UPLOADS)
def test_a_bomb_upload_is_refused_and_leaves_no_run_and_no_files(login, users, org, settings, tmp_path, kind):
    settings.MEDIA_ROOT = tmp_path
    build, message = UPLOADS[kind]
    with bombs.peak_memory() as peak:
        response = post(login(users.office), org, build())
    assert response.status_code == 200 and message in response.content.decode()
    assert not ImportRun.objects.exists() and stored(tmp_path) == []
    assert peak[0] < 40 * bombs.MB  # the 20 001-entry zip's directory alone is most of this


def test_the_unpacked_total_of_an_import_is_bounded_by_settings(login, users, org, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.FAZHI_ARCHIVE_LIMITS = ArchiveLimits(max_import_bytes=1 * bombs.MB)
    data = bombs.honest_zip({"metadata.csv": SHEET.encode(), "a.pdf": os.urandom(2 * bombs.MB)})
    response = post(login(users.office), org, data)
    assert "压缩包解压后共 2 MB，超过上限 1 MB" in response.content.decode()
    assert not ImportRun.objects.exists() and stored(tmp_path) == []


def test_a_gzip_sheet_bomb_is_refused(tmp_path):
    path = tmp_path / "metadata.json.gz"
    path.write_bytes(bombs.gzip_bomb(80 * bombs.MB))
    with bombs.peak_memory() as peak, pytest.raises(importer.SheetError, match="元数据表“metadata.json.gz”解压后超过上限"):
        importer.read_sheet(path)
    assert peak[0] < 60 * bombs.MB  # stops at the 50 MB limit instead of inflating 80 MB


def test_a_docx_bomb_inside_the_import_refuses_its_row_and_writes_nothing(tmp_path, org):
    (tmp_path / "a.docx").write_bytes(bombs.docx_bomb(60 * bombs.MB))
    (tmp_path / "metadata.csv").write_text(SHEET.replace("a.txt", "a.docx"), encoding="utf-8")
    record = importer.create_run(None, unit=org.county, directory=tmp_path, sheet=tmp_path / "metadata.csv",
                                 source_name="测试")
    result = importer.run_import(record)
    assert result.status == ImportRun.Status.REFUSED
    assert "压缩比异常" in str(result.report)
    assert not NormativeDocument.objects.exists()
