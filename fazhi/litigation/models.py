"""行政应诉 cases (行政诉讼法), the hearings with who appeared for the agency (法释〔2020〕3号), court-hearing
attendance by officials (庭审旁听), and 司法建议 / 检察建议 with the reply each letter asks for."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from fazhi.core.models import Unit
from fazhi.core.scopes import ScopedManager
from fazhi.workflow.models import step_relation


class State(models.TextChoices):
    RECEIVED = "received", "收到起诉状"
    DEFENDED = "defended", "已答辩举证"
    JUDGED = "judged", "一审裁判"
    APPEALED = "appealed", "上诉中"
    EFFECTIVE = "effective", "裁判生效"
    CLOSED = "closed", "履行完毕"


class CaseType(models.TextChoices):
    """The kinds of case the 主要负责人 should attend (004 item 17); others are 一般案件."""

    GENERAL = "", "一般案件"
    FOOD_DRUG = "food_drug", "食品药品安全"
    ECOLOGY = "ecology", "生态环境和资源保护"
    SAFETY = "safety", "重大安全事故"
    HEALTH = "health", "公共卫生"
    MASS = "mass", "群体性案件"


class JudgmentKind(models.TextChoices):
    JUDGMENT = "judgment", "判决"
    RULING = "ruling", "裁定"


class Result(models.TextChoices):
    WON = "won", "胜诉（驳回诉讼请求或者起诉）"
    LOST = "lost", "败诉（撤销、变更、确认违法、责令履行或者赔偿）"
    WITHDRAWN = "withdrawn", "原告撤诉"
    MEDIATED = "mediated", "调解结案"


class LitigationCase(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="被告机关")
    court = models.CharField("法院", max_length=100)
    court_number = models.CharField("法院案号", max_length=60, blank=True)
    plaintiff = models.CharField("原告", max_length=200)
    cause = models.CharField("案由", max_length=200)
    case_type = models.CharField("案件类型", max_length=12, choices=CaseType.choices, blank=True)
    received_on = models.DateField("收到起诉状副本日期")
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.RECEIVED)
    defended_on = models.DateField("答辩举证日期", null=True, blank=True)
    judgment_kind = models.CharField("一审裁判", max_length=10, choices=JudgmentKind.choices, blank=True)
    result = models.CharField("一审结果", max_length=10, choices=Result.choices, blank=True)
    judged_on = models.DateField("一审裁判送达日期", null=True, blank=True)
    appeal_due_on = models.DateField("上诉期限", null=True, blank=True)
    final_result = models.CharField("生效结果", max_length=10, choices=Result.choices, blank=True)
    effective_on = models.DateField("生效日期", null=True, blank=True)
    performed_on = models.DateField("履行日期", null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    transitions = step_relation("litigation_case")

    objects = ScopedManager()
    scope_unit_field = "unit"
    scope_owner_field = None

    class Meta:
        verbose_name = "行政应诉案件"
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["unit", "state"]), models.Index(fields=["judged_on", "result"]),
                   models.Index(fields=["received_on"])]

    def __str__(self) -> str:
        return f"{self.plaintiff}诉{self.unit.name}（{self.cause}）"


class Attendee(models.TextChoices):
    PRINCIPAL = "principal", "主要负责人（正职）"
    DEPUTY = "deputy", "副职负责人"
    IN_CHARGE = "in_charge", "分管负责人"
    STAFF = "staff", "工作人员（负责人未出庭）"


HEADS = (Attendee.PRINCIPAL, Attendee.DEPUTY, Attendee.IN_CHARGE)


class Hearing(models.Model):
    """One court session of a case and who appeared for the agency (法释〔2020〕3号第二条、第十条)."""

    case = models.ForeignKey(LitigationCase, on_delete=models.CASCADE, related_name="hearings")
    held_on = models.DateField("开庭日期")
    attendee = models.CharField("出庭人员", max_length=10, choices=Attendee.choices)
    attendee_name = models.CharField("出庭人姓名", max_length=50)
    absence_reason = models.CharField("负责人未出庭的理由", max_length=200, blank=True)

    class Meta:
        verbose_name = "庭审"
        ordering = ["held_on", "id"]
        # The year's hearings for the rates, with who appeared: the rates read this index, not the rows.
        indexes = [models.Index(fields=["held_on", "case", "attendee"], name="litigation_hearing_rates")]


class Observation(models.Model):
    """庭审旁听: officials of a unit attend a court hearing to learn (004 item 18)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="组织单位")
    held_on = models.DateField("旁听日期")
    subject = models.CharField("旁听案件", max_length=200)
    attendees = models.PositiveIntegerField("参加人数")

    objects = ScopedManager()
    scope_unit_field = "unit"
    scope_owner_field = None

    class Meta:
        verbose_name = "庭审旁听"
        ordering = ["-held_on", "-id"]


class Suggestion(models.Model):
    """司法建议 or 检察建议 received by a unit, with the period its letter sets and the reply."""

    class Kind(models.TextChoices):
        JUDICIAL = "judicial", "司法建议"
        PROCURATORIAL = "procuratorial", "检察建议"

    class PeriodUnit(models.TextChoices):
        MONTHS = "M", "个月"
        DAYS = "ND", "日"

    class State(models.TextChoices):
        OPEN = "open", "待回复"
        REPLIED = "replied", "已回复"

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="收到单位")
    kind = models.CharField("类型", max_length=14, choices=Kind.choices)
    issuer = models.CharField("制发机关", max_length=100)
    number = models.CharField("文号", max_length=60, blank=True)
    subject = models.CharField("建议事项", max_length=300)
    public_interest = models.BooleanField("公益诉讼诉前检察建议", default=False)
    urgent = models.BooleanField("情况紧急", default=False)
    received_on = models.DateField("收到日期")
    period_count = models.PositiveIntegerField("建议书载明的期限", null=True, blank=True)
    period_unit = models.CharField("期限单位", max_length=2, choices=PeriodUnit.choices, blank=True)
    state = models.CharField("状态", max_length=8, choices=State.choices, default=State.OPEN)
    # The reply clock's due date (CaseClock "reply" is the source, with its rule and trace), for lists and rates.
    due_on = models.DateField("回复期限", null=True, blank=True)
    replied_on = models.DateField("回复日期", null=True, blank=True)
    reply = models.TextField("回复内容", blank=True)
    evidence = models.TextField("整改证明材料", blank=True)
    transitions = step_relation("litigation_suggestion")

    objects = ScopedManager()
    scope_unit_field = "unit"
    scope_owner_field = None

    class Meta:
        verbose_name = "司法建议、检察建议"
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["unit", "received_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.subject}"

    @property
    def on_time(self) -> bool | None:
        return None if self.replied_on is None or self.due_on is None else self.replied_on <= self.due_on
