"""How the platform tells people things: one `notify` call, delivered by every configured notifier.

A notifier is anything with `send(users, title, body, link)`. The in-app inbox always delivers; e-mail
delivers where a mail server is configured. SMS or 政务微信 plug in by adding a class path to
`FAZHI_NOTIFIERS` in settings, without touching the modules that notify.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string


class Notifier(Protocol):
    def send(self, users: list, title: str, body: str, link: str) -> None: ...


class InboxNotifier:
    """An in-app notification (站内消息) per user."""

    def send(self, users: list, title: str, body: str, link: str) -> None:
        from fazhi.core.models import Notification

        Notification.objects.bulk_create(
            [Notification(recipient=u, title=title[:200], body=body, link=link[:300]) for u in users]
        )


class EmailNotifier:
    """An e-mail to each user with an address, only where `EMAIL_HOST` is set."""

    def send(self, users: list, title: str, body: str, link: str) -> None:
        if not settings.EMAIL_HOST:
            return
        for user in users:
            if user.email:
                send_mail(title, f"{body}\n\n{link}".strip(), None, [user.email], fail_silently=True)


class SmsNotifier:
    """A short text message to each user with a phone number, through the gateway `FAZHI_SMS_GATEWAY`
    names (a dotted path to a function `send(phone, text)`: each office's SMS platform differs, so the
    platform ships the hook, not a vendor's client). Without a gateway nothing is sent."""

    MAX_CHARS = 300  # long digests are cut: a text message is a pointer to the platform, not a report

    def send(self, users: list, title: str, body: str, link: str) -> None:
        path = getattr(settings, "FAZHI_SMS_GATEWAY", "")
        if not path:
            return
        gateway = import_string(path)
        text = f"{title}：{body}".replace("\n", "；")
        if len(text) > self.MAX_CHARS:
            text = text[: self.MAX_CHARS - 1] + "…"
        for user in users:
            if user.phone:
                gateway(user.phone, text)


@cache
def _notifiers() -> tuple[Notifier, ...]:
    paths = getattr(settings, "FAZHI_NOTIFIERS", ["fazhi.core.notifiers.InboxNotifier",
                                                  "fazhi.core.notifiers.EmailNotifier"])
    return tuple(import_string(path)() for path in paths)


def notify(users: Iterable, title: str, body: str = "", link: str = "") -> int:
    """Tell each user (once, however often listed) through every notifier; the number of users told."""
    users = list({u.pk: u for u in users}.values())
    if users:
        for notifier in _notifiers():
            notifier.send(users, title, body, link)
    return len(users)
