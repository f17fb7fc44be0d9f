"""Issue #12.18: the demo shows a living platform on the day it is loaded — a year of 陇县's work replayed
relative to that day — so the 陇县 leader's dashboard shows a mix of 按期, 临期, 逾期 and done, and every
role's pages have something to show.

The expectations are counted from the demo's stated rule, relative to the load date T: 陇县 is tracked from
T − 365 days; of the N milestones due before T (in due-date order), positions 0–6 of every ten were met on
time, 7–8 late (unless the late report would fall on or after T) and 9 not yet."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone

from fazhi.core.models import User
from fazhi.plans.models import Plan
from fazhi.supervision import stats
from fazhi.supervision.models import Milestone, MilestoneExtension, PlanTracking, ProgressReport


@pytest.fixture
def demo(migration_data):
    from fazhi.core import demo as core_demo
    from fazhi.plans import demo as plans_demo
    from fazhi.supervision import demo as supervision_demo

    out = io.StringIO()
    for module in (core_demo, plans_demo, supervision_demo):
        module.load(out)
    return timezone.localdate()


def _ontime_by_rule(n: int) -> int:
    """Positions 0..n-1 whose remainder by ten is below seven."""
    return n // 10 * 7 + min(n % 10, 7)


def _tracked_for_one_year(demo):
    plan = Plan.objects.get(jurisdiction__name="陇县")
    since = max(demo - dt.timedelta(days=365), plan.issued_on)
    assert PlanTracking.objects.get(plan=plan).tracks_from == since
    live = Milestone.objects.filter(plan=plan).exclude(state=Milestone.State.CANCELLED)
    assert not live.filter(due_on__lt=since).exists()


def _a_mix_not_a_wall_of_red(demo, client):
    plan = Plan.objects.get(jurisdiction__name="陇县")
    leader = User.objects.get(username="lx_leader")
    milestones = Milestone.objects.for_user(leader)
    row = stats.milestone_rates(milestones, "total", demo)[0]
    past = Milestone.objects.filter(plan=plan, due_on__lt=demo).exclude(state=Milestone.State.CANCELLED).count()
    assert past > 100
    assert row.on_time == _ontime_by_rule(past)
    assert row.late + row.overdue == past - row.on_time
    # One in ten still open, less the two the demo reporters' example reports close on the load date.
    assert row.overdue >= past // 10 - 2 and row.late >= 1
    assert 0.6 <= row.on_time_rate <= 0.8 and row.overdue_rate <= 0.3  # before the fix: 0 % and 99.9 %
    assert milestones.filter(state=Milestone.State.DUE_SOON).exists()   # 临期: the relative deadline in 2 days
    assert row.upcoming > 0
    client.force_login(leader)
    page = client.get("/supervision/dashboard/").content.decode()
    assert "按期完成率" in page and "逾期未完成率" in page


def _every_role_has_something_to_show(demo, client):
    def page(username, url):
        client.force_login(User.objects.get(username=username))
        response = client.get(url)
        assert response.status_code == 200, (username, url)
        return response.content.decode()

    assert ProgressReport.objects.filter(state=ProgressReport.State.SUBMITTED).exists()
    assert "城关镇人民政府" in page("lx_office", "/supervision/review/")  # lx_cgz's submitted report
    assert MilestoneExtension.objects.filter(state=MilestoneExtension.State.PENDING).exists()
    assert "牵头科室人员参加全县重点项目集中攻坚" in page("lx_office", "/supervision/extensions/")
    assert "陇县关于进一步推进法治政府建设若干措施" in page("bj_office", "/supervision/")
    assert "陇法督" in page("lx_fgj", "/supervision/orders/")  # the order the office issued to 发改局
    assert "按期完成率" in page("lx_cgz", "/supervision/dashboard/")


def test_the_demo_is_alive_on_the_day_it_is_loaded(demo, client):
    """One load of the demo (it takes a while), three checks."""
    _tracked_for_one_year(demo)
    _a_mix_not_a_wall_of_red(demo, client)
    _every_role_has_something_to_show(demo, client)


def test_dashboard_figures_computed_the_cheaper_way_equal_the_old_way_over_the_demo(demo):
    """The dashboard reads its per-task figures (按任务统计) from the unit × plan aggregate
    (`with_tasks`, `task_total`) instead of a query of their own, and its tables' status per row in Python
    (`status_as_of`) instead of a CASE in SQL: over the demo, for every account and every plan it sees (and
    all plans), on dates before, inside and after the tracked year, they are `task_rates`' figures and
    `annotate_status`' statuses, and the unit × plan rows still add up to the total."""
    compared, fewer = 0, 0
    for user in User.objects.filter(is_active=True).select_related("unit"):
        base = Milestone.objects.for_user(user)
        plans = sorted(set(base.values_list("plan_id", flat=True)))
        for as_of in (demo - dt.timedelta(days=400), demo - dt.timedelta(days=90), demo, demo + dt.timedelta(days=30)):
            pairs = stats.milestone_rates(base, "unit_plan", as_of, with_tasks=True)
            assert stats.total(pairs).as_dict() == stats.milestone_rates(base, "total", as_of)[0].as_dict()
            by_task = stats.task_total(pairs)
            assert by_task.as_dict() == stats.task_rates(base, as_of).as_dict()
            fewer += 0 < by_task.due < stats.total(pairs).due  # a task counted once, not once per unit
            for plan_id in plans:
                of_plan = [r for r in pairs if r.extra["plan"] == plan_id]
                expected = stats.task_rates(base.filter(plan_id=plan_id), as_of)
                assert stats.task_total(of_plan).as_dict() == expected.as_dict()
                compared += 1
            # The tables' status per row (`status_as_of`, in Python) is the SQL CASE of `annotate_status`.
            annotated = stats.annotate_status(base.only("state", "outcome", "due_on", "completed_on"), as_of)
            assert all(stats.status_as_of(m, as_of) == m.as_of_status for m in annotated)
    assert compared > 20 and fewer > 5  # the demo's accounts see several plans, with tasks of several units
