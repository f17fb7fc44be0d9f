"""RUM (PostgreSQL): texts cut into chunks under tsvector's limits, every substring still found.

`chunk_bounds` is pure Python and is tested on both backends; the index tests run on PostgreSQL with
the `rum` extension (installed by `scripts/bootstrap.sh` where the server is local) and compare the RUM
path, the GIN fallback and the rule itself on long, repetitive documents.
"""

import random

import pytest
from django.db import connection

from fazhi.search import rum
from fazhi.search.backend import SearchDocument, SearchQuery, get_backend, index_documents, parse_query
from fazhi.search.text import MAX_TERM_CHARS, fold
from tests.search.test_backend import oracle


def _check_bounds(text: str, budget: int) -> list[tuple[int, int]]:
    bounds = rum.chunk_bounds(text, budget)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    for start, end in bounds:
        grams = [text[i : i + 2] for i in range(start, end - 1)]
        assert len(grams) <= budget
        assert not grams or max(grams.count(g) for g in set(grams)) <= rum.MAX_PER_LEXEME
    # Any substring of up to MAX_TERM_CHARS characters lies whole in one range.
    for a in range(len(text)):
        for length in (1, 2, 3, MAX_TERM_CHARS):
            if a + length <= len(text):
                assert any(s <= a and a + length <= e for s, e in bounds), (a, length)
    return bounds


def test_chunks_respect_the_position_budget_and_overlap_by_the_longest_term():
    rng = random.Random(3)
    text = "".join(rng.choice("行政处罚听证罚款规定") for _ in range(3_000))
    # 3,000 characters, 2,999 bigrams, at most 700 in a range: at least five ranges.
    assert len(_check_bounds(text, 700)) >= 5


def test_chunks_hold_at_most_255_positions_of_one_bigram():
    text = "罚款" * 400 + "听证"  # "罚款" 400 times and "款罚" 399 times: over 255 in one range
    bounds = _check_bounds(text, rum.MAX_POSITION)
    assert len(bounds) == 2


def test_a_text_within_the_limits_is_one_range():
    assert rum.chunk_bounds("行政处罚", rum.MAX_POSITION) == [(0, 4)]
    assert rum.chunk_bounds("", rum.MAX_POSITION) == [(0, 0)]


needs_rum = pytest.mark.skipif(connection.vendor != "postgresql", reason="只在 PostgreSQL 上运行（RUM 扩展）")


def _long_docs() -> list[SearchDocument]:
    rng = random.Random(11)
    words = ["行政", "处罚", "听证", "罚款", "规定", "办法", "的", "第一条", "法治政府", "决策"]
    docs = []
    for i in range(6):
        body = "".join(rng.choice(words) for _ in range(rng.randint(3_000, 12_000)))
        docs.append(
            SearchDocument(key=f"long:{i}", title=f"办法{i}", body=body, kind="normdoc", status="现行有效")
        )
    # A term at the very end of a long text, one at its start, a bigram far over 255 times.
    docs.append(
        SearchDocument(
            key="edge",
            title="边界",
            body="首项词" + "的" * 40_000 + "末尾词",
            kind="normdoc",
            status="现行有效",
        )
    )
    return docs


@pytest.mark.django_db
@needs_rum
def test_long_documents_are_found_whole_by_rum_and_by_the_gin_fallback(settings):
    if not get_backend().rum:
        pytest.skip("服务器未安装 rum 扩展（postgresql-15-rum）：只有 GIN 路径")
    docs = _long_docs()
    index_documents(docs)
    settings.FAZHI_SEARCH_PART_DOCS = 1  # seven parts: RUM's newest two do not hold every match
    get_backend().rebuild()
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT count(*) FROM {rum.TABLE} WHERE id IN (SELECT id FROM search_searchentry "
            "WHERE key = 'edge')"
        )
        assert cur.fetchone()[0] >= 4  # 40,006 characters: three body chunks and the title's
    body = fold(docs[0].body)
    queries = [
        "首项词 末尾词",
        "首项词 的的的的",
        "法治政府决策",
        "罚款规定 听证办法",
        "边界 末尾词",
        "的" * 50,
        body[16_370:16_390],
        body[9_000:9_049],
        "行政 第一条 决策",
        "办法3 处罚",
    ]
    # RUM's phrases; the texts of few candidates confirmed instead (`recheck_candidates`); GIN alone.
    ways = {"rum": (True, 0), "few candidates": (True, 1_000), "gin": (False, 0)}
    taken = set()
    for text in queries:
        query = SearchQuery(text=text, limit=100)
        expected = oracle(docs, query)
        for way, (use_rum, bound) in ways.items():
            settings.FAZHI_SEARCH_RECHECK_CANDIDATES = bound
            backend = get_backend()
            backend.rum = use_rum
            result = backend.search(query)
            assert [h.key for h in result.hits] == expected, (text, way)
            assert result.total == len(expected), (text, way)
            taken.add((way, type(backend._matches).__name__))
    assert {("rum", "Matches"), ("few candidates", "Listed")} <= taken
    assert parse_query("首项词 末尾词") and oracle(docs, SearchQuery(text="首项词 末尾词")) == ["edge"]
