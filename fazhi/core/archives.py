"""Bounds on every archive the platform opens: docx and xlsx (zip packages), zip imports, gzip sheets.

A 183 KB .docx can hold 60 MB of XML (a decompression bomb): parsed whole, it held a web worker for
minutes and filled the database. So, before any library unpacks a package, `check_zip` reads the zip's
directory and refuses a package with too many entries, too large a total once unpacked, an entry
compressed more than any real document is, or a compression method Office never uses; then it
inflates every entry once in small chunks (keeping nothing) to catch a header that lies about the size,
since the libraries read whole parts at once. Where the platform unpacks an archive itself
(`copy_member`, `gunzip`), it reads in chunks and stops at the limit, whatever the headers claim.
`check_text` bounds a document's text once extracted (what ends up in the database and the index).

Pure Python (no Django): the plan extraction engine and its CLI use `ArchiveLimits.from_environ()`, the
web side `settings.FAZHI_ARCHIVE_LIMITS`, both read from the same environment variables
(docs/configuration.md). Every refusal is an `ArchiveRefused` whose Chinese message says what is wrong;
the caller puts the file's name in front ("无法读取文件 计划.docx：解压后共 60 MB，…").
"""

from __future__ import annotations

import io
import os
import struct
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import IO, ClassVar

MB = 1024 * 1024
# Below this size an entry's ratio says nothing (a small part of spaces compresses 1000:1 and is harmless).
RATIO_FLOOR = 1 * MB
CHUNK = 64 * 1024
# Office documents use only these; bzip2/lzma would inflate a whole read chunk at once.
ALLOWED_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)


class ArchiveRefused(ValueError):
    """An archive (or the text taken from it) is beyond the limits; the message says which, in Chinese."""


@dataclass(frozen=True)
class ArchiveLimits:
    """How far one archive may unpack. The defaults are far above any real plan, ledger or import."""

    max_unpacked_bytes: int = 50 * MB  # one docx/xlsx, all its parts unpacked
    max_entries: int = 2000
    max_ratio: int = 100  # unpacked size / packed size of one entry (real Office XML: 5–30)
    max_text_chars: int = 1_000_000  # text taken from one document (a 100-page plan: about 100 000)
    max_import_bytes: int = 500 * MB  # a bulk-import zip (a folder of documents and a sheet), unpacked
    max_import_entries: int = 20_000

    # field → (environment variable, unit of its value)
    ENVIRONMENT: ClassVar[dict[str, tuple[str, int]]] = {
        "max_unpacked_bytes": ("FAZHI_ARCHIVE_MAX_MB", MB),
        "max_entries": ("FAZHI_ARCHIVE_MAX_ENTRIES", 1),
        "max_ratio": ("FAZHI_ARCHIVE_MAX_RATIO", 1),
        "max_text_chars": ("FAZHI_TEXT_MAX_CHARS", 1),
        "max_import_bytes": ("FAZHI_IMPORT_ZIP_MAX_MB", MB),
        "max_import_entries": ("FAZHI_IMPORT_ZIP_MAX_ENTRIES", 1),
    }

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> ArchiveLimits:
        """The limits the environment sets (unset or empty: the default); ValueError names a bad variable."""
        environ = os.environ if environ is None else environ
        values = {}
        for field, (variable, unit) in cls.ENVIRONMENT.items():
            raw = (environ.get(variable) or "").strip()
            if not raw:
                continue
            try:
                value = int(raw)
            except ValueError:
                raise ValueError(f"环境变量 {variable} 的值 {raw!r} 不是整数") from None
            if value < 1:
                raise ValueError(f"环境变量 {variable} 的值 {value} 小于允许的最小值 1")
            values[field] = value * unit
        return cls(**values)

    def for_import(self) -> ArchiveLimits:
        """The limits of a bulk-import zip: a whole folder of documents rather than one document."""
        return replace(self, max_unpacked_bytes=self.max_import_bytes, max_entries=self.max_import_entries)


def megabytes(size: int) -> str:
    """A size as messages write it: 1.5 MB, 20 MB."""
    return f"{size / MB:.1f} MB".replace(".0 MB", " MB")


