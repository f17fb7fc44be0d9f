"""Places, the FTS5 rowids (`fazhi.search.places`): the pure layout rule, then SQLite's index kept in id
order while documents arrive back-dated, one by one, with updates and deletions in between."""

import random

import pytest
from django.db import connection
from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.search import fts5, places
from fazhi.search.backend import SearchQuery, get_backend, index_documents, remove_documents
from fazhi.search.models import SearchEntry
from tests.search.conftest import random_corpus
from tests.search.test_backend import all_keys, oracle, random_queries


def neighbours_in(placed: list[tuple[int, int]]):
    """`plan`'s `neighbours` over a list of (id, place), ascending."""

    def neighbours(run, k):
        below = [p for p in reversed(placed) if p[0] < run[0]][:k]
        above = [p for p in placed if p[0] > run[-1]][:k]
        return below, above

    return neighbours


DAY = 738_946 << 16  # the id of 2024-02-01's first possible entry (date ordinal << 16)


def test_anchor_keeps_the_date_and_the_top_four_bits_of_the_hash():
    assert places.anchor(DAY) == 738_946 * 16
    assert places.anchor(DAY + 0x0FFF) == 738_946 * 16  # the low 12 bits are dropped
    assert places.anchor(DAY + 0x1000) == 738_946 * 16 + 1
    assert places.anchor(DAY + 0xFFFF) == 738_946 * 16 + 15
    assert places.anchor(DAY + 0x10000) == 738_947 * 16  # the next day


def test_lay_out_at_anchors_pushed_past_each_other():
    a = 738_946 * 16
    ids = [(i, None) for i in (DAY + 0x1000, DAY + 0x1001, DAY + 0x1002, DAY + 0x8000)]  # 3 share a + 1
    assert places.lay_out(ids, None, None) == [a + 1, a + 2, a + 3, a + 8]
    assert places.lay_out(ids, a + 5, None) == [a + 6, a + 7, a + 8, a + 9]  # all pushed past the low end
    # Between two ends that leave their anchors room: the anchors themselves.
    assert places.lay_out(ids, a, a + 9) == [a + 1, a + 2, a + 3, a + 8]
    # The anchors run into the high end (a + 8 is taken): spread evenly, step (a + 8 - a) // 5 = 1.
    assert places.lay_out(ids, a, a + 8) == [a + 1, a + 2, a + 3, a + 4]
    # Two apart: pushed a + 1, a + 3, a + 5, a + 8, not below a + 8; spread 8 // 5 = 1 < 2.
    assert places.lay_out(ids, a, a + 8, step=2) is None
    assert places.lay_out(ids, None, None, step=2) == [a + 1, a + 3, a + 5, a + 8]
    assert places.lay_out(ids, a + 1, a + 4) is None  # two numbers between for four entries
    # Open below: pulled back from the high end, each one below the next.
    assert places.lay_out(ids, None, a + 3) == [a - 1, a, a + 1, a + 2]


def test_plan_takes_the_anchor_between_neighbours_and_moves_nothing():
    a = 738_946 * 16
    placed = [(DAY, a), (DAY + 0x8000, a + 8), (DAY + 0x10000, a + 16)]
    run = [DAY + 0x3000]
    assert places.plan(run, lambda k: neighbours_in(placed)(run, k)) == {DAY + 0x3000: a + 3}
    run = [DAY + 0x20000]  # two days after the last: at its anchor
    assert places.plan(run, lambda k: neighbours_in(placed)(run, k)) == {DAY + 0x20000: a + 32}


def test_plan_widens_the_window_until_its_entries_fit():
    # Five entries crowded one apart at places 1..5 (ids 10..50: ids below one day anchor at 0), and id
    # 100 far above at 100. The new id 35 has no room between 30 and 40 (places 3 and 4).
    placed = [(10, 1), (20, 2), (30, 3), (40, 4), (50, 5), (100, 100)]
    run = [35]
    moves = places.plan(run, lambda k: neighbours_in(placed)(run, k))
    # k=1 (both ends fixed, one apart allowed): 35 pushed past 3 is 4, not below 4; spread (4 - 3) // 2
    # = 0. k=2 (two apart): low id 20 (place 2), high id 50 (place 5): 30, 35, 40 pushed from 2 are 4, 6,
    # 8, not below 5; spread (5 - 2) // 4 = 0. k=4: below 30, 20, 10 (3 < 4): open; above 40, 50, 100
    # (3 < 4): open. Each keeps its place unless pushed to two past the one before: 10 1, 20 3, 30 5,
    # 35 7, 40 9, 50 11, 100 stays at 100.
    assert moves == {20: 3, 30: 5, 35: 7, 40: 9, 50: 11}


