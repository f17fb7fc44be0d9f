"""The daily digest (每日待办摘要): each user's 待办 counts and unread messages, sent once a day through the
notifiers named in `FAZHI_DIGEST_NOTIFIERS` (e-mail, SMS …; none by default, so the digest is off).

It reads the same figures as the menu badges and the home page (`fazhi.core.todo.count_waiting`), runs
at the end of the daily scan (`fazhi.workflow.scan.scan_deadlines`, after the clocks have moved to 临期 /
逾期) and by the command `send_digest`. A day's digest goes out once: the run is in the operation log
and a second run on the same day sends nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from fazhi.core import oplog
from fazhi.core.todo import Waiting, count_waiting

ACTION = "notification.digest"


@dataclass
class DigestRun:
    day: datetime.date
    sent: int = 0
    skipped: str = ""  # why nothing was sent (off, already sent today)

    def summary(self) -> str:
        return f"每日待办摘要：{self.skipped}" if self.skipped else f"每日待办摘要已发送 {self.sent} 人"


@cache
def digest_notifiers() -> tuple:
    return tuple(import_string(path)() for path in getattr(settings, "FAZHI_DIGEST_NOTIFIERS", []))


def digest_text(waiting: Waiting, day: datetime.date) -> tuple[str, str]:
    """Title and body of one user's digest: one line per todo with something waiting."""
    lines = [f"{item.todo.label} {item.count} 件" for item in waiting.todos if item.count]
    if waiting.unread:
        lines.append(f"未读消息 {waiting.unread} 条")
    return f"法治政府建设平台每日待办（{day.isoformat()}）", "\n".join(lines)


def _already_sent(day: datetime.date) -> bool:
    from fazhi.core.models import OperationLog

    return OperationLog.objects.filter(action=ACTION, object_repr=day.isoformat()).exists()


@transaction.atomic
def send_daily_digest(day: datetime.date | None = None) -> DigestRun:
    """Send `day`'s digest to every active user with something waiting; once a day, off unless configured."""
    from fazhi.core.models import User

    day = day or timezone.localdate()
    run = DigestRun(day)
    notifiers = digest_notifiers()
    if not notifiers:
        run.skipped = "未配置发送方式（FAZHI_DIGEST_NOTIFIERS），未发送"
        return run
    if _already_sent(day):
        run.skipped = f"{day.isoformat()} 已发送过，未重复发送"
        return run
    link = getattr(settings, "FAZHI_SITE_URL", "").rstrip("/") + reverse("core:home")
    users = User.objects.filter(is_active=True).select_related("unit").prefetch_related("roles").order_by("pk")
    for user in users:
        waiting = count_waiting(user)
        if not (waiting.total or waiting.unread):
            continue
        title, body = digest_text(waiting, day)
        for notifier in notifiers:
            notifier.send([user], title, body, link)
        run.sent += 1
    oplog.record(None, ACTION, object_type=ACTION, object_repr=day.isoformat(), after={"sent": run.sent})
    return run
