"""Folding, query parsing and the token streams both index backends are built from.

The search semantics (corpus README): a document matches when every query term is a substring of its
title or its text, after both sides are folded (NFKC, 繁→简 by OpenCC's character table, ASCII lower-case),
character by character, so that a substring of a text folds to a substring of its fold.
Nothing here imports Django, so the benchmark and the tests can use it directly.

The index is a *bigram* index over the folded text: position i holds the pair (char i, char i+1), the
last character is paired with an end mark. A term of two or more characters is then exactly the phrase
of its consecutive bigrams, and a one-character term is any bigram that starts with it (a prefix
lookup). Bigrams are far more selective than single characters, so a phrase of common characters
(`的规定`) does not walk the position lists of every document.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from array import array

import opencc

MAX_TERMS = 10
MAX_TERM_CHARS = 50

# ----------------------------------------------------------------------------------------------- fold
# Folding is one `str.translate`: every character is replaced by its own fold, whatever surrounds it.
# That makes the fold of a substring a substring of the fold (a query typed from any part of a text
# finds it), which OpenCC's own t2s cannot give: it converts by phrase, and rewrites simplified text
# (`破坏土地` → `破坯土地`, `乾元` stays but `乾` alone → `干`, `二噁英` → `二𫫇英` but `噁英` → `恶英`).
# NFKC is applied character by character too (so a decomposed `e` + accent is not composed into `é`:
# composing depends on the neighbour, which would break the same property).

# Characters OpenCC's character table converts although simplified text uses them as they are. Of the
# 19 that OpenCC's TSCharacters.txt lists among their own simplified forms (`乾 → 干 乾`, `於 → 于 於`,
# `徵 → 征 徵` …), these two are used more often as simplified characters than as traditional forms (the
# words of jieba's frequency dictionary that keep them under OpenCC's phrase conversion, 乾坤 乾隆 哪吒,
# outweigh those that convert them, 乾燥; tests/search/test_text.py recomputes this). They stay
# themselves, so simplified text using them is never rewritten; the other 17 (於 徵 夥 …, common in
# traditional legal text: 關於, 徵收, 合夥) fold as OpenCC folds them.
SIMPLIFIED_TOO = "乾吒"


def _t2s_characters() -> dict[int, str]:
    """OpenCC's t2s for each character on its own (TSCharacters + TSCharactersExt, variants included),
    resolved to a fixed point (`薴 → 苧 → 苎` folds to `苎`), less `SIMPLIFIED_TOO`.

    Each character is converted alone: they are joined by newlines, which no OpenCC phrase contains."""
    # The BMP less surrogates and the newline, and the supplementary ideographs: what OpenCC maps.
    codes = [c for c in (*range(0xD800), *range(0xE000, 0x10000), *range(0x20000, 0x32400)) if c != 0x0A]
    converted = opencc.OpenCC("t2s").convert("\n".join(map(chr, codes))).split("\n")
    if len(converted) != len(codes):
        raise RuntimeError("OpenCC t2s changed the number of characters: the character table cannot be built")
    table = {
        code: out
        for code, out in zip(codes, converted, strict=True)
        if len(out) == 1 and out != chr(code) and chr(code) not in SIMPLIFIED_TOO
    }
    for code, out in table.items():
        seen = {code}
        while ord(out) in table and ord(out) not in seen:
            seen.add(ord(out))
            out = table[ord(out)]
        table[code] = out
    return table


def _build_tables() -> tuple[dict[int, str], dict[int, str]]:
    """The fold table (NFKC, ASCII lower-case, then t2s, per character; identity entries for the BMP
    too: a lookup that hits is faster in `str.translate` than one that misses) and the ASCII one."""
    ascii_lower = {c: chr(c + 32) for c in range(ord("A"), ord("Z") + 1)}
    t2s = _t2s_characters()
    table: dict[int, str] = {}
    beyond_bmp = (c for c in range(0x10000, 0x110000) if c in t2s or 0x2F800 <= c <= 0x2FA1F)
    for code in [*range(0xD800), *range(0xE000, 0x10000), *beyond_bmp]:
        nfkc = unicodedata.normalize("NFKC", chr(code)).translate(ascii_lower)
        table[code] = "".join(t2s.get(ord(c), c) for c in nfkc)
    return table, ascii_lower


_FOLD_TABLE, _ASCII_LOWER = _build_tables()


def fold(text: str) -> str:
    """Per character: NFKC (full-width → half-width), OpenCC t2s (繁→简, variants), ASCII lower-case.
    `fold(a + b) == fold(a) + fold(b)` for any split, so every substring of a text is found."""
    return text.translate(_FOLD_TABLE) if text else ""


_EXPANDING = re.compile(
    "[" + "".join(re.escape(chr(code)) for code, value in _FOLD_TABLE.items() if len(value) != 1) + "]"
)


def fold_with_map(text: str) -> tuple[str, list[int] | None]:
    """`fold(text)` and, when its length differs, the original index of each folded character
    (None means one-to-one, the usual case: t2s and NFKC of CJK text keep lengths)."""
    folded = fold(text)
    if len(folded) == len(text):
        return folded, None
    # The length changes only where NFKC expands a character (①→1, …→...): few places, found by a regex.
    starts: list[int] = []
    previous = 0
    for match in _EXPANDING.finditer(text):
        i = match.start()
        starts.extend(range(previous, i))
        starts.extend([i] * len(_FOLD_TABLE[ord(text[i])]))
        previous = i + 1
    starts.extend(range(previous, len(text)))
    return folded, starts


# ------------------------------------------------------------------------------------------- queries

_WHITESPACE = re.compile(r"[\s\u3000]+")


def _is_punct(char: str) -> bool:
    return unicodedata.category(char)[0] in "PSZ" or char in "\u3000"


def parse_query(text: str) -> list[str]:
    """Terms of a query: split on half- or full-width whitespace, surrounding punctuation stripped,
    folded; empty and repeated terms dropped. At most MAX_TERMS terms of MAX_TERM_CHARS characters."""
    terms: list[str] = []
    for raw in _WHITESPACE.split(fold(text or "")):
        start, end = 0, len(raw)
        while start < end and _is_punct(raw[start]):
            start += 1
        while end > start and _is_punct(raw[end - 1]):
            end -= 1
        term = raw[start:end][:MAX_TERM_CHARS]
        if term and term not in terms:
            terms.append(term)
    return terms[:MAX_TERMS]


# --------------------------------------------------------------------------------------- token stream
# FTS5's tokenizer (`ascii`; `unicode61` until migration 0014) must see each index symbol as a word
# character, and nothing else may split or merge them. CJK ideographs and ASCII letters/digits are used as they are; every other character
# (punctuation, other scripts, symbols) is written as a private-use character, one-to-one, so a term
# with a full stop or a Greek letter still matches exactly. Non-BMP characters take two symbols:
# a marker (U+E001 + plane) and the low 16 bits in plane 16, which cannot be confused with a one-symbol
# character, so a match can only start on a character boundary.

END = "\ue000"  # pairs with the last character so that every character starts one bigram
_WS = "\ue0ff"  # all whitespace is one symbol: terms never contain whitespace


def _symbol(char: str) -> str:
    code = ord(char)
    if ("a" <= char <= "z") or ("0" <= char <= "9") or 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF:
        return char
    if char.isspace() or char == "\u3000":
        return _WS
    if code < 0x10000:
        return chr(0xF0000 + code)
    return chr(0xE001 + (code >> 16)) + chr(0x100000 + (code & 0xFFFF))


class _SymbolTable(dict):
    """A `str.translate` table filled on first sight of each character (translate is C-speed)."""

    def __missing__(self, code: int) -> str:
        self[code] = symbol = _symbol(chr(code))
        return symbol


_SYMBOLS = _SymbolTable()


def symbols(folded: str) -> str:
    """The folded text as index symbols (one per character, two for a character beyond the BMP)."""
    return folded.translate(_SYMBOLS)


class _FoldedSymbolTable(dict):
    """`symbols(fold(c))` of each character, filled on first sight."""

    def __missing__(self, code: int) -> str:
        self[code] = value = symbols(fold(chr(code)))
        return value


_FOLDED_SYMBOLS = _FoldedSymbolTable()


def folded_symbols(text: str) -> str:
    """`symbols(fold(text))` in one `str.translate` instead of two (both work character by character):
    half the time, a tenth of an FTS5 rebuild's CPU."""
    return text.translate(_FOLDED_SYMBOLS) if text else ""


