"""Normative documents (规范性文件) as works with versions, their relations, lifecycle records and campaigns.

The model follows Indigo: a `NormativeDocument` is the work (one title, one 文号, one issuer); each
`DocumentVersion` is an expression of its text from a date on. Validity as at a date is never stored: it
is derived from the dates and relations by `fazhi.normdocs.status.status_on`.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from fazhi.core import capabilities as cap
from fazhi.core.models import Attachment, Unit
from fazhi.core.scopes import ScopedManager
from fazhi.workflow.models import step_relation


class DocType(models.TextChoices):
    LOCAL_REGULATION = "local_regulation", "地方性法规"
    RULE = "rule", "规章"
    NORMATIVE = "normative", "行政规范性文件"


class State(models.TextChoices):
    """Where a document stands in its lifecycle (see `fazhi.normdocs.workflow`)."""

    DRAFTING = "drafting", "起草"
    CONSULTATION = "consultation", "征求意见"
    LEGALITY_REVIEW = "legality_review", "合法性审核"
    DELIBERATION = "deliberation", "集体审议"
    SIGNED = "signed", "签发"
    REGISTERED = "registered", "登记编号"
    PUBLISHED = "published", "公开发布"
    FILED = "filed", "报送备案"
    FILING_REVIEW = "filing_review", "备案审查"
    RECORDED = "recorded", "备案审查通过"
    CORRECTING = "correcting", "纠正"


# States in which the text has been published and the public may read it.
PUBLIC_STATES = frozenset(
    {State.PUBLISHED, State.FILED, State.FILING_REVIEW, State.RECORDED, State.CORRECTING}
)


class Origin(models.TextChoices):
    WORKFLOW = "workflow", "系统内办理"
    IMPORTED = "imported", "历史导入"


class FairCompetitionConclusion(models.TextChoices):
    """公平竞争审查条例 arts. 12, 17, 18: a document with anti-competitive effects may only be issued
    under an art. 12 exception (explained in the conclusion); otherwise it may not be issued."""

    NO_EFFECT = "no_effect", "不具有排除、限制竞争效果"
    EXCEPTION = "exception", "具有排除、限制竞争效果，但符合例外规定"
    RESTRICTS = "restricts", "具有排除、限制竞争效果，不得出台"


class NormativeDocument(models.Model):
    """The work: one normative document through its whole life, whatever its versions."""

    title = models.CharField("标题", max_length=300)
    doc_number = models.CharField("文号", max_length=100, blank=True, db_index=True)
    issuer = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="normative_documents", verbose_name="制定机关")
    doc_type = models.CharField("文件类型", max_length=20, choices=DocType.choices, default=DocType.NORMATIVE)
    market_related = models.BooleanField(
        "涉及市场主体", default=False, help_text="与市场主体生产经营活动密切相关：征求意见不少于 30 日"
    )
    state = models.CharField("办理状态", max_length=20, choices=State.choices, default=State.DRAFTING, db_index=True)
    origin = models.CharField("来源", max_length=20, choices=Origin.choices, default=Origin.WORKFLOW)
    registration_number = models.CharField("统一登记号", max_length=60, blank=True)

    written_on = models.DateField("成文日期", null=True, blank=True)
    published_on = models.DateField("发布日期", null=True, blank=True, db_index=True)
    effective_on = models.DateField("施行日期", null=True, blank=True)
    # The last day in force, as a document states it ("有效期至2030年2月28日"); it lapses the day after.
    valid_until = models.DateField("有效期至", null=True, blank=True, help_text="有效期的最后一日（当日仍有效）")
    repealed_on = models.DateField("废止日期", null=True, blank=True, help_text="清理决定废止的生效日期")
    repeal_note = models.CharField("废止说明", max_length=300, blank=True)

    # Clock state of the lifecycle, stored so scans and rates can find what is due.
    consultation_start = models.DateField("征求意见开始", null=True, blank=True)
    consultation_end = models.DateField("征求意见截止", null=True, blank=True)
    review_started_on = models.DateField("送审日期", null=True, blank=True)
    review_due_on = models.DateField("审核期限", null=True, blank=True)
    filing_due_on = models.DateField("报备期限", null=True, blank=True, db_index=True)
    filed_on = models.DateField("报备日期", null=True, blank=True)

    # 公平竞争审查 (公平竞争审查条例 arts. 13–18), required before 集体审议 of a market-related document.
    fair_competition_conclusion = models.CharField(
        "公平竞争审查结论", max_length=20, choices=FairCompetitionConclusion.choices, blank=True
    )
    fair_competition_reviewed_on = models.DateField("公平竞争审查日期", null=True, blank=True)
    fair_competition_note = models.TextField("公平竞争审查说明", blank=True)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    # Its lifecycle steps: the kernel's one transition log (fazhi.workflow.steplog).
    transitions = step_relation("normdoc")

    objects = ScopedManager()
    scope_unit_field = "issuer"
    scope_owner_field = "created_by"

    class Meta:
        verbose_name = "规范性文件"
        verbose_name_plural = "规范性文件"
        ordering = ["-published_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration_number"],
                condition=~models.Q(registration_number=""),
                name="unique_normdoc_registration_number",
            )
        ]
        indexes = [models.Index(fields=["issuer", "published_on"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.state in PUBLIC_STATES

    def attachments_public(self) -> bool:
        """A published document's attachments are published with it (fazhi.core.attachments)."""
        return self.is_public

    @property
    def search_key(self) -> str:
        return f"normdoc:{self.pk}"

    @property
    def drafted_on(self):
        """The day of the 起草 step: the draft's date as entered (成文日期 of the draft), else the day it was recorded."""
        return self.written_on or timezone.localdate(self.created_at)

    def portal_ref(self) -> str:
        """The stable public identifier: the registration number once issued, else the number."""
        return self.registration_number or str(self.pk)

    def current_version(self) -> DocumentVersion | None:
        return self.versions.order_by("-version_date", "-number").first()

    def version_on(self, on) -> DocumentVersion | None:
        """The expression in force on `on`: the latest version dated on or before it (else the first)."""
        versions = self.versions.order_by("-version_date", "-number")
        return versions.filter(version_date__lte=on).first() or versions.last()

    def all_attachments(self) -> models.QuerySet:
        """The attachments of every version (core Attachments on the versions), each with `version_number`."""
        return (Attachment.objects.filter(document_version__document=self)
                .annotate(version_number=models.F("document_version__number")).order_by("id"))


