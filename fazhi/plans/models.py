"""Plans (实施方案, 纲要, 工作要点 …) and their numbered items, as extracted and confirmed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from fazhi.core.models import Level, Unit
from fazhi.core.scopes import ScopedManager


class PlanManager(ScopedManager):
    """Plans read without their import result (`extraction`: the engine's whole output, 20–80 KB of JSON),
    which no page shows; it is loaded on first access like any deferred field. A join from another model
    (`select_related("plan")`) does not pass through here and defers it by name."""

    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().defer("extraction")


class Plan(models.Model):
    """A confirmed plan of one jurisdiction. A revised version supersedes the one before it."""

    jurisdiction = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="plans", verbose_name="所属行政区")
    title = models.CharField("标题", max_length=300)
    issuer = models.CharField("发文机关", max_length=300, blank=True)
    doc_number = models.CharField("文号", max_length=100, blank=True)
    issued_on = models.DateField("成文日期", null=True, blank=True)
    level = models.CharField("层级", max_length=20, choices=Level.choices + [("unknown", "未知")], default="unknown")
    period_start = models.PositiveIntegerField("起始年份", null=True, blank=True)
    period_end = models.PositiveIntegerField("截止年份", null=True, blank=True)
    upper_plan = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="lower_plans", verbose_name="上级方案"
    )
    supersedes = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="superseded_by", verbose_name="取代版本"
    )
    source_name = models.CharField("来源文件", max_length=255, blank=True)
    source_file = models.FileField("原文件", upload_to="plans/%Y/", blank=True)
    extraction = models.JSONField("抽取结果", default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = PlanManager()
    scope_unit_field = "jurisdiction"
    scope_owner_field = "created_by"

    class Meta:
        verbose_name = "规划方案"
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_current(self) -> bool:
        return not hasattr(self, "superseded_by") or self.superseded_by is None


class PlanItem(models.Model):
    """One numbered heading or paragraph of a plan, in document order."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="children")
    order = models.PositiveIntegerField("顺序")
    path = models.JSONField("编号路径", default=list)
    label = models.CharField("编号", max_length=20)
    implicit = models.BooleanField("编号缺省", default=False)
    title = models.CharField("标题", max_length=300, blank=True)
    text = models.TextField("内容")
    deadlines = models.JSONField("时限", default=list, blank=True)
    targets = models.JSONField("量化指标", default=list, blank=True)

    objects = ScopedManager()
    scope_unit_field = "plan__jurisdiction"
    scope_owner_field = None

    class Meta:
        verbose_name = "方案条目"
        ordering = ["plan", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "order"], name="unique_item_order")]

    def __str__(self) -> str:
        return f"{self.display_path} {self.title or self.text[:30]}"

    @property
    def display_path(self) -> str:
        return " ".join(self.path)

    @property
    def depth(self) -> int:
        return len(self.path)


class PlanItemUnit(models.Model):
    """A unit an item names, as written, and the organisation unit it resolves to (if any)."""

    class Role(models.TextChoices):
        LEAD = "lead", "牵头单位"
        COOPERATING = "cooperating", "配合单位"
        RESPONSIBLE = "responsible", "责任单位"

    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="named_units")
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    name = models.CharField("原文名称", max_length=100)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # A collective name (各镇, 各部门) has no unit on purpose: the supervision ledger expands it. A name with
    # no unit that is not collective was left unresolved at import and is a follow-up for the office.
    is_collective = models.BooleanField("集合称谓", default=False)

    @property
    def needs_follow_up(self) -> bool:
        return self.unit_id is None and not self.is_collective

    class Meta:
        verbose_name = "条目单位"
        ordering = ["item", "role", "id"]


class UnitNameMapping(models.Model):
    """A name used in plans that staff mapped to a unit; remembered for the next import in the region."""

    jurisdiction = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    name = models.CharField("原文名称", max_length=100)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                             help_text="留空表示这是集合称谓（如“各部门”），由任务台账展开")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "单位名称映射"
        constraints = [models.UniqueConstraint(fields=["jurisdiction", "name"], name="unique_name_mapping")]


class PlanImport(models.Model):
    """An uploaded plan between extraction and confirmation (导入暂存): staff check and correct it here.

    `extraction` is the engine's output, kept as it came; `document` is the working copy (same
    `fazhi.plan/1` shape, each item with a staging `key`) that the preview edits and confirm turns into a
    `Plan`.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "待确认"
        CONFIRMED = "confirmed", "已确认"
        DISCARDED = "discarded", "已放弃"

    jurisdiction = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="所属行政区")
    upper_plan = models.ForeignKey(
        Plan, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="上级方案"
    )
    revises = models.ForeignKey(
        Plan, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="修订的方案"
    )
    source_name = models.CharField("来源文件", max_length=255, blank=True)
    source_file = models.FileField("原文件", upload_to="plan_imports/%Y/", blank=True)
    source_text = models.TextField("原文", blank=True)
    extraction = models.JSONField("抽取结果", default=dict)
    document = models.JSONField("校对稿", default=dict)
    next_key = models.PositiveIntegerField(default=1)
    left_unresolved = models.JSONField("保留未解析的名称", default=list, blank=True)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.PENDING)
    plan = models.ForeignKey(Plan, on_delete=models.SET_NULL, null=True, blank=True, related_name="imports")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()
    scope_unit_field = "jurisdiction"
    scope_owner_field = "created_by"

    class Meta:
        verbose_name = "方案导入"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.document.get("title") or self.source_name or f"导入 #{self.pk}"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING


class ItemAlignment(models.Model):
    """A link from a lower-level plan item to an upper-level item it implements (上下级方案对接).

    The engine suggests the link with a score; staff confirm or reject it. A decision is kept when the
    suggestions are run again, so a rejected pair does not come back as a new suggestion.
    """

    class Status(models.TextChoices):
        SUGGESTED = "suggested", "待确认"
        CONFIRMED = "confirmed", "已确认"
        REJECTED = "rejected", "已否决"

    lower_item = models.ForeignKey(
        PlanItem, on_delete=models.CASCADE, related_name="upper_alignments", verbose_name="下级条目"
    )
    upper_item = models.ForeignKey(
        PlanItem, on_delete=models.CASCADE, related_name="lower_alignments", verbose_name="上级条目"
    )
    score = models.FloatField("相似度", default=0.0)
    rank = models.PositiveSmallIntegerField("建议名次", null=True, blank=True)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.SUGGESTED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="确认人",
    )
    decided_at = models.DateTimeField("确认时间", null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()
    objects = ScopedManager()
    # Who may decide is who owns the lower plan: the upper plan is only read.
    scope_unit_field = "lower_item__plan__jurisdiction"
    scope_owner_field = None

    class Meta:
        verbose_name = "上下级条目对接"
        ordering = ["lower_item__order", "rank", "-score", "id"]
        constraints = [models.UniqueConstraint(fields=["lower_item", "upper_item"], name="unique_item_alignment")]

    def __str__(self) -> str:
        return f"{self.lower_item.display_path} → {self.upper_item.display_path}"
