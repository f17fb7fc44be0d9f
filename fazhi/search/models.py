"""The search index's own records and the 上位法 law library.

`SearchEntry` is what the index knows of a document (its display fields and its text, as given by the
owning app); the full-text structures themselves (an FTS5 table on SQLite, a gram table with a GIN
index on PostgreSQL) are created by migration 0002 and maintained only by `fazhi.search.backend`.
"""

from __future__ import annotations

from django.db import models

from fazhi.search.backend import PackedText, packed_text, unpacked_text


class PackedTextField(models.TextField):
    """Text stored compressed on SQLite (a BLOB of zstd, `fazhi.search.packing`: 0.5× the UTF-8 of the
    benchmark's texts), as plain text on PostgreSQL (which compresses its own TOAST). Read back as `str`
    either way; a zlib value (packed before migration 0017) or an uncompressed one (written before
    migration 0011) still reads as it is. Not for lookups in SQL."""

    def get_db_prep_value(self, value, connection, prepared=False):
        if isinstance(value, PackedText):  # packed in advance by a bulk load on SQLite (`packed_texts`)
            return bytes(value)
        value = super().get_db_prep_value(value, connection, prepared)
        if connection.vendor == "sqlite" and isinstance(value, str) and value:
            return packed_text(value)
        return value

    def from_db_value(self, value, expression, connection):
        return unpacked_text(value)


class SearchEntry(models.Model):
    """One indexed document. The primary key doubles as the sort order: (date, key hash), so the newest
    documents come first by reading the full-text index backwards, with no sort of the matches."""

    id = models.BigIntegerField(primary_key=True)
    key = models.CharField("键", max_length=100, unique=True)
    kind = models.CharField("类别", max_length=20, db_index=True)
    title = models.TextField("标题")
    body = PackedTextField("正文", blank=True)
    issuer = models.CharField("制定机关", max_length=200, blank=True)
    date = models.DateField("日期", null=True, blank=True)
    status = models.CharField("效力", max_length=20, blank=True)
    year = models.IntegerField("年份", null=True, blank=True)
    doc_type = models.CharField("文件类型", max_length=50, blank=True)
    public = models.BooleanField("公开", default=True)
    url = models.CharField("链接", max_length=500, blank=True)
    # SQLite's FTS5 rowid (`fazhi.search.places`): in id order, a few apart. Unused on PostgreSQL.
    place = models.BigIntegerField("索引位置", null=True, blank=True, unique=True)

    class Meta:
        verbose_name = "检索条目"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return self.key


class CommonTerm(models.Model):
    """A word many documents hold (`fazhi.search.common_terms`): one token of SQLite's characters' table,
    one gram of PostgreSQL's gram sets. Chosen by every full rebuild."""

    term = models.CharField("词", max_length=50, primary_key=True)

    class Meta:
        verbose_name = "常见词"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return self.term


class Law(models.Model):
    """A national law, regulation, rule or judicial interpretation from the corpus (上位法).

    `id` is the corpus's stable 12-hex identifier, so normative documents can cite a law by id and a
    re-import keeps the links. A title present in several versions has the older ones superseded by the
    next newer one (`superseded_by`)."""

    IN_FORCE = "现行有效"
    AMENDED = "已被修订"

    id = models.CharField("编号", max_length=40, primary_key=True)
    title = models.CharField("名称", max_length=300, db_index=True)
    subtitle = models.CharField("分编", max_length=300, blank=True)
    category = models.CharField("类别", max_length=50, blank=True, db_index=True)
    version = models.DateField("版本日期", null=True, blank=True)
    events = models.JSONField("制定修改记录", default=list, blank=True)
    text = models.TextField("正文")
    superseded_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supersedes",
        verbose_name="被新版本替代",
    )

    class Meta:
        verbose_name = "法律法规"
        verbose_name_plural = verbose_name
        ordering = ["title", "-version"]

    def __str__(self) -> str:
        return f"{self.title}（{self.version}）" if self.version else self.title

    @property
    def status(self) -> str:
        return self.AMENDED if self.superseded_by_id else self.IN_FORCE

    @property
    def search_key(self) -> str:
        return f"law:{self.pk}"
