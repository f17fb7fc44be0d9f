"""Bulk import of an existing corpus: a folder of txt/docx/html/pdf files plus a CSV or JSON metadata sheet.

Policy: **all or nothing per run.** Every row is read and checked first (the slow part, with progress
saved to the `ImportRun` so a page can poll it); if any row is refused, nothing is written and the run
reports every refused row with its reason. Only a run with no refused row writes, in one transaction.
Imported documents are historical published documents (origin 历史导入): they carry no lifecycle records
and are left out of the rates.

Sheet columns (Chinese or English headers): 文件名/file, 标题/title, 文号/doc_number, 制定机关/issuer,
文件类型/type, 成文日期/written_on, 发布日期/published_on, 施行日期/effective_on, 有效期至/valid_until (the last
day in force; or 失效日期/expires_on, the first day out of force),
状态/status (现行有效, 已失效, 已废止), 废止日期/repealed_on, 统一登记号/registration_number, and the history
the rates count: 合法性审核日期/legality_reviewed_on, 报备日期/filed_on (left empty, the document counts as not
reviewed / not filed). A row may give its text inline (正文/text) instead of a file. JSON sheets are a list of
objects (or JSON Lines, .gz too).
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import io
import json
import re
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.core import oplog
from fazhi.core.archives import ArchiveRefused, copy_member, gunzip, open_zip
from fazhi.core.models import Unit, UnitAlias, User
from fazhi.normdocs import indexing, workflow
from fazhi.normdocs.models import (
    DocType,
    DocumentVersion,
    ImportRun,
    NormativeDocument,
    Origin,
    Review,
    ReviewKind,
    ReviewOutcome,
    State,
)
from fazhi.workflow import timelimits

FILE_SUFFIXES = (".txt", ".docx", ".html", ".htm", ".pdf")
SHEET_SUFFIXES = (".csv", ".json", ".jsonl", ".jsonl.gz", ".json.gz")
PROGRESS_EVERY = 10

COLUMNS = {
    "file": ["file", "文件名", "文件", "filename"],
    "title": ["title", "标题", "文件名称", "名称"],
    "doc_number": ["doc_number", "文号", "发文字号"],
    "issuer": ["issuer", "制定机关", "发文机关", "发布机关"],
    "doc_type": ["type", "doc_type", "文件类型", "类型", "效力级别"],
    "written_on": ["written_on", "成文日期"],
    "published_on": ["published_on", "发布日期", "公布日期"],
    "effective_on": ["effective_on", "施行日期", "生效日期"],
    "valid_until": ["valid_until", "有效期至"],
    "expires_on": ["expires_on", "失效日期"],
    "status": ["status", "状态", "时效性"],
    "repealed_on": ["repealed_on", "废止日期"],
    "registration_number": ["registration_number", "统一登记号", "登记号"],
    "legality_reviewed_on": ["legality_reviewed_on", "合法性审核日期"],
    "filed_on": ["filed_on", "报备日期"],
    "text": ["text", "正文", "全文"],
}
STATUSES = {"": "", "现行有效": "", "有效": "", "已修改": "", "已失效": "expired", "失效": "expired",
            "已废止": "repealed", "废止": "repealed"}
_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


class SheetError(Exception):
    """The sheet as a whole cannot be read (the message is Chinese)."""


@dataclass
class Row:
    line: int
    values: dict[str, str]
    problems: list[str] = field(default_factory=list)
    clean: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.values.get("title") or self.values.get("file") or f"第{self.line}行"


# ------------------------------------------------------------------------------------------------ sheets

def _normalise(raw: dict[str, Any]) -> dict[str, str]:
    lowered = {str(k).strip().lower(): v for k, v in raw.items()}
    out = {}
    for name, headers in COLUMNS.items():
        for header in headers:
            if header.lower() in lowered and lowered[header.lower()] not in (None, ""):
                out[name] = str(lowered[header.lower()]).strip()
                break
    return out


def read_sheet(path: Path) -> list[dict[str, str]]:
    """The rows of a CSV or JSON sheet, with column names normalised; SheetError if unreadable."""
    name = path.name.lower()
    try:
        raw = path.read_bytes()
    except OSError:
        raise SheetError(f"无法读取元数据表“{path.name}”") from None
    if name.endswith(".gz"):
        try:
            raw = gunzip(raw, settings.FAZHI_ARCHIVE_LIMITS)
        except ArchiveRefused as exc:
            raise SheetError(f"元数据表“{path.name}”{exc}") from None
        except (OSError, zlib.error):
            raise SheetError(f"“{path.name}”不是有效的 gzip 文件") from None
        name = name[:-3]
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise SheetError(f"元数据表“{path.name}”的编码无法识别（请使用 UTF-8）")
    if name.endswith(".csv"):
        records = list(csv.DictReader(io.StringIO(text)))
    elif name.endswith(".jsonl"):
        try:
            records = [json.loads(line) for line in text.splitlines() if line.strip()]
        except json.JSONDecodeError as exc:
            raise SheetError(f"元数据表“{path.name}”第{exc.lineno}行不是有效的 JSON") from None
    elif name.endswith(".json"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SheetError(f"元数据表“{path.name}”不是有效的 JSON（第{exc.lineno}行）") from None
        records = data.get("documents") if isinstance(data, dict) else data
        if not isinstance(records, list):
            raise SheetError("JSON 元数据表应为对象列表，或含 documents 列表的对象")
    else:
        raise SheetError(f"不支持的元数据表格式：{path.name}（支持 CSV、JSON、JSON Lines）")
    if not all(isinstance(r, dict) for r in records):
        raise SheetError("元数据表的每一行都应是一个对象")
    return [_normalise(r) for r in records]


def find_sheet(directory: Path) -> Path:
    """The metadata sheet of an unpacked upload: metadata.* or the only sheet at the top level."""
    sheets = sorted(p for p in directory.iterdir() if p.is_file() and p.name.lower().endswith(SHEET_SUFFIXES))
    named = [p for p in sheets if p.name.lower().startswith(("metadata", "元数据"))]
    if len(named) == 1:
        return named[0]
    if len(sheets) == 1:
        return sheets[0]
    if not sheets:
        raise SheetError("压缩包顶层没有元数据表（CSV 或 JSON）")
    raise SheetError("压缩包顶层有多个表格，请把元数据表命名为 metadata.csv 或 metadata.json")


def unpack_zip(upload, directory: Path) -> None:
    """Unpack an uploaded zip into `directory`, refusing entries that would escape it and archives beyond
    the import limits (checked before anything is written, and again byte by byte while unpacking)."""
    limits = settings.FAZHI_ARCHIVE_LIMITS.for_import()
    try:
        # inflate=False: `copy_member` below unpacks in chunks and stops at the limit or a lying size itself.
        archive = open_zip(upload, limits, inflate=False)
    except zipfile.BadZipFile:
        raise SheetError("上传的文件不是有效的 zip 压缩包") from None
    except ArchiveRefused as exc:
        raise SheetError(f"压缩包{exc}") from None
    with archive:
        budget = limits.max_unpacked_bytes
        root = directory.resolve()
        for info in archive.infolist():
            name = info.filename
            if not (info.flag_bits & 0x800):  # names not flagged UTF-8 were written as GBK by Windows tools
                with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
                    name = name.encode("cp437").decode("gb18030")
            target = (root / name).resolve()
            if not target.is_relative_to(root):
                raise SheetError(f"压缩包中的路径“{name}”不安全")
            if info.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                with open(target, "wb") as dst:
                    budget -= copy_member(archive, info, dst, budget)
            except ArchiveRefused as exc:
                raise SheetError(f"压缩包{exc}") from None
            except zipfile.BadZipFile:  # an entry larger than its header says fails its CRC
                raise SheetError(f"压缩包中的“{name}”已损坏") from None


# --------------------------------------------------------------------------------------------- checking

def _date(row: Row, name: str, label: str, required: bool = False) -> datetime.date | None:
    value = row.values.get(name, "")
    if not value:
        if required:
            row.problems.append(f"缺少{label}")
        return None
    match = _DATE.match(value)
    try:
        if match:
            return datetime.date(*(int(g) for g in match.groups()))
        return datetime.date.fromisoformat(value)
    except ValueError:
        row.problems.append(f"{label}“{value}”不是有效日期")
        return None


class IssuerResolver:
    """Unit names and aliases inside the import's scope; an ambiguous or unknown name is refused."""

    def __init__(self, scope: Unit):
        self.by_name: dict[str, set[int]] = {}
        self.units = {u.pk: u for u in Unit.objects.filter(scope.subtree_q())}
        for unit in self.units.values():
            self.by_name.setdefault(unit.name, set()).add(unit.pk)
        for alias in UnitAlias.objects.filter(scope.subtree_q("unit")):
            self.by_name.setdefault(alias.name, set()).add(alias.unit_id)
        self.scope = scope

    def resolve(self, name: str) -> tuple[Unit | None, str]:
        found = self.by_name.get(name.strip())
        if not found:
            return None, f"制定机关“{name}”不在“{self.scope.name}”的组织机构中"
        if len(found) > 1:
            return None, f"制定机关“{name}”对应多个单位，请写全称"
        return self.units[next(iter(found))], ""


