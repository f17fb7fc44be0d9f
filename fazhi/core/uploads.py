"""Checks shared by every file upload: does the content match the extension, is the size within the limit.

Pure functions over a Django `UploadedFile` (anything with `name`, `size`, `read`, `seek`); each app keeps
its own list of accepted extensions and its own wording, and calls `check_upload`.
"""

from __future__ import annotations

import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404

from fazhi.core.archives import megabytes

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Office / WPS compound file (doc, xls, wps)
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")  # a zip with entries, an empty zip

# Extension → (content type, label shown in messages). Apps pick the ones they accept from here.
FILE_TYPES: dict[str, tuple[str, str]] = {
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word 文档"),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel 表格"),
    ".doc": ("application/msword", "Word 文档"),
    ".xls": ("application/vnd.ms-excel", "Excel 表格"),
    ".wps": ("application/vnd.ms-works", "WPS 文档"),
    ".ofd": ("application/ofd", "OFD 版式文件"),
    ".pdf": ("application/pdf", "PDF 文件"),
    ".png": ("image/png", "PNG 图片"),
    ".jpg": ("image/jpeg", "JPG 图片"),
    ".jpeg": ("image/jpeg", "JPG 图片"),
    ".zip": ("application/zip", "ZIP 压缩包"),
}

# The one list of files accepted as documents: evidence of a progress report and attachments of a normative
# document alike. OFD is the national e-document format; .doc/.xls/.wps are what older offices still save.
DOCUMENT_TYPES: dict[str, tuple[str, str]] = {
    ext: FILE_TYPES[ext]
    for ext in (".pdf", ".ofd", ".docx", ".doc", ".wps", ".xlsx", ".xls", ".jpg", ".jpeg", ".png", ".zip")
}


def kinds_text(allowed: dict[str, tuple[str, str]]) -> str:
    """"pdf、ofd、docx …" for messages and help texts (.jpeg is shown as jpg)."""
    return "、".join(e.lstrip(".") for e in allowed if e != ".jpeg")


def accept_attribute(allowed: dict[str, tuple[str, str]]) -> str:
    """The `accept` attribute of a file input: ".pdf,.ofd,…"."""
    return ",".join(allowed)


# Parts an Office Open XML / OFD package must hold.
_PACKAGE_PARTS = {
    ".docx": ("[Content_Types].xml", "word/document.xml"),
    ".xlsx": ("[Content_Types].xml", "xl/workbook.xml"),
    ".ofd": ("OFD.xml",),
}


def _zip_names(upload) -> set[str] | None:
    try:
        with zipfile.ZipFile(upload) as package:
            return set(package.namelist())
    except zipfile.BadZipFile:
        return None
    finally:
        upload.seek(0)


def content_matches(extension: str, upload) -> bool:
    """Check the first bytes (and, for packages, the parts inside) against the extension."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if extension == ".pdf":
        return head.startswith(b"%PDF-")
    if extension == ".png":
        return head == b"\x89PNG\r\n\x1a\n"
    if extension in (".jpg", ".jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if extension in (".doc", ".xls", ".wps"):
        return head == OLE2_MAGIC
    if extension == ".zip":
        return head.startswith(ZIP_MAGICS) and _zip_names(upload) is not None
    if extension in _PACKAGE_PARTS:
        if not head.startswith(b"PK\x03\x04"):
            return False
        names = _zip_names(upload)
        return names is not None and all(part in names for part in _PACKAGE_PARTS[extension])
    return False


def check_upload(upload, allowed: dict[str, tuple[str, str]], *, max_bytes: int, what: str) -> str:
    """Refuse a file whose extension is not in `allowed`, which is empty or too large, or whose bytes do not
    match its extension; every message names the file. Returns the lower-case extension (with the dot).

    `what` names the kind of file in the refusal, e.g. "附件" → "附件只接受 pdf、docx … 文件".
    """
    name = PurePath(getattr(upload, "name", "") or "").name
    extension = PurePath(name).suffix.lower()
    if extension not in allowed:
        shown = extension or "无扩展名"
        raise ValidationError(f"文件“{name}”的类型（{shown}）不支持：{what}只接受 {kinds_text(allowed)} 文件")
    if upload.size > max_bytes:
        raise ValidationError(
            f"文件“{name}”过大（{megabytes(upload.size)}），单个文件不能超过 {megabytes(max_bytes)}"
        )
    if upload.size == 0:
        raise ValidationError(f"文件“{name}”是空文件")
    if not content_matches(extension, upload):
        raise ValidationError(
            f"文件“{name}”的内容不是有效的{allowed[extension][1]}（文件内容与扩展名不符），请上传原始文件"
        )
    return extension


def download_response(stored, filename: str) -> FileResponse:
    """Send a stored file (a `FieldFile`) as a download under `filename`; 404 if the file has gone."""
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404("文件已不存在") from None
    return FileResponse(handle, as_attachment=True, filename=filename)
