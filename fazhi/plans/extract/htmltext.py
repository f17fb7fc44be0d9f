"""Visible text of a web page: scripts, styles and navigation dropped, one block per line."""

from __future__ import annotations

import re
from html.parser import HTMLParser

SKIP_TAGS = {
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "iframe",
    "select",
    "button",
    "form",
    "svg",
    "template",
    "head",
    "aside",
}
BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "table",
    "ul",
    "ol",
    "dd",
    "dt",
    "blockquote",
    "pre",
    "hr",
    "title",
}
VOID_TAGS = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "wbr"}
CLUTTER_CLASS = re.compile(
    r"(^|[-_\s])(nav|menu|breadcrumb|crumb|footer|header|share|toolbar|sidebar|"
    r"position|location|print|topbar)([-_\s]|$)",
    re.I,
)


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # open tags and whether each one hides its content
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCK_TAGS:
            self.parts.append("\n")
        if tag in VOID_TAGS:
            return
        names = " ".join(v or "" for k, v in attrs if k in ("class", "id"))
        hides = tag in SKIP_TAGS or bool(names and CLUTTER_CLASS.search(names))
        self.stack.append((tag, hides))
        self.hidden += hides

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCK_TAGS:
            self.parts.append("\n")
        # Close up to the matching tag: real pages leave <p> and <li> open.
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                for _, hides in self.stack[index:]:
                    self.hidden -= hides
                del self.stack[index:]
                break

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Visible text of a page, one block per line, without scripts, styles and navigation."""
    parser = _TextExtractor()
    try:
        parser.feed(markup)
        parser.close()
    except Exception:  # html.parser is lenient, but never let a broken page raise
        pass
    return "".join(parser.parts)
