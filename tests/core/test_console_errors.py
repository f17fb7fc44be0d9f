"""No page logs a browser console error, for any role.

The Content-Security-Policy allows scripts only from this server, so an inline handler
(`onchange="…"`) is refused by the browser and logs an error, and the control silently does nothing.
The walk opens every page of the project: one GET case per route from the permission matrix
(`tests/<app>/matrix_cases.py`, whose `make_object` builds the records a page needs, so new pages join
by themselves) plus the pages without arguments, as each role, and fails on any console error or
uncaught exception. A page the role may not open (403/404) or that is a download is skipped for that
role: its refusal is what the permission matrix checks.
"""

from __future__ import annotations

import os

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client

from tests import matrix
from tests.browser import browser_page
from tests.core.test_no_cdn import EXTRA_PATHS, SKIP_NAMES, argument_free_paths

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop

ROLES = ["sysadmin", "secadmin", "auditor", "office", "reporter", "town_reporter", "leader", "outsider",
         "anonymous"]


def every_page(org, users) -> tuple[list[str], list[str]]:
    """(URLs of every GET page, routes whose records could not be built)."""
    urls: dict[str, str] = {}
    unbuilt: list[str] = []
    cases, _ = matrix.load()
    for case in cases:
        if case.is_api or case.method != "GET" or case.route in urls or case.route in SKIP_NAMES:
            continue
        try:
            with transaction.atomic():
                kwargs = case.make_object(org, users) if case.make_object else {}
                urls[case.route] = matrix.url_of(case, kwargs)
        except Exception as exc:  # a case's records may clash with another's (same username): say which
            unbuilt.append(f"{case.route}: {exc!r}")
    for path, name in argument_free_paths():
        if name not in SKIP_NAMES and not path.startswith("/api/"):
            urls.setdefault(name, path)
    for path in EXTRA_PATHS:
        urls.setdefault(path, path)
    return sorted(set(urls.values())), unbuilt


def _opens_as_html(client: Client, url: str) -> bool:
    response = client.get(url)
    return (response.status_code == 200 and not getattr(response, "streaming", False)
            and "text/html" in response.get("Content-Type", ""))


def console_errors(page, url: str) -> list[str]:
    """Console errors and uncaught exceptions while `url` loads and its scripts settle."""
    errors: list[str] = []

    def on_console(message):
        if message.type == "error":
            errors.append(f"console: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(f"exception: {exc}"))
    try:
        page.goto(url)
        page.wait_for_load_state("networkidle")
    finally:
        page.remove_listener("console", on_console)
    return errors


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)  # the fixtures restore rows of data migrations after flushes
@pytest.mark.parametrize("role", ROLES)
def test_no_console_error_on_any_page(role, live_server, org, users):
    urls, unbuilt = every_page(org, users)
    assert len(urls) > 50, urls
    assert len(unbuilt) <= 3, unbuilt  # nearly every page is walked; a clash only costs a few
    client = Client()
    if role != "anonymous":
        client.force_login(getattr(users, role))
    visited, problems = 0, []
    with browser_page() as page:
        if role != "anonymous":
            page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": live_server.url,
                                       "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])
        for url in urls:
            if not _opens_as_html(client, url):
                continue
            visited += 1
            problems += [f"{url}: {error}" for error in console_errors(page, live_server.url + url)]
    assert visited >= (3 if role == "anonymous" else 8), visited
    assert not problems, f"{role}: " + "\n".join(problems)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_walk_catches_an_inline_handler(live_server, org, users):
    """The check itself: an inline handler on a served page is refused and logs the error the walk sees."""
    with browser_page() as page:
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(live_server.url + "/portal/")
        page.evaluate("document.body.insertAdjacentHTML('beforeend', '<img src=\"/static/none.png\" "
                      "onerror=\"window.ran = 1\">')")
        page.wait_for_timeout(300)
        assert page.evaluate("window.ran") is None
        assert any("Content Security Policy" in e for e in errors), errors
