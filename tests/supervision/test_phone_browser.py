"""At phone width (390 px) the lists a reporter or a leader uses are cards: a task reads in full and the
报送进展 button is on screen. Screenshots go to test-artifacts/."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser import SettledWalk, signed_in_page
from tests.core.test_console_errors import every_page, shown_as_page
from tests.supervision.matrix_cases import task

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 390, "height": 844}
# The walk is split into chunks of pages, one test each, so xdist spreads it (see test_console_errors).
PHONE_CHUNKS = 2

# Every table cell whose right edge lies past the viewport, on the page as shown (calendars excepted:
# a month is a grid, not a list).
CELLS_OFF_SCREEN = """() => Array.from(document.querySelectorAll('main table:not(.fz-month) td'))
  .filter(td => td.offsetParent !== null && td.getBoundingClientRect().right > window.innerWidth + 1)
  .map(td => td.textContent.trim().slice(0, 20))"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)  # the fixtures restore rows of data migrations after flushes
def test_reporter_inbox_on_a_phone(chromium, live_server, org, users):
    t = task(org, users)
    with signed_in_page(chromium, live_server, users.reporter, **PHONE) as (page, _):
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
@pytest.mark.parametrize("chunk", range(PHONE_CHUNKS))
def test_no_list_runs_off_a_phone_screen(chunk, chromium, live_server, org, users):
    urls, _ = every_page(org, users, chunk, PHONE_CHUNKS)
    problems, walked = [], {}
    for who in ("reporter", "leader"):
        with signed_in_page(chromium, live_server, getattr(users, who), **PHONE) as (page, client):
            walk = SettledWalk(page)
            shown = [url for url in urls if shown_as_page(client, url)]
            for url in shown:
                # a page not signed in (the login page shown instead) would measure nothing
                problems += [f"{who} {url}: {e}" for e in walk.open(live_server.url + url) if e.startswith("shown as")]
                off = page.evaluate(CELLS_OFF_SCREEN)
                if off:
                    problems.append(f"{who} {url}: {off[:5]}")
            walked[who] = len(shown)
    assert min(walked.values()) >= 8 // PHONE_CHUNKS, walked
    assert not problems, "\n".join(problems)
