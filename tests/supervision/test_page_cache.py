"""Cached page fragments (issue #14 item 14): a page's costly pieces are kept until the next write, never
shown to another account, never older than the last write, and never hold a session's CSRF token (a
form's token is a slot filled when the piece is served)."""

from __future__ import annotations

import datetime as dt
import pickle
import re
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.middleware.csrf import _unmask_cipher_token
from django.template import RequestContext, Template
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fazhi.core import fragments
from fazhi.core.models import Notification
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
    return re.sub(
        r'X-CSRFToken": "[^"]+"|csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode()
    ), len(queries)


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
    milestone = (
        Milestone.objects.filter(task__plan=ledger, unit=org.reform, state__in=Milestone.OPEN_STATES)
        .order_by("due_on")
        .first()
    )
    reporter, office = _client(users.reporter), _client(users.office)
    inbox = reverse("supervision:inbox") + "?tab=all"
    dashboard = reverse("supervision:dashboard")
    before_inbox = reporter.get(inbox).context["counts"]["open"]
    before = office.get(dashboard).context["overall"]
    report = services.save_report(
        users.reporter,
        milestone,
        text="已完成",
        percent=100,
        completed=True,
        links=["https://www.example.gov.cn/done"],
    )
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
    pages = [
        reverse("supervision:dashboard"),
        reverse("supervision:dashboard_milestones"),
        reverse("supervision:ledger_list"),
        reverse("supervision:review_queue"),
        reverse("supervision:order_list"),
    ]
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


def test_a_fragment_holding_a_csrf_token_outside_a_form_input_is_never_stored(db):
    assert not fragments.store_html("fazhi:fragment:x:1", '<input name="csrfmiddlewaretoken" value="abc">')
    assert not fragments.store_html("fazhi:fragment:x:2", '<div hx-headers=\'{"X-CSRFToken": "abc"}\'>', "abc")
    assert cache.get("fazhi:fragment:x:1") is None and cache.get("fazhi:fragment:x:2") is None


def _render_form_fragment(user, secret: str) -> str:
    """A fragment holding a form, rendered for `user` in a session whose CSRF secret is `secret`."""
    request = RequestFactory().get("/")
    request.user = user
    request.META["CSRF_COOKIE"] = secret
    template = Template('{% load fragments %}{% fragment "form-piece" %}<form method="post">{% csrf_token %}'
                        "<button>提交</button></form>{% endfragment %}")
    return template.render(RequestContext(request, {}))


def _posted_token(html: str) -> str:
    return html.split(f'name="{fragments.CSRF_FIELD}" value="', 1)[1].split('"', 1)[0]


def test_a_fragment_keeps_its_forms_with_each_sessions_own_token(db, users):
    first_secret, second_secret = "a" * 32, "b" * 32
    first = _render_form_fragment(users.office, first_secret)
    stored = [v for v in map(pickle.loads, cache._cache.values()) if isinstance(v, str)]  # LocMemCache
    # Stored with a slot where the token was: no session's token is ever kept.
    assert stored == ['<form method="post"><fazhi-csrf-slot><button>提交</button></form>']
    second = _render_form_fragment(users.office, second_secret)  # served from the cache
    assert _unmask_cipher_token(_posted_token(first)) == first_secret
    assert _unmask_cipher_token(_posted_token(second)) == second_secret
    assert first.replace(_posted_token(first), "") == second.replace(_posted_token(second), "")


def test_text_cannot_be_filled_with_the_token():
    # Escaped text cannot hold the slot, which is a tag: a viewer's words never receive a token.
    assert fragments.fill_csrf("&lt;fazhi-csrf-slot&gt;", "secret") == "&lt;fazhi-csrf-slot&gt;"


@pytest.mark.parametrize(
    "name",
    [
        "supervision:ledger_list",
        "supervision:plan_ledger",
        "supervision:task_detail",
        "supervision:dashboard",
        "plans:plan_detail",
    ],
)
def test_pages_keep_no_csrf_token_in_the_cache_and_their_forms_still_post(name, ledger, users):
    args = {
        "supervision:plan_ledger": [ledger.pk],
        "plans:plan_detail": [ledger.pk],
        "supervision:task_detail": [task_for(ledger.test_items.quarterly).pk],
    }.get(name, [])
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
        generate = office.post(
            reverse("supervision:generate_ledger", args=[ledger.pk]), {fragments.CSRF_FIELD: token}
        )
        assert generate.status_code == 302


