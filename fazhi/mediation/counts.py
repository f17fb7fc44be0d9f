"""Imported yearly 信访 / 诉讼 counts per region (Excel, checked row by row) and 万人成讼率.

The sheet's first row names the columns 地区, 年度, 常住人口, 信访件数, 诉讼案件数 (in any order). Each
row is checked on its own: a region the importer does not see, an unknown region name, a year out of range,
a count that is not a whole number or a region twice in one file refuses that row, with its number and the
reason, and the other rows are imported (a row for a region and year already there replaces it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from fazhi.core import oplog
from fazhi.core.models import Unit, User
from fazhi.core.permissions import require
from fazhi.core.scopes import user_sees_unit
from fazhi.core.uploads import FILE_TYPES, check_upload
from fazhi.mediation.models import RegionCount
from fazhi.mediation.services import MANAGE

COLUMNS = {"地区": "region", "年度": "year", "常住人口": "population", "信访件数": "petitions", "诉讼案件数": "lawsuits"}
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000


@dataclass
class ImportReport:
    imported: int = 0
    refused: list[tuple[int, str]] = field(default_factory=list)  # (row number in the sheet, reason)


def _whole(value, label: str) -> int:
    if isinstance(value, bool) or value in (None, ""):
        raise ValueError(f"{label}为空")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if not isinstance(value, int) or value < 0:
        raise ValueError(f"{label}“{value}”不是非负整数")
    return value


def _region(actor: User | None, name: str) -> Unit:
    name = (name or "").strip()
    if not name:
        raise ValueError("地区为空")
    found = list(Unit.objects.filter(kind=Unit.Kind.REGION).filter(Q(name=name) | Q(aliases__name=name)).distinct()[:2])
    if not found:
        raise ValueError(f"没有名为“{name}”的地区")
    if len(found) > 1:
        raise ValueError(f"“{name}”对应多个地区，请写全称")
    if actor is not None and not actor.is_superuser and not user_sees_unit(actor, found[0]):
        raise ValueError(f"“{name}”不在您的数据范围内")
    return found[0]


@transaction.atomic
def import_counts(actor: User | None, upload) -> ImportReport:
    require(actor, MANAGE)
    from openpyxl import load_workbook

    check_upload(upload, {".xlsx": FILE_TYPES[".xlsx"]}, max_bytes=MAX_BYTES, what="数量表")
    try:
        sheet = load_workbook(upload, read_only=True, data_only=True).worksheets[0]
    except Exception as exc:  # openpyxl raises zip, XML and key errors for a broken workbook
        raise ValidationError(f"无法读取表格：{type(exc).__name__}") from None
    rows = sheet.iter_rows(values_only=True)
    header = [str(cell or "").strip() for cell in next(rows, ())]
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        raise ValidationError(f"表头缺少：{'、'.join(missing)}（应为 {'、'.join(COLUMNS)}）")
    index = {COLUMNS[name]: header.index(name) for name in COLUMNS}
    report, seen, this_year = ImportReport(), {}, timezone.localdate().year
    for number, values in enumerate(rows, start=2):
        if number > MAX_ROWS + 1:
            report.refused.append((number, f"超过 {MAX_ROWS} 行，其后各行未导入"))
            break
        if not any(v not in (None, "") for v in values):
            continue
        cell = dict.fromkeys(index)
        cell.update({key: values[i] for key, i in index.items() if i < len(values)})
        try:
            region = _region(actor, str(cell["region"] or ""))
            year = _whole(cell["year"], "年度")
            if not 2000 <= year <= this_year:
                raise ValueError(f"年度“{year}”不在 2000 至 {this_year} 之间")
            figures = {key: _whole(cell[key], label) for label, key in COLUMNS.items()
                       if key in ("population", "petitions", "lawsuits")}
            if figures["population"] == 0:
                raise ValueError("常住人口不能为 0")
            if (region.pk, year) in seen:
                raise ValueError(f"与第{seen[(region.pk, year)]}行重复（{region.name}{year}年）")
        except ValueError as exc:
            report.refused.append((number, str(exc)))
            continue
        seen[(region.pk, year)] = number
        RegionCount.objects.update_or_create(region=region, year=year, defaults=figures)
        report.imported += 1
    oplog.record(actor, "mediation.counts_import", None, object_type="mediation.counts", object_repr="信访诉讼数量导入",
                 after={"imported": report.imported, "refused": len(report.refused)})
    return report
