"""In the browser: search the public portal and open a document (no login)."""

import os
from pathlib import Path

import pytest

from tests.browser import browser_page

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)  # the fixtures restore rows of data migrations after flushes
def test_search_and_open_a_document(live_server, library):
    ARTIFACTS.mkdir(exist_ok=True)
    with browser_page() as page:
        page.goto(f"{live_server.url}/portal/")
        page.fill("input[name=q]", "听证")
        page.click("button[type=submit]")
        page.wait_for_selector("text=找到")
        assert page.locator("ol li").count() == 1
        assert page.locator("mark").first.inner_text() == "听证"
        page.screenshot(path=str(ARTIFACTS / "portal-search.png"), full_page=True)

        page.click("text=测试县行政处罚裁量基准适用规定")
        page.wait_for_selector("h1")
        assert page.locator("h1").inner_text() == "测试县行政处罚裁量基准适用规定"
        assert "/portal/doc/" in page.url and "%E3%80%94" in page.url  # the registration number, 〔 encoded
        assert page.locator("text=现行有效").first.is_visible()
        assert page.locator("text=《中华人民共和国行政处罚法》").first.is_visible()
        page.screenshot(path=str(ARTIFACTS / "portal-document.png"), full_page=True)

        # The status as at an earlier date: before it was published it was not yet in force.
        page.fill("#on", "2024-01-01")
        page.click("button:has-text('查看')")
        page.wait_for_selector("text=尚未施行")
