"""RUM (PostgreSQL): `search_rum` in parts by id range (a range of dates), read newest part first.

With a part size of a few documents (`FAZHI_SEARCH_PART_DOCS`) and a small count bound, small corpora
spread over many parts: the count crosses parts and stops at the bound, a page straddles parts or lies
beyond the parts the count read, and new dates open new parts by themselves. Every expected list is the
rule (`test_backend.oracle`: every term in the folded title or text; title hits first, each group newest
first); the expected layouts are worked out by hand from "each part holds `size` documents, the newest
part is open".
"""

import datetime
import random

import psycopg
import pytest
from django.db import connection

from fazhi.search import backend as search_backend
from fazhi.search import postgres, rum
from fazhi.search.backend import SearchDocument, SearchQuery, entry_id, get_backend, index_documents, search
from tests.search.conftest import random_corpus
from tests.search.test_backend import all_keys, oracle, random_queries


def test_parts_begin_every_size_documents_in_id_order():
    # Ids 1 3 5 | 7 9 11 | 13: parts of three, the last (open) one with what is left.
    assert rum.starts_for([5, 1, 3, 9, 7, 11, 13, 3], 3) == [7, 13]
    assert rum.starts_for([4, 2], 3) == []  # one open part
    assert rum.starts_for([], 3) == []
    # Two full parts: the open one begins above the largest id (as when an insert has filled it).
    assert rum.starts_for([1, 2, 3, 4, 5, 6], 3) == [4, 7]


needs_rum = pytest.mark.skipif(connection.vendor != "postgresql", reason="只在 PostgreSQL 上运行（RUM 扩展）")
pytestmark = [pytest.mark.django_db, needs_rum]


@pytest.fixture
def rum_backend(settings):
    if not get_backend().rum:
        pytest.skip("服务器未安装 rum 扩展（postgresql-15-rum）：只有 GIN 路径")
    # Every query through RUM, however few documents hold its grams (small corpora: all would be few).
    settings.FAZHI_SEARCH_RECHECK_CANDIDATES = 0


def _docs(n: int, first: datetime.date = datetime.date(2020, 1, 1), step: int = 10) -> list[SearchDocument]:
    """n documents holding 行政处罚, one every `step` days; every third has it in its title too."""
    return [
        SearchDocument(
            key=f"d:{i}",
            title="行政处罚办法" if i % 3 == 0 else f"通知{i}",
            body=f"第{i}条 依法实施行政处罚。",
            kind="normdoc",
            date=first + datetime.timedelta(days=step * i),
            status="现行有效",
        )
        for i in range(n)
    ]


def _indexed(settings, n: int, part_docs: int):
    """A backend searching `_docs(n)`, indexed in parts of `part_docs` (laid out by the rebuild)."""
    settings.FAZHI_SEARCH_PART_DOCS = part_docs
    index_documents(_docs(n))
    get_backend().rebuild()
    return get_backend()


def _layout() -> list[tuple]:
    with connection.cursor() as cur:
        return [(lo, hi) for lo, hi, _ in rum.parts(cur)]


def _ids(docs) -> list[int]:
    return sorted(entry_id(d.key, d.date) for d in docs)


def test_the_rebuild_lays_the_parts_out_by_size(rum_backend, settings):
    settings.FAZHI_SEARCH_PART_DOCS = 3
    docs = _docs(8)
    index_documents(docs)
    get_backend().rebuild()
    ids = _ids(docs)  # distinct dates: no id was probed
    # 8 documents, 3 a part: 3 + 3 + 2, the last part open to MAXVALUE.
    assert _layout() == [(None, ids[3]), (ids[3], ids[6]), (ids[6], None)]