class DocumentVersion(models.Model):
    """One expression of the text, in force from `version_date` until the next version."""

    document = models.ForeignKey(NormativeDocument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("版本号")
    version_date = models.DateField("版本日期")
    text = models.TextField("全文")
    change_note = models.CharField("修改说明", max_length=500, blank=True)
    amended_by = models.ForeignKey(
        NormativeDocument, on_delete=models.SET_NULL, null=True, blank=True, related_name="amending_versions",
        verbose_name="修改依据文件",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    # Attachments (附件) of this version: the one attachment model (fazhi.core.attachments), slot "".
    attachments = GenericRelation(Attachment, content_type_field="owner_type", object_id_field="owner_id",
                                  related_query_name="document_version")
    attachment_capabilities = (cap.DRAFT_NORMDOCS, cap.REVIEW_NORMDOCS, cap.MANAGE_NORMDOCS)

    objects = ScopedManager()
    scope_unit_field = "document__issuer"
    scope_owner_field = None

    class Meta:
        verbose_name = "文件版本"
        ordering = ["document", "number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="unique_normdoc_version_number")]

    def __str__(self) -> str:
        return f"{self.document} 第{self.number}版（{self.version_date}）"

    def attachments_public(self) -> bool:
        """A published document's attachments are public with it (the portal's document page lists them)."""
        return self.document.is_public


def _attachment_path(instance, filename: str) -> str:
    """Where migration 0001's Attachment stored files (they stay there, now core Attachments)."""
    return f"normdocs/{instance.version.document_id}/{filename}"


class RelationKind(models.TextChoices):
    AMENDS = "amends", "修改"
    REPEALS = "repeals", "废止"
    BASIS = "basis", "依据"


class DocumentRelation(models.Model):
    """`source` 修改 / 废止 / 依据 a target: another normative document, or (依据 only) a law by title + article.

    A law is referred to by the corpus identifier of `fazhi.search.models.Law` and its title, so a
    reloaded corpus can be relinked by title.
    """

    source = models.ForeignKey(NormativeDocument, on_delete=models.CASCADE, related_name="relations")
    kind = models.CharField("关系", max_length=10, choices=RelationKind.choices)
    target = models.ForeignKey(
        NormativeDocument, on_delete=models.CASCADE, null=True, blank=True, related_name="incoming_relations",
        verbose_name="对象文件",
    )
    law_id = models.CharField("上位法编号", max_length=40, blank=True)
    law_title = models.CharField("上位法名称", max_length=300, blank=True)
    law_article = models.CharField("条款", max_length=100, blank=True)
    note = models.CharField("说明", max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager()
    scope_unit_field = "source__issuer"
    scope_owner_field = None

    class Meta:
        verbose_name = "文件关系"
        ordering = ["kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target__isnull=False) | (models.Q(kind="basis") & ~models.Q(law_title="")),
                name="normdoc_relation_has_target",
            )
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.get_kind_display()} {self.target or self.law_title}"


class ReviewKind(models.TextChoices):
    LEGALITY = "legality", "合法性审核"
    FILING = "filing", "备案审查"


class ReviewOutcome(models.TextChoices):
    PASSED = "passed", "通过"
    FAILED = "failed", "不通过"
    CORRECTION = "correction", "要求纠正"


class Review(models.Model):
    """An opinion given in 合法性审核 or 备案审查; rates count these outcomes."""

    document = models.ForeignKey(NormativeDocument, on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField("审查类型", max_length=10, choices=ReviewKind.choices)
    outcome = models.CharField("结论", max_length=12, choices=ReviewOutcome.choices)
    opinion = models.TextField("意见")
    decided_on = models.DateField("日期")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    reviewer_name = models.CharField("审查人", max_length=150, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "审查意见"
        ordering = ["decided_on", "id"]
        indexes = [models.Index(fields=["kind", "outcome"])]


class ExpiryEvaluationConclusion(models.TextChoices):
    CONTINUE = "continue", "需继续施行（重新发布并确定有效期）"
    AMEND = "amend", "修改后重新发布"
    LAPSE = "lapse", "有效期届满自动失效"
    REPEAL = "repeal", "提前废止"


class ExpiryEvaluation(models.Model):
    """The evaluation task (有效期届满前评估) a document's issuer gets months before its 有效期 ends.

    Created by the daily scan (`services.scan_expiring_documents`) once per 有效期至, with an in-app
    notification to the issuer's drafters and the offices covering it; the issuer records a conclusion.
    """

    document = models.ForeignKey(NormativeDocument, on_delete=models.CASCADE, related_name="expiry_evaluations")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="评估单位")
    valid_until = models.DateField("有效期至")
    created_on = models.DateField("提醒日期")
    conclusion = models.CharField("评估结论", max_length=10, choices=ExpiryEvaluationConclusion.choices, blank=True)
    note = models.TextField("评估意见", blank=True)
    concluded_on = models.DateField("评估日期", null=True, blank=True)
    concluded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    objects = ScopedManager()
    scope_unit_field = "unit"
    scope_owner_field = None

    class Meta:
        verbose_name = "有效期届满评估"
        ordering = ["valid_until", "id"]
        constraints = [
            models.UniqueConstraint(fields=["document", "valid_until"], name="unique_expiry_evaluation_per_term")
        ]

    def __str__(self) -> str:
        return f"{self.document}（有效期至{self.valid_until}）"

    @property
    def is_open(self) -> bool:
        return not self.conclusion


class NumberingScheme(models.Model):
    """How the office numbers registrations for the documents of a unit and its subtree.

    The template takes `{year}` and `{seq}` (optionally zero-padded, `{seq:03d}`), e.g. `陇司规〔{year}〕{seq}号`
    or `LXSF-{year}-{seq:03d}`. Each scheme counts per year on its own.
    """

    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, related_name="normdoc_numbering", verbose_name="适用单位")
    template = models.CharField("编号格式", max_length=60)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager()
    scope_unit_field = "unit"
    scope_owner_field = None

    class Meta:
        verbose_name = "登记编号规则"

    def __str__(self) -> str:
        return f"{self.unit}: {self.template}"


class RegistrationCounter(models.Model):
    """The last sequence number issued by a scheme in a year; locked with select_for_update to issue."""

    scheme = models.ForeignKey(NumberingScheme, on_delete=models.CASCADE, related_name="counters")
    year = models.PositiveIntegerField("年度")
    last_number = models.PositiveIntegerField("已用号", default=0)

    class Meta:
        verbose_name = "登记编号计数"
        constraints = [models.UniqueConstraint(fields=["scheme", "year"], name="unique_counter_per_scheme_year")]


class CleanupDecision(models.TextChoices):
    KEEP = "keep", "继续有效"
    AMEND = "amend", "修改"
    REPEAL = "repeal", "废止"


class CleanupCampaign(models.Model):
    """A 清理 campaign of a region: documents selected, a decision for each, a published result list."""

    title = models.CharField("名称", max_length=200)
    region = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="normdoc_cleanups", verbose_name="组织单位")
    started_on = models.DateField("开始日期", default=timezone.localdate)
    published_on = models.DateField("结果公布日期", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager()
    scope_unit_field = "region"
    scope_owner_field = None

    class Meta:
        verbose_name = "清理活动"
        ordering = ["-started_on", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.published_on is not None


class CleanupItem(models.Model):
    campaign = models.ForeignKey(CleanupCampaign, on_delete=models.CASCADE, related_name="items")
    document = models.ForeignKey(NormativeDocument, on_delete=models.PROTECT, related_name="cleanup_items")
    decision = models.CharField("清理结论", max_length=10, choices=CleanupDecision.choices, blank=True)
    reason = models.CharField("理由", max_length=500, blank=True)

    class Meta:
        verbose_name = "清理条目"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["campaign", "document"], name="unique_cleanup_document")]


class ImportRun(models.Model):
    """One bulk import of historical documents; the page polls it for progress and the row report."""

    class Status(models.TextChoices):
        PENDING = "pending", "排队中"
        READING = "reading", "读取文件中"
        WRITING = "writing", "写入中"
        DONE = "done", "已导入"
        REFUSED = "refused", "未导入（有被拒绝的行）"
        FAILED = "failed", "出错"

    source_name = models.CharField("来源", max_length=255)
    directory = models.CharField("文件目录", max_length=500)
    sheet_name = models.CharField("元数据表", max_length=500)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="导入范围")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    total = models.PositiveIntegerField("总行数", default=0)
    processed = models.PositiveIntegerField("已处理", default=0)
    accepted = models.PositiveIntegerField("已导入", default=0)
    refused = models.PositiveIntegerField("被拒绝", default=0)
    report = models.JSONField("逐行报告", default=list, blank=True, encoder=DjangoJSONEncoder)
    message = models.CharField("说明", max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager()
    scope_unit_field = "unit"
    scope_owner_field = "created_by"

    class Meta:
        verbose_name = "批量导入"
        ordering = ["-created_at"]

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.REFUSED, self.Status.FAILED}

    @property
    def percent(self) -> int:
        return int(100 * self.processed / self.total) if self.total else (100 if self.finished else 0)


from fazhi.normdocs.filing_models import (  # noqa: E402,F401  (备案 records live in their own file)
    Filing,
    ReviewSuggestion,
)
