"""The decision list's pages, walked forward by their 下一页 links as an office does: every decision exactly once,
in the list's order, on either database. 47 decisions, 20 a page: page 3 lies in the back half and is read from
the end of the list (fazhi.core.tables.BoundedPaginator). The dates tie in groups of five and every third
decision has no 公布日期 (empty dates sort last both ways), so only the primary key separates many rows."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from fazhi.decisions.models import Decision

D = datetime.date


@pytest.fixture
def decisions(org):
    return Decision.objects.bulk_create(
        [
            Decision(
                title=f"分页事项{n:02d}",
                body=org.gov,
                lead_unit=org.reform,
                state="published",
                started_on=D(2026, 3, 1) + datetime.timedelta(days=n // 5),
                published_on=None if n % 3 == 0 else D(2026, 6, 1) + datetime.timedelta(days=n // 5),
            )
            for n in range(47)
        ]
    )


def _walk(client, params: dict) -> list[int]:
    link = re.compile(r'href="/decisions/list/(\d+)/"')
    seen, number = [], 1
    while True:
        cache.clear()  # the list is a cached fragment; each page is read from the database
        page = client.get(reverse("decisions:list"), {**params, "page": number}).content.decode()
        seen += [int(pk) for pk in link.findall(page)]
        if "下一页" not in page:
            return seen
        number += 1


def _expected(rows: list[Decision], field: str, descending: bool) -> list[int]:
    """The rule: by the date (empty dates last, either way), ties broken by the primary key in the same direction."""
    dated = sorted(
        (r for r in rows if getattr(r, field) is not None),
        key=lambda r: (getattr(r, field), r.pk),
        reverse=descending,
    )
    empty = sorted((r for r in rows if getattr(r, field) is None), key=lambda r: r.pk, reverse=descending)
    return [r.pk for r in dated + empty]


@pytest.mark.parametrize(
    ("sort", "field", "descending"),
    [
        ("", "started_on", True),  # the list's default order: 启动日期, latest first
        ("started_on", "started_on", False),
        ("published_on", "published_on", False),
        ("-published_on", "published_on", True),
    ],
)
def test_walking_the_pages_gives_every_decision_once(login, users, decisions, sort, field, descending):
    client = login(users.office)
    walked = _walk(client, {"sort": sort} if sort else {})
    assert walked == _expected(decisions, field, descending)
    assert len(walked) == len(set(walked)) == 47


def test_the_api_pages_the_same_rows_from_either_end(login, users, decisions):
    """/api/decisions/decisions?limit=20&offset=…: offsets 20 and 40 lie in the back half of 47 and are read from
    the end; the three pages are the list in the model's order (启动日期 latest first, then id), each row once."""
    client = login(users.office)
    walked = []
    for offset in (0, 20, 40):
        page = client.get("/api/decisions/decisions", {"limit": 20, "offset": offset}).json()
        assert page["count"] == 47
        walked += [row["id"] for row in page["items"]]
    by_start = sorted(decisions, key=lambda d: (d.started_on, d.pk), reverse=True)
    assert walked == [d.pk for d in by_start]
    assert client.get("/api/decisions/decisions", {"limit": 20, "offset": 60}).json()["items"] == []
