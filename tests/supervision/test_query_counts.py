"""Every supervision list page runs a fixed number of queries, whatever the size of the data (no N+1).

Two provinces from the scale generator, one about four times the other, each with a province office user
and a county office user; each page is requested at both sizes and must run at most its budget of queries
and exactly as many at both sizes.
"""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from django.db.models import Count
from django.urls import NoReverseMatch, reverse

from fazhi.core import services as core
from fazhi.core.models import DataScope, Unit
from fazhi.plans.models import Plan
from fazhi.supervision import scale
from fazhi.supervision.models import Milestone, ProgressReport, SupervisionOrder, Task

TODAY = dt.date(2026, 6, 15)
SIZES = {"small": (scale.MIN_UNITS, 120), "large": (150, 400)}

# Budget per page (measured + 3): session, user, roles, menu and scope lookups, then one query per list or count.
BUDGET = {
    "ledger_list": 15,
    "ledger_list_last": 15,
    "plan_ledger": 21,
    "plan_ledger_overdue": 21,
    "plan_ledger_unit": 21,
    "plan_ledger_search": 21,
    "plan_ledger_sorted": 21,
    "plan_ledger_last": 21,
    "task_detail": 22,
    "inbox": 21,
    "inbox_all": 21,
    "review_queue": 15,
    "order_list": 16,
    "order_detail": 18,
    "dashboard": 25,
    "dashboard_milestones": 40,
    "plan_suggestions": 40,
}


def _user(username, unit):
    return core.create_user(
        None,
        username=username,
        password="Scale@Test1",
        unit=unit,
        roles=["office", "reporter"],
        data_scope=DataScope.JURISDICTION,
    )


def _province(size: str):
    units, tasks = SIZES[size]
    result = scale.generate_province(units=units, tasks=tasks, seed=7, name=f"{size}省", today=TODAY)
    province = result.province
    county = Unit.objects.filter(
        path__startswith=province.path, kind=Unit.Kind.REGION, level="county"
    ).first()
    justice = Unit.objects.get(path__startswith=province.path, depth=2, name=f"{size}省司法厅")
    # The county user sits in the county unit with the most open milestones, so its inbox is never empty.
    busiest = (
        Milestone.objects.filter(unit__path__startswith=county.path, state__in=Milestone.OPEN_STATES)
        .values("unit")
        .annotate(n=Count("id"))
        .order_by("-n", "unit")[0]["unit"]
    )
    county_user = _user(f"{size}_c", Unit.objects.get(pk=busiest))
    _non_empty_county_lists(county_user, county)
    return result, {
        "province": (_user(f"{size}_p", justice), province),
        "county": (county_user, county),
    }


def _non_empty_county_lists(user, county) -> None:
    """At both sizes the county's order list and its plan's lead suggestions list something: an empty list
    runs fewer queries than a full one, and which lists the random generator leaves empty is chance."""
    from fazhi.supervision import services
    from fazhi.supervision.models import TaskUnit

    if not SupervisionOrder.objects.for_user(user).exists():
        milestone = Milestone.objects.filter(
            unit__path__startswith=county.path, state__in=Milestone.OPEN_STATES
        ).exclude(unit=user.unit).order_by("id").first()
        services.issue_order(user, recipient=milestone.unit, subject="测试督办", milestones=[milestone])
    plan = Plan.objects.filter(jurisdiction=county).order_by("-period_end", "id").first()
    if not TaskUnit.objects.filter(task__plan=plan).exclude(
        task__units__role=TaskUnit.Role.LEAD, task__units__removed_at__isnull=True
    ).exists():
        lead = (
            TaskUnit.objects.filter(task__plan=plan, role=TaskUnit.Role.LEAD, removed_at__isnull=True)
            .filter(task__units__role=TaskUnit.Role.RESPONSIBLE).order_by("id").first()
        )
        services.remove_task_unit(user, lead, "测试：留出一项缺少牵头单位的任务")


