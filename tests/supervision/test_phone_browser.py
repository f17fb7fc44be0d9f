"""At phone width (390 px) the lists a reporter or a leader uses are cards: a task reads in full and the
报送进展 button is on screen. Screenshots go to test-artifacts/."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.browser import browser_page
from tests.core.test_console_errors import every_page
from tests.supervision.matrix_cases import task

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 390, "height": 844}

# Every table cell whose right edge lies past the viewport, on the page as shown (calendars excepted:
# a month is a grid, not a list).
CELLS_OFF_SCREEN = """() => Array.from(document.querySelectorAll('main table:not(.fz-month) td'))
  .filter(td => td.offsetParent !== null && td.getBoundingClientRect().right > window.innerWidth + 1)
  .map(td => td.textContent.trim().slice(0, 20))"""


def _sign_in(page, live_server, user) -> Client:
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": live_server.url,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])
    return client


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)  # the fixtures restore rows of data migrations after flushes
def test_reporter_inbox_on_a_phone(live_server, org, users):
    t = task(org, users)
    with browser_page(**PHONE) as page:
        _sign_in(page, live_server, users.reporter)
        page.goto(f"{live_server.url}/supervision/inbox/")
        link = page.get_by_role("link", name=f"{t.label} {t.title}").first
        text = link.bounding_box()
        # the task reads in full (12 characters, about 170 px), not ~4 characters in a squeezed column
        assert text["width"] > 150 and text["x"] + text["width"] <= PHONE["width"], text
        button = page.get_by_role("link", name="报送进展").first
        box = button.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "supervision-inbox-phone.png"), full_page=True)
        button.click()
        page.wait_for_selector("h1:has-text('报送进展')")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("who", ["reporter", "leader"])
def test_no_list_runs_off_a_phone_screen(who, live_server, org, users):
    urls, _ = every_page(org, users)
    problems, walked = [], 0
    with browser_page(**PHONE) as page:
        client = _sign_in(page, live_server, getattr(users, who))
        for url in urls:
            response = client.get(url)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            page.goto(live_server.url + url)
            page.wait_for_load_state("networkidle")
            walked += 1
            off = page.evaluate(CELLS_OFF_SCREEN)
            if off:
                problems.append(f"{url}: {off[:5]}")
    assert walked >= 8
    assert not problems, "\n".join(problems)
