"""The dashboard's shortcuts for a province-wide scope give the same figures as the plain way.

* The overdue list's count comes from the figures' aggregate (views_dashboard.CountedQuerySet): the
  paginator of the overdue table takes the `overdue` count of the unit × plan rows instead of counting
  the milestones again; the number shown is the number of rows listed, with and without a plan, with a
  search (which must count for itself) and for a user who sees only part of it.
* The monthly trend of a wide scope (`monthly_outcomes(wide=True)`) first reads the window ending in
  the report date's month, and looks the last deadline up only when nothing fell due that month.
"""

from __future__ import annotations

import datetime as dt
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fazhi.supervision import stats
from fazhi.supervision.models import Milestone
from fazhi.supervision.views_dashboard import CountedQuerySet, with_known_count
from tests.supervision.test_dashboard import AS_OF, board  # noqa: F401  (the fixture)


def _badge(page: str) -> int:
    found = re.search(r'逾期未完成节点 <span class="badge[^"]*">(\d+)</span>', page)
    assert found, "overdue badge missing"
    return int(found.group(1))


def _listed(page: str) -> list[str]:
    table = page[page.index('id="overdue-table"') :]
    return sorted(set(re.findall(r"节点[A-Z]\d?", table.split("</table>")[0])))


def _get(client, **params):
    response = client.get(reverse("supervision:dashboard"), {"as_of": AS_OF.isoformat(), **params})
    assert response.status_code == 200
    return response.content.decode()


def test_badge_is_the_overdue_count_and_no_count_query_runs(login, users, board):  # noqa: F811
    client = login(users.office)
    with CaptureQueriesContext(connection) as captured:
        page = _get(client)
    assert _badge(page) == 4
    assert _listed(page) == ["节点C", "节点H", "节点R", "节点T2"]
    # the overdue milestones are not counted by a query of their own any more
    counts = [q["sql"] for q in captured if q["sql"].startswith("SELECT COUNT(*)")]
    assert not any("supervision_milestone" in sql for sql in counts), counts


def test_badge_with_a_plan_a_search_and_a_narrow_scope(login, users, board):  # noqa: F811
    client = login(users.office)
    assert _badge(_get(client, plan=board.plan.pk)) == 4
    assert _badge(_get(client, plan=board.plan.pk + 999)) == 0  # a plan with nothing in scope
    # a search narrows the list: the paginator counts the narrowed rows, not the figures' total
    searched = _get(client, q="甲镇")
    assert _badge(searched) == 1 and _listed(searched) == ["节点T2"]
    # the reporting unit (发改局) sees only its own overdue milestone R
    assert _badge(_get(login(users.reporter))) == 1


def test_counted_queryset_keeps_its_count_only_through_ordering(board):  # noqa: F811
    overdue = stats.overdue_milestones(Milestone.objects.all(), AS_OF)
    counted = with_known_count(overdue, 4)
    assert isinstance(counted, CountedQuerySet)
    assert list(counted) == list(overdue)  # same rows, same order
    with CaptureQueriesContext(connection) as captured:
        assert counted.count() == 4 and counted.order_by("-due_on").count() == 4
    assert len(captured) == 0
    # a filter drops the known number: the database counts the filtered rows
    assert (
        counted.filter(unit=board.t1.owner_unit).count() == overdue.filter(unit=board.t1.owner_unit).count()
    )


def test_wide_trend_is_the_plain_trend(board):  # noqa: F811
    everything = Milestone.objects.all()
    for as_of in (
        AS_OF,  # D falls due that day: the first window is the answer
        dt.date(2025, 6, 1),  # nothing due yet in June: the last deadline (05-31) places the window
        dt.date(2025, 8, 15),  # last deadline 06-30, two months before
        dt.date(2026, 3, 1),  # every deadline long past
    ):
        plain = stats.monthly_outcomes(everything, as_of)
        assert plain, as_of
        assert stats.monthly_outcomes(everything, as_of, wide=True) == plain, as_of
    assert stats.monthly_outcomes(everything, dt.date(2025, 1, 1), wide=True) == []  # nothing due yet
    assert stats.monthly_outcomes(Milestone.objects.none(), AS_OF, wide=True) == []
    # the window ends with the last deadline's month, whichever way it was found
    assert stats.monthly_outcomes(everything, dt.date(2025, 8, 15), wide=True)[-1].month == dt.date(
        2025, 6, 1
    )


def test_table_partial_answers_before_the_figures(login, users, board):  # noqa: F811
    """htmx paging/search of the overdue table returns the table alone, counted by the database."""
    client = login(users.office)
    headers = {"HX-Request": "true", "HX-Target": "overdue-table"}
    with CaptureQueriesContext(connection) as captured:
        response = client.get(
            reverse("supervision:dashboard"), {"as_of": AS_OF.isoformat(), "q": "甲镇"}, headers=headers
        )
    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page and 'id="chart-units"' not in page
    assert "节点T2" in page and "节点C" not in page
    # no figures were computed: the only milestone aggregate is the table's own count
    assert not any("GROUP BY" in q["sql"] and "supervision_milestone" in q["sql"] for q in captured)
    assert any(
        q["sql"].startswith("SELECT COUNT(*)") and "supervision_milestone" in q["sql"] for q in captured
    )
