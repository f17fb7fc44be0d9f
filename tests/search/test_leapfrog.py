"""Queries holding one-character and longer terms: on SQLite the two kinds live in two FTS5 tables and a
hit is in both (`fazhi.search.leapfrog`). The join against plain set intersection, how far it reads a
common side when the other is rare and in blocks when it is dense, and whole searches against the
oracle with blocks of one to three rows."""

import random

import pytest
from django.db import connection

from fazhi.search import fts5_join, leapfrog
from fazhi.search.backend import SearchQuery, index_documents
from fazhi.search.fts5 import match_expressions, split_terms
from tests.search.conftest import random_corpus
from tests.search.test_backend import all_keys, oracle


def source(rowids: list[int]) -> tuple[leapfrog.QuerySource, dict]:
    """A source over fixed rowids; the tally counts the statements it would run and the rows they return."""
    ordered = sorted(rowids, reverse=True)
    tally = {"queries": 0, "rows": 0, "ranges": []}

    def fetch(bound: int, floor: int, size: int) -> list[int]:
        block = [r for r in ordered if floor <= r <= bound][:size]
        tally["queries"] += 1
        tally["rows"] += len(block)
        tally["ranges"].append((bound, floor))
        return block

    return leapfrog.QuerySource(fetch), tally


@pytest.mark.parametrize("first, last", [(1, 1), (1, 4), (2, 64), (16, 4096)])
def test_the_joins_are_the_intersection_and_the_difference_newest_first(monkeypatch, first, last):
    monkeypatch.setattr(leapfrog.QuerySource, "FIRST_BLOCK", first)
    monkeypatch.setattr(leapfrog.QuerySource, "LAST_BLOCK", last)
    rng = random.Random(first * last)
    for _ in range(200):
        a = rng.sample(range(1, 400), rng.randint(0, 120))
        b = rng.sample(range(1, 400), rng.randint(0, 120))
        joined = list(leapfrog.common(source(a)[0], source(b)[0]))
        assert joined == sorted(set(a) & set(b), reverse=True)
        difference = sorted(set(a) - set(b), reverse=True)
        assert list(leapfrog.minus(source(a)[0], source(b)[0])) == difference
        for sparse in (0, 4, 10**9):  # every block asked about row by row, some, none
            monkeypatch.setattr(leapfrog, "SPARSE", sparse)
            held_by_b = lambda rows, b=b: set(rows) & set(b)  # noqa: E731
            assert list(leapfrog.minus(source(a)[0], source(b)[0], held_by_b)) == difference


def test_a_rare_side_makes_the_common_side_jump_and_a_dense_one_is_read_in_growing_blocks(monkeypatch):
    monkeypatch.setattr(leapfrog.QuerySource, "FIRST_BLOCK", 16)
    monkeypatch.setattr(leapfrog.QuerySource, "LAST_BLOCK", 4096)
    every = list(range(1, 100_001))
    rare = [3, 25_000, 50_000, 99_000]
    dense, tally = source(every)
    assert list(leapfrog.common(source(rare)[0], dense)) == [99_000, 50_000, 25_000, 3]
    # Reading on from the top to rowid 3 would take 99,998 rows. Each jump is one statement from the rare
    # side's next rowid, and a jump far past a block starts the next block small again.
    assert tally["queries"] == len(rare)
    assert tally["rows"] == 3 * 16 + 3  # the block from 3 holds 3, 2, 1

    evens, tally = source(list(range(2, 100_001, 2)))
    assert sum(1 for _ in leapfrog.common(source(every)[0], evens)) == 50_000
    # Blocks of 16, 32, … 4,096, then 4,096 each: 50,000 rows in 9 + 11 statements (hand count:
    # 16 + … + 4,096 = 8,176; the 41,824 left take 10.2 blocks of 4,096, the last one short).
    assert tally["rows"] == 50_000 and tally["queries"] == 9 + 11


