"""The plan extraction engine: a plan's text (or file) to one `fazhi.plan/1` document.

Pure Python; imports nothing from Django. See ../shared/spec/plan-extraction.md for the format.
"""

from __future__ import annotations

import os
import re

from fazhi.core.archives import ArchiveLimits
from fazhi.plans.extract.deadlines import scan_deadlines
from fazhi.plans.extract.document import find_period, header_fields, region_and_level
from fazhi.plans.extract.errors import PlanReadError
from fazhi.plans.extract.labels import is_label_line
from fazhi.plans.extract.reading import NO_ITEMS, read_document
from fazhi.plans.extract.structure import Item, build_items
from fazhi.plans.extract.targets import find_targets
from fazhi.plans.extract.text import clean_lines
from fazhi.plans.extract.units import extract_units

__all__ = ["NO_ITEMS", "SCHEMA", "PlanReadError", "parse_file", "parse_text", "read_document"]

SCHEMA = "fazhi.plan/1"


def parse_file(path: str | os.PathLike[str], limits: ArchiveLimits | None = None) -> dict:
    """Read and parse a plan file (txt, docx, html, pdf); PlanReadError when it cannot be read or holds no
    numbered item (garbage that decodes as text would otherwise come out as an empty plan)."""
    document = parse_text(read_document(path, limits), source=os.path.basename(os.fspath(path)))
    if not document["items"]:
        raise PlanReadError(path, NO_ITEMS)
    return document


def parse_text(text: str, source: str | None = None) -> dict:
    """The `fazhi.plan/1` document for a plan's text."""
    lines = clean_lines(text or "", is_label=is_label_line)
    body_start = find_body_start(lines)
    header = lines[:body_start]
    fields = header_fields(header, lines)
    items = [item_dict(item) for item in build_items(lines[body_start:])]
    due_years = sorted({int(d["date"][:4]) for it in items for d in it["deadlines"] if d["kind"] == "due"})
    region, level = region_and_level(fields["title"], fields["issuer"], lines)
    return {
        "schema": SCHEMA,
        "source": source,
        "title": fields["title"],
        "issuer": fields["issuer"],
        "doc_number": fields["doc_number"],
        "issued_on": fields["issued_on"],
        "region": region,
        "level": level,
        "period": find_period(fields["title"], fields["issued_on"], due_years),
        "items": items,
    }


def find_body_start(lines: list[str]) -> int:
    """Index of the first numbered line: everything before it is notice, title and preamble."""
    for index, line in enumerate(lines):
        if is_label_line(line):
            return index
    return len(lines)


def item_dict(item: Item) -> dict:
    text = item.text
    # A title on a line of its own is not in `text`, but its deadlines and figures still count.
    scanned = f"{item.title}。{text}" if item.heading and item.title else text
    timed = scan_deadlines(scanned)
    dues = [(pos, d["date"]) for pos, d in timed if d["kind"] == "due"]
    units = extract_units(item.paragraphs)
    return {
        "path": item.path,
        "title": (item.title or None) and re.sub(r"[。.]+$", "", item.title),
        "implicit": item.implicit,
        "text": text,
        **units,
        "deadlines": [d for _, d in timed],
        "targets": find_targets(scanned, dues),
    }
