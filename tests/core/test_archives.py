"""The archive guard (fazhi.core.archives): bombs are refused before they unpack (issue #10, item 3)."""

from __future__ import annotations

import io
import os
import zipfile
import zlib

import pytest

from fazhi.core.archives import ArchiveLimits, ArchiveRefused, check_text, copy_member, gunzip, open_zip
from tests import bombs
from tests.bombs import MB

DEFAULTS = ArchiveLimits()


def test_a_60_mb_document_in_a_200_kb_docx_is_refused_by_its_ratio_without_unpacking():
    data = bombs.docx_bomb(60 * MB)
    assert len(data) < 300 * 1024
    with bombs.peak_memory() as peak, pytest.raises(ArchiveRefused, match=r"word/document\.xml.*压缩比异常"):
        open_zip(data, DEFAULTS)
    assert peak[0] < 5 * MB  # the directory is read, nothing is inflated


def test_the_total_unpacked_size_is_bounded_even_at_an_ordinary_ratio():
    data = bombs.honest_zip({"a.bin": os.urandom(2 * MB), "b.bin": os.urandom(2 * MB)})
    with pytest.raises(ArchiveRefused, match="解压后共 4 MB，超过上限 3 MB"):
        open_zip(data, ArchiveLimits(max_unpacked_bytes=3 * MB))
    open_zip(data, ArchiveLimits(max_unpacked_bytes=5 * MB)).close()


def test_too_many_entries_are_refused():
    data = bombs.many_entries(2001)
    with pytest.raises(ArchiveRefused, match="包含 2001 个压缩条目，超过上限 2000 个"):
        open_zip(data, DEFAULTS)
    open_zip(bombs.many_entries(2000), DEFAULTS).close()


def test_small_highly_compressible_parts_are_not_mistaken_for_bombs():
    # 512 KB of spaces compresses about 1000:1 but is harmless: the ratio counts above 1 MB only.
    open_zip(bombs.honest_zip({"word/styles.xml": b" " * (512 * 1024)}), DEFAULTS).close()


def test_compression_methods_office_never_uses_are_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_BZIP2) as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(ArchiveRefused, match="不支持的压缩方式"):
        open_zip(buffer.getvalue(), DEFAULTS)


def test_copying_an_entry_stops_at_the_budget_whatever_the_header_says(tmp_path):
    data = bombs.honest_zip({"big.txt": b"x" * (3 * MB)})
    with (zipfile.ZipFile(io.BytesIO(data)) as archive, open(tmp_path / "out", "wb") as target,
          pytest.raises(ArchiveRefused, match="已停止解压")):
        copy_member(archive, archive.getinfo("big.txt"), target, 1 * MB)
    assert (tmp_path / "out").stat().st_size <= 1 * MB


def test_an_entry_larger_than_its_header_declares_is_refused_before_any_library_reads_it():
    """A header that says 1000 bytes over 50 MB: zipfile's read() would inflate all 50 MB before cutting."""
    data = bombs.lying_zip("word/document.xml", real=50 * MB, declared=1000)
    with bombs.peak_memory() as peak, pytest.raises(ArchiveRefused, match="比声明的.*更大"):
        open_zip(data, DEFAULTS)
    assert peak[0] < 5 * MB


def test_unpacking_a_lying_entry_stops_at_its_declared_size(tmp_path):
    data = bombs.lying_zip("a.txt", real=50 * MB, declared=1000)
    archive = open_zip(data, DEFAULTS, inflate=False)  # the directory alone looks harmless
    with bombs.peak_memory() as peak, open(tmp_path / "out", "wb") as target, pytest.raises(zipfile.BadZipFile):
        copy_member(archive, archive.getinfo("a.txt"), target, DEFAULTS.max_unpacked_bytes)
    assert peak[0] < 5 * MB and (tmp_path / "out").stat().st_size <= 1000


def test_broken_compressed_data_is_a_bad_zip():
    data = bytearray(bombs.honest_zip({"a.txt": "依法行政".encode() * 1000}))
    start = data.find(b"a.txt") + len("a.txt")  # the local header's name: the deflate data follows
    data[start] = 0xFF  # a final block of the reserved type 3: "invalid block type"
    with pytest.raises(zipfile.BadZipFile):
        open_zip(bytes(data), DEFAULTS)


def test_gunzip_stops_at_the_limit():
    data = bombs.gzip_bomb(40 * MB)
    with bombs.peak_memory() as peak, pytest.raises(ArchiveRefused, match="已停止解压"):
        gunzip(data, ArchiveLimits(max_unpacked_bytes=4 * MB))
    assert peak[0] < 10 * MB
    assert gunzip(bombs.gzip_bomb(3 * MB), ArchiveLimits(max_unpacked_bytes=4 * MB)) == b"\0" * (3 * MB)
    with pytest.raises(zlib.error):
        gunzip(data[: len(data) // 2], DEFAULTS)


def test_text_length_is_bounded():
    assert check_text("法" * 10, ArchiveLimits(max_text_chars=10)) == "法" * 10
    with pytest.raises(ArchiveRefused, match="全文共 11 字，超过上限 10 字"):
        check_text("法" * 11, ArchiveLimits(max_text_chars=10))


def test_limits_come_from_the_environment_with_defaults():
    limits = ArchiveLimits.from_environ({"FAZHI_ARCHIVE_MAX_MB": "8", "FAZHI_ARCHIVE_MAX_RATIO": "40",
                                         "FAZHI_TEXT_MAX_CHARS": "", "FAZHI_IMPORT_ZIP_MAX_MB": "100"})
    assert (limits.max_unpacked_bytes, limits.max_ratio, limits.max_text_chars) == (8 * MB, 40, 1_000_000)
    assert (limits.for_import().max_unpacked_bytes, limits.for_import().max_entries) == (100 * MB, 20_000)
    with pytest.raises(ValueError, match="FAZHI_ARCHIVE_MAX_ENTRIES 的值 'many' 不是整数"):
        ArchiveLimits.from_environ({"FAZHI_ARCHIVE_MAX_ENTRIES": "many"})
    with pytest.raises(ValueError, match="FAZHI_ARCHIVE_MAX_RATIO 的值 0 小于"):
        ArchiveLimits.from_environ({"FAZHI_ARCHIVE_MAX_RATIO": "0"})
