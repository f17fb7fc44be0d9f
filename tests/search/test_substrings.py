"""Exact by construction: any substring of any indexed text is a hit, typed as it is, in simplified
form or in traditional form, on whichever backend `DATABASE_URL` selects (`test_parity.py` runs this
module on the other one too).

"Traditional form" replaces characters by any character that folds to the same simplified one
(`坏` → `壞`, `后` → `後`, `里` → `裡`/`裏`): every such spelling of the query must find the text. Texts
mix simplified and traditional legal Chinese with the characters OpenCC's phrase conversion used to
rewrite (`破坏土地`, `二噁英`, `乾元`), full-width forms, characters NFKC expands, punctuation, whitespace,
combining marks, characters beyond the BMP and anything else Unicode has.
"""

import itertools
import random
from collections import defaultdict

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from fazhi.search.backend import (
    SearchDocument,
    SearchQuery,
    index_documents,
    parse_query,
    remove_documents,
    search,
)
from fazhi.search.text import _FOLD_TABLE, fold

pytestmark = pytest.mark.django_db

LEGAL = (
    "破坏土地二噁英乾元干燥後后里裡裏發发髮著着于於征徵收行政處罰处罚聽證听证規定规定的第一条條例罚款合伙夥"
)
CHARACTERS = st.one_of(
    st.sampled_from(LEGAL),
    st.sampled_from(
        "ＡＢＣａｂｃ１２３ABCxyz0129①ﬁ…，。、；：（）《》\"' \n\u3000\t-.%e\u0301\u00e9\U00020000\U0002b6f1𬶐\ue000"
    ),
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
)
# Whole words too: OpenCC's phrase conversion rewrote characters only next to certain others.
PHRASES = st.sampled_from(
    [
        "破坏土地",
        "二噁英",
        "乾元",
        "乾燥",
        "哪吒",
        "後來",
        "头发",
        "理发",
        "关于",
        "征收",
        "合伙企业",
        "著作权",
        "皇后",
    ]
)
TEXTS = st.lists(st.one_of(PHRASES, CHARACTERS), min_size=1, max_size=30).map("".join)


def _preimages() -> dict[str, list[str]]:
    """Every character that folds to a given single character (itself included)."""
    spellings = defaultdict(list)
    for code, folded in _FOLD_TABLE.items():
        if len(folded) == 1 and not 0xD800 <= code <= 0xDFFF and code != 0:
            spellings[folded].append(chr(code))
    return spellings


PREIMAGES = _preimages()
_keys = itertools.count()


def traditional_form(text: str, rng: random.Random) -> str:
    """`text` folded, then each character spelled by a random character that folds to it."""
    return "".join(rng.choice(PREIMAGES.get(c) or [c]) for c in fold(text))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=TEXTS, body=TEXTS, data=st.data())
def test_any_substring_in_any_form_is_a_hit(title, body, data):
    key = f"sub:{next(_keys)}"
    index_documents([SearchDocument(key=key, title=title, body=body, kind="normdoc", issuer=key)])
    source = data.draw(st.sampled_from([title, body]), label="source")
    start = data.draw(st.integers(0, len(source) - 1), label="start")
    end = data.draw(st.integers(start + 1, len(source)), label="end")
    form = data.draw(st.sampled_from(["as is", "simplified", "traditional"]), label="form")
    substring = source[start:end]
    if form == "simplified":
        query = fold(substring)
    elif form == "traditional":
        query = traditional_form(substring, random.Random(data.draw(st.integers(0, 2**32), label="seed")))
    else:
        query = substring
    assume(parse_query(query))  # only punctuation and whitespace: no terms, nothing to find
    result = search(SearchQuery(text=query, filters={"issuer": key}, public_only=False))
    assert [hit.key for hit in result.hits] == [key], (query, title, body)
    remove_documents([key])


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("破坏土地的", "破坏"),  # OpenCC's phrase conversion indexed 破坏土地 as 破坯土地
        ("破坏土地的", "坏"),
        ("排放二噁英的", "噁英"),  # the phrase 二噁英 became 二𫫇英, the query 噁英 became 恶英
        ("排放二噁英的", "二噁英"),
        ("乾元年间", "乾"),  # 乾元 stayed, 乾 alone became 干
        ("乾元年间", "乾元"),
        ("行政處罰", "行政处罚"),
        ("行政处罚", "行政處罰"),
        ("合夥企業", "合伙企业"),
        ("關於徵收", "关于征收"),
    ],
)
def test_the_phrases_the_old_fold_rewrote_are_found(text, query):
    index_documents([SearchDocument(key="k", title="某办法", body=text, kind="normdoc")])
    assert [hit.key for hit in search(SearchQuery(text=query)).hits] == ["k"]
