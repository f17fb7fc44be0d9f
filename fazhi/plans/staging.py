"""Corrections to a staged `fazhi.plan/1` document, as plain functions on the dict.

Staff fix what the extraction got wrong before a plan becomes tasks: a unit, a deadline date, an item
that swallowed the next one (split) or one cut in two (merge). Each item of the working copy carries a
`key` that stays the same across edits, so the preview can address it. These functions raise
`ValidationError` with a Chinese message and never leave the document half-changed (they work on a
copy); `fazhi.plans.services` stores the result.
"""

from __future__ import annotations

import copy
import datetime
import re

from django.core.exceptions import ValidationError

from fazhi.plans.resolve import ROLE_FIELDS, normalise

ROLE_LABELS = {"lead": "牵头", "cooperating": "配合", "responsible": "责任"}
_ITEM_LISTS = ("lead_units", "cooperating_units", "responsible_units", "deadlines", "targets")
_MONTH_DAY = re.compile(r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")
_CN_DIGITS = "零一二三四五六七八九十"


def keyed(extraction: dict) -> tuple[dict, int]:
    """A working copy of `extraction` with a `key` on every item, and the next free key."""
    document = copy.deepcopy(extraction)
    items = document.setdefault("items", [])
    for number, item in enumerate(items, start=1):
        item["key"] = number
        for name in _ITEM_LISTS:
            item.setdefault(name, [])
        item.setdefault("title", None)
        item.setdefault("text", "")
        item.setdefault("implicit", False)
    return document, len(items) + 1


def without_keys(document: dict) -> dict:
    """The document in plain `fazhi.plan/1` shape, as stored on the confirmed plan."""
    plain = copy.deepcopy(document)
    for item in plain.get("items", []):
        item.pop("key", None)
    return plain


def find(document: dict, key: int) -> tuple[int, dict]:
    for index, item in enumerate(document.get("items", [])):
        if item.get("key") == key:
            return index, item
    raise ValidationError("找不到该条目，页面可能已过期，请刷新后重试")


def set_fields(document: dict, changes: dict) -> dict:
    """Document-level fields: title, issuer (list), doc_number, issued_on, level, period."""
    doc = copy.deepcopy(document)
    if "title" in changes:
        title = " ".join((changes["title"] or "").split())
        if not title:
            raise ValidationError("方案标题不能为空")
        doc["title"] = title
    if "issuer" in changes:
        doc["issuer"] = [n for n in (" ".join(x.split()) for x in changes["issuer"]) if n]
    if "doc_number" in changes:
        doc["doc_number"] = (changes["doc_number"] or "").strip() or None
    if "issued_on" in changes:
        value = changes["issued_on"]
        doc["issued_on"] = value.isoformat() if isinstance(value, datetime.date) else (value or None)
    if "level" in changes:
        doc["level"] = changes["level"] or "unknown"
    if "period" in changes:
        start, end = changes["period"]
        if start and end and start > end:
            raise ValidationError("起始年份不能晚于截止年份")
        doc["period"] = {"start": start or end, "end": end or start} if (start or end) else None
    return doc


def edit_item(document: dict, key: int, *, title: str | None, text: str) -> dict:
    doc = copy.deepcopy(document)
    _, item = find(doc, key)
    text = (text or "").strip()
    title = " ".join((title or "").split()).rstrip("。") or None
    if not text and not title:
        raise ValidationError("条目的标题和内容不能都为空")
    item["title"], item["text"] = title, text
    return doc


def _role_field(role: str) -> str:
    if role not in ROLE_FIELDS:
        raise ValidationError("单位角色只能是牵头、配合或责任单位")
    return ROLE_FIELDS[role]


def add_unit(document: dict, key: int, role: str, name: str) -> dict:
    doc = copy.deepcopy(document)
    _, item = find(doc, key)
    field = _role_field(role)
    name = normalise(name)
    if not name:
        raise ValidationError("单位名称不能为空")
    if len(name) > 100:
        raise ValidationError("单位名称不能超过 100 个字")
    if name in item[field]:
        raise ValidationError(f"“{name}”已经是该条目的{ROLE_LABELS[role]}单位")
    item[field].append(name)
    return doc


def remove_unit(document: dict, key: int, role: str, name: str) -> dict:
    doc = copy.deepcopy(document)
    _, item = find(doc, key)
    field = _role_field(role)
    if name not in item[field]:
        raise ValidationError(f"该条目的{ROLE_LABELS[role]}单位中没有“{name}”")
    item[field].remove(name)
    return doc


def correct_deadline(document: dict, key: int, index: int, value: str) -> dict:
    """Set the normalised date of one deadline: YYYY-MM-DD for a due date, MM-DD (or empty) for recurring."""
    doc = copy.deepcopy(document)
    _, item = find(doc, key)
    try:
        deadline = item["deadlines"][index]
    except (IndexError, TypeError):
        raise ValidationError("找不到该时限，页面可能已过期，请刷新后重试") from None
    value = (value or "").strip()
    if deadline.get("kind") == "recurring":
        if value and not _MONTH_DAY.match(value):
            raise ValidationError("周期性时限的截止日请写成“月-日”，如 03-31，或留空")
        deadline["by"] = value or None
    elif deadline.get("kind") == "relative":
        raise ValidationError("相对时限（如“10日内”）没有固定日期，无需更正")
    else:
        try:
            deadline["date"] = datetime.date.fromisoformat(value).isoformat()
        except ValueError:
            raise ValidationError(f"“{value}”不是有效日期，请写成 2025-12-31 的形式") from None
    deadline["corrected"] = True
    return doc


def split_item(document: dict, key: int, at: int, label: str, next_key: int) -> dict:
    """Cut an item's text at character `at`; the second part becomes a sibling labelled `label`.

    Units, deadlines and targets go with the part whose text contains them (both parts when both do,
    the first when neither does): a closing 牵头单位 parenthesis usually ends the second part.
    """
    doc = copy.deepcopy(document)
    index, item = find(doc, key)
    text = item["text"]
    if not 0 < at < len(text):
        raise ValidationError("拆分位置必须在条目内容中间")
    first_text, second_text = text[:at].strip(), text[at:].strip()
    if not first_text or not second_text:
        raise ValidationError("拆分后的两部分都不能为空")
    label = _clean_label(label)
    path = item["path"][:-1] + [label]
    if any(other["path"] == path for other in doc["items"]):
        raise ValidationError(f"编号“{' '.join(path)}”已被其他条目使用")
    second = {
        "key": next_key, "path": path, "title": None, "implicit": True, "text": second_text,
        "lead_units": [], "cooperating_units": [], "responsible_units": [], "deadlines": [], "targets": [],
    }
    for field in _ITEM_LISTS:
        kept, moved = [], []
        for entry in item[field]:
            needle = entry if isinstance(entry, str) else entry.get("text", "")
            in_first, in_second = needle in first_text, needle in second_text
            if in_second:
                moved.append(entry)
            if in_first or not in_second:
                kept.append(entry)
        item[field], second[field] = kept, moved
    item["text"] = first_text
    # The new item goes after the first part's own children, so the tree stays in document order.
    insert_at = index + 1
    prefix = item["path"]
    while insert_at < len(doc["items"]) and doc["items"][insert_at]["path"][: len(prefix)] == prefix:
        insert_at += 1
    doc["items"].insert(insert_at, second)
    return doc


def merge_into_previous(document: dict, key: int) -> dict:
    """Append an item to the one before it in document order; its children move under that item."""
    doc = copy.deepcopy(document)
    index, item = find(doc, key)
    if index == 0:
        raise ValidationError("第一个条目之前没有可以合并进去的条目")
    previous = doc["items"][index - 1]
    joined = "".join(part for part in (item.get("title") and f"{item['title']}。", item["text"]) if part)
    previous["text"] = (previous["text"] + joined) if previous["text"] else joined
    for field in _ITEM_LISTS:
        for entry in item[field]:
            if entry not in previous[field]:
                previous[field].append(entry)
    old = item["path"]
    for other in doc["items"][index + 1:]:
        if other["path"][: len(old)] == old:
            other["path"] = previous["path"] + other["path"][len(old):]
    del doc["items"][index]
    return doc


def _clean_label(label: str) -> str:
    label = normalise(label).rstrip("、.．")
    if not label:
        raise ValidationError("请填写新条目的编号")
    if len(label) > 20:
        raise ValidationError("编号不能超过 20 个字")
    return label


def suggest_label(document: dict, key: int) -> str:
    """The label a split-off part most likely has: the next number in the item's own style, if free."""
    _, item = find(document, key)
    label = item["path"][-1]
    taken = {tuple(other["path"]) for other in document["items"]}
    inner = label.strip("()")
    wrap = (lambda s: f"({s})") if label.startswith("(") else (lambda s: s)
    candidate = None
    if inner.isdigit():
        candidate = wrap(str(int(inner) + 1))
    elif len(inner) == 1 and inner in _CN_DIGITS[1:]:
        position = _CN_DIGITS.index(inner)
        candidate = wrap(_CN_DIGITS[position + 1]) if position < 10 else None
    if candidate and tuple(item["path"][:-1] + [candidate]) not in taken:
        return candidate
    return f"{label}-2"


def parent_indexes(items: list[dict]) -> list[int | None]:
    """For each item, the index of its parent: the latest earlier item whose path is its nearest prefix."""
    latest: dict[tuple, int] = {}
    parents: list[int | None] = []
    for index, item in enumerate(items):
        path = tuple(item["path"])
        parent = None
        for cut in range(len(path) - 1, 0, -1):
            if path[:cut] in latest:
                parent = latest[path[:cut]]
                break
        parents.append(parent)
        latest[path] = index
    return parents
