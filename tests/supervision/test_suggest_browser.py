"""In the browser: the plan's suggestion page fills each row's unit list from the one shared list."""

from __future__ import annotations

import os

import pytest

from fazhi.plans.models import Plan
from fazhi.supervision import services
from fazhi.supervision.models import TaskUnit
from tests.browser import browser_page, login
from tests.supervision.conftest import add_item

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)  # the fixtures restore rows of data migrations after flushes
def test_change_the_lead_from_the_shared_unit_list(live_server, users, org):
    plan = Plan.objects.create(
        jurisdiction=org.county, title="未分工方案", period_start=2099, period_end=2099, created_by=users.office
    )
    add_item(plan, 1, ["1"], "健全行政复议案件审理机制。", title="加强行政复议工作")
    add_item(plan, 2, ["2"], "推进社会信用体系建设。", title="推进信用建设")
    services.generate_ledger(None, plan)
    with browser_page() as page:
        login(page, live_server, users.office.username)
        page.goto(f"{live_server.url}/supervision/plans/{plan.pk}/suggestions/")
        selects = page.locator("select[data-options-from]")
        assert selects.count() == 2
        # Each row's list is a copy of the shared one: the placeholder plus every unit.
        shared = page.locator("#lead-unit-options").evaluate("t => t.content.querySelectorAll('option').length")
        assert shared > 3
        assert selects.nth(1).locator("option").count() == shared + 1
        selects.nth(1).select_option(label="测试县发展和改革局")
        with page.expect_navigation():
            selects.nth(1).locator("xpath=..").locator("button:has-text('指定为牵头单位')").click()
        assert "推进信用建设" not in page.locator("#suggest-table").inner_text()  # it has a lead now
    task = plan.tasks.get(title="推进信用建设")
    assert task.units.get(role=TaskUnit.Role.LEAD).unit == org.reform
