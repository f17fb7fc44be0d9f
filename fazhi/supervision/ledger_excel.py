"""The task ledger as offices keep it in Excel (任务分工台账): writing it, and reading one built by hand.

The layout is the one county offices print and pass around: a merged title row ("XX县…任务分工台账"),
a line with the jurisdiction and period, one header row (序号, 任务内容, 牵头单位, 责任单位, 完成时限,
进展情况, 完成状态), then the tasks, with each top-level heading of the plan as a merged row
("一、总体要求"). Landscape A4, the header repeated on every printed page.

Reading accepts what offices actually build: the header anywhere in the first rows (also split over two
header rows), other names for the same columns (工作任务, 责任部门, 完成时间 …), an extra 配合单位 column,
cells merged down several rows, section rows merged across, dates typed as text or as Excel dates. Dates
are read by the plan extraction engine's deadline parser (`fazhi.plans.extract.deadlines`); this module
only normalises the ways a cell writes a date (2024-06-30, 2024.6) into the engine's words.

This module knows the workbook and its cells only; `ledger_sheet` turns a plan's tasks into its rows.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

from fazhi.core import excel
from fazhi.core.archives import ArchiveLimits, ArchiveRefused, open_zip
from fazhi.plans.extract.deadlines import find_deadlines
from fazhi.plans.extract.units import fold_brackets, split_top
from fazhi.supervision.schedule import FREQ_LABEL

HEADERS = ["序号", "任务内容", "牵头单位", "责任单位", "完成时限", "进展情况", "完成状态"]
WIDTHS = [7, 58, 18, 30, 20, 40, 11]
ERROR_HEADER = "错误说明"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_BYTES = 10 * 1024 * 1024

# Column key → the names offices give that column (compared without spaces, full-width folded).
COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "serial": ("序号", "编号", "序"),
    "content": (
        "任务内容",
        "工作任务",
        "重点任务",
        "任务名称",
        "具体任务",
        "主要任务",
        "工作内容",
        "任务事项",
        "工作事项",
        "具体内容",
        "任务",
    ),
    "lead": ("牵头单位", "牵头部门", "主责单位", "牵头责任单位"),
    "responsible": ("责任单位", "责任部门", "承办单位", "落实单位", "实施单位"),
    "cooperating": ("配合单位", "配合部门", "协办单位", "参与单位"),
    "deadline": ("完成时限", "完成时间", "时间节点", "时限要求", "完成期限", "时限"),
    "progress": ("进展情况", "工作进展", "推进情况", "完成情况", "落实情况"),
    "status": ("完成状态", "状态", "是否完成"),
    "error": (ERROR_HEADER,),
}
_HEADER_LOOKUP = {name: key for key, names in COLUMN_NAMES.items() for name in names}
HEADER_SCAN_ROWS = 15

# What a deadline cell may say instead of a date: no fixed deadline, the task runs to the plan's end.
ONGOING = re.compile(
    r"^(长期坚持|长期推进|长期|持续推进|持续开展|持续|常态化推进|常态化开展|常态化|经常性|长效推进|"
    r"按要求|按计划推进|逐年推进|长期坚持并持续推进)[。.]?$"
)
# The label of a "方案期末" milestone as the export writes it: read back as "no deadline of its own".
DEFAULT_MARK = re.compile(r"^(\d{4}年底)?（方案期末）$")
_NUMERIC_DATE = re.compile(
    r"(?<![\d.])((?:19|20)\d{2})\s*[-./／]\s*(\d{1,2})(?:\s*[-./／]\s*(\d{1,2}))?(?![\d.])"
)
_PART_BREAK = re.compile(r"[；;\n]+")


class LedgerFileError(Exception):
    """The upload is not a ledger at all (wrong type, unreadable, no header): a message for the whole file."""


class CellError(Exception):
    """One cell cannot be read; the message says what was written and what is expected."""


# ------------------------------------------------------------------------------------------------ dates


def date_text(value: dt.date) -> str:
    """A date as a 完成时限 cell writes it: "2024年6月30日前"."""
    return f"{value.year}年{value.month}月{value.day}日前"


def _normalise_part(part: str) -> str:
    """2024-06-30 → 2024年6月30日, 2024.6 → 2024年6月; 号 → 日; full-width digits folded."""
    part = unicodedata.normalize("NFKC", part).strip()
    part = re.sub(r"(\d{1,2})\s*号", r"\1日", part)
    if re.fullmatch(r"(?:19|20)\d{2}", part):  # a year typed as a number: by the end of that year
        return f"{part}年"

    def words(match: re.Match[str]) -> str:
        year, month, day = match.group(1), int(match.group(2)), match.group(3)
        return f"{year}年{month}月{int(day)}日" if day else f"{year}年{month}月"

    return _NUMERIC_DATE.sub(words, part)


def _cell_parts(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, dt.datetime):
        return [date_text(value.date())]
    if isinstance(value, dt.date):
        return [date_text(value)]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return [p.strip() for p in _PART_BREAK.split(str(value)) if p.strip()]


def read_deadlines(values: object | list[object]) -> list[dict]:
    """The deadlines (`fazhi.plan/1` shape) a 完成时限 cell states; [] for none or 长期坚持; CellError if unreadable.

    Each part (split at ；or a line break) is read by the extraction engine as it is, and, when that
    finds nothing, as a deadline ("到" + the part): in a 完成时限 column "2024年6月" means by June 2024.
    A part that yields exactly one deadline keeps the office's own words as its text.
    """
    found: list[dict] = []
    for value in values if isinstance(values, list) else [values]:
        for part in _cell_parts(value):
            if ONGOING.match(part) or DEFAULT_MARK.match(part):
                continue
            text = _normalise_part(part)
            deadlines = find_deadlines(text)
            if not deadlines:
                deadlines = find_deadlines(f"到{text}")
                for deadline in deadlines:
                    deadline["text"] = deadline["text"].removeprefix("到")
            if not deadlines:
                raise CellError(_unreadable(part))
            if len(deadlines) == 1:
                deadlines[0]["text"] = part
            found.extend(deadlines)
    return found


def _unreadable(part: str) -> str:
    hint = (
        "请写明年份，如“2024年6月底前”"
        if re.search(r"\d{1,2}\s*月", part) and "年" not in part
        else ("可写“2024年6月底前”“2024-06-30”“每季度”“每年12月底前”或“长期坚持”")
    )
    return f"完成时限“{part[:40]}”无法识别：{hint}"


def _working_days(deadline: dict) -> bool:
    # schedule.counts_working_days reads the same words but fails on a trigger of None (the engine's "none").
    return "工作日" in f"{deadline.get('text') or ''}{deadline.get('trigger') or ''}"


def deadline_signature(deadline: dict) -> tuple:
    """What a deadline means, without its wording: two deadlines with one signature are the same requirement."""
    kind = deadline.get("kind")
    if kind == "due":
        return ("due", deadline.get("date"))
    if kind == "recurring":
        by = deadline.get("by") if deadline.get("freq") == "yearly" else None
        return ("recurring", deadline.get("freq"), by, deadline.get("times") or None)
    if kind == "relative":
        return (
            "relative",
            deadline.get("days"),
            _working_days(deadline),
            deadline.get("trigger") or None,
        )
    return (kind,)


def _reads_back(text: str, deadline: dict) -> bool:
    try:
        again = read_deadlines(text)
    except CellError:
        return False
    return [deadline_signature(d) for d in again] == [deadline_signature(deadline)]


def deadline_words(deadline: dict) -> str:
    """The deadline as the cell writes it: its own text when that reads back the same, else a canonical phrase."""
    text = (deadline.get("text") or "").strip()
    if text and not _PART_BREAK.search(text) and _reads_back(text, deadline):
        return text
    kind = deadline.get("kind")
    if kind == "due":
        return date_text(dt.date.fromisoformat(deadline["date"]))
    if kind == "recurring":
        words = FREQ_LABEL.get(deadline.get("freq"), "每年")
        by = deadline.get("by")
        if by and deadline.get("freq") == "yearly":
            month, day = (int(x) for x in by.split("-"))
            words += f"{month}月{day}日前"
        if deadline.get("times"):
            words += f"至少{deadline['times']}次"
        return words
    if kind == "relative":
        unit = "个工作日" if _working_days(deadline) else "日"
        trigger = deadline.get("trigger") or ""
        return f"{trigger}，在{deadline['days']}{unit}内" if trigger else f"在{deadline['days']}{unit}内"
    return text


# ------------------------------------------------------------------------------------------------ units


_ROLE_LABEL = re.compile(
    r"^(?:(牵头单位|牵头部门|牵头)|(配合单位|配合部门|协办单位|配合)|(责任单位|责任部门|承办单位))\s*[:：]\s*"
)


_ROLE_MARK = re.compile(r"\((牵头|配合|协办|负责|责任)\)$")
_NAME_BREAK = re.compile(r"[、,，/;；\s]+")


def read_unit_names(value: object, default_role: str) -> list[tuple[str, str]]:
    """(role, name) for each name in a unit cell, split at 、，/ or spaces.

    Lines or ；-parts may carry their role ("配合单位：县公安局"), a name its own mark ("县公安局（配合）").
    """
    if value is None:
        return []
    text = fold_brackets(unicodedata.normalize("NFKC", str(value)))
    text = re.sub(r"[ \t]*([()])[ \t]*", r"\1", text)  # 市直各部门 (单位) keeps its bracket
    names: list[tuple[str, str]] = []
    for part in _PART_BREAK.split(text):
        part = part.strip()
        role = default_role
        labelled = _ROLE_LABEL.match(part)
        if labelled:
            role = "lead" if labelled.group(1) else "cooperating" if labelled.group(2) else "responsible"
            part = part[labelled.end() :]
        for name in split_top(part, _NAME_BREAK):
            name = name.strip("。.")
            own_role = role
            mark = _ROLE_MARK.search(name)
            if mark:
                own_role = {"牵头": "lead", "配合": "cooperating", "协办": "cooperating"}.get(
                    mark.group(1), "responsible"
                )
                name = name[: mark.start()]
            if name and (own_role, name) not in names:
                names.append((own_role, name))
    return names


def unit_cells(names: dict[str, list[str]]) -> tuple[str, str]:
    """(牵头单位, 责任单位) cells: cooperating units go on their own line of 责任单位, labelled."""
    lead = "、".join(names.get("lead", []))
    lines = []
    if names.get("responsible"):
        lines.append("、".join(names["responsible"]))
    if names.get("cooperating"):
        lines.append("配合单位：" + "、".join(names["cooperating"]))
    return lead, "\n".join(lines)


# ------------------------------------------------------------------------------------------------ writing


@dataclass
class ExportRow:
    """One row of the written ledger: a task, or a section heading (merged across)."""

    serial: str = ""
    content: str = ""
    lead: str = ""
    responsible: str = ""
    deadline: str = ""
    progress: str = ""
    status: str = ""
    section: bool = False
    overdue: bool = False

    def cells(self) -> list[str]:
        return [
            self.serial,
            self.content,
            self.lead,
            self.responsible,
            self.deadline,
            self.progress,
            self.status,
        ]


def ledger_title(plan_title: str) -> str:
    return plan_title if plan_title.endswith("台账") else f"{plan_title}任务分工台账"


def plan_title_from(ledger_title_text: str) -> str:
    """The plan title a ledger's title row stands for: 测试县实施方案任务分工台账 → 测试县实施方案."""
    title = ledger_title_text.strip()
    for suffix in ("任务分工台账", "任务台账", "工作台账", "台账"):
        if title.endswith(suffix) and len(title) > len(suffix):
            return title[: -len(suffix)].strip()
    return title