def bigrams(folded: str) -> list[str]:
    """The bigram tokens of a folded text, in order (the FTS5 token stream)."""
    s = symbols(folded)
    if not s:
        return []
    return list(map(operator.add, s, s[1:] + END))


def spaced(folded: str) -> str:
    """The text handed to FTS5: bigram tokens separated by spaces.

    Built as UTF-32 code arrays with strided copies (three times faster than joining Python strings,
    which matters for the 200,000-document benchmark)."""
    return spaced_symbols(symbols(folded))


def spaced_distinct(s: str) -> str:
    """Each distinct symbol of `s` once, in code-point order, space-separated: `" ".join(sorted(set(s)))`
    with the characters as integers, which takes 150 µs a document where one string a character took 260
    (a set of 600 from 2,700 characters)."""
    codes = array("I")
    codes.frombytes(s.encode("utf-32-le"))
    distinct = array("I", sorted(set(codes)))
    if not distinct:
        return ""
    out = array("I", [ord(" ")]) * (2 * len(distinct) - 1)
    out[0::2] = distinct
    return out.tobytes().decode("utf-32-le")


def spaced_symbols(s: str) -> str:
    """`spaced` of a text already turned into index symbols (`symbols`)."""
    if not s:
        return ""
    codes = array("I")
    codes.frombytes(s.encode("utf-32-le"))
    n = len(codes)
    out = array("I", bytes(12 * n))
    out[0::3] = codes
    following = codes[1:]
    following.append(ord(END))
    out[1::3] = following
    out[2::3] = array("I", [32]) * n
    return out.tobytes()[:-4].decode("utf-32-le")


def term_tokens(term: str) -> tuple[str, bool]:
    """How a folded term is looked up: (token, True) for a one-symbol term, matched as a prefix
    (any bigram starting with it); else (the space-separated phrase of its bigrams, False)."""
    s = symbols(term)
    if len(s) == 1:
        return s, True
    return " ".join(s[i : i + 2] for i in range(len(s) - 1)), False


def distinct_grams(folded: str) -> set[str]:
    """Unigrams and bigrams of a folded text (PostgreSQL's candidate index: presence, no positions)."""
    grams = set(folded)
    grams.update(folded[i : i + 2] for i in range(len(folded) - 1))
    return grams


def term_grams(term: str) -> list[str]:
    """The grams every document containing `term` has: the character itself, or its bigrams."""
    if len(term) == 1:
        return [term]
    return sorted({term[i : i + 2] for i in range(len(term) - 1)})
