"""The one attachment model: a file or a link hanging on any record (its owner), in a named slot.

Imported by `fazhi.core.models` so it belongs to the core app; services live in `fazhi.core.attachments`.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


def attachment_upload_to(instance: Attachment, filename: str) -> str:
    # The stored name is not guessable from the owner and never served from MEDIA_URL directly.
    return f"attachments/{timezone.now():%Y/%m}/{instance.token}{instance.extension}"


class Attachment(models.Model):
    """A file or a link on an owner record. Files leave the server only through the scoped download view."""

    class Kind(models.TextChoices):
        FILE = "file", "文件"
        LINK = "link", "链接"

    owner_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    owner_id = models.PositiveBigIntegerField()
    owner = GenericForeignKey("owner_type", "owner_id")
    # What the attachment is on its owner: "evidence", "reply", "正文", "minutes" … ("" = a plain 附件).
    slot = models.CharField("用途", max_length=40, blank=True)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    token = models.CharField(max_length=32, unique=True)  # the download URL's key
    file = models.FileField("文件", upload_to=attachment_upload_to, max_length=255, blank=True)
    url = models.URLField("链接", max_length=500, blank=True)
    original_name = models.CharField("文件名", max_length=255, blank=True)
    extension = models.CharField(max_length=10, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField("大小", default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    title = models.CharField("说明", max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "附件"
        ordering = ["uploaded_at", "id"]
        indexes = [models.Index(fields=["owner_type", "owner_id", "slot"], name="attachment_owner_slot")]

    def __str__(self) -> str:
        return self.original_name or self.title or self.url

    @property
    def is_file(self) -> bool:
        return self.kind == self.Kind.FILE

    @property
    def display_name(self) -> str:
        return self.title or self.original_name or self.url