def _doc_type(row: Row) -> str:
    value = row.values.get("doc_type", "")
    if not value:
        return DocType.NORMATIVE
    for code, label in DocType.choices:
        if value in (code, label) or (value == "规范性文件" and code == DocType.NORMATIVE):
            return code
    row.problems.append(f"文件类型“{value}”无法识别（可填：{'、'.join(DocType.labels)}）")
    return ""


def check_row(row: Row, directory: Path, issuers: IssuerResolver, reader: Callable[[Path], str]) -> None:
    """Fill `row.clean` or `row.problems`; reads the file, which is the slow part."""
    v = row.values
    if not v.get("title"):
        row.problems.append("缺少标题")
    elif len(v["title"]) > 300:
        row.problems.append("标题超过 300 字")
    issuer = None
    if not v.get("issuer"):
        row.problems.append("缺少制定机关")
    else:
        issuer, problem = issuers.resolve(v["issuer"])
        if problem:
            row.problems.append(problem)
    doc_type = _doc_type(row)
    published = _date(row, "published_on", "发布日期", required=True)
    effective = _date(row, "effective_on", "施行日期") or published
    written = _date(row, "written_on", "成文日期")
    valid_until = _date(row, "valid_until", "有效期至")
    first_day_out = _date(row, "expires_on", "失效日期")
    if valid_until is None and first_day_out is not None:
        valid_until = first_day_out - datetime.timedelta(days=1)  # 失效日期 is the first day no longer in force
    repealed = _date(row, "repealed_on", "废止日期")
    status = v.get("status", "")
    if status not in STATUSES:
        row.problems.append(f"状态“{status}”无法识别（可填：现行有效、已失效、已废止）")
    elif STATUSES[status] == "repealed" and repealed is None:
        row.problems.append("状态为已废止，但没有填写废止日期")
    elif STATUSES[status] == "expired" and valid_until is None:
        row.problems.append("状态为已失效，但没有填写有效期至（或失效日期）")
    reviewed = _date(row, "legality_reviewed_on", "合法性审核日期")
    filed = _date(row, "filed_on", "报备日期")
    if published and reviewed and reviewed > published:
        row.problems.append("合法性审核日期晚于发布日期")
    if published and filed and filed < published:
        row.problems.append("报备日期早于发布日期")
    if published and effective and effective < published:
        row.problems.append("施行日期早于发布日期")
    if published and published > timezone.localdate():
        row.problems.append("发布日期晚于今天")

    text = v.get("text", "")
    if not text:
        name = v.get("file", "")
        if not name:
            row.problems.append("既没有文件名也没有正文")
        else:
            path = (directory / name).resolve()
            if not path.is_relative_to(directory.resolve()):
                row.problems.append(f"文件名“{name}”指向导入目录之外")
            elif not path.is_file():
                row.problems.append(f"找不到文件“{name}”")
            elif not path.name.lower().endswith(FILE_SUFFIXES):
                row.problems.append(f"文件“{name}”的格式不受支持（支持 txt、docx、html、pdf）")
            else:
                try:
                    text = reader(path)
                except Exception as exc:  # the reader raises PlanReadError with a Chinese reason
                    row.problems.append(f"文件“{name}”无法读取：{getattr(exc, 'reason', None) or exc}")
    if not row.problems and not text.strip():
        row.problems.append("正文为空")
    row.clean = {
        "title": v.get("title", "")[:300], "doc_number": v.get("doc_number", "")[:100], "issuer": issuer,
        "doc_type": doc_type, "written_on": written, "published_on": published, "effective_on": effective,
        "valid_until": valid_until, "repealed_on": repealed if STATUSES.get(status) == "repealed" else None,
        "registration_number": v.get("registration_number", "")[:60], "text": text.strip(),
        "legality_reviewed_on": reviewed, "filed_on": filed,
    }