def test_the_lacking_side_is_asked_only_down_to_where_the_other_sides_block_ends(monkeypatch):
    monkeypatch.setattr(leapfrog.QuerySource, "FIRST_BLOCK", 16)
    monkeypatch.setattr(leapfrog.QuerySource, "LAST_BLOCK", 64)
    every = list(range(1, 1_001))
    lacking, tally = source([500])
    assert list(leapfrog.minus(source(every)[0], lacking)) == [r for r in reversed(every) if r != 500]
    # The other side's blocks end at 985, 953, 889, 825, … (16, 32, 64, 64, … rows): the lacking side is
    # asked from each block's head down to its end, never to the bottom, until that side runs out.
    floors = [floor for _, floor in tally["ranges"]]
    assert floors[:4] == [985, 953, 889, 825]
    assert floors[-1] == leapfrog.BOTTOM and all(f > 0 for f in floors[:-1])
    assert tally["rows"] == 1


def test_a_one_character_term_inside_a_longer_term_is_left_to_the_longer():
    assert split_terms(["罚", "行政处罚", "的", "ab"]) == (["行政处罚", "ab"], ["的"])
    assert split_terms(["罚", "的"]) == ([], ["罚", "的"])
    assert split_terms(["罚", "的"], chars_apart=False) == (["罚", "的"], [])
    exprs = match_expressions(["罚", "行政处罚"], ["zfa"], [])
    assert exprs["chars"] is None and exprs["all"] == '"行政 政处 处罚" AND zfa'
    mixed = match_expressions(["的", "行政处罚"], ["zfa"], [])
    assert mixed["chars"] == '"的"' and mixed["all"].endswith("AND zfa")  # the filters go with one side
    assert match_expressions(["的"], ["zfa"], [])["chars"] == '"的" AND zfa'


@pytest.mark.django_db
# The documents lacking a character asked about row by row (SPARSE 0) or read by range, counted first
# always (FEW_LACK 1) or only once a read has found none (FEW_LACK 0).
@pytest.mark.parametrize("sparse, few_lack", [(0, 0), (10**9, 0), (10**9, 1)])
def test_mixed_queries_match_the_oracle_with_tiny_blocks(monkeypatch, sparse, few_lack):
    monkeypatch.setattr(leapfrog, "SPARSE", sparse)
    monkeypatch.setattr(fts5_join, "FEW_LACK", few_lack)
    monkeypatch.setattr(leapfrog.QuerySource, "FIRST_BLOCK", 1)
    monkeypatch.setattr(leapfrog.QuerySource, "LAST_BLOCK", 3)
    joins = {"common": 0, "minus": 0}

    def counted(name: str, join):
        def run(*sources):
            joins[name] += 1
            return join(*sources)

        return run

    for name in joins:
        monkeypatch.setattr(leapfrog, name, counted(name, getattr(leapfrog, name)))
    docs = random_corpus(seed=21, size=80)
    index_documents(docs)
    rng = random.Random(4)
    checked = 0
    for _ in range(60):
        text = rng.choice(docs).body or rng.choice(docs).title
        start = rng.randrange(max(1, len(text) - 4))
        char, longer = rng.choice(text), text[start : start + rng.randint(2, 4)]
        for query in [
            SearchQuery(text=f"{char} {longer}", public_only=False),
            SearchQuery(text=f"{longer}\u3000{char}", filters={"status": "现行有效"}),
            SearchQuery(text=f"{char} {rng.choice(text)} {longer}", kinds=["law"], public_only=False),
        ]:
            expected = oracle(docs, query)
            keys, total = all_keys(query, page_size=3)
            assert (keys, total) == (expected, len(expected)), query
            checked += len(expected)
    assert checked > 200  # the queries do find things
    if connection.vendor == "sqlite":
        # Both ways of joining were taken, often (on PostgreSQL there is no join).
        assert joins["common"] > 20 and joins["minus"] > 20, joins