def test_plan_keeps_the_far_bounds():
    placed = [(i * 10, p) for i, p in enumerate([0, 100, 101, 102, 103, 200, 300], start=1)]
    run = [35]  # between ids 30 and 40 (places 101 and 102); every anchor is 0
    moves = places.plan(run, lambda k: neighbours_in(placed)(run, k))
    # k=1: 35 pushed past 101 is 102, not below 102; spread (102 - 101) // 2 = 0. k=2: low id 20 (100),
    # high id 50 (103): 30, 35, 40 pushed two apart from 100 are 102, 104, 106, not below 103; spread
    # (103 - 100) // 4 = 0. k=4: below 30, 20, 10 (3 < 4): open; above 40, 50, 60, 70: high = id 70 (300).
    # Kept unless pushed: 10 0, 20 100, 30 102, 35 104, 40 106, 50 108, 60 200: below 300, no spreading.
    assert moves == {30: 102, 35: 104, 40: 106, 50: 108}


def test_runs_cut_where_a_placed_entry_lies_between():
    placed = {25, 60}
    cut = places.runs([10, 20, 30, 40, 70], lambda a, b: any(a < p < b for p in placed))
    assert cut == [[10, 20], [30, 40], [70]]


# ---------------------------------------------------------------------------------------- on SQLite

sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="只在 SQLite 上运行（FTS5 的 rowid）")


@settings(max_examples=300, deadline=None)
@given(
    old=st.lists(st.one_of(st.none(), st.integers(0, 60)), min_size=1, max_size=40),
    new_start=st.integers(0, 40),
    gaps=st.lists(st.integers(1, 4), min_size=40, max_size=40),
)
def test_reorder_never_gives_a_place_another_entry_still_holds(old, new_start, gaps):
    held = sorted({p for p in old if p is not None})  # old places: distinct and in id order
    it = iter(held)
    old_layout = [(i, None if p is None else next(it, None)) for i, p in enumerate(old)]
    new = [new_start + sum(gaps[: k + 1]) for k in range(len(old))]  # new places: ascending
    moves = places.reorder(old_layout, new)
    holder = {p: i for i, p in old_layout if p is not None}  # place -> entry, as the unique index sees it
    where = dict(old_layout)
    for place, entry in moves:
        assert holder.get(place) in (None, entry), (place, entry)  # the place is free when it is taken
        holder.pop(where[entry], None)
        holder[place], where[entry] = entry, place
    assert where == dict(enumerate(new))
    assert len(moves) == sum(1 for (i, p), q in zip(old_layout, new, strict=True) if p != q)  # only moves


def test_reorder_refuses_places_out_of_id_order():
    assert places.reorder([(1, 5), (2, 3)], [10, 12]) is None
    assert places.reorder([(1, 5), (2, None), (3, 5)], [10, 12, 14]) is None  # a place held twice
    assert places.reorder([(1, 5), (2, None), (3, 6)], [5, 7, 6 + 3]) == [(9, 3), (7, 2)]


def index_rowids() -> list[int]:
    """Every rowid of the main FTS5 table (each entry has its kind's filter word)."""
    kinds = " OR ".join(fts5.facet_token("kind", k) for k in ("normdoc", "law"))
    with connection.cursor() as cur:
        cur.execute(f"SELECT rowid FROM {fts5.TABLE} WHERE {fts5.TABLE} MATCH %s ORDER BY rowid", [kinds])
        return [r[0] for r in cur.fetchall()]


def assert_places_follow_ids():
    rows = list(SearchEntry.objects.order_by("pk").values_list("place", flat=True))
    assert None not in rows
    assert rows == sorted(rows) and len(set(rows)) == len(rows)
    assert index_rowids() == rows  # the index holds exactly the entries' places


@sqlite_only
@pytest.mark.django_db
def test_back_dated_documents_one_by_one_keep_the_index_in_date_order(monkeypatch):
    monkeypatch.setattr(places, "anchor", lambda entry_id: 0)  # no room: windows widen, entries move often
    monkeypatch.setattr(fts5, "BATCH", 7)  # moved entries are re-indexed seven at a time
    docs = random_corpus(seed=21, size=120)
    rng = random.Random(4)
    order = docs[:]
    rng.shuffle(order)  # dates arrive in random order: most documents land between two others
    for doc in order[:60]:
        index_documents([doc])
    index_documents(order[60:90])  # a batch of several runs between placed entries
    for doc in order[90:]:
        index_documents([doc])
    assert_places_follow_ids()
    changed = rng.sample(docs, 15)  # edited: a new date and text, so a new id and place
    for doc in changed:
        doc.date = doc.date.replace(year=2016) if doc.date else None
        doc.body += "修订"
    index_documents(changed)
    gone = {d.key for d in rng.sample(docs, 10)}
    remove_documents(gone)
    kept = [d for d in docs if d.key not in gone]
    assert_places_follow_ids()
    for text in random_queries(kept, rng, 80):
        query = SearchQuery(text=text, public_only=False)
        keys, total = all_keys(query)
        assert keys == oracle(kept, query), text
        assert total == len(keys)


