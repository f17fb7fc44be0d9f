"""In a real browser: a member of the public files a 公开 request without an account and follows it to the reply."""

import os
import re
from pathlib import Path

import pytest
from django.core.cache import cache

from fazhi.disclosure.models import DisclosureRequest
from tests.browser import browser_page, login

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop

ARTIFACTS = Path("test-artifacts")


def _look_up(page, live_server, number: str, code: str) -> str:
    page.goto(f"{live_server.url}/portal/lookup/")
    page.fill("#lookup-number", number)
    page.fill("#lookup-code", code)
    page.click("button:has-text('查询')")
    page.wait_for_load_state("networkidle")
    return page.inner_text("main")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)  # the fixtures restore rows of data migrations after flushes
def test_anonymous_request_followed_to_the_reply(live_server, org, users):
    ARTIFACTS.mkdir(exist_ok=True)
    cache.clear()  # the per-address throttle of the public form
    with browser_page() as page:
        # The applicant, without an account, finds the form from the portal and files the request.
        page.goto(f"{live_server.url}/portal/")
        page.click("text=政府信息公开申请")
        page.select_option("#id_unit", label="测试县人民政府")
        page.select_option("#id_applicant_kind", label="自然人")
        page.fill("#id_applicant_name", "王某")
        page.fill("#id_phone", "13800000000")
        page.fill("#id_content", "2025年本县城区道路改造项目的立项批复文件")
        page.click("button:has-text('提交申请')")
        page.wait_for_selector("#verification-code")
        number, code = page.inner_text("#case-number"), page.inner_text("#verification-code")
        page.screenshot(path=ARTIFACTS / "disclosure-applied.png", full_page=True)
        assert "待确认收到" in _look_up(page, live_server, number, code)

        # The office confirms receipt and answers on the case page.
        case = DisclosureRequest.objects.get(case_number=number)
        login(page, live_server, users.office.username)
        page.goto(f"{live_server.url}/disclosure/{case.pk}/")
        page.click("button:has-text('确认收到')")
        page.wait_for_selector("text=已确认收到申请")
        assert page.get_by_text("依申请公开答复期限").first.is_visible()  # the clock's trace
        page.locator("summary", has_text=re.compile(r"^答复$")).click()
        page.select_option("#f-reply-outcome", label="部分公开")
        page.fill("#f-reply-reply_text", "现提供可以公开的部分，其余部分涉及第三方商业秘密。")
        page.locator("form[action$='/transition/reply/'] button").click()
        page.wait_for_selector("text=已办理：答复")
        assert page.get_by_role("link", name="政府信息公开申请答复书").is_visible()
        page.screenshot(path=ARTIFACTS / "disclosure-case.png", full_page=True)

        # The applicant looks again: answered, with the outcome.
        page.context.clear_cookies()
        text = _look_up(page, live_server, number, code)
        assert "已办结" in text and "部分公开" in text
        page.screenshot(path=ARTIFACTS / "disclosure-lookup.png", full_page=True)
