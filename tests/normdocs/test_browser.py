"""In the browser: the office opens a document under 合法性审核, meets the gate, records the opinion."""

import datetime
import os
from pathlib import Path

import pytest

from tests.browser import browser_page, login

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def open_form(page, label: str) -> None:
    """Unfold a transition's form (the first one is unfolded already)."""
    page.locator(f"details:has(summary:text-is('{label}'))").evaluate("d => { d.open = true; }")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)  # the fixtures restore rows of data migrations after flushes
def test_gate_refusal_then_opinion(live_server, users, make_doc, walk):
    ARTIFACTS.mkdir(exist_ok=True)
    doc = walk(make_doc(title="测试县行政执法公示办法"), "legality_review", start=datetime.date(2024, 3, 4))
    with browser_page() as page:
        login(page, live_server, users.office.username)
        page.goto(f"{live_server.url}/normdocs/documents/{doc.pk}/")
        open_form(page, "提请集体审议")
        page.click("form[action$='/submit_deliberation/'] button")
        page.wait_for_selector(".alert-danger")
        assert "不得提交集体审议" in page.locator(".alert-danger").inner_text()
        page.screenshot(path=str(ARTIFACTS / "normdoc-gate.png"), full_page=True)

        open_form(page, "审核通过")
        page.fill("form[action$='/pass_legality_review/'] textarea[name=reason]", "经审核，符合法律规定。")
        page.click("form[action$='/pass_legality_review/'] button")
        page.wait_for_selector(".alert-success")
        assert "已办理：审核通过" in page.locator(".alert-success").inner_text()
        assert page.locator("text=经审核，符合法律规定。").first.is_visible()
        page.screenshot(path=str(ARTIFACTS / "normdoc-detail.png"), full_page=True)
