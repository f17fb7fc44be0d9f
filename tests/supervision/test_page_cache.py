"""Cached page fragments (issue #14 item 14): a page's costly pieces are kept until the next write, never
shown to another account, never older than the last write, and never hold a session's CSRF token."""

from __future__ import annotations

import datetime as dt
import pickle
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fazhi.core import fragments
from fazhi.supervision import services
from fazhi.supervision.models import Milestone, TaskUnit
from tests.supervision.conftest import task_for


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _queries(client: Client, url: str) -> tuple[str, int]:
    """The page without its per-request CSRF tokens (masked anew on every request), and its query count."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return re.sub(r'X-CSRFToken": "[^"]+"|csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode()), len(
        queries)


def _unit_list(page: str) -> str:
    """The task page's list of the task's units (not the picker of units to add)."""
    return page.split('id="task-units-form"', 1)[1].split("移除所选", 1)[0]


def test_a_page_viewed_again_without_a_write_is_served_from_the_cache(ledger, users):
    office = _client(users.office)
    url = reverse("supervision:plan_ledger", args=[ledger.pk])
    first, first_queries = _queries(office, url)
    again, again_queries = _queries(office, url)
    assert again == first
    # The rows, the unit filter's choices and the page count are not read again.
    assert again_queries < first_queries


def test_a_write_shows_on_the_next_view_of_the_ledger_and_the_task_page(ledger, users, org):
    office = _client(users.office)
    task = task_for(ledger.test_items.plain)
    ledger_url = reverse("supervision:plan_ledger", args=[ledger.pk])
    task_url = reverse("supervision:task_detail", args=[task.pk])
    assert org.reform.name not in _unit_list(office.get(task_url).content.decode())
    office.get(ledger_url)
    services.add_task_unit(users.office, task, org.reform, TaskUnit.Role.LEAD)  # a write through the service
    assert org.reform.name in _unit_list(office.get(task_url).content.decode())
    ledger_page = office.get(ledger_url).content.decode()
    row = ledger_page.split(task.title, 1)[1].split("</tr>", 1)[0]
    assert org.reform.name in row


def test_a_report_accepted_moves_the_dashboard_and_the_inbox_at_once(ledger, users, org):
    milestone = (Milestone.objects.filter(task__plan=ledger, unit=org.reform, state__in=Milestone.OPEN_STATES)
                 .order_by("due_on").first())
    reporter, office = _client(users.reporter), _client(users.office)
    inbox = reverse("supervision:inbox") + "?tab=all"
    dashboard = reverse("supervision:dashboard")
    before_inbox = reporter.get(inbox).context["counts"]["open"]
    before = office.get(dashboard).context["overall"]
    report = services.save_report(users.reporter, milestone, text="已完成", percent=100, completed=True,
                                  links=["https://www.example.gov.cn/done"])
    services.submit_report(users.reporter, report)
    services.accept_report(users.office, report, "同意")
    # One milestone fewer open for 发改局, one more completed on the county's dashboard.
    assert reporter.get(inbox).context["counts"]["open"] == before_inbox - 1
    after = office.get(dashboard).context["overall"]
    assert after.completed == before.completed + 1


def test_two_accounts_of_different_units_never_share_a_fragment(ledger, users, org):
    """The 测试县 office's dashboard and lists are cached first; 乙县's office, at the same write marks, gets
    its own (empty) pages, never 测试县's."""
    office, outsider = _client(users.office), _client(users.outsider)
    pages = [reverse("supervision:dashboard"), reverse("supervision:dashboard_milestones"),
             reverse("supervision:ledger_list"), reverse("supervision:review_queue"), reverse("supervision:order_list")]
    for url in pages:
        assert ledger.title in office.get(url).content.decode() or url.endswith(("review/", "orders/"))
    for url in pages:
        page = outsider.get(url).content.decode()
        assert ledger.title not in page and org.reform.name not in page


def test_the_key_names_the_viewer_the_day_and_the_write_marks(users, monkeypatch):
    factory = RequestFactory()

    def key(user, today=dt.date(2026, 12, 6)):
        request = factory.get("/")
        request.user = user
        monkeypatch.setattr(fragments.timezone, "localdate", lambda: today)
        return fragments.fragment_key(request, "x", 1)

    assert key(users.office) != key(users.outsider)
    assert key(users.office) != key(users.office, dt.date(2026, 12, 7))  # 临期/逾期 move with the calendar
    anonymous = factory.get("/")
    anonymous.user = type("Anonymous", (), {"is_authenticated": False})()
    assert fragments.fragment_key(anonymous, "x") is None  # nothing is cached without a viewer


def test_a_fragment_holding_a_csrf_token_is_never_stored(db):
    assert not fragments.store_html("fazhi:fragment:x:1", '<input name="csrfmiddlewaretoken" value="abc">')
    assert cache.get("fazhi:fragment:x:1") is None


@pytest.mark.parametrize("name", ["supervision:ledger_list", "supervision:plan_ledger", "supervision:task_detail",
                                  "supervision:dashboard", "plans:plan_detail"])
def test_pages_keep_no_csrf_token_in_the_cache_and_their_forms_still_post(name, ledger, users):
    args = {"supervision:plan_ledger": [ledger.pk], "plans:plan_detail": [ledger.pk],
            "supervision:task_detail": [task_for(ledger.test_items.quarterly).pk]}.get(name, [])
    office = _client(users.office)
    office.get(reverse(name, args=args))
    stored = [pickle.loads(v) for v in cache._cache.values()]  # LocMemCache: every entry of this test
    assert stored and not any(isinstance(v, str) and fragments.CSRF_FIELD in v for v in stored)
    # A new session of the same account gets its own token in the page, outside the cached pieces.
    office.logout()
    office = Client(enforce_csrf_checks=True)
    office.force_login(users.office)
    page = office.get(reverse(name, args=args)).content.decode()
    if fragments.CSRF_FIELD in page:
        token = page.split(f'name="{fragments.CSRF_FIELD}" value="', 1)[1].split('"', 1)[0]
        generate = office.post(reverse("supervision:generate_ledger", args=[ledger.pk]),
                               {fragments.CSRF_FIELD: token})
        assert generate.status_code == 302
