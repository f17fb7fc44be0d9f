"""待办 counts (issue #14 item 10): declared by modules, counted per user in one query, shown on the menu and
the home page, and sent once a day as a digest when a notifier is configured."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from fazhi.core import digest
from fazhi.core.models import Notification, OperationLog
from fazhi.core.todo import count_waiting
from fazhi.supervision import services
from fazhi.supervision.models import Milestone
from tests.supervision.conftest import task_for


def _counts(user) -> dict[str, int]:
    return {item.todo.code: item.count for item in count_waiting(user).todos}


@pytest.fixture
def waiting(ledger, org, users):
    """发改局 (reporter) has one milestone 逾期, two 临期, a report submitted on a third, and one 督办单 to answer.

    The states are set by hand, so the expected counts below are read off this fixture, not the scan."""
    # The ledger's 2024–2025 milestones are past due: start from every one open, then set four by hand.
    Milestone.objects.update(state=Milestone.State.OPEN)
    mixed = task_for(ledger.test_items.mixed).milestones.filter(unit=org.reform).order_by("due_on")
    first, second, third, fourth = list(mixed[:4])
    far = dt.date(2099, 3, 1)
    Milestone.objects.filter(pk=first.pk).update(state=Milestone.State.OVERDUE)
    Milestone.objects.filter(pk__in=[second.pk, third.pk]).update(state=Milestone.State.DUE_SOON)
    Milestone.objects.filter(pk=fourth.pk).update(state=Milestone.State.OPEN, due_on=far, warn_on=far)
    fourth.refresh_from_db()
    report = services.save_report(users.reporter, fourth, text="已报送月度情况", percent=50)
    services.submit_report(users.reporter, report)
    services.issue_order(users.office, recipient=org.reform, subject="请加快进度", tasks=[fourth.task],
                         reply_working_days=5)
    return report


def test_each_user_counts_their_own_work(waiting, users):
    # The office reviews 发改局's one submitted report; 发改局 has 1 逾期 and 2 临期 milestones and 1 order.
    assert _counts(users.office)["supervision.review"] == 1
    reporter = _counts(users.reporter)
    assert (reporter["supervision.overdue"], reporter["supervision.due_soon"], reporter["supervision.orders"]) == (
        1, 2, 1)
    assert "supervision.review" not in reporter  # a reporter does not review
    # 甲镇's reporter has none of 发改局's milestones or orders.
    town = _counts(users.town_reporter)
    assert (town["supervision.overdue"], town["supervision.due_soon"], town["supervision.orders"]) == (0, 0, 0)
    # 乙县's office sees nothing of 测试县.
    assert _counts(users.outsider)["supervision.review"] == 0


def test_counts_of_every_module_take_one_query(waiting, users, django_assert_num_queries):
    users.office.capabilities()  # the roles are read once per request anyway (permission checks)
    with django_assert_num_queries(1):
        waiting_now = count_waiting(users.office)
    assert waiting_now.unread == Notification.objects.filter(recipient=users.office, read_at=None).count() > 0


def test_cached_counts_follow_every_write(waiting, users, django_assert_num_queries):
    from fazhi.core.todo import cached_waiting

    users.office.capabilities()
    assert _codes(cached_waiting(users.office))["supervision.review"] == 1
    with django_assert_num_queries(1):  # no write since: the write marks alone
        assert _codes(cached_waiting(users.office))["supervision.review"] == 1
    services.accept_report(users.office, waiting, "同意")  # a write: the next page counts again
    assert _codes(cached_waiting(users.office))["supervision.review"] == 0


def test_the_counting_statement_is_built_once_and_follows_what_it_is_built_from(waiting, users, org, monkeypatch):
    """The statement is kept per process (`todo._STATEMENTS`): the next count runs it without building the
    querysets, a write still moves the count (the statement is run afresh), and a change of the account's
    unit or roles builds it again."""
    from fazhi.core import services as core_services
    from fazhi.core import todo
    from fazhi.core.models import User

    built = []
    build = todo._build_statement
    monkeypatch.setattr(todo, "_build_statement", lambda user: built.append(user.pk) or build(user))
    monkeypatch.setattr(todo, "_STATEMENTS", {})
    fresh = lambda: User.objects.select_related("unit").get(pk=users.reporter.pk)  # noqa: E731 (a new request)
    reporter = _counts(fresh())
    assert (reporter["supervision.overdue"], reporter["supervision.orders"], len(built)) == (1, 1, 1)
    assert _counts(fresh())["supervision.overdue"] == 1 and len(built) == 1  # the kept statement
    Milestone.objects.filter(unit=org.reform, state=Milestone.State.OVERDUE).update(state=Milestone.State.OPEN)
    assert _counts(fresh())["supervision.overdue"] == 0 and len(built) == 1  # the rows, counted afresh
    # Moved to 甲镇: the town's milestones (none late) and orders (none), by a statement built anew.
    core_services.update_user(None, fresh(), unit=org.town_gov)
    moved = _counts(fresh())
    assert (moved["supervision.orders"], moved["supervision.due_soon"], len(built)) == (0, 0, 2)
    # Back to 发改局 without the reporter's role: no supervision todo at all (a third statement).
    core_services.update_user(None, fresh(), unit=org.reform, roles=[])
    assert "supervision.orders" not in _counts(fresh()) and len(built) == 3


def _codes(w) -> dict[str, int]:
    return {item.todo.code: item.count for item in w.todos}


def test_the_counts_are_the_rows_of_the_pages_they_link_to(waiting, users, login):
    client = login(users.reporter)
    counts = client.get(reverse("supervision:inbox") + "?tab=open").context["counts"]
    assert (counts["overdue"], counts["due_soon"]) == (1, 2)
    home = client.get(reverse("core:home")).content.decode()
    assert 'data-todo="supervision.overdue"' in home and 'data-todo="supervision.orders"' in home
    assert "本单位逾期节点" in home and "待回复的督办单" in home
    orders = client.get(reverse("supervision:order_list") + "?state=open")
    assert len(orders.context["table"].rows) == 1


def test_menu_badges_add_up_per_page(waiting, users, login):
    client = login(users.reporter)
    response = client.get(reverse("core:calendar"))
    inbox = next(item for _, items in response.context["menu"] for item in items
                 if item["url"] == reverse("supervision:inbox"))
    # 1 逾期 + 2 临期 on 本单位待办, red because one is late.
    assert (inbox["badge"], inbox["badge_level"]) == (3, "danger")
    office = login(users.office).get(reverse("core:calendar"))
    review = next(item for _, items in office.context["menu"] for item in items
                  if item["url"] == reverse("supervision:review_queue"))
    assert (review["badge"], review["badge_level"]) == (1, "warning")


# ------------------------------------------------------------------------------------------------ digest

@pytest.fixture
def digest_by(settings):
    def configure(*paths, **extra):
        settings.FAZHI_DIGEST_NOTIFIERS = list(paths)
        for key, value in extra.items():
            setattr(settings, key, value)
        digest.digest_notifiers.cache_clear()
    yield configure
    digest.digest_notifiers.cache_clear()


SENT_SMS: list[tuple[str, str]] = []


def fake_gateway(phone: str, text: str) -> None:
    SENT_SMS.append((phone, text))


def test_digest_is_off_by_default(waiting, digest_by):
    digest_by()
    run = digest.send_daily_digest(dt.date(2026, 12, 7))
    assert run.sent == 0 and "未配置" in run.summary()
    assert mail.outbox == []


def test_digest_by_email_once_a_day(waiting, users, digest_by):
    digest_by("fazhi.core.notifiers.EmailNotifier", EMAIL_HOST="mail.test",
              EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend", FAZHI_SITE_URL="https://fz.test")
    users.reporter.email = "reform@example.gov.cn"
    users.reporter.save(update_fields=["email"])
    day = dt.date(2026, 12, 7)
    run = digest.send_daily_digest(day)
    to_reporter = [m for m in mail.outbox if m.to == ["reform@example.gov.cn"]]
    assert len(to_reporter) == 1
    body = to_reporter[0].body
    assert to_reporter[0].subject == "法治政府建设平台每日待办（2026-12-07）"
    assert "本单位逾期节点 1 件" in body and "本单位临期节点 2 件" in body and "待回复的督办单 1 件" in body
    assert "https://fz.test/" in body
    assert run.sent >= 2  # the office (a report to review) and 发改局 at least
    assert OperationLog.objects.filter(action="notification.digest", object_repr="2026-12-07").count() == 1
    # The scan runs it again the same day: nothing more is sent.
    again = digest.send_daily_digest(day)
    assert again.sent == 0 and "已发送过" in again.summary()
    assert len([m for m in mail.outbox if m.to == ["reform@example.gov.cn"]]) == 1


def test_digest_by_sms_through_the_office_gateway(waiting, users, digest_by):
    digest_by("fazhi.core.notifiers.SmsNotifier", FAZHI_SMS_GATEWAY="tests.supervision.test_todo.fake_gateway")
    SENT_SMS.clear()
    users.reporter.phone = "13800000000"
    users.reporter.save(update_fields=["phone"])
    digest.send_daily_digest(dt.date(2026, 12, 8))
    texts = [text for phone, text in SENT_SMS if phone == "13800000000"]
    assert len(texts) == 1 and "本单位逾期节点 1 件；" in texts[0] and "\n" not in texts[0]


def test_the_daily_scan_ends_with_the_digest(ledger, digest_by):
    from fazhi.workflow.scan import scan_deadlines

    digest_by()
    assert scan_deadlines(dt.date(2026, 12, 7))[-1].startswith("每日待办摘要")
