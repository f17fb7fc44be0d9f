"""The 政务诚信 export for the credit platform (信用信息共享平台): the failure-of-faith records and the promise
register, as an Excel workbook or JSON (a file to upload; no live connection)."""

from __future__ import annotations

import io
import json

from django.core.serializers.json import DjangoJSONEncoder
from openpyxl import Workbook

from fazhi.contracts.models import Commitment, CreditRecord
from fazhi.core.excel import append_row

RECORD_COLUMNS = [("unit", "失信主体"), ("kind", "失信类型"), ("facts", "失信事实"), ("cause", "原因"),
                  ("recorded_on", "认定日期"), ("state", "状态"), ("rectification", "整改情况"),
                  ("rectified_on", "整改完成日期"), ("published_on", "公示日期"), ("contract", "关联合同")]
COMMITMENT_COLUMNS = [("unit", "承诺主体"), ("title", "承诺事项"), ("content", "承诺内容"), ("beneficiary", "承诺对象"),
                      ("promised_on", "承诺日期"), ("due_on", "兑现期限"), ("state", "状态"), ("closed_on", "办结日期"),
                      ("note", "说明")]


def rows(records, commitments) -> dict[str, list[dict]]:
    return {
        "credit_records": [{"unit": r.unit.name, "unit_code": r.unit.code, "kind": r.get_kind_display(),
                            "facts": r.facts, "cause": r.cause, "recorded_on": r.recorded_on,
                            "state": r.get_state_display(), "rectification": r.rectification,
                            "rectified_on": r.rectified_on, "published_on": r.published_on,
                            "contract": r.contract.title if r.contract else ""}
                           for r in records.select_related("unit", "contract")],
        "commitments": [{"unit": c.unit.name, "unit_code": c.unit.code, "title": c.title, "content": c.content,
                         "beneficiary": c.beneficiary, "promised_on": c.promised_on, "due_on": c.due_on,
                         "state": c.get_state_display(), "closed_on": c.closed_on, "note": c.note}
                        for c in commitments.select_related("unit")],
    }


def as_json(records=None, commitments=None) -> bytes:
    data = rows(records if records is not None else CreditRecord.objects.all(),
                commitments if commitments is not None else Commitment.objects.all())
    return json.dumps({"format": "fazhi.credit/1", **data}, ensure_ascii=False, indent=1, cls=DjangoJSONEncoder).encode()


def as_xlsx(records, commitments) -> bytes:
    data = rows(records, commitments)
    book = Workbook()
    sheets = (("政务失信记录", RECORD_COLUMNS, "credit_records"), ("政策承诺", COMMITMENT_COLUMNS, "commitments"))
    for index, (title, columns, key) in enumerate(sheets):
        sheet = book.active if index == 0 else book.create_sheet()
        sheet.title = title
        append_row(sheet, [label for _, label in columns])
        for row in data[key]:
            append_row(sheet, [row[name] for name, _ in columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
