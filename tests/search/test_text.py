"""Folding and query parsing: the two halves of the matching rule."""

import unicodedata

from fazhi.search.text import END, bigrams, fold, fold_with_map, parse_query, symbols, term_tokens


def test_fold_is_nfkc_t2s_and_ascii_lower_case():
    assert fold("行政處罰") == "行政处罚"
    assert fold("ＡＢＣ１２３，") == "abc123,"
    assert fold("GB/T") == "gb/t"
    assert fold("①") == "1"
    assert fold("") == ""


def test_fold_matches_plain_nfkc_on_combining_sequences():
    text = "Cafe\u0301 e\u0301"  # decomposed é: the fast per-character table must not be the last word
    assert fold(text) == unicodedata.normalize("NFKC", text).lower()


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