# ------------------------------------------------------------------ write marks per region (fazhi.core.writemarks)


def _submit_a_report(ledger, users, org, percent: int):
    """发改局's report on its first open milestone of `ledger`, submitted (complete at 100 %)."""
    milestone = (
        Milestone.objects.filter(task__plan=ledger, unit=org.reform, state__in=Milestone.OPEN_STATES)
        .order_by("due_on")
        .first()
    )
    report = services.save_report(
        users.reporter,
        milestone,
        text=f"完成{percent}%",
        percent=percent,
        completed=percent == 100,
        links=[f"https://www.example.gov.cn/{percent}"],
    )
    services.submit_report(users.reporter, report)
    return report


def _accept_a_report(ledger, users, org):
    services.accept_report(users.office, _submit_a_report(ledger, users, org, 100), "同意")


def _key(user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return fragments.fragment_key(request, "x", 1)


@pytest.fixture
def upper_offices(org, make_user):
    """The offices of the city and the province above 测试县, each seeing its own region's subtree."""
    return SimpleNamespace(
        city=make_user("t_city_office", org.city, ["office"], "jurisdiction"),
        province=make_user("t_province_office", org.province, ["office"], "jurisdiction"),
    )


def test_a_write_in_a_county_shows_on_the_next_dashboard_of_every_office_above_it(
    ledger, users, org, upper_offices
):
    """One milestone of 测试县 completed: the county's, the city's and the province's dashboards each count
    one more completed (all three scopes hold 测试县), and the county leader's too."""
    viewers = [users.office, users.leader, upper_offices.city, upper_offices.province]
    clients = [_client(user) for user in viewers]
    url = reverse("supervision:dashboard")
    before = [client.get(url).context["overall"].completed for client in clients]
    for client in clients:
        client.get(url)  # now served from each viewer's cache
    _accept_a_report(ledger, users, org)
    after = [client.get(url).context["overall"].completed for client in clients]
    assert after == [n + 1 for n in before]


def test_a_write_in_a_county_moves_the_marks_of_its_viewers_and_not_of_a_sibling_county(
    ledger, users, org, upper_offices
):
    inside = {
        "county office": users.office,
        "county leader": users.leader,
        "department": users.reporter,
        "town below": users.town_reporter,
        "city office": upper_offices.city,
        "province office": upper_offices.province,
        "all-scope admin": users.sysadmin,
    }
    before = {name: _key(user) for name, user in inside.items()}
    outsider_before = _key(users.outsider)
    _accept_a_report(ledger, users, org)
    assert {name for name, user in inside.items() if _key(user) == before[name]} == set()
    assert _key(users.outsider) == outsider_before  # 乙县 sees nothing of 测试县


def test_a_sibling_county_keeps_its_cached_fragment_after_a_write_in_another_county(ledger, users, org):
    outsider = _client(users.outsider)
    url = reverse("supervision:dashboard")
    _, cold = _queries(outsider, url)
    _accept_a_report(ledger, users, org)  # in 测试县, outside 乙县's scope
    _, after_write = _queries(outsider, url)
    _, warm = _queries(outsider, url)
    assert after_write == warm < cold  # served from the cache, as if nothing had been written


def test_a_write_in_a_sibling_county_moves_the_city_but_not_the_county(users, org, upper_offices):
    from fazhi.core import oplog

    before = _key(users.office), _key(upper_offices.city), _key(users.outsider)
    with transaction.atomic():
        oplog.record(users.outsider, "unit.update", org.other_justice)  # a record of 乙县, by 乙县's office
    after = _key(users.office), _key(upper_offices.city), _key(users.outsider)
    assert after[0] == before[0]
    assert after[1] != before[1] and after[2] != before[2]


def test_a_write_at_the_city_or_of_no_region_moves_every_county_below(users, org, upper_offices):
    from fazhi.core import oplog
    from fazhi.core.models import Role

    before = _key(users.office), _key(users.outsider), _key(users.town_reporter)
    with transaction.atomic():
        oplog.record(upper_offices.city, "unit.update", org.city)  # what the city issues, its counties see
    city_write = _key(users.office), _key(users.outsider), _key(users.town_reporter)
    assert all(a != b for a, b in zip(before, city_write, strict=True))
    with transaction.atomic():
        oplog.record(users.sysadmin, "role.update", Role.objects.first())  # a role holds no unit: everyone
    assert all(
        a != b
        for a, b in zip(
            city_write, (_key(users.office), _key(users.outsider), _key(users.town_reporter)), strict=True
        )
    )


def test_waiting_counts_follow_writes_and_messages_in_the_viewers_scope(ledger, users, org):
    """待办: a report submitted in 测试县 is one more to review for the county office on its next page; a
    message to 乙县's office (no logged write) is one more unread for it alone."""
    from fazhi.core.notifiers import notify

    office, outsider = _client(users.office), _client(users.outsider)
    home = reverse("core:home")

    def to_review(client) -> int:
        todos = {item.todo.code: item.count for item in client.get(home).context["waiting"].todos}
        return todos["supervision.review"]

    reviews = to_review(office)
    unread_outsider = outsider.get(home).context["unread_notifications"]
    _submit_a_report(ledger, users, org, 50)
    assert to_review(office) == reviews + 1
    office_key = _key(users.office)
    notify([users.outsider], "督办提醒")
    assert outsider.get(home).context["unread_notifications"] == unread_outsider + 1
    assert _key(users.office) == office_key


def _writes(path: str) -> int:
    from fazhi.core.models import WriteMark

    return WriteMark.objects.filter(path=path).values_list("writes", flat=True).first() or 0


def test_a_deferred_block_counts_its_writes_at_its_end_once_a_region(users, org):
    """A bulk import's transaction runs for seconds: its writes are counted when the block ends, so the
    region's mark row is locked from then to the commit only. The counts are the same as written one by
    one, and they still land inside the transaction."""
    from fazhi.core import oplog, writemarks

    county, other = writemarks.region_path(org.justice), writemarks.region_path(org.other_justice)
    before = _writes(county), _writes(other)
    with transaction.atomic():
        with writemarks.deferred():
            for _ in range(3):
                oplog.record(users.office, "unit.update", org.justice)  # 测试县 by 测试县's office
            with writemarks.deferred():  # nested: counted with the outermost block
                oplog.record(users.outsider, "unit.update", org.other_justice)
            assert (_writes(county), _writes(other)) == before  # nothing counted yet
        assert (_writes(county), _writes(other)) == (before[0] + 3, before[1] + 1)
        viewer_key = _key(users.office)
    assert _key(users.office) == viewer_key  # the commit adds nothing more


def test_a_deferred_block_that_raises_counts_nothing(users, org):
    from fazhi.core import oplog, writemarks

    county = writemarks.region_path(org.justice)
    before = _writes(county)
    with transaction.atomic():
        with pytest.raises(RuntimeError), writemarks.deferred():
            oplog.record(users.office, "unit.update", org.justice)
            raise RuntimeError
        assert _writes(county) == before
    oplog.record(users.office, "unit.update", org.justice)  # and counting goes on as before, one by one
    assert _writes(county) == before + 1


# ------------------------------------------------------------------ pages cached whole: 督办单, 进展报告, 消息中心


def test_an_order_page_shows_the_reply_at_once_and_its_close_form_posts(ledger, users, org):
    task = task_for(ledger.test_items.yearly)
    order = services.issue_order(users.office, recipient=org.reform, subject="年度报告未按期报送",
                                 milestones=list(task.milestones.filter(unit=org.reform)), reply_working_days=5,
                                 issued_on=dt.date(2024, 9, 27))
    url = reverse("supervision:order_detail", args=[order.pk])
    office = Client(enforce_csrf_checks=True)
    office.force_login(users.office)
    assert "已整改完毕" not in office.get(url).content.decode()
    services.reply_order(users.reporter, order, "已整改完毕")
    page = office.get(url).content.decode()
    assert "已整改完毕" in page and 'action="{}"'.format(reverse("supervision:order_close", args=[order.pk])) in page
    token = page.split(f'name="{fragments.CSRF_FIELD}" value="', 1)[1].split('"', 1)[0]
    assert office.post(reverse("supervision:order_close", args=[order.pk]),
                       {fragments.CSRF_FIELD: token, "reason": "整改到位"}).status_code == 302
    order.refresh_from_db()
    assert order.state == order.State.CLOSED
    assert "整改到位" in office.get(url).content.decode()


def test_a_report_page_keeps_one_trail_per_page_the_user_came_from(ledger, users, org):
    report = _submit_a_report(ledger, users, org, 50)
    office = _client(users.office)
    url = reverse("supervision:report_detail", args=[report.pk])

    def trail(came_from: str) -> str:
        page = office.get(url, HTTP_REFERER=f"http://testserver{came_from}").content.decode()
        return page.split('<ol class="breadcrumb', 1)[1].split("</ol>", 1)[0]

    from_review = trail(reverse("supervision:review_queue") + "?page=2")
    from_orders = trail(reverse("supervision:order_list"))
    assert "报告审核" in from_review and "?page=2" in from_review and "督办单" not in from_review
    assert "督办单" in from_orders and "报告审核" not in from_orders
    assert trail(reverse("supervision:review_queue") + "?page=2") == from_review  # served again, same trail


def test_the_message_list_shows_a_message_read_at_once(users):
    note = Notification.objects.create(recipient=users.office, title="请报送年度报告", body="截止本月底")
    office = Client(enforce_csrf_checks=True)
    office.force_login(users.office)
    url = reverse("core:notifications")
    page = office.get(url).content.decode()
    assert "请报送年度报告" in page and "已读于" not in page
    token = page.split(f'name="{fragments.CSRF_FIELD}" value="', 1)[1].split('"', 1)[0]
    assert office.post(reverse("core:notification_read", args=[note.pk]),
                       {fragments.CSRF_FIELD: token}).status_code == 302
    assert "已读于" in office.get(url).content.decode()
    assert "请报送年度报告" not in office.get(url + "?unread=1").content.decode()
    Notification.objects.create(recipient=users.office, title="新的督办单", body="")
    assert "新的督办单" in office.get(url).content.decode()  # a new message is a new list


def test_the_extension_list_shows_a_request_and_its_decision_at_once(ledger, users, org):
    milestone = (Milestone.objects.filter(task__plan=ledger, unit=org.reform, state__in=Milestone.OPEN_STATES)
                 .order_by("due_on").first())
    office = _client(users.office)
    url = reverse("supervision:extension_list") + "?state="
    assert "汛期抢险" not in office.get(url).content.decode()
    extension = services.request_extension(users.reporter, milestone, milestone.due_on + dt.timedelta(days=30),
                                           "汛期抢险")
    assert "汛期抢险" in office.get(url).content.decode() and "待审批" in office.get(url).content.decode()
    services.approve_extension(users.office, extension)
    row = office.get(url).content.decode().split("汛期抢险", 1)[1].split("</tr>", 1)[0]
    assert "已批准" in row


def test_the_task_and_the_plan_kept_for_their_pages_follow_a_write(ledger, users, org):
    """任务详情 and 方案任务台账 keep the task and the plan themselves until the next write the viewer can see."""
    office = _client(users.office)
    task = task_for(ledger.test_items.plain)
    task_url = reverse("supervision:task_detail", args=[task.pk])
    ledger_url = reverse("supervision:plan_ledger", args=[ledger.pk])

    def owner(page: str) -> str:
        return page.split("责任主体：", 1)[1].split("</div>", 1)[0]

    assert owner(office.get(task_url).content.decode()) != org.reform.name
    assert "自 2024-03-01 起" not in office.get(ledger_url).content.decode()
    services.make_task_lead(users.office, task, org.reform)
    assert owner(office.get(task_url).content.decode()) == org.reform.name
    services.set_plan_tracking(users.office, ledger, tracks_from=dt.date(2024, 3, 1), standing=None)
    assert "自 2024-03-01 起" in office.get(ledger_url).content.decode()
    # Out of scope stays out of scope: another county's office is refused, not served the kept task.
    assert _client(users.outsider).get(task_url).status_code == 404
