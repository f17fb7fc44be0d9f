"""Highlighted snippets: a window of the original text around the first match, matches in <mark>.

Matching is done on the folded text (so `處罰` highlights `處罰` when the query was `处罚`), the marks
are placed on the original characters through the fold's position map. Only the start of a long text
is folded until a match shows up: a page of 20 hits must not fold 20 whole laws.
"""

from __future__ import annotations

from html import escape  # what django.utils.html.escape does, without its lazy-string wrapper (0.5 ms a page)

from fazhi.search import packing
from fazhi.search.text import MAX_TERM_CHARS, fold_with_map

BEFORE = 30
WIDTH = 140
FIRST_CHUNK = 2_000


def _first_match(body: str, terms: list[str], deep: bool) -> int | None:
    """Original index of an early occurrence of a term, or None.

    The raw text is tried first (C-speed `find`; most texts are simplified already), then the folded
    start of the text, then (`deep`) all of it: folding a whole 100,000-character law for each hit
    would cost tens of milliseconds."""
    found = [i for i in (body.find(t) for t in terms) if i >= 0]
    if found:
        return min(found)
    for size in (FIRST_CHUNK, None) if deep else (FIRST_CHUNK,):
        part = body if size is None else body[:size]
        folded, starts = fold_with_map(part)
        found = [i for i in (folded.find(t) for t in terms) if i >= 0]
        if found:
            first = min(found)
            return starts[first] if starts else first
        if size is None or size >= len(body):
            break
    return None


def _spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Merged (start, end) ranges of `text` whose folded form is one of the terms."""
    folded, starts = fold_with_map(text)
    spans = []
    for term in terms:
        i = folded.find(term)
        while i >= 0:
            end = i + len(term)
            if starts:
                spans.append((starts[i], starts[end - 1] + 1))
            else:
                spans.append((i, end))
            i = folded.find(term, end)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, terms: list[str]) -> str:
    """`text` escaped, with every occurrence of a term wrapped in <mark>."""
    out, pos = [], 0
    for start, end in _spans(text, terms):
        out.append(escape(text[pos:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)


def readable(stored: str | bytes, terms: list[str]) -> str:
    """The text as `snippet_html` needs it: `stored` itself, or a packed text (`models.PackedTextField`)
    unpacked and decoded only as far as the snippet can tell from.

    A start of the text is enough when a term shows in it, as it is, early enough: every term found
    later starts after it, and the window (WIDTH characters) ends inside it, so the snippet is the one
    the whole text gives (`tests/search/test_snippets.py` compares them). The terms are looked for as
    UTF-8 bytes (a match of the bytes is a match of the characters) in ever longer starts
    (`packing.heads`: for a text zlib packed before migration 0017, 2 KB, then twice as far each time;
    zstd unpacks the whole at once, in a third of zlib's time), and only the start kept is decoded:
    decoding a whole text of 4,000 characters costs 7 µs. Otherwise all of it (a term found only in
    its folded form, or none in the text)."""
    if not isinstance(stored, bytes):
        return stored
    wanted = [t.encode() for t in terms]
    # A term must leave this many bytes after it: at most 4 a character, and 3 of a cut one at the end.
    after = 4 * (max(WIDTH, MAX_TERM_CHARS) + 1) + 3
    searched, first = 0, None
    for head, whole in packing.heads(stored):
        for term in wanted:  # the earliest start among the new bytes (a term may straddle the old end)
            at = head.find(term, max(0, searched - len(term) + 1))
            if at >= 0 and (first is None or at < first):
                first = at
        searched = len(head)
        if first is not None and len(head) - first >= after:
            return head[: first + after].decode("utf-8", "ignore")  # only a character cut at the end
        if whole:
            return head.decode()
    raise AssertionError("packing.heads ends with the whole text")


def snippet_html(body: str | bytes, terms: list[str], *, title_match: bool = False) -> str:
    """About WIDTH characters of `body` around a match (its start when only the title matched).

    A hit whose title holds every term may have none in its text, so its text is searched only near
    the start; any other hit has a term in its text, searched through. `body` may be the text as
    stored, compressed (`readable`)."""
    body = readable(body, terms)
    if not body:
        return ""
    first = _first_match(body, terms, deep=not title_match)
    start = max(0, first - BEFORE) if first is not None else 0
    end = min(len(body), start + WIDTH)
    window = " ".join(body[start:end].split())  # newlines and Markdown spacing read badly in one line
    html = highlight(window, terms)
    return ("…" if start > 0 else "") + html + ("…" if end < len(body) else "")