def _pages(user, region) -> dict[str, str]:
    plan = Plan.objects.filter(jurisdiction=region).order_by("-period_end", "id").first()
    ledger = reverse("supervision:plan_ledger", args=[plan.pk])
    tasks = Task.objects.filter(plan=plan)
    task = tasks.filter(milestones__isnull=False).order_by("id").first()
    unit_id = task.units.values_list("unit_id", flat=True).first()
    plans = Plan.objects.for_user(user).count()
    inbox_all = Milestone.objects.filter(unit=user.unit).exclude(state="cancelled").count()
    order = SupervisionOrder.objects.for_user(user).order_by("id").first()
    pages = {
        "ledger_list": reverse("supervision:ledger_list"),
        "ledger_list_last": reverse("supervision:ledger_list") + f"?page={(plans + 49) // 50}",
        "plan_ledger": ledger,
        "plan_ledger_overdue": ledger + "?status=overdue",
        "plan_ledger_unit": ledger + f"?unit={unit_id}",
        "plan_ledger_search": ledger + "?q=执法",
        "plan_ledger_sorted": ledger + "?sort=-progress",
        "plan_ledger_last": ledger + f"?page={(tasks.count() + 49) // 50}",
        "task_detail": reverse("supervision:task_detail", args=[task.pk]),
        "inbox": reverse("supervision:inbox"),
        "inbox_all": reverse("supervision:inbox") + f"?tab=all&page={max(1, (inbox_all + 49) // 50)}",
        "review_queue": reverse("supervision:review_queue"),
        "order_list": reverse("supervision:order_list"),
    }
    if order is not None:
        pages["order_detail"] = reverse("supervision:order_detail", args=[order.pk])
    # Pages built in other changes are counted here whenever their routes exist.
    with contextlib.suppress(NoReverseMatch):
        pages["dashboard"] = reverse("supervision:dashboard")
    with contextlib.suppress(NoReverseMatch):
        pages["dashboard_milestones"] = reverse("supervision:dashboard_milestones") + "?status=overdue"
    with contextlib.suppress(NoReverseMatch):
        pages["plan_suggestions"] = reverse("supervision:plan_suggestions", args=[plan.pk])
    return pages


def _counts(client, size, django_assert_max_num_queries) -> dict[tuple[str, str], int]:
    _, users = _province(size)
    counts = {}
    for who, (user, region) in users.items():
        client.force_login(user)
        for name, url in _pages(user, region).items():
            client.get(url)  # warm per-process caches (calendar, capabilities) out of the count
            with django_assert_max_num_queries(BUDGET[name], info=f"{size} {who} {name}") as captured:
                response = client.get(url)
            assert response.status_code == 200, (who, name, url)
            counts[(who, name)] = len(captured)
    return counts


@pytest.mark.django_db
def test_list_pages_run_the_same_queries_at_two_sizes(client, django_assert_max_num_queries):
    small = _counts(client, "small", django_assert_max_num_queries)
    large = _counts(client, "large", django_assert_max_num_queries)
    assert set(small) == set(large) or set(small) - set(large) <= {("county", "order_detail")}
    large_province = Unit.objects.get(depth=1, name="large省")
    assert (
        Task.objects.filter(plan__jurisdiction__path__startswith=large_province.path).count()
        == SIZES["large"][1]
    )
    differing = {key: (small[key], large[key]) for key in small if key in large and small[key] != large[key]}
    assert not differing, f"query count grows with the data (small, large): {differing}"


