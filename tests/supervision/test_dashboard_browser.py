"""The dashboard in a real browser on the demo data: charts draw under the CSP, a bar click drills down."""

from __future__ import annotations

import datetime as dt
import io
import os
import random
from pathlib import Path

import pytest
from django.utils import timezone

from fazhi.core import demo as core_demo
from fazhi.core.demo import DEMO_PASSWORD
from fazhi.plans import demo as plans_demo
from fazhi.supervision import demo as supervision_demo
from fazhi.supervision.models import Milestone
from tests.browser import browser_page, login

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop

ARTIFACTS = Path("test-artifacts")


def _vary_outcomes() -> None:
    """The demo leaves almost every 陇县 milestone overdue; close some on time and some late, as units would."""
    today = timezone.localdate()
    due = Milestone.objects.filter(
        task__plan__jurisdiction__name="陇县", due_on__lt=today, state__in=Milestone.OPEN_STATES
    ).order_by("pk")
    changed = []
    for m in due:
        # Each unit has its own record (diligence from 0.2 to 0.95); each milestone a fixed draw.
        diligence = 0.2 + (m.unit_id * 37 % 16) / 20
        draw = random.Random(m.pk).random()
        if draw < diligence * 0.8:
            m.state, m.outcome, m.completed_on = Milestone.State.CLOSED, Milestone.Outcome.ON_TIME, m.due_on
        elif draw < diligence:
            m.state, m.outcome = Milestone.State.CLOSED, Milestone.Outcome.LATE
            m.completed_on = m.due_on + dt.timedelta(days=12)
        else:
            continue
        changed.append(m)
    Milestone.objects.bulk_update(changed, ["state", "outcome", "completed_on"], batch_size=500)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_dashboard_renders_and_drills_down(live_server, migration_data):
    out = io.StringIO()
    core_demo.load(out)
    plans_demo.load(out)
    supervision_demo.load(out)
    _vary_outcomes()
    ARTIFACTS.mkdir(exist_ok=True)
    with browser_page(width=1440, height=1000) as page:
        problems: list[str] = []
        page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: problems.append(str(exc)))
        login(page, live_server, "lx_leader", DEMO_PASSWORD)  # the leader's home is the dashboard
        assert page.url.rstrip("/").endswith("/supervision/dashboard")
        page.wait_for_selector("[data-dashboard-chart] canvas")
        charts = page.locator("[data-dashboard-chart]")
        assert charts.count() == 4
        for i in range(4):
            assert charts.nth(i).locator("canvas").count() == 1, f"chart {i} not drawn"
        assert page.get_by_role("heading", name="逾期未完成节点").is_visible()
        page.wait_for_timeout(600)  # let the bars finish their entry animation
        page.screenshot(path=ARTIFACTS / "supervision-dashboard.png", full_page=True)
        assert not [p for p in problems if "Content Security Policy" in p or "Error" in p], problems

        # Click a bar of the worst unit: the list of that unit's milestones of that status opens.
        point = page.evaluate("""() => {
            const el = document.querySelector('[data-dashboard-chart="chart-units"]');
            const chart = echarts.getInstanceByDom(el);
            const spec = JSON.parse(document.getElementById('chart-units').textContent);
            // the longest of the first unit's bars (a unit that finished everything late has no overdue bar)
            const values = spec.series.map(s => s.data[0] || 0);
            const series = values.indexOf(Math.max(...values));
            const bar = chart.getModel().getSeriesByIndex(series).getData().getItemLayout(0);
            const box = el.getBoundingClientRect();
            return {x: box.left + bar.x + bar.width / 2, y: box.top + bar.y + bar.height / 2,
                    label: spec.labels[0], status: spec.series[series].status};
        }""")
        page.mouse.click(point["x"], point["y"])
        page.wait_for_url("**/supervision/dashboard/milestones/**")
        page.wait_for_load_state("networkidle")
        assert f"status={point['status']}" in page.url
        assert page.get_by_text(point["label"]).first.is_visible()
        page.screenshot(path=ARTIFACTS / "supervision-dashboard-drill.png", full_page=True)
