"""In the browser: sign in → organisation tree → user list (filter, sort) → calendar, on a desktop and a
phone-sized screen. Screenshots go to test-artifacts/ for a person to look at."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser import browser_page, login

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"foundation-{name}.png"), full_page=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)  # the fixtures restore rows of data migrations after flushes
def test_login_tree_users_calendar(live_server, users, org):
    with browser_page() as page:
        login(page, live_server, users.sysadmin.username)
        page.click("text=组织机构")
        page.wait_for_selector("h1:has-text('组织机构')")
        tree = page.locator(".fz-unit-tree")
        assert tree.get_by_text("测试县司法局").is_visible()
        assert tree.get_by_text("乙县司法局").is_visible()
        # the third level starts collapsed: open 甲镇 and its government shows
        town = page.locator("details:has(> summary a:text-is('甲镇'))")
        assert not town.get_by_text("甲镇人民政府").is_visible()
        town.locator("> summary").click()
        assert town.get_by_text("甲镇人民政府").is_visible()
        _shot(page, "unit-tree")

        page.click("text=测试县司法局")
        page.wait_for_selector("h1:has-text('测试县司法局')")
        assert page.get_by_text("县司法局").first.is_visible()
        _shot(page, "unit-detail")

        page.click("nav[aria-label=主菜单] >> text=用户管理")
        page.wait_for_selector("h1:has-text('用户管理')")
        assert page.locator("th:has-text('账号')").is_visible()
        assert page.get_by_role("link", name="t_reporter").is_visible()
        # filter by role through htmx: only the table is replaced and the URL follows
        page.select_option("#fz-table-role", "reporter")
        page.wait_for_url("**role=reporter**")
        page.wait_for_selector("#fz-table a:text-is('t_town')")
        assert page.locator("#fz-table a:text-is('t_office')").count() == 0
        page.click("th a:has-text('姓名')")
        page.wait_for_url("**sort=full_name**")
        assert page.get_by_role("link", name="导出 Excel").is_visible()
        _shot(page, "user-list")

        page.goto(f"{live_server.url}/calendar/?year=2024")
        page.wait_for_selector("caption:has-text('二月')")
        _shot(page, "calendar")
        page.fill("#id_start", "2024-09-27")
        page.fill("#id_days", "5")
        page.click("button:has-text('计算')")
        page.wait_for_selector(".fz-result-date")
        assert page.locator(".fz-result-date").inner_text() == "2024年10月10日"
        _shot(page, "calendar-compute")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)  # the fixtures restore rows of data migrations after flushes
def test_phone_width(live_server, users, org):
    with browser_page(width=390, height=844) as page:
        login(page, live_server, users.sysadmin.username)
        # below lg the menu is an offcanvas opened by the toggler
        assert not page.locator("#sidebar").is_visible()
        page.click("button.navbar-toggler")
        page.wait_for_selector("#sidebar.show")
        page.click("#sidebar >> text=用户管理")
        page.wait_for_selector("h1:has-text('用户管理')")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"页面横向溢出：{width}px"
        _shot(page, "phone-user-list")
        page.goto(f"{live_server.url}/units/")
        assert page.locator(".fz-unit-tree").get_by_text("测试县司法局").is_visible()
        _shot(page, "phone-unit-tree")
        page.goto(f"{live_server.url}/calendar/?year=2024")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        _shot(page, "phone-calendar")
