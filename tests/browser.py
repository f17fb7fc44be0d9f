"""Shared helpers of the browser tests: headless Debian Chromium through Playwright, never a download."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

import pytest

from tests.conftest import PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]


@contextlib.contextmanager
def browser_page(width: int = 1400, height: int = 900) -> Iterator:
    """A fresh page in headless Chromium; skips the test when Chromium is not installed."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"浏览器测试需要 {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height}, locale="zh-CN")
            yield page
        finally:
            browser.close()
            _close_connections_of_this_context()


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
