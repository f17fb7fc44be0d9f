"""How SQLite stores a search entry's text (`models.PackedTextField`): its UTF-8 compressed with zstd.

Until migration 0017 the texts were zlib-compressed (level 1); both read back, told apart by zstd's
frame magic (a zlib stream starts with 0x78). zstd at level 3 packs the benchmark's texts as small as
zlib did (0.508 against 0.504 of their UTF-8) in less than half the time (44 against 100 µs a text),
and unpacks them 2.5 times as fast (13 against 32 µs), which is most of a snippet's cost
(`docs/benchmarks.md`, "thirteenth session"). Nothing here imports Django: a bulk load's worker
processes pack texts too.
"""

from __future__ import annotations

import threading
import zlib
from collections.abc import Iterator

import zstandard

LEVEL = 3
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
# A zlib-packed text is unpacked this far first, then twice as far each time, then whole (`heads`).
ZLIB_HEADS = tuple(2_048 << k for k in range(7))  # 2 KB … 128 KB

_codecs = threading.local()  # zstd's contexts are not thread-safe, and making one costs more than a text


def _compressor() -> zstandard.ZstdCompressor:
    if not hasattr(_codecs, "compressor"):
        _codecs.compressor = zstandard.ZstdCompressor(level=LEVEL)
    return _codecs.compressor


def _decompressor() -> zstandard.ZstdDecompressor:
    if not hasattr(_codecs, "decompressor"):
        _codecs.decompressor = zstandard.ZstdDecompressor()
    return _codecs.decompressor


def pack(text: str) -> bytes:
    """`text` as stored: zstd of its UTF-8 (the frame records its size)."""
    return _compressor().compress(text.encode())


def unpack(stored: bytes) -> bytes:
    """The UTF-8 of a text `pack` (or, before migration 0017, zlib) packed."""
    if stored.startswith(ZSTD_MAGIC):
        return _decompressor().decompress(stored)
    return zlib.decompress(stored)


def is_zlib(stored: bytes) -> bool:
    """Whether `stored` was packed before migration 0017 (zlib)."""
    return not stored.startswith(ZSTD_MAGIC)


def heads(stored: bytes) -> Iterator[tuple[bytes, bool]]:
    """Ever longer starts of a packed text's UTF-8, each with whether it is the whole text, for a reader
    that may stop early (`fazhi.search.snippets.readable`). zstd unpacks a whole text about as fast as
    zlib its first 4 KB: one head, the whole. A zlib text is unpacked in ZLIB_HEADS steps."""
    if not is_zlib(stored):
        yield unpack(stored), True
        return
    unpacker = zlib.decompressobj()
    head, rest = b"", stored
    for size in ZLIB_HEADS:
        head += unpacker.decompress(rest, size - len(head))
        rest = unpacker.unconsumed_tail
        if unpacker.eof:
            yield head, True
            return
        yield head, False
    yield head + unpacker.decompress(rest) + unpacker.flush(), True