def _check_duplicates(rows: list[Row]) -> None:
    numbers: dict[str, int] = {}
    for row in rows:
        number = row.clean.get("registration_number")
        if not number:
            continue
        if number in numbers:
            row.problems.append(f"统一登记号“{number}”与第{numbers[number]}行重复")
        else:
            numbers[number] = row.line
    taken = set(NormativeDocument.objects.filter(registration_number__in=numbers).values_list("registration_number",
                                                                                            flat=True))
    for row in rows:
        if row.clean.get("registration_number") in taken:
            row.problems.append(f"统一登记号“{row.clean['registration_number']}”已被系统中的文件使用")
        issuer, title, number = row.clean.get("issuer"), row.clean.get("title"), row.clean.get("doc_number")
        if issuer and title and NormativeDocument.objects.filter(issuer=issuer, title=title, doc_number=number).exists():
            row.problems.append("系统中已有同一制定机关、同标题同文号的文件（是否重复导入？）")


# ---------------------------------------------------------------------------------------------- running

def default_reader(path: Path) -> str:
    """The plan engine's reader (txt/docx/html/pdf, any Chinese encoding): one file reader in the platform."""
    try:
        from fazhi.plans.extract import read_document
    except ImportError:
        from fazhi.plans.extract.reading import read_document
    return read_document(path, settings.FAZHI_ARCHIVE_LIMITS)