def check_zip(archive: zipfile.ZipFile, limits: ArchiveLimits, *, inflate: bool = True) -> None:
    """Refuse `archive` before any library unpacks it: by its directory, then (`inflate`) by inflating
    each entry in chunks, without keeping the output, to see that no entry holds more than it declares."""
    entries = archive.infolist()
    if len(entries) > limits.max_entries:
        raise ArchiveRefused(f"包含 {len(entries)} 个压缩条目，超过上限 {limits.max_entries} 个，已拒绝处理")
    total = 0
    for info in entries:
        if info.compress_type not in ALLOWED_METHODS:
            raise ArchiveRefused(f"使用了不支持的压缩方式（{info.compress_type}），已拒绝处理")
        if info.flag_bits & 0x1:
            raise ArchiveRefused(f"其中的“{info.filename}”已加密，无法检查，已拒绝处理")
        total += info.file_size
        if info.file_size > RATIO_FLOOR and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise ArchiveRefused(
                f"其中的“{info.filename}”压缩比异常（{ratio} 倍，上限 {limits.max_ratio} 倍），"
                "疑似压缩炸弹，已拒绝处理"
            )
    if total > limits.max_unpacked_bytes:
        raise ArchiveRefused(
            f"解压后共 {megabytes(total)}，超过上限 {megabytes(limits.max_unpacked_bytes)}，已拒绝处理"
        )
    if inflate:
        for info in entries:
            if _inflates_beyond(archive, info):
                raise ArchiveRefused(
                    f"其中的“{info.filename}”解压后比声明的 {info.file_size} 字节更大，疑似压缩炸弹，已拒绝处理"
                )


def _inflates_beyond(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Whether the entry's data inflates to more than its declared size (inflated chunk by chunk, kept nowhere).

    zipfile cuts an entry at its declared size, but only after inflating what one read asks for: python-docx
    and openpyxl read whole parts, so one lying header would inflate the full bomb in memory first.
    """
    handle = archive.fp
    handle.seek(info.header_offset)
    header = handle.read(30)
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"bad local header for {info.filename!r}")
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    handle.seek(info.header_offset + 30 + name_length + extra_length)
    inflater = zlib.decompressobj(-zlib.MAX_WBITS) if info.compress_type == zipfile.ZIP_DEFLATED else None
    left, produced = info.compress_size, 0
    while left > 0:
        pending = handle.read(min(CHUNK, left))
        if not pending:
            break
        left -= len(pending)
        if inflater is None:
            produced += len(pending)
        while pending and not (inflater is None or inflater.eof):
            produced += len(inflater.decompress(pending, CHUNK))
            if produced > info.file_size:
                return True
            pending = inflater.unconsumed_tail
        if produced > info.file_size:
            return True
    return False


def open_zip(data: bytes | IO[bytes], limits: ArchiveLimits, *, inflate: bool = True) -> zipfile.ZipFile:
    """The zip of `data` (bytes or a binary file), checked (`check_zip`); BadZipFile if it is no zip at all."""
    archive = zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes | bytearray) else data)
    try:
        check_zip(archive, limits, inflate=inflate)
    except (ArchiveRefused, zipfile.BadZipFile):
        archive.close()
        raise
    except zlib.error as exc:  # broken compressed data: the same as any other broken zip for the callers
        archive.close()
        raise zipfile.BadZipFile(str(exc)) from None
    return archive


def copy_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: IO[bytes], budget: int) -> int:
    """Unpack one entry into `target` in chunks; ArchiveRefused once more than `budget` bytes come out.

    Returns the bytes written. `budget` is what is left of the archive's total limit.
    """
    written = 0
    with archive.open(info) as source:
        while chunk := source.read(CHUNK):
            written += len(chunk)
            if written > budget:
                raise ArchiveRefused("解压后超过上限，已停止解压并拒绝处理")
            target.write(chunk)
    return written


def gunzip(data: bytes, limits: ArchiveLimits) -> bytes:
    """Decompress gzip `data`, stopping (ArchiveRefused) once the output passes the archive limit."""
    inflater = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16)
    out = bytearray()
    pending = data
    while pending and not inflater.eof:
        out += inflater.decompress(pending, CHUNK)
        if len(out) > limits.max_unpacked_bytes:
            raise ArchiveRefused(
                f"解压后超过上限 {megabytes(limits.max_unpacked_bytes)}，已停止解压并拒绝处理"
            )
        pending = inflater.unconsumed_tail
    out += inflater.flush()  # at most one window (32 KB) is left inside the inflater
    if len(out) > limits.max_unpacked_bytes:
        raise ArchiveRefused(f"解压后超过上限 {megabytes(limits.max_unpacked_bytes)}，已拒绝处理")
    if not inflater.eof:
        raise zlib.error("incomplete gzip stream")
    return bytes(out)


def check_text(text: str, limits: ArchiveLimits) -> str:
    """`text` if it is within the length a document's text may have, else ArchiveRefused."""
    if len(text) > limits.max_text_chars:
        raise ArchiveRefused(
            f"全文共 {len(text)} 字，超过上限 {limits.max_text_chars} 字，已拒绝处理"
        )
    return text
