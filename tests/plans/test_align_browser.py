"""In the browser: generate suggestions, confirm one and reject one with htmx, then read the coverage."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from fazhi.plans.models import ItemAlignment
from tests.browser import browser_page, login
from tests.plans.align_fixtures import county_plan, item, make_plan, province_plan

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)  # the fixtures restore rows of data migrations after flushes
def test_suggest_confirm_reject_and_coverage(live_server, users, org):
    ARTIFACTS.mkdir(exist_ok=True)
    upper = province_plan(org)
    lower = county_plan(org, upper)
    with browser_page() as page:
        login(page, live_server, users.office.username)
        page.goto(f"{live_server.url}/plans/{lower.pk}/align/")
        assert "没有对接建议" in page.locator(".list-group").inner_text()
        page.click("button:has-text('生成对接建议')")
        page.wait_for_selector("text=条对接建议")

        first = item(lower, "一", "1")
        row = page.locator(f"#lower-{first.pk}")
        assert "二 (一) 1" in row.locator("li").first.inner_text()
        row.locator("li").first.locator("button:has-text('确认')").click()
        page.wait_for_selector(f"#lower-{first.pk} .badge:has-text('已确认')")
        assert "已确认 1" in page.locator("#align-counts").inner_text()  # swapped out of band

        rejected = page.locator(f"#lower-{first.pk} li").nth(1)
        rejected.locator("button:has-text('否决')").click()
        page.wait_for_selector(f"#lower-{first.pk} .badge:has-text('已否决')")
        page.screenshot(path=str(ARTIFACTS / "plans-align.png"), full_page=True)

        statuses = set(ItemAlignment.objects.filter(lower_item=first).values_list("status", flat=True))
        assert {"confirmed", "rejected"} <= statuses

        page.click("a:has-text('上级条目落实情况')")
        page.wait_for_selector("#coverage-percent")
        assert page.locator("#coverage-percent").inner_text() == "25.0%"
        page.select_option("#fz-table-section", "二 (二)")
        expect(page.locator("#fz-table")).not_to_contain_text("行政执法案卷管理")  # htmx swapped the table
        assert "出庭应诉制度" in page.locator("#fz-table").inner_text()
        page.screenshot(path=str(ARTIFACTS / "plans-align-coverage.png"), full_page=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_switching_the_upper_plan_reloads_the_page(live_server, users, org):
    """The picker works under the CSP: its change is handled by app.js, not an inline onchange."""
    upper = province_plan(org)
    city_plan = make_plan(org.city, "测试市法治政府建设工作要点", [(["一"], "", "市级要点")])
    lower = county_plan(org, upper)
    with browser_page() as page:
        login(page, live_server, users.office.username)
        page.goto(f"{live_server.url}/plans/{lower.pk}/align/")
        page.select_option("#upper-plan", str(city_plan.pk))
        page.wait_for_url(f"**upper={city_plan.pk}**")
        assert page.locator("#upper-plan").input_value() == str(city_plan.pk)
