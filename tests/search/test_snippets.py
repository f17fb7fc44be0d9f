"""Snippets of packed texts (`fazhi.search.snippets.readable`): a stored text, zstd-packed or zlib-packed as
before migration 0017, is unpacked and decoded only as far as the snippet needs, and the snippet must be
the one the whole text gives. The expected snippet is always computed from the whole text, never from a
head."""

import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.search import packing
from fazhi.search.packing import ZLIB_HEADS as PACKED_HEADS
from fazhi.search.snippets import readable, snippet_html

SENTENCE = "第二条 本办法自公布之日起施行。"  # 16 characters, 46 bytes of UTF-8


def zlib_packed(text: str) -> bytes:
    """A text as SQLite stored it before migration 0017."""
    return zlib.compress(text.encode(), 1)


PACKERS = pytest.mark.parametrize("pack", [packing.pack, zlib_packed], ids=["zstd", "zlib"])


@pytest.mark.parametrize(
    "terms, title_match",
    [
        (["行政处罚"], False),  # in the first sentence: the first head is enough
        (["中段的词"], False),  # after the first head (2 KB), inside the third (8 KB)
        (["文末"], False),  # only at the very end: the whole text is needed
        (["文末", "行政处罚"], False),  # the earliest of the terms decides
        (["處罰"], False),  # only in the folded form: found by folding, not in the raw head
        (["标题里的词"], True),  # a title hit with no term in the text: the snippet is the start
    ],
)
@PACKERS
def test_a_snippet_of_a_packed_text_is_the_snippet_of_the_whole_text(terms, title_match, pack):
    text = "第一条 为了规范行政处罚的设定和实施。" + SENTENCE * 100 + "中段的词" + SENTENCE * 300 + "行政處罰文末"
    middle = len(text[: text.index("中段的词")].encode())
    assert PACKED_HEADS[1] < middle < PACKED_HEADS[2] - 500 and len(text.encode()) > 2 * PACKED_HEADS[2]
    packed = pack(text)
    assert snippet_html(packed, terms, title_match=title_match) == snippet_html(
        text, terms, title_match=title_match
    )


def test_a_zstd_text_is_decoded_only_as_far_as_the_window_after_the_first_term():
    text = SENTENCE * 100 + "中段的词" + SENTENCE * 1000
    kept = readable(packing.pack(text), ["中段的词"])
    assert text.startswith(kept) and kept.index("中段的词") + 140 < len(kept) < 2 * kept.index("中段的词")
    assert readable(packing.pack(text), ["不在文中"]) == text


def test_a_zlib_term_halfway_through_a_long_text_unpacks_about_half_of_it(monkeypatch):
    unpacked = []  # the length of each head unpacked
    heads = packing.heads

    def spy(stored):
        for head, whole in heads(stored):
            unpacked.append(len(head))
            yield head, whole

    monkeypatch.setattr(packing, "heads", spy)

    def unpacked_for(text: str, term: str) -> int:
        unpacked.clear()
        assert snippet_html(zlib_packed(text), [term]) == snippet_html(text, [term])
        return unpacked[-1]

    text = SENTENCE * 1500 + "中段的词" + SENTENCE * 1500  # 138 KB of UTF-8, the term at 69 KB
    # The heads double from 2 KB: the first to hold the term and a window after it is the 128 KB one.
    assert unpacked_for(text, "中段的词") == PACKED_HEADS[-1] < len(text.encode())
    assert unpacked_for(text, "本办法") == PACKED_HEADS[0]
    # A term straddling the end of one head is found in the next: its bytes are searched from before it.
    straddling = "x" * 16 + SENTENCE * 44 + "中段的词" + SENTENCE * 100
    at = len(("x" * 16 + SENTENCE * 44).encode())
    assert at < PACKED_HEADS[0] < at + len("中段的词".encode())
    assert unpacked_for(straddling, "中段的词") == PACKED_HEADS[1]
    # A term near the end of a head leaves too little of the window in it: the next head is unpacked.
    assert unpacked_for("x" * 1990 + "中段的词" + SENTENCE * 100, "中段的词") == PACKED_HEADS[1]
    # No term in the raw text: all of it.
    assert unpacked_for(text, "不在文中") == len(text.encode())


# Texts of common sentences, rare words, traditional forms and other scripts; terms drawn from them.
PIECES = st.sampled_from(
    [SENTENCE, "行政处罚", "行政處罰", "听证", "规范性文件", "abc", "Ω", "\n\n", "𠀀", "。", "的"]
)


@settings(max_examples=150, deadline=None)
@given(
    pieces=st.lists(PIECES, min_size=1, max_size=400),
    data=st.data(),
    title_match=st.booleans(),
    pack=st.sampled_from([packing.pack, zlib_packed]),
)
def test_any_snippet_of_a_packed_text_is_the_whole_texts(pieces, data, title_match, pack):
    text = "".join(pieces)
    start = data.draw(st.integers(0, len(text) - 1), label="start")
    term = text[start : start + data.draw(st.integers(1, 6), label="length")].strip()
    terms = [t for t in (term, data.draw(st.sampled_from(["处罚", "不在文中", "证"]), label="other")) if t]
    packed = pack(text)
    assert snippet_html(packed, terms, title_match=title_match) == snippet_html(
        text, terms, title_match=title_match
    )
