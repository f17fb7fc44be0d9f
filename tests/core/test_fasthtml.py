"""fazhi.core.fasthtml writes what Django's escaping functions write, for every kind of value the pages pass."""

import datetime as dt

from django.utils import html as django_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy

from fazhi.core import fasthtml


class Marked:
    """A third-party object that renders itself (the `__html__` convention)."""

    def __html__(self) -> str:
        return "<b>marked</b>"

    def __str__(self) -> str:
        return "<b>plain</b>"


VALUES = [
    "",
    "县司法局",
    "<script>alert('x')</script> & \"quoted\"",
    "a'b",
    mark_safe("<em>safe & sound</em>"),
    SafeString("已采纳"),
    0,
    42,
    3.5,
    None,
    True,
    dt.date(2025, 3, 1),
    gettext_lazy("<lazy> & text"),
    Marked(),
]


def test_conditional_escape_and_escape_are_djangos():
    for value in VALUES:
        assert fasthtml.conditional_escape(value) == django_html.conditional_escape(value), value
        assert isinstance(fasthtml.conditional_escape(value), SafeString) or hasattr(value, "__html__")
        assert fasthtml.escape(value) == django_html.escape(value), value
        assert isinstance(fasthtml.escape(value), SafeString)


def test_format_html_is_djangos():
    template = '<a href="{}" title="{}">{} · {}</a>'
    for first in VALUES:
        for second in VALUES:
            ours = fasthtml.format_html(template, first, second, first, second)
            assert ours == django_html.format_html(template, first, second, first, second)
            assert isinstance(ours, SafeString)


def test_a_script_is_never_written_raw():
    written = fasthtml.format_html("<td>{}</td>", "<script>x</script>")
    assert written == "<td>&lt;script&gt;x&lt;/script&gt;</td>"
