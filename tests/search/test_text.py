"""Folding and query parsing: the two halves of the matching rule."""

from collections import Counter
from pathlib import Path

import jieba
import opencc
from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.search.text import (
    _FOLD_TABLE,
    END,
    SIMPLIFIED_TOO,
    bigrams,
    fold,
    fold_with_map,
    folded_symbols,
    parse_query,
    spaced_distinct,
    symbols,
    term_tokens,
)


def test_fold_is_nfkc_t2s_and_ascii_lower_case():
    assert fold("行政處罰") == "行政处罚"
    assert fold("ＡＢＣ１２３，") == "abc123,"
    assert fold("GB/T") == "gb/t"
    assert fold("①") == "1"
    assert fold("") == ""


def test_fold_is_character_by_character_even_on_combining_sequences():
    # NFKC would compose `e` + U+0301 into `é`; per character the `e` stays, so the substring `Cafe` of
    # the text still folds to a substring of its fold.
    text = "Cafe\u0301 e\u0301"
    assert fold(text) == "cafe\u0301 e\u0301"
    assert fold(text[:4]) in fold(text)


@settings(max_examples=300, deadline=None)
@given(
    st.text(st.characters(blacklist_categories=("Cs",))), st.text(st.characters(blacklist_categories=("Cs",)))
)
def test_the_fold_of_a_concatenation_is_the_concatenation_of_the_folds(a, b):
    assert fold(a + b) == fold(a) + fold(b)


@settings(max_examples=300, deadline=None)
@given(
    st.text(st.characters(blacklist_categories=("Cs",)))
    | st.sampled_from(["行政處罰①Ａ𠀀 …", "ＡＢ\u3000ｃ"])
)
def test_folded_symbols_is_the_symbols_of_the_fold(text):
    assert folded_symbols(text) == symbols(fold(text))


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",))))
def test_spaced_distinct_is_the_sorted_set_joined(text):
    assert spaced_distinct(symbols(fold(text))) == " ".join(sorted(set(symbols(fold(text)))))


def test_fold_keeps_simplified_text_that_opencc_phrases_rewrote():
    assert fold("破坏土地") == "破坏土地"  # OpenCC t2s: 破坯土地
    assert fold("二噁英") == "二恶英" and fold("噁英") in fold("二噁英")  # t2s: 二𫫇英 but 恶英
    assert fold("乾元") == "乾元" and fold("乾") == "乾"  # t2s: 乾元 but 干
    assert fold("關於徵收合夥企業") == "关于征收合伙企业"  # t2s character forms still apply
    assert fold("薴") == fold("苧") == "苎"  # chains resolved to the end


def test_fold_is_idempotent():
    assert all(fold(value) == value for value in _FOLD_TABLE.values())


def test_simplified_too_is_what_the_dictionaries_say():
    """Recompute `SIMPLIFIED_TOO`: of the characters OpenCC's TSCharacters.txt lists among their own
    simplified forms (copied here: the package ships only the compiled dictionary), those that the words
    of jieba's frequency dictionary keep under OpenCC's phrase conversion more often than they convert."""
    listed_as_their_own_simplified_form = "乾剋劄吒夥徵扞於昇氾祕脩蒐薹袷谿釐陞麽"
    t2s = opencc.OpenCC("t2s")
    kept, converted = Counter(), Counter()
    with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as f:
        for line in f:
            word, frequency = line.split()[:2]
            for char in set(word) & set(listed_as_their_own_simplified_form):
                (kept if char in t2s.convert(word) else converted)[char] += int(frequency)
    expected = "".join(c for c in listed_as_their_own_simplified_form if kept[c] > converted[c])
    assert expected == SIMPLIFIED_TOO
    assert all(fold(c) == c for c in SIMPLIFIED_TOO)
    assert all(fold(c) != c for c in listed_as_their_own_simplified_form if c not in SIMPLIFIED_TOO)


def test_parse_query_splits_on_both_widths_of_space_and_strips_punctuation():
    assert parse_query(" 《行政處罰法》　聽證 罚款， ") == ["行政处罚法", "听证", "罚款"]
    assert parse_query("听证，罚款") == ["听证,罚款"]  # a comma inside a term is part of it
    assert parse_query("“a-b” a-b") == ["a-b"]  # inner punctuation kept, repeated terms dropped
    assert parse_query("，。 ") == []
    assert parse_query("") == []


def test_fold_with_map_points_back_at_the_original_characters():
    text = "①行政處罰…罚"
    folded, starts = fold_with_map(text)
    assert folded == "1行政处罚...罚"
    assert starts is not None
    assert text[starts[folded.index("罚", 6)]] == "罚"
    assert [text[starts[i]] for i in range(5, 8)] == ["…", "…", "…"]
    assert fold_with_map("行政处罚") == ("行政处罚", None)


def test_every_character_is_one_bigram_start_and_symbols_never_split_or_merge():
    assert bigrams("行政处罚") == ["行政", "政处", "处罚", "罚" + END]
    # Punctuation and whitespace become private-use symbols, one per character.
    assert len(symbols("a，b\n c")) == len("a，b\n c")
    assert '"' not in symbols('"') and " " not in symbols(" ")
    # A character beyond the BMP is two symbols, the first of which no one-symbol character uses.
    assert len(symbols("\U00020000")) == 2


def test_term_tokens():
    assert term_tokens("罚") == ("罚", True)
    assert term_tokens("听证") == ("听证", False)
    assert term_tokens("行政处罚") == ("行政 政处 处罚", False)
