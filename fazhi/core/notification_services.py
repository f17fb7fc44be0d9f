"""The notification centre's verbs: a user marks their own messages read, one or all at once."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from fazhi.core import oplog
from fazhi.core.models import Notification


@transaction.atomic
def mark_read(user, note: Notification) -> bool:
    """Mark one of the user's messages read; False when it already was (nothing is written)."""
    if note.recipient_id != user.pk:
        # Views fetch by recipient, so this is a programming error, not a user's mistake.
        raise ValueError("只能标记自己的消息")
    if note.read_at is not None:
        return False
    note.read_at = timezone.now()
    note.save(update_fields=["read_at"])
    oplog.record(user, "notification.read", note, after={"read_at": note.read_at})
    return True


@transaction.atomic
def mark_all_read(user) -> int:
    """Mark every unread message of the user read; the number marked (one log row for them all)."""
    now = timezone.now()
    marked = Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=now)
    if marked:
        oplog.record(user, "notification.read_all", user, after={"count": marked, "read_at": now},
                     object_repr=str(user))
    return marked
