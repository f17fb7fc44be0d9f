"""Shared helpers of the browser tests: headless Debian Chromium through Playwright, never a download."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator

import pytest

from tests.conftest import PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]


@contextlib.contextmanager
def chromium_browser() -> Iterator:
    """Headless Chromium, started once; skips the test when Chromium is not installed."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"浏览器测试需要 {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
            _close_connections_of_this_context()


@contextlib.contextmanager
def browser_page(width: int = 1400, height: int = 900) -> Iterator:
    """A fresh page in its own headless Chromium; skips the test when Chromium is not installed."""
    with chromium_browser() as browser:
        yield browser.new_page(viewport={"width": width, "height": height}, locale="zh-CN")


def _close_connections_of_this_context() -> None:
    """Close the database connections the test opened inside Playwright's context manager.

    Django keeps connections per context (asgiref's Local), and the test's code between Playwright's
    enter and exit runs in another context than pytest-django's fixtures: its connection would stay open
    to the end of the run, and PostgreSQL then refuses to drop the test database ("being accessed by
    other users"). Browser tests are transactional, so no atomic block is cut short here.
    """
    from django.db import connections

    for conn in connections.all(initialized_only=True):
        if not conn.in_atomic_block:
            conn.close()


def login(page, live_server, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


@contextlib.contextmanager
def signed_in_page(browser, live_server, user=None, width: int = 1400, height: int = 900) -> Iterator:
    """(page, client): a page in a fresh context (its own cookies) of a shared browser, and a Django test
    client, both signed in as `user` with one session (anonymous when None), without the login form."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    try:
        if user is not None:
            client.force_login(user)
            context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": live_server.url,
                                  "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])
        yield context.new_page(), client
    finally:
        context.close()
        _close_connections_of_this_context()


# The page has loaded and htmx has nothing under way: no request (hx-trigger="load" fragments), no
# swap, no settle. With no request in flight either, nothing more will happen on the page by itself.
QUIET = """() => document.readyState === 'complete'
  && !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"""


class SettledWalk:
    """Opens pages one after another in one browser page and returns once each has settled.

    Playwright's "networkidle" waits for 500 ms without a request after every page, which was most
    of a crawl's time; here the wait ends on events instead: the load event, no request in flight
    (counted from the page's request events) and htmx idle. Console errors and uncaught exceptions
    are collected from the first page on and handed out per page by `open`.
    """

    def __init__(self, page, timeout: float = 30.0):
        self.page, self.timeout = page, timeout
        self.in_flight: set = set()
        self.errors: list[str] = []
        page.on("request", lambda request: self.in_flight.add(request))
        page.on("requestfinished", lambda request: self.in_flight.discard(request))
        page.on("requestfailed", lambda request: self.in_flight.discard(request))
        page.on("console", lambda message: self.errors.append(f"console: {message.text}")
                if message.type == "error" else None)
        page.on("pageerror", lambda exc: self.errors.append(f"exception: {exc}"))

    def open(self, url: str) -> list[str]:
        """Open `url` (a page answering 200 with HTML) and return the errors logged until it settled."""
        self.in_flight.clear()
        self.errors.clear()
        self.page.goto(url)
        self.settle(url)
        if self.page.url != url:  # e.g. the session cookie did not sign the page in: the login page shows
            self.errors.append(f"shown as {self.page.url}")
        return list(self.errors)

    def settle(self, url: str) -> None:
        deadline = time.monotonic() + self.timeout
        while True:
            self.page.wait_for_function(QUIET, polling="raf", timeout=self.timeout * 1000)
            if not self.in_flight:
                # one more round trip: every console event the page sent before it is delivered by now
                self.page.evaluate("() => new Promise(done => requestAnimationFrame(() => done()))")
                if not self.in_flight:
                    return
            if time.monotonic() > deadline:
                raise AssertionError(f"{url}: requests still open after {self.timeout:.0f} s: "
                                     f"{[r.url for r in self.in_flight]}")
            self.page.wait_for_timeout(10)  # a request is under way: look again once it may be done