def _save_progress(run: ImportRun, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(run, name, value)
    ImportRun.objects.filter(pk=run.pk).update(**fields)


def run_import(
    run: ImportRun,
    *,
    reader: Callable[[Path], str] | None = None,
    progress: Callable[[ImportRun], None] | None = None,
) -> ImportRun:
    """Check every row (saving progress as it goes), then write all rows in one transaction or none."""
    reader = reader or default_reader
    directory = Path(run.directory)
    try:
        records = read_sheet(directory / run.sheet_name)
    except SheetError as exc:
        _save_progress(run, status=ImportRun.Status.FAILED, message=str(exc), finished_at=timezone.now())
        return run
    rows = [Row(line=i + 2, values=values) for i, values in enumerate(records)]  # line 1 is the header
    _save_progress(run, status=ImportRun.Status.READING, total=len(rows), processed=0)
    issuers = IssuerResolver(run.unit)
    for i, row in enumerate(rows, 1):
        check_row(row, directory, issuers, reader)
        if i % PROGRESS_EVERY == 0 or i == len(rows):
            _save_progress(run, processed=i)
            if progress:
                progress(run)
    _check_duplicates(rows)
    refused = [r for r in rows if r.problems]
    report = [{"line": r.line, "title": r.label, "problems": r.problems} for r in refused]
    if not rows:
        _save_progress(run, status=ImportRun.Status.FAILED, message="元数据表没有数据行", finished_at=timezone.now())
        return run
    if refused:
        _save_progress(
            run, status=ImportRun.Status.REFUSED, refused=len(refused), accepted=0, report=report,
            message=f"{len(refused)} 行被拒绝，本批次全部未导入；请修正后重新导入", finished_at=timezone.now(),
        )
        return run
    _save_progress(run, status=ImportRun.Status.WRITING)
    created = write_rows(run.created_by, run, rows)
    _save_progress(
        run, status=ImportRun.Status.DONE, accepted=len(created), refused=0, report=[],
        message=f"已导入 {len(created)} 件文件", finished_at=timezone.now(),
    )
    return run


def filing_due(published_on: datetime.date, issuer: Unit | None = None) -> datetime.date:
    return timelimits.due(workflow.FILING, published_on, issuer).date


@transaction.atomic
def write_rows(actor: User | None, run: ImportRun, rows: list[Row]) -> list[NormativeDocument]:
    created = []
    for row in rows:
        c = row.clean
        doc = NormativeDocument.objects.create(
            title=c["title"], doc_number=c["doc_number"], issuer=c["issuer"], doc_type=c["doc_type"],
            state=State.FILED if c["filed_on"] else State.PUBLISHED, origin=Origin.IMPORTED,
            registration_number=c["registration_number"], written_on=c["written_on"],
            published_on=c["published_on"], effective_on=c["effective_on"], valid_until=c["valid_until"],
            repealed_on=c["repealed_on"], repeal_note="历史导入：已废止" if c["repealed_on"] else "",
            filing_due_on=filing_due(c["published_on"], c["issuer"]), filed_on=c["filed_on"], created_by=actor,
        )
        if c["legality_reviewed_on"]:
            Review.objects.create(document=doc, kind=ReviewKind.LEGALITY, outcome=ReviewOutcome.PASSED,
                                  opinion="历史导入：已经合法性审核", decided_on=c["legality_reviewed_on"],
                                  reviewer_name="历史导入")
        DocumentVersion.objects.create(
            document=doc, number=1, version_date=c["effective_on"], text=c["text"], change_note="历史导入",
            created_by=actor,
        )
        created.append(doc)
    oplog.record(actor, "normdoc.import", run, after={"documents": [d.pk for d in created],
                                                       "source": run.source_name})
    indexing.reindex(created)
    return created


@transaction.atomic
def create_run(actor: User | None, *, unit: Unit, directory: Path, sheet: Path, source_name: str) -> ImportRun:
    if actor is not None and not Unit.objects.for_user(actor).filter(pk=unit.pk).exists():
        raise ValidationError(f"“{unit.name}”不在您的数据范围内")
    run = ImportRun.objects.create(
        source_name=source_name[:255], directory=str(directory), sheet_name=str(sheet), unit=unit,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    oplog.record(actor, "normdoc.import.start", run, after={"source": source_name, "unit": unit.name})
    return run


def start_import(actor: User | None, *, unit: Unit, archive, root: Path) -> ImportRun:
    """Unpack an uploaded zip under `root`, record the run and hand it to a background worker.

    All or nothing: a refusal (bad archive, no sheet, unit out of scope, the job queue down) leaves no
    run and no files. With Redis configured but down the refusal comes before anything is unpacked.
    """
    from fazhi.core import jobs
    from fazhi.normdocs.tasks import run_import as run_import_task

    jobs.require_queue()
    directory = Path(tempfile.mkdtemp(prefix="run-", dir=root))
    try:
        unpack_zip(archive, directory)
        run = create_run(actor, unit=unit, directory=directory, sheet=find_sheet(directory),
                         source_name=archive.name)
    except BaseException:
        shutil.rmtree(directory, ignore_errors=True)
        raise
    try:
        jobs.enqueue(run_import_task, run.pk)
    except jobs.QueueUnavailable as exc:
        # The broker went away between the check and the hand-over: the run did not start and never will.
        _save_progress(run, status=ImportRun.Status.FAILED, message=jobs.QUEUE_DOWN, finished_at=timezone.now())
        shutil.rmtree(directory, ignore_errors=True)
        raise exc
    return run
