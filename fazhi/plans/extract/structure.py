"""Numbered items: levels from the numbering styles, titles, implied first labels, item texts."""

from __future__ import annotations

import re

from fazhi.plans.extract.labels import Label, label_for, parse_label
from fazhi.plans.extract.units import is_unit_line, parenthesised, parse_unit_group

# A leading clause that names the topic: short, ends with 。, no comma, colon or cited title, and
# more text follows (a one-sentence item has no title).
TITLE_CLAUSE = re.compile(r"^([^。，,；;：:《》!?！？]{2,40})。(?=.)")
# A label line that is nothing but such a clause (`（一）全面提升行政执法人员能力素质。`): a heading when
# children or paragraphs follow it, a one-sentence item when the next line is a sibling.
TITLE_ONLY = re.compile(r"^([^。，,；;：:《》!?！？()（）]{2,40})。$")
HEADING_MAX = 60
CLOSING = re.compile(
    r"^(?:各地|各级|各部门|各单位|各镇|各县|各市|各区|各乡|总之|本方案|本纲要|本措施|本要点|本计划|以上)"
)


class Item:
    """One numbered item while it is being built (a plain class: dataclasses cost import time)."""

    __slots__ = ("path", "style", "title", "implicit", "heading", "paragraphs")

    def __init__(self, path: list[str], style: str, implicit: bool = False) -> None:
        self.path = path
        self.style = style
        self.title: str | None = None
        self.implicit = implicit
        self.heading = False  # the title is a line of its own
        self.paragraphs: list[str] = []

    @property
    def text(self) -> str:
        return "".join(self.paragraphs)


def split_heading(content: str) -> tuple[str, str | None] | None:
    """(title, unit group) when a label line is a heading of its own, else None."""
    if not content or len(content) > HEADING_MAX + 40 or re.search(r"[。；;!?！？]", content):
        return None
    units = None
    groups = parenthesised(content)
    if groups and groups[-1][1] >= len(content) and parse_unit_group(groups[-1][2], bare_list=True):
        units = content[groups[-1][0] :]
        content = content[: groups[-1][0]]
    if not content or len(content) > HEADING_MAX:
        return None
    return content.rstrip("：:"), units


def is_unit_group_line(line: str) -> bool:
    """A line that is one bracket group naming units: `（区委依法治区办牵头，区司法局配合）`."""
    groups = parenthesised(line)
    return (
        len(groups) == 1
        and groups[0][0] == 0
        and groups[0][1] >= len(line.rstrip("。.;； "))
        and parse_unit_group(groups[0][2]) is not None
    )


def leading_title(text: str) -> str | None:
    match = TITLE_CLAUSE.match(text)
    return match.group(1) if match else None


def build_items(lines: list[str]) -> list[Item]:
    """Items from the body lines (the header already removed), in document order."""
    items: list[Item] = []
    stack: list[Item] = []
    pending: list[str] = []

    def open_item(
        label_text: str,
        style: str,
        content: str,
        implicit: bool = False,
        following: Label | None | bool = False,
    ) -> Item:
        styles = [i.style for i in stack]
        if style in styles:
            del stack[styles.index(style) :]
        parent = stack[-1].path if stack else []
        item = Item(path=[*parent, label_text], style=style, implicit=implicit)
        heading = split_heading(content) if not implicit else None
        if heading is None and following is not False and "。" in content:
            # `following` is the label of the next line (None: an unnumbered paragraph follows).
            only = TITLE_ONLY.match(content)
            deeper = following is None or following.style not in [*(i.style for i in stack), style]
            if only and deeper:
                heading = only.group(1), None
        if heading:
            item.title, units = heading
            item.heading = True
            if units:
                item.paragraphs.append(units)
        else:
            item.title = leading_title(content)
            if content:
                item.paragraphs.append(content)
        items.append(item)
        stack.append(item)
        return item

    def flush(next_label: Label | None) -> None:
        if not pending or not stack:
            pending.clear()
            return
        current = stack[-1]
        deeper = next_label is not None and next_label.style not in [i.style for i in stack]
        if deeper and next_label.ordinal == 2:
            # `一、Heading` / unnumbered paragraph / `2.`: the paragraph is the unwritten item 1.
            current.paragraphs.extend(pending[:-1])
            open_item(label_for(next_label.style, 1), next_label.style, "", implicit=True)
            implied = stack[-1]
            implied.paragraphs.append(pending[-1])
            implied.title = leading_title(pending[-1])
        elif next_label is None:
            # After the last item: closing remarks and the signature, unless the last heading
            # still waits for its text, or a line of units in brackets closes the last item.
            waiting = current.heading and not current.text and not CLOSING.match(pending[0])
            if waiting or is_unit_group_line(pending[0]):
                current.paragraphs.append(pending[0])
        else:
            current.paragraphs.extend(pending)
        pending.clear()

    labels = [parse_label(line) for line in lines]
    last_label = max((i for i, label in enumerate(labels) if label), default=-1)
    for index, line in enumerate(lines):
        label = labels[index]
        if label is None:
            if stack and is_unit_line(line):
                flush(label)  # a unit line closes the paragraphs before it into the current item
                stack[-1].paragraphs.append(line)
            elif stack:
                pending.append(line)
            continue
        flush(label)
        following = labels[index + 1] if index + 1 < len(lines) else False
        if following is None and (index >= last_label or is_unit_line(lines[index + 1])):
            # A unit line closes a one-sentence item, and after the last item come closing remarks:
            # neither makes the item a heading.
            following = False
        open_item(label.text, label.style, line[label.end :].strip(), following=following)
    flush(None)
    return items
