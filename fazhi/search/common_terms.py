"""Common terms: words many documents hold, each indexed as one token of the characters' table.

On SQLite a term of two or more characters is the phrase of its bigrams, and matching a phrase reads
the bigrams' positions in every candidate document. For several common terms at once (`法治政府
决策事项目录`) that was the slowest class of queries: an AND of phrases over most of the corpus, where an
engine of whole words intersects lists of documents and reads no position (`docs/benchmarks.md`).

So the words a sample of the stored documents holds most often (jieba's words of three or more CJK
characters found in at least `SHARE` of the sampled documents, at most `MAX_TERMS` of them) become a
*vocabulary*. Every document's row in the characters' table (`detail=none`: documents, no positions)
also lists each vocabulary word its folded title or text holds, found by plain substring search (an
Aho-Corasick automaton, `ahocorasick_rs`: 0.13 ms a benchmark text, against 0.5 for `pyahocorasick`),
never by jieba. A query term that is a vocabulary word is then one token of that table: exact, because
the token is there if and only if the word is a substring of the title or the text. jieba only chooses
which words are worth a token of their own; it decides no match.

On PostgreSQL the words join each row's gram sets the same way (`fazhi.search.postgres.row`).

The vocabulary is chosen afresh by every full rebuild (`SearchBackend.rebuild`) and kept unchanged
between rebuilds: FTS5 removes a row by recomputing its tokens, which must be those it was indexed
with. Nothing here imports Django.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

import ahocorasick_rs

# jieba's words of at least this many characters: shorter terms are one bigram, read without a phrase.
MIN_CHARS = 3
# A word found in at least this share of the sampled documents is common: at 200,000 documents, 2,000 or
# more. Rarer words are fast as phrases (`docs/benchmarks.md`).
SHARE = 0.01
MAX_TERMS = 4000
# Documents sampled to choose the vocabulary, and below how many stored documents there is none (a small
# corpus is fast anyway, and its word counts say little).
SAMPLE = 600
MIN_DOCUMENTS = 200
# Only ideographs of the BMP: such a word is its own index symbols (`fazhi.search.text.symbols`), and
# as a token of three or more of them it cannot be mistaken for a character's token (one symbol, two
# beyond the BMP) or a filter word (ASCII).
WORD = re.compile(rf"[\u4e00-\u9fff]{{{MIN_CHARS},}}")


def choose(folded_texts: Iterable[str], documents: int) -> list[str]:
    """The vocabulary from a sample of folded document texts (title and text of each), sorted. `documents`:
    how many the corpus holds; fewer than MIN_DOCUMENTS give none."""
    import jieba

    if documents < MIN_DOCUMENTS:
        return []
    jieba.setLogLevel(logging.WARNING)
    held: Counter[str] = Counter()
    sampled = 0
    for text in folded_texts:
        held.update({w for w in jieba.cut(text, HMM=False) if WORD.fullmatch(w)})
        sampled += 1
    least = max(2, SHARE * sampled)
    return sorted(w for w, n in held.most_common(MAX_TERMS) if n >= least)


def sample_positions(total: int, size: int = SAMPLE) -> list[int]:
    """`size` positions spread evenly over `total` (all of them when there are fewer)."""
    if total <= size:
        return list(range(total))
    return [i * total // size for i in range(size)]


class Vocabulary:
    """The common terms of an index, and which of them a text holds."""

    def __init__(self, terms: Iterable[str] = ()) -> None:
        self.terms = tuple(sorted(terms))
        self._automaton: ahocorasick_rs.AhoCorasick | None = None

    def __bool__(self) -> bool:
        return bool(self.terms)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Vocabulary) and self.terms == other.terms

    def __hash__(self) -> int:
        return hash(self.terms)

    def __getstate__(self) -> tuple[str, ...]:  # sent to a rebuild's worker: the automaton is remade there
        return self.terms

    def __setstate__(self, terms: tuple[str, ...]) -> None:
        self.__init__(terms)

    def found(self, *texts: str) -> list[str]:
        """The words that are substrings of any of `texts` (each searched alone, so that no word runs
        from one into the next), sorted."""
        if not self.terms:
            return []
        if self._automaton is None:
            self._automaton = _automaton(self.terms)
        find = self._automaton.find_matches_as_strings
        return sorted({word for text in texts for word in find(text, overlapping=True)})


@lru_cache(maxsize=1)
def _automaton(terms: tuple[str, ...]) -> ahocorasick_rs.AhoCorasick:
    """A DFA of the words: the fastest to run, 13–23 ms to build for 2,200 words. Kept for the process, so a
    rebuild's worker builds it once, not once a page, and a write once, not once a call (each call reads
    the vocabulary afresh: it changes only with a rebuild)."""
    return ahocorasick_rs.AhoCorasick(terms, implementation=ahocorasick_rs.Implementation.DFA)


NONE = Vocabulary()
