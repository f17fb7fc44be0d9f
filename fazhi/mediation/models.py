"""行政调解 and 行政裁决: the mediation register, the versioned 行政裁决事项清单 and its cases, and the
imported 信访 / 诉讼 counts per region behind 万人成讼率."""

from __future__ import annotations

from django.db import models

from fazhi.core.models import Unit
from fazhi.core.scopes import ScopedManager


class Area(models.TextChoices):
    CONSUMER = "consumer", "消费者权益"
    TRAFFIC = "traffic", "交通损害赔偿"
    PUBLIC_ORDER = "public_order", "治安"
    ENVIRONMENT = "environment", "环境污染"
    SOCIAL_SECURITY = "social_security", "社会保障"
    EXPROPRIATION = "expropriation", "征收"
    IP = "ip", "知识产权"
    MEDICAL = "medical", "医疗纠纷"
    LABOUR = "labour", "劳动争议"
    OTHER = "other", "其他"


class MediationCase(models.Model):
    """One 行政调解 by an agency: the dispute, the outcome and whether the agreement was performed."""

    class Outcome(models.TextChoices):
        AGREED = "agreed", "调解成功（达成协议）"
        FAILED = "failed", "调解不成功"
        TERMINATED = "terminated", "终止调解"

    class Performance(models.TextChoices):
        PERFORMED = "performed", "已履行"
        PARTLY = "partly", "部分履行"
        NOT_PERFORMED = "not_performed", "未履行"

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="调解机关")
    area = models.CharField("纠纷领域", max_length=30, choices=Area.choices)
    parties = models.CharField("当事人", max_length=300)
    summary = models.TextField("纠纷概要")
    received_on = models.DateField("受理日期")
    outcome = models.CharField("调解结果", max_length=20, choices=Outcome.choices, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    performance = models.CharField("协议履行", max_length=20, choices=Performance.choices, blank=True)
    performance_on = models.DateField("履行情况登记日期", null=True, blank=True)

    objects = ScopedManager()
    scope_unit_field = "unit"
    scope_owner_field = None

    class Meta:
        verbose_name = "行政调解案件"
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_area_display()}：{self.parties}"


class AdjudicationList(models.Model):
    """One version of a jurisdiction's 行政裁决事项清单; publishing a new list makes a new version."""

    jurisdiction = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="行政区")
    version = models.PositiveIntegerField("版本")
    published_on = models.DateField("公布日期")
    note = models.CharField("说明", max_length=200, blank=True)

    objects = ScopedManager()
    scope_unit_field = "jurisdiction"
    scope_owner_field = None

    class Meta:
        verbose_name = "行政裁决事项清单"
        ordering = ["jurisdiction", "-version"]
        constraints = [models.UniqueConstraint(fields=["jurisdiction", "version"], name="unique_adjudication_list_version")]

    def __str__(self) -> str:
        return f"{self.jurisdiction.name}行政裁决事项清单（第{self.version}版）"


class AdjudicationItem(models.Model):
    listing = models.ForeignKey(AdjudicationList, on_delete=models.CASCADE, related_name="items", verbose_name="清单")
    number = models.PositiveIntegerField("序号")
    name = models.CharField("事项名称", max_length=200)
    basis = models.CharField("设定依据", max_length=300)
    agency = models.CharField("实施机关", max_length=100)

    class Meta:
        ordering = ["listing", "number"]

    def __str__(self) -> str:
        return self.name


class AdjudicationCase(models.Model):
    """One 行政裁决 on an item of the list in force when it was received; 权利告知 comes before the decision."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="裁决机关")
    item = models.ForeignKey(AdjudicationItem, on_delete=models.PROTECT, related_name="+", verbose_name="裁决事项")
    applicant = models.CharField("申请人", max_length=200)
    respondent = models.CharField("被申请人", max_length=200)
    received_on = models.DateField("受理日期")
    rights_notified_on = models.DateField("权利告知日期", null=True, blank=True)
    rights_notice = models.TextField("告知内容", blank=True)
    decided_on = models.DateField("裁决日期", null=True, blank=True)
    decision = models.TextField("裁决结果", blank=True)

    objects = ScopedManager()
    scope_unit_field = "unit"
    scope_owner_field = None

    class Meta:
        verbose_name = "行政裁决案件"
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"{self.item.name}：{self.applicant}"


class RegionCount(models.Model):
    """Imported yearly figures of one region: population, 信访 and 诉讼 counts (for 万人成讼率)."""

    region = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="地区")
    year = models.PositiveIntegerField("年度")
    population = models.PositiveIntegerField("常住人口（人）")
    petitions = models.PositiveIntegerField("信访件数")
    lawsuits = models.PositiveIntegerField("诉讼案件数")

    objects = ScopedManager()
    scope_unit_field = "region"
    scope_owner_field = None

    class Meta:
        verbose_name = "信访诉讼数量"
        ordering = ["-year", "region__path"]
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="unique_region_count_year")]

    @property
    def lawsuits_per_10k(self) -> float | None:
        """万人成讼率: lawsuits per 10,000 residents."""
        return round(self.lawsuits * 10000 / self.population, 2) if self.population else None
