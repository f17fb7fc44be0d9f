"""The dashboard's rate definitions, scope, drill-down links, query count and pages (stats.py, views_dashboard.py).

The hand-built ledger of 测试县 (as of 2025-06-30), every milestone written with the state the services
would have left it in:

| milestone | unit    | section | due        | state / outcome            | as of 2025-06-30 |
| A         | 司法局  | 一      | 2025-03-31 | closed on time 03-20       | on_time          |
| B         | 司法局  | 一      | 2025-03-31 | closed late 04-10          | late             |
| C         | 司法局  | 一      | 2025-05-31 | overdue (scan ran)         | overdue          |
| D         | 司法局  | 一      | 2025-06-30 | due soon                   | due_today        |
| G         | 司法局  | 一      | 2025-03-31 | cancelled                  | left out         |
| E         | 司法局  | 二      | 2025-09-30 | open                       | upcoming         |
| F         | 司法局  | 二      | 2025-09-30 | closed on time 06-01       | ahead            |
| H         | 司法局  | 二      | 2025-06-15 | closed late 07-05          | overdue (closed after as_of) |
| T1        | 甲镇政府 | 二      | 2025-03-31 | closed on time 03-31       | on_time          |
| T2        | 甲镇政府 | 二      | 2025-04-30 | overdue                    | overdue          |
| R         | 发改局  | 二      | 2025-05-31 | open (the scan has not run) | overdue         |
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fazhi.plans.models import Plan
from fazhi.supervision import stats
from fazhi.supervision.models import Milestone, Task
from tests.supervision.conftest import add_item

AS_OF = dt.date(2025, 6, 30)
D = dt.date
S = Milestone.State
OUT = Milestone.Outcome


def _milestone(task, unit, key, due, state=S.OPEN, outcome=OUT.NONE, completed=None):
    return Milestone.objects.create(
        task=task,
        unit=unit,
        key=key,
        kind=Milestone.Kind.DUE,
        label=f"节点{key}",
        due_on=due,
        warn_on=due - dt.timedelta(days=3),
        state=state,
        outcome=outcome,
        completed_on=completed,
    )


def build_ledger(org, users, county=None, prefix="") -> SimpleNamespace:
    """The table of the module docstring, in `county` (测试县 by default)."""
    county = county or org.county
    plan = Plan.objects.create(
        jurisdiction=county,
        title=f"{prefix}测试县看板方案",
        period_start=2025,
        period_end=2025,
        created_by=users.office,
    )
    one = add_item(plan, 1, ["一"], "", title="依法行政制度")
    two = add_item(plan, 3, ["二"], "", title="行政执法")
    item1 = add_item(plan, 2, ["一", "1"], "完善制度。", parent=one)
    item2 = add_item(plan, 4, ["二", "1"], "规范执法。", parent=two)
    t1 = Task.objects.create(
        plan=plan, item=item1, owner_unit=org.justice, order=2, label="一1", title=f"{prefix}完善制度任务"
    )
    t2 = Task.objects.create(
        plan=plan, item=item2, owner_unit=org.justice, order=4, label="二1", title=f"{prefix}规范执法任务"
    )
    j, town, reform = org.justice, org.town_gov, org.reform
    m = SimpleNamespace(plan=plan, t1=t1, t2=t2)
    m.A = _milestone(t1, j, "A", D(2025, 3, 31), S.CLOSED, OUT.ON_TIME, D(2025, 3, 20))
    m.B = _milestone(t1, j, "B", D(2025, 3, 31), S.CLOSED, OUT.LATE, D(2025, 4, 10))
    m.C = _milestone(t1, j, "C", D(2025, 5, 31), S.OVERDUE)
    m.D = _milestone(t1, j, "D", D(2025, 6, 30), S.DUE_SOON)
    m.G = _milestone(t1, j, "G", D(2025, 3, 31), S.CANCELLED)
    m.E = _milestone(t2, j, "E", D(2025, 9, 30))
    m.F = _milestone(t2, j, "F", D(2025, 9, 30), S.CLOSED, OUT.ON_TIME, D(2025, 6, 1))
    m.H = _milestone(t2, j, "H", D(2025, 6, 15), S.CLOSED, OUT.LATE, D(2025, 7, 5))
    m.T1 = _milestone(t2, town, "T1", D(2025, 3, 31), S.CLOSED, OUT.ON_TIME, D(2025, 3, 31))
    m.T2 = _milestone(t2, town, "T2", D(2025, 4, 30), S.OVERDUE)
    m.R = _milestone(t2, reform, "R", D(2025, 5, 31), S.OPEN)
    return m


@pytest.fixture
def board(org, users):
    return build_ledger(org, users)


def counts(row: stats.RateRow) -> dict:
    return {
        k: getattr(row, k) for k in ("due", "on_time", "late", "overdue", "due_today", "ahead", "upcoming")
    }


# ------------------------------------------------------------------------------------------ definitions


def test_total_counts_and_rates(board):
    [row] = stats.milestone_rates(Milestone.objects.all(), as_of=AS_OF)
    assert counts(row) == {
        "due": 8,
        "on_time": 2,
        "late": 1,
        "overdue": 4,
        "due_today": 1,
        "ahead": 1,
        "upcoming": 1,
    }
    assert row.total == 10  # the cancelled G is not counted anywhere
    assert row.completion_rate == pytest.approx(3 / 8)
    assert row.on_time_rate == pytest.approx(2 / 8)
    assert row.overdue_rate == pytest.approx(4 / 8)
    assert row.completion_rate + row.overdue_rate + row.due_today / row.due == pytest.approx(1)


def test_as_of_a_later_date(board):
    """H closed on 07-05: open (overdue) on 06-30, late by 07-31; D, due on 06-30 and still open, is overdue."""
    [row] = stats.milestone_rates(Milestone.objects.all(), as_of=D(2025, 7, 31))
    assert counts(row) == {
        "due": 8,
        "on_time": 2,
        "late": 2,
        "overdue": 4,
        "due_today": 0,
        "ahead": 1,
        "upcoming": 1,
    }
    [before] = stats.milestone_rates(Milestone.objects.all(), as_of=D(2025, 3, 1))
    assert before.due == 0 and before.completion_rate is None and before.on_time_rate is None
    assert before.upcoming == 10  # nothing closed by then: even A (closed 03-20) was open on 03-01


def test_by_unit(board, org):
    rows = {r.key: r for r in stats.milestone_rates(Milestone.objects.all(), "unit", AS_OF)}
    assert counts(rows[org.justice.pk]) == {
        "due": 5,
        "on_time": 1,
        "late": 1,
        "overdue": 2,
        "due_today": 1,
        "ahead": 1,
        "upcoming": 1,
    }
    assert counts(rows[org.town_gov.pk]) == {
        "due": 2,
        "on_time": 1,
        "late": 0,
        "overdue": 1,
        "due_today": 0,
        "ahead": 0,
        "upcoming": 0,
    }
    assert rows[org.reform.pk].overdue == 1 and rows[org.reform.pk].on_time_rate == 0
    worst = stats.worst_first(rows.values())
    assert [r.key for r in worst] == [org.reform.pk, org.justice.pk, org.town_gov.pk]  # 0%, 20%, 50% on time
    assert (
        stats.total(rows.values()).as_dict()
        == stats.milestone_rates(Milestone.objects.all(), as_of=AS_OF)[0].as_dict()
    )


def test_by_region_groups_towns_and_the_county_itself(board, org):
    rows = stats.milestone_rates(Milestone.objects.all(), "region", AS_OF)  # default level: towns of 测试县
    assert [(r.label, r.own_level, r.key) for r in rows] == [
        ("测试县本级", True, org.county.pk),
        ("甲镇", False, org.town.pk),
    ]
    own, town = rows
    assert counts(own) == {
        "due": 6,
        "on_time": 1,
        "late": 1,
        "overdue": 3,
        "due_today": 1,
        "ahead": 1,
        "upcoming": 1,
    }
    assert counts(town) == {
        "due": 2,
        "on_time": 1,
        "late": 0,
        "overdue": 1,
        "due_today": 0,
        "ahead": 0,
        "upcoming": 0,
    }
    # by county: everything under 测试县 in one row
    [county] = stats.milestone_rates(Milestone.objects.all(), "region", AS_OF, level="county")
    assert (county.label, county.due) == ("测试县", 8)
    # the drill-down filter selects exactly the milestones each row counted
    for row in rows:
        listed = stats.live(Milestone.objects.filter(stats.region_bucket_q(row.unit, "town")))
        assert listed.filter(stats.status_q("due", AS_OF)).count() == row.due


def test_by_section_and_plan(board):
    rows = stats.milestone_rates(Milestone.objects.all(), "section", AS_OF)
    assert [r.label for r in rows] == ["一、依法行政制度", "二、行政执法"]
    one, two = rows
    assert counts(one) == {
        "due": 4,
        "on_time": 1,
        "late": 1,
        "overdue": 1,
        "due_today": 1,
        "ahead": 0,
        "upcoming": 0,
    }
    assert counts(two) == {
        "due": 4,
        "on_time": 1,
        "late": 0,
        "overdue": 3,
        "due_today": 0,
        "ahead": 1,
        "upcoming": 1,
    }
    assert one.key == (board.plan.pk, "一")
    [plan] = stats.milestone_rates(Milestone.objects.all(), "plan", AS_OF)
    assert (plan.key, plan.due, plan.on_time) == (board.plan.pk, 8, 2)


def test_monthly_outcomes(board):
    months = stats.monthly_outcomes(Milestone.objects.all(), AS_OF)
    assert len(months) == 12 and months[0].month == D(2024, 7, 1) and months[-1].month == D(2025, 6, 1)
    got = {m.month: (m.on_time, m.late, m.open) for m in months if m.due}
    assert got == {
        D(2025, 3, 1): (2, 1, 0),
        D(2025, 4, 1): (0, 0, 1),
        D(2025, 5, 1): (0, 0, 2),
        D(2025, 6, 1): (0, 0, 2),
    }
    assert months[-4].on_time_rate == pytest.approx(2 / 3)
    # the same window read through the deadline range (how a province-wide dashboard asks)
    assert stats.monthly_outcomes(Milestone.objects.all(), AS_OF, last=D(2025, 6, 30)) == months
    assert stats.monthly_outcomes(Milestone.objects.none(), AS_OF) == []


def test_overdue_list_and_statuses(board):
    overdue = stats.overdue_milestones(Milestone.objects.all(), AS_OF)
    assert [m.key for m in overdue] == ["T2", "C", "R", "H"]
    annotated = {m.key: m.as_of_status for m in stats.annotate_status(Milestone.objects.all(), AS_OF)}
    # … and worked out per row in Python (the dashboard's tables), by the same rules
    assert {m.key: stats.status_as_of(m, AS_OF) for m in Milestone.objects.all()} == annotated
    assert annotated == {
        "A": "on_time",
        "B": "late",
        "C": "overdue",
        "D": "due_today",
        "G": "cancelled",
        "E": "upcoming",
        "F": "ahead",
        "H": "overdue",
        "T1": "on_time",
        "T2": "overdue",
        "R": "overdue",
    }
    live = stats.live(Milestone.objects.all())
    assert live.filter(stats.status_q("missed", AS_OF)).count() == 5  # B late + 4 overdue
    assert live.filter(stats.status_q("unfinished", AS_OF)).count() == 5  # 4 overdue + D due today
    with pytest.raises(ValueError):
        stats.status_q("busy", AS_OF)


# ------------------------------------------------------------------------------------------ pages


def _chart(page: str, dom_id: str) -> dict:
    found = re.search(rf'<script id="{dom_id}" type="application/json">(.*?)</script>', page, re.S)
    assert found, f"chart {dom_id} missing"
    return json.loads(found.group(1))


def _dashboard(client, **params):
    return client.get(reverse("supervision:dashboard"), {"as_of": AS_OF.isoformat(), **params})


def test_dashboard_shows_the_figures(login, users, board, org):
    response = _dashboard(login(users.office))
    assert response.status_code == 200
    page = response.content.decode()
    assert "25.0%" in page and "37.5%" in page and "50.0%" in page  # on time, completion, overdue
    units = _chart(page, "chart-units")
    assert units["labels"] == ["测试县发展和改革局", "测试县司法局", "甲镇人民政府"]
    on_time = next(s for s in units["series"] if s["status"] == "on_time")
    assert on_time["data"] == [0.0, 20.0, 50.0]
    regions = _chart(page, "chart-regions")
    assert sorted(regions["labels"]) == ["测试县本级", "甲镇"]
    parts = _chart(page, "chart-parts")  # no plan chosen: one bar per plan
    assert parts["labels"] == ["测试县看板方案"]
    trend = _chart(page, "chart-trend")
    assert trend["labels"][-1] == "2025-06"
    # the overdue list links every row to its task
    for task in (board.t1, board.t2):
        assert reverse("supervision:task_detail", args=[task.pk]) in page
    assert "没有逾期未完成的节点" not in page


def test_plan_filter_shows_sections(login, users, board):
    page = _dashboard(login(users.office), plan=board.plan.pk).content.decode()
    parts = _chart(page, "chart-parts")
    assert parts["labels"] == ["一、依法行政制度", "二、行政执法"]
    assert all("section=" in url and f"plan={board.plan.pk}" in url for url in parts["urls"])


def test_drill_down_links_list_what_was_counted(login, users, board, org):
    client = login(users.office)
    page = _dashboard(client).content.decode()
    units = _chart(page, "chart-units")
    url = units["urls"][units["labels"].index("测试县司法局")]
    assert url.startswith(reverse("supervision:dashboard_milestones")) and f"unit={org.justice.pk}" in url
    listed = client.get(url + "&status=overdue").content.decode()
    assert "节点C" in listed and "节点H" in listed and "节点T2" not in listed and "节点R" not in listed
    assert reverse("supervision:task_detail", args=[board.t1.pk]) in listed
    # a town's bar lists the town's milestones; the county's 本级 bar leaves the town out
    regions = _chart(page, "chart-regions")
    town = client.get(regions["urls"][regions["labels"].index("甲镇")] + "&status=due").content.decode()
    assert "节点T1" in town and "节点T2" in town and "节点A" not in town
    own = client.get(regions["urls"][regions["labels"].index("测试县本级")] + "&status=due").content.decode()
    assert "节点A" in own and "节点R" in own and "节点T1" not in own
    # a section's bar lists that section
    parts = _chart(_dashboard(client, plan=board.plan.pk).content.decode(), "chart-parts")
    first = client.get(parts["urls"][0] + "&status=due").content.decode()
    assert "节点A" in first and "节点D" in first and "节点T1" not in first
    # a month of the trend
    trend = _chart(page, "chart-trend")
    march = client.get(trend["urls"][trend["labels"].index("2025-03")] + "&status=late").content.decode()
    assert "节点B" in march and "节点A" not in march


def test_region_bar_opens_the_regions_dashboard(login, org, make_user, users, board):
    """A city office sees its counties; a county's bar opens that county's dashboard with its towns."""
    city_office = make_user("t_city", org.city, ["office"], "jurisdiction")
    client = login(city_office)
    page = _dashboard(client).content.decode()
    regions = _chart(page, "chart-regions")
    assert regions["labels"] == ["测试县"]
    url = regions["urls"][0]
    assert url.startswith(reverse("supervision:dashboard")) and f"region={org.county.pk}" in url
    narrowed = client.get(url).content.decode()
    assert sorted(_chart(narrowed, "chart-regions")["labels"]) == ["测试县本级", "甲镇"]
    assert '<li class="breadcrumb-item"><a href="' in narrowed and "测试市" in narrowed


def test_scope_other_county_sees_nothing_of_the_county(login, users, board, org):
    client = login(users.outsider)  # 乙县's office
    page = _dashboard(client).content.decode()
    for name in ("测试县司法局", "甲镇", "完善制度任务", "测试县看板方案"):
        assert name not in page
    assert "还没有任务时间节点" in page
    # asking for 测试县 or its units by id changes nothing
    page = _dashboard(client, region=org.county.pk).content.decode()
    assert "测试县司法局" not in page and "甲镇" not in page
    listed = client.get(
        reverse("supervision:dashboard_milestones"), {"unit": org.justice.pk, "as_of": AS_OF.isoformat()}
    ).content.decode()
    assert "节点A" not in listed and "不在数据范围内" in listed
    listed = client.get(
        reverse("supervision:dashboard_milestones"), {"bucket": org.county.pk}
    ).content.decode()
    assert "节点A" not in listed
    [row] = stats.milestone_rates(Milestone.objects.for_user(users.outsider), as_of=AS_OF)
    assert row.total == 0


def test_reporting_unit_sees_its_own_figures(login, users, board):
    page = _dashboard(login(users.reporter)).content.decode()  # 发改局: R only
    units = _chart(page, "chart-units")
    assert units["labels"] == ["测试县发展和改革局"]
    assert "测试县司法局" not in page and "节点C" not in page
    assert 'id="chart-regions"' not in page and 'id="f-level"' not in page  # one unit: no region chart


def test_leader_home_is_the_dashboard(client, users, board):
    client.force_login(users.leader)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == reverse("supervision:dashboard")
    assert client.get(response["Location"]).status_code == 200
    client.force_login(users.office)
    assert client.get("/").status_code == 200


def test_bad_date_falls_back_to_today(login, users, board):
    page = login(users.office).get(reverse("supervision:dashboard"), {"as_of": "2025-13-40"}).content.decode()
    assert "格式不正确" in page


def test_overdue_list_exports(login, users, board):
    from openpyxl import load_workbook

    response = _dashboard(login(users.office), export="xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("任务", "节点", "报送单位", "截止日期")
    assert sorted(r[1] for r in rows[1:]) == ["节点C", "节点H", "节点R", "节点T2"]
    days = {r[1]: r[6] for r in rows[1:]}
    assert days["节点C"] == 30 and days["节点H"] == 15


def test_query_count_does_not_grow_with_the_data(
    login, users, board, org, make_user, django_assert_max_num_queries
):
    from fazhi.core import services as core_services

    client = login(users.office)
    # The first view after signing in pushes the session's idle expiry (once a minute): not measured.
    client.get(reverse("core:home"))
    # Each measured page counts the 待办 figures afresh (they are otherwise kept until the next write).
    cache.clear()
    with CaptureQueriesContext(connection) as small:
        assert _dashboard(client).status_code == 200
    # ten more departments and a second plan with their milestones
    for i in range(10):
        unit = core_services.create_unit(None, name=f"测试县第{i}局", kind="department", parent=org.county)
        task = Task.objects.create(
            plan=board.plan,
            item=add_item(board.plan, 10 + i, ["二", str(2 + i)], "x", parent=board.t2.item.parent),
            owner_unit=unit,
            order=10 + i,
            title=f"任务{i}",
        )
        for k in range(3):
            _milestone(task, unit, f"x{k}", D(2025, 4 + k, 10), S.OVERDUE)
    build_ledger(org, users, prefix="第二")
    cache.clear()
    with CaptureQueriesContext(connection) as large, django_assert_max_num_queries(22):
        assert _dashboard(client, plan=board.plan.pk).status_code == 200
    cache.clear()
    with CaptureQueriesContext(connection) as large_all:
        assert _dashboard(client).status_code == 200
    assert len(large_all) == len(small)
    assert len(large) == len(small) + 2  # a chosen plan adds its sections and their headings
    with django_assert_max_num_queries(16):
        assert (
            client.get(reverse("supervision:dashboard_milestones"), {"status": "overdue"}).status_code == 200
        )
