"""Cells of every Excel file the platform writes: user text stays text, numbers and dates stay typed.

Excel and WPS run a cell as a formula when its text begins with = (and, once the cell is edited, with
+ - @ or a tab / carriage return before them): a login attempt named "=cmd|' /C calc'!A0" would run a
program on the auditor's machine when the login-log export is opened (formula injection, CWE-1236).
openpyxl itself writes every string that starts with "=" as a live formula. So every export writes its
cells through `text_cell` / `append_row` / `set_value` here: a string is always a string cell (type
"s"), and one that begins with a trigger also gets the quotePrefix style, which is what Excel sets when
a user types a leading apostrophe: the cell shows and keeps the text, the apostrophe is no part of the
value, and reading the file back (openpyxl, the ledger import) gives exactly the text that was written.

Numbers, dates and booleans are written typed: a negative number is a number, not text.
Characters XML cannot hold (NUL and the other C0 controls but tab, LF, CR) are dropped, because
openpyxl refuses the whole file over one of them.

Pure openpyxl, no Django: the ledger workbook (`fazhi.supervision.ledger_excel`) uses it too.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell

# What makes Excel or WPS read a cell's text as a formula (OWASP "CSV injection" list).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def set_value(cell: Cell, value: Any) -> Cell:
    """Write `value` into `cell`: a string as text (never a formula), anything else as openpyxl types it."""
    if not isinstance(value, str):
        cell.value = value
        return cell
    text = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell.value = text  # openpyxl's checks (length) apply; it marks "=…" as a formula …
    cell.data_type = "s"  # … which is undone here: the cell holds the text itself
    if text.startswith(FORMULA_TRIGGERS):
        cell.quotePrefix = True  # Excel keeps it text when the cell is edited, and shows no apostrophe
    return cell


def text_cell(sheet: Any, value: Any) -> Cell:
    """A new cell of `sheet` (normal or write-only) holding `value`, for `sheet.append`."""
    return set_value(Cell(sheet, row=1, column=1), value)  # `append` sets the real position


def append_row(sheet: Any, values: Iterable[Any]) -> list[Cell]:
    """Append one row of values to `sheet` as safe cells; returns the cells (to style them)."""
    cells = [value if isinstance(value, Cell) else text_cell(sheet, value) for value in values]
    sheet.append(cells)
    return cells
