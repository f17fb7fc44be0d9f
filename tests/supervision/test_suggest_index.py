"""The inverted index of the suggestion engine ranks exactly as comparing with every example does."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from fazhi.supervision.suggest import LeadSuggester, example, tokens
from fazhi.supervision.suggest.engine import MIN_SIMILARITY

WORDS = [
    "行政复议",
    "执法监督",
    "政务公开",
    "审计监督",
    "河道采砂",
    "安全生产",
    "市场监管",
    "统计调查",
    "财政预算",
    "规范性文件",
    "法律顾问",
    "普法宣传",
]
LEADS = [
    "县司法局",
    "县政府办",
    "县审计局",
    "县水利局",
    "县应急管理局",
    "县市场监管局",
    "县统计局",
    "县财政局",
]


def brute_force(engine: LeadSuggester, text: str, exclude=None) -> list[tuple[object, float]]:
    """(id, similarity) pairs of `exhaustive_similar`."""
    return ids_and_sims(exhaustive_similar(engine, text, exclude))


def exhaustive_similar(engine: LeadSuggester, text: str, exclude=None) -> list[tuple[object, float]]:
    """The engine's similarity as it was first written: one vector per example, every example compared."""
    vectors = [engine._vector(Counter(tokens(e.text))) for e in engine.examples]
    query = engine._vector(Counter(tokens(text)))
    if not query:
        return []
    sims = []
    for ex, vec in zip(engine.examples, vectors, strict=True):
        if exclude is not None and ex.id == exclude:
            continue
        sim = sum(v * vec.get(w, 0.0) for w, v in query.items())
        if sim >= MIN_SIMILARITY:
            sims.append((ex, sim))
    sims.sort(key=lambda pair: -pair[1])
    return sims[: engine.k]


def corpus(seed: int, size: int) -> list:
    """Items made of a few words from a short list: many repeated texts, many equal similarities."""
    rng = random.Random(seed)
    items = []
    for number in range(size):
        words = rng.sample(WORDS, rng.randint(1, 4))
        text = "，".join(words) + "。"
        # A few ids repeat, so that excluding one id removes several examples.
        ident = number if number % 7 else "repeated"
        items.append(example(ident, text, [rng.choice(LEADS)], title=f"条目{number}"))
    return [e for e in items if e is not None]


def ids_and_sims(pairs) -> list[tuple[object, float]]:
    return [(ex.id, sim) for ex, sim in pairs]


@pytest.mark.parametrize(("seed", "size", "k"), [(1, 60, 7), (2, 120, 3), (3, 40, 1), (4, 200, 25)])
def test_inverted_index_ranks_exactly_like_brute_force(seed, size, k):
    examples = corpus(seed, size)
    engine = LeadSuggester(examples, neighbours=k)
    assert engine.stats["vectors"] < len(examples)  # repeated texts share one vector
    rng = random.Random(seed + 100)
    queries = [(e.text, e.id) for e in examples[:40]]
    queries += [("，".join(rng.sample(WORDS, rng.randint(1, 5))) + "。", None) for _ in range(40)]
    queries += [("与本表无关的内容。", None), ("", None)]
    for text, exclude in queries:
        expected = brute_force(engine, text, exclude)
        assert ids_and_sims(engine.similar(text, exclude)) == expected, text


def test_ties_are_broken_in_example_order_across_equal_vectors_and_exclusions():
    texts = [
        "行政复议，执法监督。",
        "执法监督，行政复议。",
        "行政复议，执法监督。",
        "政务公开。",
        "行政复议。",
    ]
    examples = [example(i, t, ["县司法局"]) for i, t in enumerate(texts)]
    engine = LeadSuggester(examples, neighbours=3)
    # The first three are the same words in two orders: one similarity, taken in example order.
    assert [e.id for e, _ in engine.similar("行政复议，执法监督。")] == [0, 1, 2]
    assert [e.id for e, _ in engine.similar("行政复议，执法监督。", exclude=1)] == [0, 2, 4]
    assert ids_and_sims(engine.similar("行政复议，执法监督。", exclude=0)) == brute_force(
        engine, "行政复议，执法监督。", 0
    )


def test_suggestions_are_the_same_with_either_similarity():
    examples = corpus(5, 150)
    engine = LeadSuggester(examples)
    exhaustive = LeadSuggester(examples)
    # the same engine, comparing with every example
    exhaustive.similar = lambda text, exclude=None: exhaustive_similar(exhaustive, text, exclude)
    for ex in examples[:50]:
        a = engine.suggest(ex.text, limit=10, exclude=ex.id)
        b = exhaustive.suggest(ex.text, limit=10, exclude=ex.id)
        assert [(s.type, s.confidence, s.neighbours) for s in a] == [
            (s.type, s.confidence, s.neighbours) for s in b
        ]
        assert a


def test_distinct_vectors_with_equal_similarity_are_merged_in_example_order():
    # 行政复议 and 执法监督 are each in two items: the first two vectors differ but score alike.
    texts = ["政务公开，行政复议。", "政务公开，执法监督。", "政务公开，行政复议。", "审计监督，执法监督。"]
    examples = [example(i, t, ["县司法局"]) for i, t in enumerate(texts)]
    engine = LeadSuggester(examples, neighbours=2)
    assert engine.stats["vectors"] == 3
    ranked = engine.similar("政务公开。")
    assert [e.id for e, _ in ranked] == [0, 1]
    assert ranked[0][1] == ranked[1][1]
    assert ids_and_sims(ranked) == brute_force(engine, "政务公开。")
    assert [e.id for e, _ in engine.similar("政务公开。", exclude=0)] == [1, 2]