@pytest.mark.django_db
def test_generator_builds_a_consistent_tree_and_ledger():
    result = scale.generate_province(units=scale.MIN_UNITS, tasks=60, seed=3, name="一致省", today=TODAY)
    assert Unit.objects.find_problems() == ([], [], [], [], [])
    assert Unit.objects.filter(path__startswith=result.province.path).count() == result.units
    assert (
        result.tasks
        == Task.objects.filter(plan__jurisdiction__path__startswith=result.province.path).count()
        == 60
    )
    assert result.milestones == Milestone.objects.count() and sum(result.states.values()) == result.milestones
    # Closed milestones carry their accepted report; open ones never have an accepted one.
    closed = Milestone.objects.filter(state=Milestone.State.CLOSED)
    assert closed.exists() and not closed.exclude(reports__state=ProgressReport.State.ACCEPTED).exists()
    assert not Milestone.objects.filter(state__in=Milestone.OPEN_STATES, reports__state="accepted").exists()
    # A second province lands beside the first, and the same seed and date give the same data.
    again = scale.generate_province(units=scale.MIN_UNITS, tasks=60, seed=3, name="二致省", today=TODAY)
    assert Unit.objects.find_problems() == ([], [], [], [], [])
    assert (again.milestones, again.reports, again.states) == (
        result.milestones,
        result.reports,
        result.states,
    )


@pytest.mark.django_db
def test_generator_refuses_bad_input():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="单位数量至少"):
        scale.generate_province(units=10, tasks=10)
    scale.generate_province(units=scale.MIN_UNITS, tasks=5, name="重名省", today=TODAY)
    with pytest.raises(ValidationError, match="已存在名为“重名省”"):
        scale.generate_province(units=scale.MIN_UNITS, tasks=5, name="重名省", today=TODAY)


@pytest.mark.django_db
def test_ledger_figures_match_the_milestones():
    """The ledger's per-task figures (subqueries on the milestone indexes) agree with counting by hand.

    Guards the index choice too: SQLite 3.40 answers MIN/ORDER BY due_on under `state IN (…)` wrongly on
    an index (task, state, due_on), which would show a later 最近截止 than an overdue milestone's.
    """
    from fazhi.supervision.views import milestone_counts

    scale.generate_province(units=scale.MIN_UNITS, tasks=150, seed=5, name="核对省", today=TODAY)
    expected = {}
    for m in Milestone.objects.all():
        row = expected.setdefault(
            m.task_id, {"m_total": 0, "m_closed": 0, "m_overdue": 0, "m_next_due": None}
        )
        row["m_total"] += m.state != Milestone.State.CANCELLED
        row["m_closed"] += m.state == Milestone.State.CLOSED
        row["m_overdue"] += m.state == Milestone.State.OVERDUE
        if m.state in Milestone.OPEN_STATES and (row["m_next_due"] is None or m.due_on < row["m_next_due"]):
            row["m_next_due"] = m.due_on
    found = {
        t.pk: {
            "m_total": t.m_total,
            "m_closed": t.m_closed,
            "m_overdue": t.m_overdue,
            "m_next_due": t.m_next_due,
        }
        for t in Task.objects.annotate(**milestone_counts())
    }
    empty = {"m_total": 0, "m_closed": 0, "m_overdue": 0, "m_next_due": None}
    assert any(row["m_overdue"] for row in expected.values())
    assert found == {pk: expected.get(pk, empty) for pk in found}


@pytest.mark.django_db
def test_generate_scale_command():
    import io

    from django.core.management import CommandError, call_command

    out = io.StringIO()
    call_command(
        "generate_scale", units=scale.MIN_UNITS, tasks=40, name="命令省", today="2026-06-15", stdout=out
    )
    assert "命令省：单位 72 个" in out.getvalue() and "任务 40 项" in out.getvalue()
    assert Task.objects.filter(plan__jurisdiction__name="命令省").exists()
    with pytest.raises(CommandError, match="日期“明天”格式不正确"):
        call_command("generate_scale", today="明天", stdout=out)
    with pytest.raises(CommandError, match="已存在名为“命令省”"):
        call_command("generate_scale", units=scale.MIN_UNITS, tasks=5, name="命令省", stdout=out)
