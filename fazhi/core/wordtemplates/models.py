"""An office's own .docx template of one registered 文书, for its jurisdiction (none: platform-wide)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fazhi.core.models import Unit


class WordTemplate(models.Model):
    code = models.CharField("文书", max_length=60)
    jurisdiction = models.ForeignKey(
        Unit, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name="适用行政区"
    )
    file = models.FileField("模板文件", upload_to="wordtemplates/")
    original_name = models.CharField("原文件名", max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="上传人"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now=True)

    class Meta:
        verbose_name = "文书模板"
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["code", "jurisdiction"], name="unique_word_template_per_jurisdiction"),
            models.UniqueConstraint(fields=["code"], condition=models.Q(jurisdiction__isnull=True),
                                    name="unique_platform_word_template"),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.original_name}"
