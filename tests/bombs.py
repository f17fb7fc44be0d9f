"""Small decompression bombs built in memory, for the archive-limit tests (issue #10, item 3).

Each builder streams its huge entry into the zip chunk by chunk, so building one costs a few MB of
memory however large the entry claims to be.
"""

from __future__ import annotations

import io
import struct
import tracemalloc
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager

MB = 1024 * 1024
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)


def _stream(archive: zipfile.ZipFile, name: str, chunk: bytes, total: int) -> None:
    with archive.open(name, "w", force_zip64=True) as entry:  # compressed as the archive says (deflate)
        written = 0
        while written < total:
            piece = chunk[: total - written]
            entry.write(piece)
            written += len(piece)


def zip_bytes(build: Callable[[zipfile.ZipFile], None]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        build(archive)
    return buffer.getvalue()


def docx_bomb(unpacked: int = 60 * MB) -> bytes:
    """A .docx whose word/document.xml is `unpacked` bytes of one repeated paragraph (ratio in the hundreds)."""
    paragraph = "<w:p><w:r><w:t>依法行政依法行政依法行政</w:t></w:r></w:p>".encode() * 2000

    def build(archive: zipfile.ZipFile) -> None:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        _stream(archive, "word/document.xml", paragraph, unpacked)

    return zip_bytes(build)


def xlsx_bomb(unpacked: int = 60 * MB) -> bytes:
    """An .xlsx whose first sheet is `unpacked` bytes of the same empty styled cell."""
    cell = b'<c r="A1" s="1"/>' * 4000

    def build(archive: zipfile.ZipFile) -> None:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("xl/workbook.xml", "<workbook/>")
        _stream(archive, "xl/worksheets/sheet1.xml", cell, unpacked)

    return zip_bytes(build)


def many_entries(count: int, first: dict[str, str] | None = None) -> bytes:
    """A zip of `count` tiny entries (after the entries of `first`)."""

    def build(archive: zipfile.ZipFile) -> None:
        for name, text in (first or {}).items():
            archive.writestr(name, text)
        for index in range(count):
            archive.writestr(f"parts/{index}.xml", "<x/>")

    return zip_bytes(build)


def honest_zip(entries: dict[str, bytes]) -> bytes:
    return zip_bytes(lambda archive: [archive.writestr(name, data) for name, data in entries.items()])


def lying_zip(name: str, real: int, declared: int, extra: dict[str, str] | None = None) -> bytes:
    """A zip whose entry `name` holds `real` bytes of zeros but whose headers say `declared` bytes."""
    chunk = b"\0" * MB

    def build(archive: zipfile.ZipFile) -> None:
        for other, text in (extra or {}).items():
            archive.writestr(other, text)
        _stream(archive, name, chunk, real)

    data = bytearray(zip_bytes(build))
    # (signature, offset of the name/extra lengths, of the name, of the 4-byte uncompressed size)
    for signature, lengths_at, name_at, size_at in ((b"PK\x01\x02", 28, 46, 24), (b"PK\x03\x04", 26, 30, 22)):
        header = data.find(signature)
        while header != -1:
            name_length, extra_length = struct.unpack_from("<HH", data, header + lengths_at)
            if bytes(data[header + name_at: header + name_at + name_length]) == name.encode():
                _declare(data, header + size_at, header + name_at + name_length, extra_length, declared)
            header = data.find(signature, header + 4)
    return bytes(data)


def _declare(data: bytearray, size_at: int, extra_at: int, extra_length: int, declared: int) -> None:
    """Write `declared` as the uncompressed size: the 4-byte field, or the zip64 extra field's first value."""
    if struct.unpack_from("<I", data, size_at)[0] != 0xFFFFFFFF:
        struct.pack_into("<I", data, size_at, declared)
        return
    position = extra_at
    while position < extra_at + extra_length:
        tag, length = struct.unpack_from("<HH", data, position)
        if tag == 0x0001:
            struct.pack_into("<Q", data, position + 4, declared)
            return
        position += 4 + length


def gzip_bomb(unpacked: int) -> bytes:
    """gzip of `unpacked` zero bytes, compressed in a stream."""
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    chunk = b"\0" * MB
    out = bytearray()
    for start in range(0, unpacked, MB):
        out += packer.compress(chunk[: min(MB, unpacked - start)])
    out += packer.flush()
    return bytes(out)


@contextmanager
def peak_memory() -> Iterator[list[int]]:
    """Measure the peak of Python allocations inside the block: `with peak_memory() as peak: …; peak[0]`."""
    result = [0]
    tracemalloc.start()
    try:
        yield result
    finally:
        result[0] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
