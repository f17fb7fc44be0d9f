"""The portal's search rules (`../shared/corpus/README.md`, "Search semantics") on real legal texts.

A sample of the national law corpus is indexed and every query is compared, hit for hit and in order,
with the rule itself (`oracle`): every term a substring of the folded title or text, title matches
first. The queries are the cases the rules name: one- and two-character terms, traditional input,
full-width spaces, surrounding punctuation, several terms. Runs on whichever backend the database
selects (and so on both: see `test_parity.py`).
"""

from __future__ import annotations

import datetime
import gzip
import itertools
import json

import pytest

from fazhi.search import backend as search_backend
from fazhi.search.backend import SearchDocument, SearchQuery, index_documents, search
from fazhi.search.services import DEFAULT_CORPUS
from tests.search.test_backend import all_keys, oracle

pytestmark = pytest.mark.django_db

QUERIES = [
    "罚",  # one character
    "法",  # one very common character
    "听证",  # two characters
    "罚款",
    "行政處罰",  # traditional input finds simplified text
    "聽證　罰款",  # traditional, two terms separated by a full-width space
    "《中华人民共和国刑法》",  # surrounding punctuation ignored
    "“国务院”，",
    "人民法院 判决 执行",  # every term must occur
    "第一百条",
    "犯罪 ",
    "ｇｂ/Ｔ",  # full-width Latin letters of both cases and a slash inside the term
    "火星 罚款",  # a term no document holds: no hits
]


@pytest.fixture(scope="module")
def law_sample() -> list[SearchDocument]:
    if not DEFAULT_CORPUS.is_file():
        pytest.skip(f"法律法规语料不存在：{DEFAULT_CORPUS}")
    docs = []
    with gzip.open(DEFAULT_CORPUS, "rt", encoding="utf-8") as handle:
        for line in itertools.islice(handle, 0, None, 25):  # every 25th law: about 60, short and long
            record = json.loads(line)
            title = f"{record['title']} {record['subtitle']}".strip()
            version = record["version"] or None
            docs.append(
                SearchDocument(
                    key=f"law:{record['id']}",
                    title=title,
                    body=record["text"],
                    kind="law",
                    issuer=record["category"],
                    date=None if version is None else datetime.date.fromisoformat(version),
                    status="现行有效",
                )
            )
    return docs


def test_real_laws_match_the_rules_hit_for_hit(law_sample):
    index_documents(law_sample)
    with_hits = 0
    for text in QUERIES:
        query = SearchQuery(text=text, limit=20)
        expected = oracle(law_sample, query)
        keys, total = all_keys(query, page_size=20)
        assert keys == expected, text
        assert total == len(expected), text
        with_hits += bool(expected)
    assert with_hits == len(QUERIES) - 1  # every query but the last finds something in the sample


def test_one_and_two_character_and_traditional_queries_find_the_simplified_text(law_sample):
    index_documents(law_sample)
    for simplified, traditional in [("罚款", "罰款"), ("听证", "聽證"), ("处罚", "處罰")]:
        expected = all_keys(SearchQuery(text=simplified))[0]
        assert expected, simplified
        assert all_keys(SearchQuery(text=traditional))[0] == expected
    one = search(SearchQuery(text="罚"))
    assert one.total >= search(SearchQuery(text="罚款")).total > 0


def test_title_matches_come_first_and_the_first_page_is_twenty(law_sample):
    index_documents(law_sample)
    result = search(SearchQuery(text="法"))
    assert len(result.hits) == 20
    flags = [hit.title_match for hit in result.hits]
    assert flags == sorted(flags, reverse=True)  # every title match before every text-only match
    assert all("法" in hit.title for hit in result.hits if hit.title_match)


def test_each_hit_carries_what_the_result_list_shows(law_sample):
    index_documents(law_sample)
    for hit in search(SearchQuery(text="罰款")).hits:
        assert hit.title and hit.issuer and hit.status == "现行有效"
        assert "<mark>" in hit.snippet_html or hit.title_match


def test_hit_count_is_exact_or_a_lower_bound(law_sample, monkeypatch):
    index_documents(law_sample)
    exact = search(SearchQuery(text="法"))
    assert exact.total_is_lower_bound is False and exact.total == len(all_keys(SearchQuery(text="法"))[0])
    monkeypatch.setattr(search_backend, "COUNT_LIMIT", 10)  # the portal's 10,000, scaled to the sample
    bounded = search(SearchQuery(text="法"))
    assert (bounded.total, bounded.total_is_lower_bound) == (10, True)
    assert len(bounded.hits) == 20  # the page is still served in full


def test_zero_hits_return_the_terms_for_the_drop_a_term_suggestion(law_sample):
    index_documents(law_sample)
    result = search(SearchQuery(text="罚款　火星"))
    assert (result.total, result.hits, result.terms) == (0, [], ["罚款", "火星"])
    assert search(SearchQuery(text="罚款")).total > 0  # dropping 火星 would find something


@pytest.mark.parametrize("listed", [1, 4, 40])
def test_pages_cut_from_the_matches_the_count_listed_are_the_rules_pages(law_sample, monkeypatch, listed):
    """SQLite's count lists the matches it reads (`fts5.Listed`: all of them below `fts5.LISTED`, the
    newest where a join stopped at the count's limit) and the page is cut from that list. With the list
    scaled to the sample, the queries go every way: listed whole, counted past the list, a join's list
    long enough for the page or not."""
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("只在 SQLite 上运行（FTS5）")
    from fazhi.search import fts5

    monkeypatch.setattr(fts5, "LISTED", listed)
    monkeypatch.setattr(search_backend, "COUNT_LIMIT", 30)
    answers = []
    others = fts5.Listed.others

    def recording(*args):
        found = others(*args)
        answers.append(found is not None)
        return found

    monkeypatch.setattr(fts5.Listed, "others", recording)
    index_documents(law_sample)
    for text in [*QUERIES, "罚 听证", "法 第一百条", "国 人民法院", "法 国务院", "条 规定"]:
        expected = oracle(law_sample, SearchQuery(text=text))
        for page_size in (7, 20):
            keys, total = all_keys(SearchQuery(text=text), page_size=page_size)
            assert keys == expected, (text, page_size)
            assert total == min(len(expected), 30), (text, page_size)
    assert True in answers and False in answers  # pages from the list and pages looked for again