@sqlite_only
@pytest.mark.django_db
def test_rebuild_lays_the_places_out_at_their_anchors():
    docs = random_corpus(seed=5, size=30)
    for doc in docs:  # one by one, in the corpus's random date order
        index_documents([doc])
    before = all_keys(SearchQuery(text="罚", public_only=False))
    get_backend().rebuild()
    ids = list(SearchEntry.objects.order_by("pk").values_list("pk", flat=True))
    expected, place = [], None
    for i in ids:  # the rule: the anchor, or two past the place before
        place = places.anchor(i) if place is None else max(places.anchor(i), place + 2)
        expected.append(place)
    assert list(SearchEntry.objects.order_by("pk").values_list("place", flat=True)) == expected
    assert_places_follow_ids()
    assert all_keys(SearchQuery(text="罚", public_only=False)) == before


@sqlite_only
@pytest.mark.django_db
def test_rebuild_moves_only_the_entries_whose_place_changes(monkeypatch):
    docs = random_corpus(seed=8, size=40)
    for doc in docs[:30]:
        index_documents([doc])
    get_backend().rebuild()
    laid_out = list(SearchEntry.objects.order_by("pk").values_list("pk", "place"))
    index_documents(docs[30:])  # back-dated among the others: placed between them, off their anchors
    moved = []
    reorder = places.reorder
    monkeypatch.setattr(places, "reorder", lambda old, new: moved.append(reorder(old, new)) or moved[-1])
    get_backend().rebuild()
    assert_places_follow_ids()
    now = dict(SearchEntry.objects.values_list("pk", "place"))
    changed = {pk for pk, place in now.items() if dict(laid_out).get(pk) != place}
    assert {pk for _, pk in moved[0]} <= changed | {pk for pk in now if pk not in dict(laid_out)}
    get_backend().rebuild()
    assert moved[1] == []  # laid out already: nothing written
    # Places out of id order (not this code's): cleared first, then laid out as the rule says.
    with connection.cursor() as cur:
        first, last = SearchEntry.objects.order_by("pk")[0], SearchEntry.objects.order_by("-pk")[0]
        cur.execute("UPDATE search_searchentry SET place = -1 WHERE id = %s", [first.pk])
        cur.execute("UPDATE search_searchentry SET place = %s WHERE id = %s", [first.place, last.pk])
        cur.execute("UPDATE search_searchentry SET place = %s WHERE id = %s", [last.place, first.pk])
    get_backend().rebuild()
    assert moved[2] is None
    assert dict(SearchEntry.objects.values_list("pk", "place")) == now
    assert_places_follow_ids()


@sqlite_only
@pytest.mark.django_db
def test_migration_0013_backwards_to_id_rowids_and_forwards_again_keeps_every_hit():
    import importlib

    from django.apps import apps as django_apps

    docs = random_corpus(seed=8, size=40)
    index_documents(docs)
    queries = ["罚", "行政", "处罚 条", "abc"]
    before = {q: all_keys(SearchQuery(text=q, public_only=False)) for q in queries}

    class Editor:  # what the migration uses of a schema editor
        connection = connection

    migration = importlib.import_module("fazhi.search.migrations.0013_fts5_rowids_are_places")
    migration.backwards(django_apps, Editor())
    ids = list(SearchEntry.objects.order_by("pk").values_list("pk", flat=True))
    assert index_rowids() == ids  # the layout before 0013: rowid = entry id
    migration.forwards(django_apps, Editor())
    assert_places_follow_ids()
    assert index_rowids() != ids
    assert {q: all_keys(SearchQuery(text=q, public_only=False)) for q in queries} == before


@pytest.mark.django_db
def test_a_bulk_load_is_found_once_rebuilt_and_takes_only_new_documents():
    docs = random_corpus(seed=12, size=50)
    backend = get_backend()
    assert backend.load(docs[:40]) == 40
    assert all_keys(SearchQuery(text="罚", public_only=False)) == ([], 0)  # loaded, not indexed yet
    assert remove_documents([docs[0].key]) == 1  # a loaded entry can be dropped before the rebuild
    assert backend.rebuild() == 39
    index_documents(docs[40:])  # then documents one batch at a time, as usual
    kept = docs[1:]
    if connection.vendor == "sqlite":
        assert_places_follow_ids()
    for text in random_queries(kept, random.Random(2), 40):
        query = SearchQuery(text=text, public_only=False)
        assert all_keys(query)[0] == oracle(kept, query), text
    with pytest.raises(ValueError, match="批量载入只收新文件"):
        backend.load(docs[5:7])
