"""QuickSelect writes the same select as Django's template-rendered one (options in Python for speed)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django import forms

from fazhi.core.forms import QuickSelect, QuickSelectMultiple

CHOICES = [
    ("", "—"),
    ("a", "甲 & 乙"),
    ("审查", [("b", "<丙>"), ("c", "丁")]),
    (None, "空值"),
    ("a", "甲（重复）"),
]


def _same(html: str) -> list[tuple]:
    """The tags (attributes in any order, as a browser reads them) and texts, whitespace aside."""
    parsed: list[tuple] = []

    class Reader(HTMLParser):
        def handle_starttag(self, tag, attrs):
            parsed.append(("start", tag, sorted(attrs, key=lambda a: a[0])))

        def handle_endtag(self, tag):
            parsed.append(("end", tag))

        def handle_data(self, data):
            if data.strip():
                parsed.append(("text", data.strip()))

    Reader(convert_charrefs=True).feed(str(html))
    return parsed


@pytest.mark.parametrize(
    ("plain", "quick", "value"),
    [
        (forms.Select, QuickSelect, "a"),  # a single select marks only the first "a"
        (forms.Select, QuickSelect, "c"),  # inside a group
        (forms.Select, QuickSelect, None),
        (forms.SelectMultiple, QuickSelectMultiple, ["a", "c"]),  # every match, both "a"s
    ],
)
def test_quick_select_writes_the_html_of_django_select(plain, quick, value):
    attrs = {"id": "id_x", "class": "form-select", "required": True}
    expected = plain(choices=CHOICES).render("x", value, attrs=attrs)
    assert _same(quick(choices=CHOICES).render("x", value, attrs=attrs)) == _same(expected)
    assert "&lt;丙&gt;" in expected and "甲 &amp; 乙" in expected  # labels escaped in both