def write_ledger(title: str, subtitle: str, rows: list[ExportRow]) -> bytes:
    """The ledger workbook: merged title, subtitle, header, rows; widths, wrap, borders, print setup."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.page import PageMargins

    book = Workbook()
    sheet = book.active
    sheet.title = "任务分工台账"
    last = get_column_letter(len(HEADERS))
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="center")
    centre = Alignment(wrap_text=True, vertical="center", horizontal="center")

    # Every cell through core.excel: a title, unit or progress text that begins with "=" stays text.
    excel.append_row(sheet, [title])
    sheet.merge_cells(f"A1:{last}1")
    sheet["A1"].font = Font(name="宋体", size=18, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 36
    excel.append_row(sheet, [subtitle])
    sheet.merge_cells(f"A2:{last}2")
    sheet["A2"].font = Font(name="宋体", size=10)
    sheet["A2"].alignment = Alignment(horizontal="right", vertical="center")
    excel.append_row(sheet, HEADERS)
    header_fill = PatternFill("solid", fgColor="D9E1F2")
    for cell in sheet[3]:
        cell.font = Font(name="黑体", size=11, bold=True)
        cell.alignment = centre
        cell.border = border
        cell.fill = header_fill
    sheet.row_dimensions[3].height = 24
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width

    body = Font(name="宋体", size=10.5)
    section_font = Font(name="黑体", size=11, bold=True)
    section_fill = PatternFill("solid", fgColor="F2F2F2")
    overdue_font = Font(name="宋体", size=10.5, color="C00000", bold=True)
    for row in rows:
        excel.append_row(sheet, row.cells() if not row.section else [row.content])
        number = sheet.max_row
        if row.section:
            sheet.merge_cells(f"A{number}:{last}{number}")
            for cell in sheet[number]:
                cell.border = border
                cell.fill = section_fill
            sheet.cell(number, 1).font = section_font
            sheet.cell(number, 1).alignment = Alignment(vertical="center")
            continue
        for cell in sheet[number]:
            cell.font = body
            cell.border = border
            cell.alignment = centre if cell.column in (1, 7) else wrap
        if row.overdue:
            sheet.cell(number, 7).font = overdue_font

    sheet.freeze_panes = "C4"
    sheet.print_title_rows = "3:3"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.print_options.horizontalCentered = True
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# ------------------------------------------------------------------------------------------------ reading


@dataclass
class LedgerSection:
    """A heading row ("一、总体要求", merged across or with 序号 一 and nothing but a title)."""

    row: int
    label: str
    title: str


@dataclass
class LedgerRow:
    """One task as the workbook writes it; `rows` are all Excel rows it spans (cells merged down)."""

    row: int
    rows: list[int]
    serial: str
    content: str
    units: list[tuple[str, str]]
    deadline_values: list[object]
    section: LedgerSection | None = None


@dataclass
class ReadLedger:
    title: str
    period: tuple[int, int] | None
    sheet_name: str
    header_row: int
    last_header_row: int
    columns: dict[str, int]
    entries: list[LedgerRow | LedgerSection] = field(default_factory=list)

    @property
    def tasks(self) -> list[LedgerRow]:
        return [e for e in self.entries if isinstance(e, LedgerRow)]


def _header_key(value: object) -> str | None:
    if value is None:
        return None
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value)))
    text = re.sub(r"[（(].*?[）)]$", "", text).strip("*：:")  # 完成时限（年月） → 完成时限
    return _HEADER_LOOKUP.get(text)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    return str(value).strip()


def open_workbook(data: bytes, filename: str, limits: ArchiveLimits | None = None):
    """The openpyxl workbook of an upload, or LedgerFileError saying in Chinese what is wrong with the file.

    `limits` (default: the environment's) bound the unpacking: a zip bomb is refused before openpyxl
    unpacks anything.
    """
    from openpyxl import load_workbook

    name = (filename or "").lower()
    if name.endswith(".xls"):
        raise LedgerFileError("不支持旧版 Excel（.xls）文件：请在 Excel 或 WPS 中“另存为”.xlsx 格式后再导入")
    if name.endswith((".csv", ".et", ".ods")):
        raise LedgerFileError("只能导入 Excel 工作簿（.xlsx）：请在 Excel 或 WPS 中另存为 .xlsx 后再导入")
    if not name.endswith((".xlsx", ".xlsm")):
        raise LedgerFileError(f"文件“{filename}”不是 Excel 工作簿：请上传 .xlsx 格式的任务台账")
    if len(data) > MAX_BYTES:
        raise LedgerFileError(f"文件太大（{len(data) // 1024 // 1024} MB），台账文件不能超过 10 MB")
    if not data:
        raise LedgerFileError(f"文件“{filename}”是空文件")
    if not data.startswith(b"PK\x03\x04"):
        raise LedgerFileError(
            f"文件“{filename}”不是有效的 Excel 工作簿（内容与扩展名不符），请上传原始 .xlsx 文件"
        )
    try:
        open_zip(data, limits or ArchiveLimits.from_environ()).close()
        return load_workbook(io.BytesIO(data))
    except ArchiveRefused as exc:
        raise LedgerFileError(f"文件“{filename}”{exc}") from None
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise LedgerFileError(
            f"文件“{filename}”无法作为 Excel 工作簿打开，可能已损坏（{type(exc).__name__}）"
        ) from None


def _merged_values(
    sheet,
) -> tuple[dict[tuple[int, int], object], dict[tuple[int, int], tuple[int, int, int, int]]]:
    """Every cell inside a merged range → the range's value, and → the range's bounds."""
    values: dict[tuple[int, int], object] = {}
    bounds: dict[tuple[int, int], tuple[int, int, int, int]] = {}
    for merged in sheet.merged_cells.ranges:
        top = sheet.cell(merged.min_row, merged.min_col).value
        box = (merged.min_row, merged.min_col, merged.max_row, merged.max_col)
        for row in range(merged.min_row, merged.max_row + 1):
            for col in range(merged.min_col, merged.max_col + 1):
                values[(row, col)] = top
                bounds[(row, col)] = box
    return values, bounds


def _find_header(sheet, merged: dict) -> tuple[int, int, dict[str, int]] | None:
    """(first header row, last header row, column key → column index) of a sheet, or None."""

    def value(row: int, col: int) -> object:
        return merged.get((row, col), sheet.cell(row, col).value)

    width = min(sheet.max_column, 40)
    for row in range(1, min(sheet.max_row, HEADER_SCAN_ROWS) + 1):
        keys = {col: _header_key(value(row, col)) for col in range(1, width + 1)}
        known = [k for k in keys.values() if k]
        if "content" not in known or len(set(known)) < 2:  # a data row may say 任务 too
            continue
        columns: dict[str, int] = {}
        last = row
        # A two-row header: 责任单位 merged over 牵头单位 | 配合单位 below it.
        below = (
            {col: _header_key(value(row + 1, col)) for col in range(1, width + 1)}
            if row < sheet.max_row
            else {}
        )
        if any(k and k != keys.get(col) for col, k in below.items()):
            for col, key in below.items():
                if key:
                    keys[col] = key
            last = row + 1
        for col, key in keys.items():
            if key and key not in columns:
                columns[key] = col
        return row, last, columns
    return None


_PERIOD = re.compile(r"((?:19|20)\d{2})\s*(?:年)?\s*[—–\-~至到]+\s*((?:19|20)\d{2})\s*年")
_SINGLE_YEAR = re.compile(r"(?:实施期限|期限|年度)[:：]?\s*((?:19|20)\d{2})\s*年")
_SECTION_LABEL = re.compile(
    r"^\s*([一二三四五六七八九十百]+|[（(][一二三四五六七八九十]+[)）])\s*[、.．，,]?\s*(.*)$", re.S
)


def _period_of(texts: list[str]) -> tuple[int, int] | None:
    for text in texts:
        match = _PERIOD.search(text)
        if match:
            return int(match.group(1)), int(match.group(2))
        match = _SINGLE_YEAR.search(text)
        if match:
            return int(match.group(1)), int(match.group(1))
    return None


def read_ledger(data: bytes, filename: str, limits: ArchiveLimits | None = None) -> ReadLedger:
    """Read a ledger workbook: the first sheet with a 任务内容 header; LedgerFileError if there is none."""
    book = open_workbook(data, filename, limits)
    for sheet in book.worksheets:
        merged, bounds = _merged_values(sheet)
        found = _find_header(sheet, merged)
        if found is not None:
            return _read_sheet(sheet, merged, bounds, *found)
    raise LedgerFileError(
        "工作簿中找不到台账表头：请确认前几行中有一行表头，至少包括“任务内容”和“牵头单位”或“责任单位”列"
        f"（标准表头为：{'、'.join(HEADERS)}）"
    )


def _read_sheet(
    sheet, merged, bounds, header_row: int, last_header: int, columns: dict[str, int]
) -> ReadLedger:
    if "lead" not in columns and "responsible" not in columns:
        raise LedgerFileError(
            f"工作表“{sheet.title}”的表头缺少“牵头单位”或“责任单位”列（标准表头为：{'、'.join(HEADERS)}）"
        )

    def value(row: int, col: int | None) -> object:
        if col is None:
            return None
        return merged.get((row, col), sheet.cell(row, col).value)

    above = [_text(value(r, c)) for r in range(1, header_row) for c in range(1, sheet.max_column + 1)]
    above = [t for t in above if t]
    title = above[0] if above else ""
    ledger = ReadLedger(
        title=title,
        period=_period_of(above),
        sheet_name=sheet.title,
        header_row=header_row,
        last_header_row=last_header,
        columns=columns,
    )
    col = columns.get
    ledger_cols = [c for k, c in columns.items() if k != "error"]
    section: LedgerSection | None = None
    current: LedgerRow | None = None
    current_box = None
    for row in range(last_header + 1, sheet.max_row + 1):
        cells = {k: value(row, c) for k, c in columns.items() if k != "error"}
        if not any(_text(v) for v in cells.values()):
            current, current_box = None, None
            continue
        first = min(ledger_cols)
        box = bounds.get((row, first))
        if box and box[0] == row and box[3] - box[1] + 1 >= min(3, len(ledger_cols)) and box[2] == row:
            section = _section(row, _text(value(row, first)))
            ledger.entries.append(section)
            current, current_box = None, None
            continue
        serial, content = _text(cells.get("serial")), _text(cells.get("content"))
        heading = _heading(serial, content, cells)
        if heading is not None:
            section = _section(row, heading)
            ledger.entries.append(section)
            current, current_box = None, None
            continue
        units = []
        for key, role in (("lead", "lead"), ("responsible", "responsible"), ("cooperating", "cooperating")):
            units.extend(read_unit_names(cells.get(key), role))
        content_box = bounds.get((row, col("content"))) if col("content") else None
        if current is not None and content_box is not None and content_box == current_box:
            # The task's content is merged down over this row: its units and dates add to the same task.
            current.rows.append(row)
            current.units.extend(u for u in units if u not in current.units)
            if (row, col("deadline")) not in bounds or bounds[(row, col("deadline"))][0] == row:
                current.deadline_values.append(cells.get("deadline"))
            continue
        current = LedgerRow(
            row=row,
            rows=[row],
            serial=serial,
            content=content,
            units=units,
            deadline_values=[cells.get("deadline")],
            section=section,
        )
        current_box = content_box
        ledger.entries.append(current)
    return ledger


def _heading(serial: str, content: str, cells: dict) -> str | None:
    """A row that is a heading without being merged: 序号 一 with a title, or "一、…" alone with no units or dates."""
    if any(_text(cells.get(k)) for k in ("lead", "responsible", "cooperating", "deadline")) or not content:
        return None
    if serial:
        match = _SECTION_LABEL.match(serial)
        return f"{serial}、{content}" if match and not match.group(2).strip() else None
    match = _SECTION_LABEL.match(content)
    return content if match and match.group(2).strip() and len(content) <= 60 else None


def section_title(text: str) -> str:
    """The heading's title without its label: 一、总体要求 → 总体要求."""
    return _section(0, text).title


def _section(row: int, text: str) -> LedgerSection:
    match = _SECTION_LABEL.match(text)
    if match and match.group(2).strip():
        return LedgerSection(row, match.group(1).strip(), match.group(2).strip())
    return LedgerSection(row, "", text.strip())


def error_workbook(
    data: bytes, filename: str, ledger: ReadLedger, errors: dict[int, str], limits: ArchiveLimits | None = None
) -> bytes:
    """The uploaded workbook with a 错误说明 column: each refused row gets its reasons and a red fill.

    An 错误说明 column already there (a corrected workbook sent again) is reused and cleared first.
    """
    from openpyxl.cell.cell import MergedCell
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    book = open_workbook(data, filename, limits)
    sheet = book[ledger.sheet_name]
    column = ledger.columns.get("error") or max(max(ledger.columns.values()), sheet.max_column) + 1
    header = sheet.cell(ledger.header_row, column)
    header.value = ERROR_HEADER
    header.font = Font(bold=True, color="C00000")
    header.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    if ledger.last_header_row > ledger.header_row and sheet.cell(
        ledger.last_header_row, column
    ).coordinate not in (sheet.merged_cells):
        sheet.merge_cells(
            start_row=ledger.header_row,
            start_column=column,
            end_row=ledger.last_header_row,
            end_column=column,
        )
    sheet.column_dimensions[get_column_letter(column)].width = 40
    for row in range(ledger.last_header_row + 1, sheet.max_row + 1):
        cell = sheet.cell(row, column)
        if not isinstance(cell, MergedCell):
            cell.value = None
    fill = PatternFill("solid", fgColor="FFC7CE")
    thin = Side(style="thin", color="C00000")
    last_col = max(max(ledger.columns.values()), column)
    for row, message in errors.items():
        cell = sheet.cell(row, column)
        if isinstance(cell, MergedCell):
            continue
        excel.set_value(cell, message)  # a reason quotes the office's own cell text
        cell.font = Font(color="9C0006")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        for col in range(1, last_col + 1):
            target = sheet.cell(row, col)
            if not isinstance(target, MergedCell):
                target.fill = fill
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
