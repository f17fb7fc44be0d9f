"""Files to text: encodings (UTF-8 with or without BOM, GB18030/GBK, UTF-16) and formats (txt, docx, html, pdf).

The format is sniffed from the first bytes before the suffix is trusted: uploads are often renamed.
python-docx and pypdf are imported only when such a file arrives, to keep the CLI's cold start small.
A docx is checked against the archive limits (`fazhi.core.archives`) before python-docx unpacks it, and
every text against the length limit, so a decompression bomb is refused here, in the CLI and the web.
"""

from __future__ import annotations

import io
import os
import re

from fazhi.core.archives import ArchiveLimits, ArchiveRefused, check_text, open_zip
from fazhi.plans.extract.errors import PlanReadError

MAX_BYTES = 50 * 1024 * 1024

# Below this many characters of text a PDF is taken to be a scan (an image per page).
MIN_PDF_TEXT = 20

# Control characters no document means (NUL fill, binary debris); tab, line breaks and form feed stay.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffe\uffff]")
# What counts as content: a Chinese character, a letter or a digit (anything else is punctuation or debris).
_CONTENT = re.compile(r"[\w\u3400-\u9fff]")
NOTHING_RECOGNISED = "没有可识别的内容"
# An extraction without a single numbered item is no plan (the CLI and the web refuse it alike).
NO_ITEMS = f"{NOTHING_RECOGNISED}（没有从文件中识别出任何编号条目），请确认这是一份规划方案，或粘贴方案正文"


def read_document(path: str | os.PathLike[str], limits: ArchiveLimits | None = None) -> str:
    """The text of a plan file; PlanReadError (Chinese message) when it cannot be read.

    `limits` bound a docx's unpacking and the text's length; default: the environment's (as the web's).
    """
    limits = limits or ArchiveLimits.from_environ()
    path = os.fspath(path)
    if os.path.isdir(path):
        raise PlanReadError(path, "这是一个目录，不是文件")
    try:
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            raise PlanReadError(
                path, f"文件太大（{size // 1024 // 1024} MB），不能超过 {MAX_BYTES // 1024 // 1024} MB"
            )
        with open(path, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        raise PlanReadError(path, "文件不存在") from None
    except PermissionError:
        raise PlanReadError(path, "没有读取权限") from None
    except OSError as exc:
        raise PlanReadError(path, f"读取失败（{exc.strerror or exc}）") from None
    if not data.strip():
        raise PlanReadError(path, "文件是空的")
    kind = sniff(data, os.path.splitext(path)[1].lower())
    if kind == "pdf":
        text = read_pdf(path, data)
    elif kind == "docx":
        text = read_docx(path, data, limits)
    elif kind == "doc":
        raise PlanReadError(path, "不支持旧版 Word（.doc）格式，请另存为 .docx 后再上传")
    elif kind == "html":
        from fazhi.plans.extract.htmltext import html_to_text  # html.parser only when a page arrives

        text = html_to_text(decode(path, data))
    else:
        text = decode(path, data)
    text = _CONTROL.sub("", text)  # NUL-filled "text" is no text; the database refuses NUL anyway
    if not _CONTENT.search(text):
        raise PlanReadError(path, f"{NOTHING_RECOGNISED}（文件中没有文字）")
    try:
        return check_text(text, limits)
    except ArchiveRefused as exc:
        raise PlanReadError(path, str(exc)) from None


def sniff(data: bytes, suffix: str) -> str:
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"
    if suffix in (".html", ".htm", ".xhtml", ".shtml"):
        return "html"
    if suffix == ".pdf":
        return "pdf"
    if suffix == ".docx":
        return "docx"
    if suffix == ".doc":
        return "doc"
    lowered = head[:300].lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered:
        return "html"
    return "text"


def decode(path: str, data: bytes) -> str:
    """Bytes to str: BOMs first, then strict UTF-8, then GB18030 (a superset of GBK and GB2312)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096]:
        raise PlanReadError(path, f"{NOTHING_RECOGNISED}（不是文本文件，可能是二进制或不支持的格式）")
    raise PlanReadError(path, f"{NOTHING_RECOGNISED}（既不是 UTF-8 也不是 GBK/GB18030 编码的文本，可能是二进制或已损坏）")


def read_docx(path: str, data: bytes, limits: ArchiveLimits) -> str:
    try:
        import docx  # python-docx; lazy: costs ~100 ms to import
    except ImportError:  # pragma: no cover - a dependency of the project
        raise PlanReadError(path, "缺少 python-docx，无法读取 docx") from None
    import zipfile

    try:
        open_zip(data, limits).close()  # the package's directory, checked before python-docx unpacks it
        document = docx.Document(io.BytesIO(data))
    except ArchiveRefused as exc:
        raise PlanReadError(path, str(exc)) from None
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise PlanReadError(path, f"不是有效的 docx 文件（{exc.__class__.__name__}）") from None
    except Exception as exc:  # python-docx raises its own and lxml errors for broken parts
        raise PlanReadError(path, f"docx 文件已损坏（{exc.__class__.__name__}）") from None
    return "\n".join(docx_blocks(document))


def docx_blocks(document) -> list[str]:
    """Paragraphs and table rows in body order (tables often hold the 任务分工 with units)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(block, document).text)
        elif tag == "tbl":
            for row in Table(block, document).rows:
                cells: list[str] = []
                for cell in row.cells:
                    text = cell.text.strip()
                    if text and (not cells or cells[-1] != text):  # merged cells repeat their text
                        cells.append(text)
                lines.append(" ".join(cells))
    return lines


def read_pdf(path: str, data: bytes) -> str:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError:  # pragma: no cover - a dependency of the project
        raise PlanReadError(path, "缺少 pypdf，无法读取 PDF") from None
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise PlanReadError(path, "PDF 已加密，请先解除密码保护")
        pages = [page.extract_text() or "" for page in reader.pages]
    except PlanReadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        raise PlanReadError(path, f"不是有效的 PDF 文件（{exc.__class__.__name__}）") from None
    except Exception as exc:  # pypdf may raise many internal errors on broken files
        raise PlanReadError(path, f"PDF 文件已损坏（{exc.__class__.__name__}）") from None
    text = "\n".join(pages)
    if len(re.sub(r"\s", "", text)) < MIN_PDF_TEXT:
        raise PlanReadError(path, "PDF 没有文本层（可能是扫描件），请提供文字版或先做文字识别")
    return text