def test_every_query_matches_the_rule_with_many_small_parts(rum_backend, settings):
    settings.FAZHI_SEARCH_PART_DOCS = 7
    docs = random_corpus(seed=5)
    index_documents(docs)
    get_backend().rebuild()
    assert len(_layout()) == -(-len(docs) // 7)  # 160 documents (a few undated, id < 2^16): 23 parts
    rng = random.Random(17)
    long_terms = 0
    for text in random_queries(docs, rng, 150):
        for query in (SearchQuery(text=text), SearchQuery(text=text, filters={"status": "现行有效"})):
            expected = oracle(docs, query)
            keys, total = all_keys(query, page_size=5)  # pages of five straddle parts of seven
            assert keys == expected, text
            assert total == len(expected), text
        long_terms += any(len(t) > 2 for t in search_backend.parse_query(text))
    assert long_terms > 30  # the RUM path (a term of three or more characters) was taken often


@pytest.mark.parametrize(
    "head, first_parts, bound, persistent",
    [(2, 1, 6, True), (1, 1, 3, False), (100, 2, 10_000, True), (100, 2, 10_000, False)],
)
def test_every_query_matches_the_rule_when_the_older_parts_are_read_at_once(
    rum_backend, settings, monkeypatch, head, first_parts, bound, persistent
):
    # The newest part(s) listed one by one, the rest in one statement (`rum.older_matches`): with a small
    # head and bound that statement often stops at the bound before reading every part, and the page then
    # lists the parts it needs one by one. With persistent connections the statements are prepared once
    # and their generic plans reused for every query.
    settings.FAZHI_SEARCH_PART_DOCS = 7
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 60 if persistent else 0)
    monkeypatch.setattr(rum, "HEAD", head)
    monkeypatch.setattr(rum, "FIRST_PARTS", first_parts)
    monkeypatch.setattr(search_backend, "COUNT_LIMIT", bound)
    docs = random_corpus(seed=11)
    index_documents(docs)
    get_backend().rebuild()
    rng = random.Random(23)
    cut = 0
    for text in random_queries(docs, rng, 120):
        for query in (SearchQuery(text=text), SearchQuery(text=text, filters={"status": "现行有效"})):
            expected = oracle(docs, query)
            keys, total = all_keys(query, page_size=4)
            assert keys == expected, text
            assert total == min(len(expected), bound), text
            first = search(SearchQuery(text=text, filters=query.filters, limit=3))
            assert first.total_is_lower_bound == (len(expected) > bound), text
            assert [h.key for h in first.hits] == expected[:3], text
        cut += len(oracle(docs, SearchQuery(text=text))) > bound
    if bound < 10_000:
        assert cut > 10  # the bound was crossed often


def test_the_older_parts_are_read_in_one_statement(rum_backend, settings):
    backend = _indexed(settings, 9, 2)
    result = backend.search(SearchQuery(text="行政处罚", limit=4))
    # 9 documents, 2 a part: d:8 | d:6 d:7 | d:4 d:5 | d:2 d:3 | d:0 d:1. The two newest parts are listed
    # one by one (3 matches, fewer than HEAD), the three older ones read by one statement, whole.
    assert backend._matches.statements == 3
    assert backend._matches.parts_listed == 5 and backend._matches.done
    assert result.total == 9 and not result.total_is_lower_bound
    # Title hits d:6 d:3 d:0 first, then the rest newest first.
    assert [h.key for h in result.hits] == ["d:6", "d:3", "d:0", "d:8"]


def test_once_the_newest_parts_fill_a_page_the_older_ones_are_only_counted(
    rum_backend, settings, monkeypatch
):
    monkeypatch.setattr(rum, "HEAD", 2)
    backend = _indexed(settings, 9, 2)
    result = backend.search(SearchQuery(text="行政处罚", limit=2))
    # d:8 | d:6 d:7 listed (3 matches, HEAD 2); d:4 d:5 | d:2 d:3 | d:0 d:1 counted only.
    assert result.total == 9 and backend._matches.parts_listed == 2 and not backend._matches.done
    assert [h.key for h in result.hits] == ["d:6", "d:3"]
    # Title hits d:6 d:3 d:0, then d:8 d:7 d:5 d:4 d:2 d:1: this page lists the older parts it needs.
    page = backend.search(SearchQuery(text="行政处罚", offset=3, limit=4))
    assert [h.key for h in page.hits] == ["d:8", "d:7", "d:5", "d:4"] and page.total == 9


def test_a_bound_reached_in_the_older_parts_leaves_them_for_the_page(rum_backend, settings, monkeypatch):
    monkeypatch.setattr(search_backend, "COUNT_LIMIT", 4)  # count up to 5, show "4+"
    monkeypatch.setattr(rum, "FIRST_PARTS", 1)
    backend = _indexed(settings, 11, 2)
    result = backend.search(SearchQuery(text="行政处罚", limit=3))
    # Parts: d:10 | d:8 d:9 | d:6 d:7 | d:4 d:5 | d:2 d:3 | d:0 d:1. The newest is listed (1 match); the
    # older ones are read at once up to the 4 still needed, so not all of them: only d:10 is listed.
    assert (result.total, result.total_is_lower_bound) == (4, True)
    assert backend._matches.parts_listed == 1 and not backend._matches.done
    # Title hits d:9 d:6 d:3 d:0, then d:10 d:8 d:7 …: the page lists the parts it needs.
    assert [h.key for h in result.hits] == ["d:9", "d:6", "d:3"]
    page = backend.search(SearchQuery(text="行政处罚", offset=4, limit=3))
    assert [h.key for h in page.hits] == ["d:10", "d:8", "d:7"]


