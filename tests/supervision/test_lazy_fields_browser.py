"""In the browser: a folded form's fields arrive when the user opens it, and the form then posts as before
(fazhi.core.lazyfields)."""

from __future__ import annotations

import os

import pytest

from fazhi.supervision import services
from fazhi.supervision.models import Milestone, Task
from tests.browser import browser_page, login
from tests.supervision.conftest import add_item

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)  # the fixtures restore rows of data migrations after flushes
def test_open_the_milestone_form_and_add_a_milestone(live_server, users, org):
    from fazhi.plans.models import Plan

    plan = Plan.objects.create(
        jurisdiction=org.county,
        title="折叠表单方案",
        period_start=2099,
        period_end=2099,
        created_by=users.office,
    )
    add_item(
        plan,
        1,
        ["1"],
        "推进信用建设。(县发改局负责)",
        title="推进信用建设",
        units=[("lead", "县发改局", org.reform)],
    )
    services.generate_ledger(None, plan)
    task = Task.objects.get(plan=plan)
    with browser_page() as page:
        login(page, live_server, users.office.username)
        page.goto(f"{live_server.url}/supervision/tasks/{task.pk}/")
        form = page.locator("form[action$='/milestones/add/']")
        assert form.locator("input[name='label']").count() == 0  # folded: no fields yet
        page.locator("summary:has-text('新增时间节点')").click()
        form.locator("input[name='label']").wait_for()
        assert form.locator(".fz-lazy-fields").count() == 0  # the placeholder was replaced
        form.locator("select[name='unit']").select_option(value=str(org.reform.pk))
        form.locator("input[name='label']").fill("专项自查")
        form.locator("input[name='due_on']").fill("2099-06-30")
        form.locator("input[name='reason']").fill("县委督查室要求")
        with page.expect_navigation():
            form.locator("button:has-text('新增节点')").click()
        message = page.url + page.locator("main").inner_text()[:300]
    unit = (
        task.units.get().unit
    )  # the task's one unit, the office by default when the text names none it knows
    assert Milestone.objects.filter(task=task, label="专项自查", unit=unit, due_on="2099-06-30").exists(), (
        message
    )
