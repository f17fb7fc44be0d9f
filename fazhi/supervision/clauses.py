"""Who performs one deadline of a plan item: the unit its own clause names (分句明确的承办单位).

An item such as "坚持每季度对……进行通报。……（县司法局牵头，各镇、各部门按职责分工负责）" lists every unit
that shares the item's work, but a deadline inside it often binds one of them only: the quarterly
通报 is the lead's, "各镇、各部门每年至少组织1次" is the towns' and departments', "县司法局负责，每半年通报1次"
is the 司法局's. Giving every listed unit every deadline inflates the counts many times over.

The rule, read on the item's own text (a sentence ends at 。；; a clause at ，,：:):

1. names written in the deadline's clause before the deadline (各行政执法部门于2024年10月底前 …);
2. else, when the deadline opens its clause (每年3月1日前，县政府……，县政府各部门……), the names that open
   the clauses right after it;
3. else, when the clause goes on from the one before (并在4月1日前 …) or the clause before names
   a performer at its head (县司法局负责，每半年通报1次 …), that clause's performer;
4. else nobody is named: the lead carries it (`[]` here; the caller picks the lead).

Names after the deadline are objects, not performers (通报各部门……情况). Pure Python: the caller supplies
the function that finds unit names in a text.
"""

from __future__ import annotations

from collections.abc import Callable

# (start, end, name) of each unit name found in a text, in order, not overlapping.
Mention = tuple[int, int, str]
FindMentions = Callable[[str], list[Mention]]

_SENTENCE_END = "。；;！!？?\n"
_CLAUSE_END = "，,：:"
# Words that carry the clause before it on (并在4月1日前 …: the same performer).
_CONTINUES = ("并且", "并", "同时", "且")


def _bounds(text: str, position: int, stops: str, lower: int = 0, upper: int | None = None) -> tuple[int, int]:
    upper = len(text) if upper is None else upper
    start = position
    while start > lower and text[start - 1] not in stops:
        start -= 1
    end = position
    while end < upper and text[end] not in stops:
        end += 1
    return start, end


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The clauses of text[start:end] as (start, end) pairs."""
    out, begin = [], start
    for i in range(start, end):
        if text[i] in _CLAUSE_END:
            out.append((begin, i))
            begin = i + 1
    out.append((begin, end))
    return out


def _leading(text: str, clause: tuple[int, int], find: FindMentions) -> list[str]:
    """The names a clause opens with (县政府各部门向……报告 → 县政府各部门), consecutive ones only."""
    start, end = clause
    body = text[start:end]
    offset = len(body) - len(body.lstrip())
    names, at = [], offset
    for m_start, m_end, name in find(body):
        if m_start != at:
            break
        names.append(name)
        at = m_end
        while at < len(body) and body[at] in "、和及与 ":
            at += 1
    return names


def performers(text: str, deadline_text: str, occurrence: int, find: FindMentions) -> list[str] | None:
    """The unit names that perform the `occurrence`-th appearance of `deadline_text` in `text`.

    `[]` when the clause names nobody (the lead's); None when the text does not contain the deadline at
    all (an edited task), so the item's units keep it as the item assigns them.
    """
    if not deadline_text:
        return None
    position = -1
    for _ in range(occurrence + 1):
        position = text.find(deadline_text, position + 1)
        if position < 0:
            return None
    sentence = _bounds(text, position, _SENTENCE_END)
    clauses = _clauses(text, *sentence)
    index = next(i for i, (s, e) in enumerate(clauses) if s <= position <= e)
    start, end = clauses[index]
    before = text[start:position]
    named = [name for _, _, name in find(before)]
    if named:
        return named
    opening = before.strip()
    rest = text[position + len(deadline_text):end].strip()
    if not opening and not rest:
        # The deadline is the whole clause (每年3月1日前，县政府……): the clauses after it say who.
        following: list[str] = []
        for clause in clauses[index + 1:]:
            names = _leading(text, clause, find)
            if not names:
                break
            following.extend(names)
        if following:
            return following
    if index > 0:
        if opening.startswith(_CONTINUES):
            return _carried(text, clauses, index - 1, find)
        return _leading(text, clauses[index - 1], find)
    return []


def _carried(text: str, clauses: list[tuple[int, int]], index: int, find: FindMentions) -> list[str]:
    """A continued clause's performer: the nearest clause before it that opens with names."""
    for clause in reversed(clauses[: index + 1]):
        names = _leading(text, clause, find)
        if names:
            return names
    return []