def test_the_count_stops_at_the_bound_after_the_parts_that_reach_it(rum_backend, settings, monkeypatch):
    settings.FAZHI_SEARCH_PART_DOCS = 3
    monkeypatch.setattr(search_backend, "COUNT_LIMIT", 4)  # count up to 5, show "4+"
    docs = _docs(11)
    index_documents(docs)
    get_backend().rebuild()
    assert len(_layout()) == 4  # 11 documents, 3 a part: 3 + 3 + 3 + 2
    backend = get_backend()
    result = backend.search(SearchQuery(text="行政处罚", limit=2))
    assert (result.total, result.total_is_lower_bound) == (4, True)
    # 5 matches needed: the newest part holds 2, the next 3; the older two parts were not read.
    assert backend._matches.parts_listed == 2 and len(backend._matches.ids) == 5
    # Title hits (d:0, d:3, d:6, d:9) come first, newest first, then the rest newest first.
    expected = oracle(docs, SearchQuery(text="行政处罚"))
    assert expected[:6] == ["d:9", "d:6", "d:3", "d:0", "d:10", "d:8"]
    assert [h.key for h in result.hits] == expected[:2]
    # Text hits of a page past what the count read come from the older parts, read on demand.
    for offset, limit in [(3, 3), (5, 4), (8, 4), (10, 5)]:
        page = search(SearchQuery(text="行政处罚", offset=offset, limit=limit))
        assert [h.key for h in page.hits] == expected[offset : offset + limit], (offset, limit)
        assert (page.total, page.total_is_lower_bound) == (4, True)


def test_a_count_below_the_bound_reads_every_part(rum_backend, settings):
    backend = _indexed(settings, 9, 2)
    result = backend.search(SearchQuery(text="第7条 行政处罚"))
    assert [h.key for h in result.hits] == ["d:7"] and result.total == 1
    assert backend._matches.parts_listed == 5 and backend._matches.done  # 9 documents, 2 a part


def test_new_dates_open_new_parts_and_old_dates_still_find_theirs(rum_backend, settings):
    settings.FAZHI_SEARCH_PART_DOCS = 3
    docs = _docs(7)
    for doc in docs:  # published one by one, oldest first
        index_documents([doc])
    ids = _ids(docs)
    # The open part closes at its largest id once it holds three documents; the seventh opens the third.
    assert _layout() == [(None, ids[2] + 1), (ids[2] + 1, ids[5] + 1), (ids[5] + 1, None)]
    old = SearchDocument(
        key="old", title="旧办法", body="行政处罚", kind="normdoc", date=datetime.date(1999, 1, 1)
    )
    new = SearchDocument(
        key="new", title="新办法", body="行政处罚", kind="normdoc", date=datetime.date(2030, 1, 1)
    )
    index_documents([old, new])  # below every part, and in the open one
    assert _layout() == [(None, ids[2] + 1), (ids[2] + 1, ids[5] + 1), (ids[5] + 1, None)]  # no new part
    everything = [*docs, old, new]
    keys, total = all_keys(SearchQuery(text="行政处罚"), page_size=2)
    assert keys == oracle(everything, SearchQuery(text="行政处罚")) and total == 9
    # The rebuild lays the nine out again: 3 + 3 + 3, and an empty open part above them.
    get_backend().rebuild()
    ids = _ids(everything)
    assert _layout() == [(None, ids[3]), (ids[3], ids[6]), (ids[6], ids[8] + 1), (ids[8] + 1, None)]
    assert all_keys(SearchQuery(text="行政处罚"), page_size=4) == (keys, 9)


def test_a_busy_table_leaves_the_part_open_and_the_insert_succeeds(rum_backend, settings):
    settings.FAZHI_SEARCH_PART_DOCS = 2
    params = connection.get_connection_params()
    with psycopg.connect(**params, autocommit=True) as other:
        other.execute("SELECT pg_advisory_lock(%s)", [rum.GROW_LOCK])  # another writer is closing it
        index_documents(_docs(3))
        assert len(_layout()) == 1
        other.execute("SELECT pg_advisory_unlock(%s)", [rum.GROW_LOCK])
    index_documents(_docs(4)[3:])  # the next insert closes it
    assert len(_layout()) == 2
    assert search(SearchQuery(text="行政处罚")).total == 4


