"""The notification centre (issue #14 item 10): unread filter, mark one or all read, the unread badge."""

from django.urls import reverse

from fazhi.core.models import Notification, OperationLog
from fazhi.core.notifiers import notify


def test_unread_filter_and_mark_all_read(users, login):
    notify([users.office], "报告已报送", link="/supervision/review/")
    notify([users.office], "督办单逾期")
    notify([users.reporter], "别人的消息")
    client = login(users.office)
    page = client.get(reverse("core:notifications") + "?unread=1")
    assert [n.title for n in page.context["page"]] == ["督办单逾期", "报告已报送"]
    assert page.context["unread_notifications"] == 2
    response = client.post(reverse("core:notifications_read_all"))
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=users.office, read_at=None).exists()
    assert Notification.objects.filter(recipient=users.reporter, read_at=None).count() == 1  # others' untouched
    log = OperationLog.objects.get(action="notification.read_all")
    assert log.after["count"] == 2
    assert list(client.get(reverse("core:notifications") + "?unread=1").context["page"]) == []
    # Nothing left to mark: no second log row.
    client.post(reverse("core:notifications_read_all"))
    assert OperationLog.objects.filter(action="notification.read_all").count() == 1


def test_reading_one_follows_its_link_on_this_site_only(users, login):
    notify([users.office], "报告已报送", link="/supervision/review/")
    notify([users.office], "外部链接", link="https://evil.example.com/")
    client = login(users.office)
    inside, outside = (Notification.objects.get(title=t) for t in ("报告已报送", "外部链接"))
    assert client.post(reverse("core:notification_read", args=[inside.pk])).url == "/supervision/review/"
    assert client.post(reverse("core:notification_read", args=[outside.pk])).url == reverse("core:notifications")
    assert OperationLog.objects.filter(action="notification.read").count() == 2
