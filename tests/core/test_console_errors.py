"""No page logs a browser console error, for any role.

The Content-Security-Policy allows scripts only from this server, so an inline handler
(`onchange="…"`) is refused by the browser and logs an error, and the control silently does nothing.
The walk opens every page of the project: one GET case per route from the permission matrix
(`tests/<app>/matrix_cases.py`, whose `make_object` builds the records a page needs, so new pages join
by themselves) plus the pages without arguments, as each role, and fails on any console error or
uncaught exception. A page the role may not open (403/404, a redirect to the login page) or that is a
download is skipped for that role: its refusal is what the permission matrix checks.

One Chromium serves the module, each role gets a fresh context signed in by a session cookie, and
each page is left as soon as it has settled (see `SettledWalk`), not after a fixed quiet time.
"""

from __future__ import annotations

import os

import pytest
from django.db import transaction
from django.test import Client
from django.urls import NoReverseMatch, reverse

from tests import matrix
from tests.browser import SettledWalk, signed_in_page
from tests.core.test_no_cdn import EXTRA_PATHS, SKIP_NAMES, argument_free_paths

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop

# The pages are split into chunks, one test each, so xdist spreads the walk over its workers; each
# chunk builds only its own pages' records and walks them as every role.
CHUNKS = 8
ROLES = ["sysadmin", "secadmin", "auditor", "office", "reporter", "town_reporter", "leader", "outsider",
         "anonymous"]


def page_keys() -> list[str]:
    """Every GET page, named without building anything: its route name, or its path when it has none.
    A page reachable under two keys (a name and its path, e.g. /portal/) is listed once."""
    cases, _ = matrix.load()
    keys = {case.route for case in cases if not case.is_api and case.method == "GET" and case.route not in SKIP_NAMES}
    keys |= {name for path, name in argument_free_paths() if name not in SKIP_NAMES and not path.startswith("/api/")}
    by_path: dict[str, str] = {}
    for key in sorted(keys | set(EXTRA_PATHS)):
        try:
            path = key if key.startswith("/") else reverse(key)
        except NoReverseMatch:  # the route takes arguments: its path depends on the records built
            path = key
        by_path.setdefault(path, key)
    return sorted(by_path.values())


def every_page(org, users, chunk: int = 0, chunks: int = 1) -> tuple[list[str], list[str]]:
    """(URLs of every GET page, routes whose records could not be built).

    With `chunks` > 1, only the pages of one chunk (every chunks-th of `page_keys`), and only their
    records are built, so tests that split the walk build the data once between them.
    """
    wanted = set(page_keys()[chunk::chunks])
    urls: dict[str, str] = {}
    unbuilt: list[str] = []
    cases, _ = matrix.load()
    for case in cases:
        if case.is_api or case.method != "GET" or case.route in urls or case.route not in wanted:
            continue
        try:
            with transaction.atomic():
                kwargs = case.make_object(org, users) if case.make_object else {}
                urls[case.route] = matrix.url_of(case, kwargs)
        except Exception as exc:  # a case's records may clash with another's (same username): say which
            unbuilt.append(f"{case.route}: {exc!r}")
    for path, name in argument_free_paths():
        if name in wanted and not path.startswith("/api/"):
            urls.setdefault(name, path)
    for path in EXTRA_PATHS:
        if path in wanted:
            urls.setdefault(path, path)
    return sorted(set(urls.values())), unbuilt


def shown_as_page(client: Client, url: str) -> bool:
    """Whether `url` answers this client with an HTML page of its own (not a refusal, a redirect to the
    login page or a download). Asked in-process, so the browser opens only the pages to check."""
    response = client.get(url)
    return (response.status_code == 200 and not getattr(response, "streaming", False)
            and "text/html" in response.get("Content-Type", ""))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)  # the fixtures restore rows of data migrations after flushes
@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_no_console_error_on_any_page(chunk, chromium, live_server, org, users):
    assert len(page_keys()) > 50
    urls, unbuilt = every_page(org, users, chunk, CHUNKS)
    assert urls, chunk
    assert len(unbuilt) <= 1, unbuilt  # nearly every page is walked; a clash only costs a few
    problems, visited = [], {}
    for role in ROLES:
        user = None if role == "anonymous" else getattr(users, role)
        with signed_in_page(chromium, live_server, user) as (page, client):
            walk = SettledWalk(page)
            shown = [url for url in urls if shown_as_page(client, url)]
            for url in shown:
                problems += [f"{role} {url}: {error}" for error in walk.open(live_server.url + url)]
            visited[role] = len(shown)
    assert any(visited.values()), visited
    assert not problems, "\n".join(problems)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_walk_catches_an_inline_handler(chromium, live_server, org, users):
    """The check itself: an inline handler on a served page is refused and logs the error the walk sees."""
    with signed_in_page(chromium, live_server) as (page, _):
        walk = SettledWalk(page)
        assert walk.open(live_server.url + "/portal/") == []
        with page.expect_console_message(lambda message: message.type == "error"):
            page.evaluate("document.body.insertAdjacentHTML('beforeend', '<img src=\"/static/none.png\" "
                          "onerror=\"window.ran = 1\">')")
        assert page.evaluate("window.ran") is None
        assert any("Content Security Policy" in e for e in walk.errors), walk.errors