def _decoys(n: int) -> list[SearchDocument]:
    """n documents holding every bigram of 行政处罚 (行政, 政处, 处罚) but not the phrase."""
    return [
        SearchDocument(
            key=f"x:{i}",
            title="行政处罚" if i == 0 else f"公告{i}",  # x:0 holds it in its title alone
            body="处罚的行政，政处。",
            kind="normdoc",
            date=datetime.date(2024, 1, 1) + datetime.timedelta(days=i),
            status="现行有效",
        )
        for i in range(n)
    ]


def test_few_candidates_are_confirmed_on_their_texts_and_many_go_through_rum(rum_backend, settings):
    docs = _docs(6) + _decoys(4)  # 10 documents hold the grams of 行政处罚; d:0–d:5 and x:0 the phrase
    index_documents(docs)
    settings.FAZHI_SEARCH_PART_DOCS = 2  # x:3 x:2 | x:1 x:0 | d:5 d:4 | …: the newest two hold x:0 alone
    get_backend().rebuild()
    query = SearchQuery(text="行政处罚", limit=3)
    # Title hits newest first (x:0, then d:3 d:0), then text hits newest first (d:5 d:4 d:2 d:1).
    expected = ["x:0", "d:3", "d:0", "d:5", "d:4", "d:2", "d:1"]
    assert oracle(docs, SearchQuery(text="行政处罚")) == expected
    for bound, way in [(10, postgres.Listed), (9, rum.Matches)]:
        settings.FAZHI_SEARCH_RECHECK_CANDIDATES = bound
        for offset in (0, 3, 6):
            backend = get_backend()
            result = backend.search(SearchQuery(text=query.text, limit=3, offset=offset))
            assert type(backend._matches) is way, bound
            assert [h.key for h in result.hits] == expected[offset : offset + 3], (bound, offset)
            assert result.total == 7, bound


def test_several_terms_of_few_candidates_are_paged_like_rum(rum_backend, settings):
    settings.FAZHI_SEARCH_PART_DOCS = 4
    docs = _docs(30) + _decoys(3)
    index_documents(docs)
    get_backend().rebuild()
    for text in ["行政处罚 第7条", "第2 行政处罚 依法", "行政处罚 第99条", "处罚的行政 政处", "第1条 处罚"]:
        expected = oracle(docs, SearchQuery(text=text))
        for bound in (0, 1_000):
            settings.FAZHI_SEARCH_RECHECK_CANDIDATES = bound
            backend = get_backend()
            backend.search(SearchQuery(text=text))
            assert type(backend._matches) is (postgres.Listed if bound else rum.Matches), text
            keys, total = all_keys(SearchQuery(text=text), page_size=2)
            assert (keys, total) == (expected, len(expected)), (text, bound)


def test_a_query_the_newest_parts_say_is_common_stays_on_rum(rum_backend, settings, monkeypatch):
    monkeypatch.setattr(rum, "HEAD", 3)
    backend = _indexed(settings, 9, 2)
    settings.FAZHI_SEARCH_RECHECK_CANDIDATES = 5
    # 9 documents, 2 a part: d:8 | d:6 d:7 | d:4 d:5 | d:2 d:3 | d:0 d:1. The two newest parts hold 3
    # matches of 行政处罚, so the five likely hold 3 × 5 / 2 = 7.5, over 5: RUM, no candidates counted.
    result = backend.search(SearchQuery(text="行政处罚", limit=4))
    assert type(backend._matches) is rum.Matches and result.total == 9
    assert [h.key for h in result.hits] == ["d:6", "d:3", "d:0", "d:8"]
    # 第7条: one match there, 2.5 likely: the candidates are counted, one document holds every gram.
    backend = get_backend()
    result = backend.search(SearchQuery(text="第7条 行政处罚"))
    assert type(backend._matches) is postgres.Listed
    assert [h.key for h in result.hits] == ["d:7"] and result.total == 1
    # In one part, the newest parts are every part: RUM has read them all, nothing is counted.
    settings.FAZHI_SEARCH_PART_DOCS = 100
    backend.rebuild()
    backend = get_backend()
    result = backend.search(SearchQuery(text="第7条 行政处罚"))
    assert type(backend._matches) is rum.Matches and backend._matches.done
    assert [h.key for h in result.hits] == ["d:7"] and result.total == 1
