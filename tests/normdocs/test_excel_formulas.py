"""The normative-document list export writes titles as text, never as formulas (issue #10, item 2)."""

from __future__ import annotations

from django.urls import reverse

from tests.core.test_excel import assert_written_as_text


def test_document_list_export_writes_a_formula_like_title_as_text(login, users, make_doc):
    make_doc(title="=HYPERLINK(\"http://evil.example\",\"行政执法公示办法\")")
    response = login(users.office).get(reverse("normdocs:list"), {"export": "xlsx"})
    assert response.status_code == 200
    assert_written_as_text(b"".join(response.streaming_content), ['=HYPERLINK("http://evil.example","行政执法公示办法")'])
