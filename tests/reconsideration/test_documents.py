"""The 文书 of 行政复议 from the office-editable Word templates: filled from the case's record."""

from __future__ import annotations

import datetime
import io

from django.urls import reverse
from docx import Document

from fazhi.reconsideration import documents
from fazhi.reconsideration.workflow import RECON
from fazhi.workflow import engine
from tests.reconsideration.helpers import decided, filed

D = datetime.date


def _text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def test_correction_notice_names_the_items_and_the_applicants_last_day(org, users):
    case = engine.run(users.office, RECON, filed(org, on=D(2026, 2, 9)), "request_correction",
                      {"on": D(2026, 2, 13), "items": "身份证明复印件"})
    assert [kind for kind, _ in documents.available(case)] == ["correction"]
    text = _text(documents.render(case, "correction"))
    # The applicant's 10 working days from 2026-02-13 end on 2026-03-05 (test_clocks derives it).
    assert "身份证明复印件" in text and "2026年3月5日前" in text and case.case_number in text
    assert "测试县人民政府" in text and "张三：" in text


def test_decision_document_download(login, org, users):
    case = decided(org, outcome="revoked")
    response = login(users.office).get(reverse("reconsideration:document", args=[case.pk, "decision"]))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    text = _text(response.content)
    assert "行政复议决定书" in text and "现决定：撤销" in text and "十五日内" in text
    missing = login(users.office).get(reverse("reconsideration:document", args=[case.pk, "reject"]))
    assert missing.status_code == 404
