"""The stored side of the kernel: office-editable time limits and the clock each case carries."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from fazhi.core.models import ImmutableModel, Unit


class TimeLimit(models.Model):
    """An office's setting of one time limit for its jurisdiction (none: platform-wide).

    A province's row is the default for every county under it; a county's row overrides it there.
    """

    class DayUnit(models.TextChoices):
        WORKING = "WD", "工作日"
        NATURAL = "ND", "自然日"
        MONTH = "M", "个月"  # calendar months: the corresponding day, else the month's last day (民法典第二百零二条)

    code = models.CharField("规则代码", max_length=60)
    jurisdiction = models.ForeignKey(
        Unit, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name="适用行政区"
    )
    count = models.PositiveIntegerField("天数")
    unit = models.CharField("计算方式", max_length=2, choices=DayUnit.choices)
    roll_over = models.BooleanField("末日遇节假日顺延", default=True)
    note = models.CharField("依据或说明", max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = "时限规则"
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["code", "jurisdiction"], name="unique_time_limit_per_jurisdiction"),
            models.UniqueConstraint(fields=["code"], condition=models.Q(jurisdiction__isnull=True),
                                    name="unique_platform_time_limit"),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.count}{self.get_unit_display()}"


class CaseClock(models.Model):
    """One statutory period on one case (报备期限 of a document, 复议决定期限 of a case …).

    Fed by the clock events its case's transitions emit (start, pause / resume, restart on 补正,
    extension with its approver, stop); it keeps the due and warning dates the deadline engine gives for
    those events, the engine's explanation, and where the period stands. The daily scan moves running
    clocks to 临期 and 逾期 and tells the responsible users once per change.
    """

    class State(models.TextChoices):
        RUNNING = "running", "计时中"
        PAUSED = "paused", "暂停计时"
        DUE_SOON = "due_soon", "临期"
        OVERDUE = "overdue", "逾期"
        MET = "met", "按期办结"
        LATE = "late", "逾期办结"
        CANCELLED = "cancelled", "已撤销"

    OPEN_STATES = (State.RUNNING, State.DUE_SOON, State.OVERDUE)
    LIVE_STATES = (*OPEN_STATES, State.PAUSED)

    workflow = models.CharField("业务", max_length=40)
    kind = models.CharField("期限类型", max_length=40)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    case = GenericForeignKey("content_type", "object_id")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="承办单位")
    title = models.CharField("事项", max_length=300)
    link = models.CharField(max_length=300, blank=True)
    rule_code = models.CharField("时限规则", max_length=60)
    rule_text = models.CharField("期限", max_length=100, blank=True)
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.RUNNING, db_index=True)
    started_on = models.DateField("起算日期")
    due_on = models.DateField("到期日期", null=True, blank=True, help_text="暂停计时期间为空")
    warn_on = models.DateField("提醒日期", null=True, blank=True)
    stopped_on = models.DateField("办结日期", null=True, blank=True)
    provisional = models.BooleanField("日期暂定", default=False)
    events = models.JSONField("计时事件", default=list, blank=True)
    trace = models.JSONField("计算过程", default=list, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "办理期限"
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "kind"], name="unique_case_clock"),
        ]
        indexes = [models.Index(fields=["state", "due_on"]), models.Index(fields=["state", "warn_on"])]

    def __str__(self) -> str:
        return f"{self.title}（{self.get_state_display()}）"

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES


class PublicCase(models.Model):
    """Mixin of a case an applicant follows without an account: a readable case number and the hash of
    the verification code handed to the applicant (fazhi.workflow.public). Blank until one is issued."""

    case_number = models.CharField("案件编号", max_length=60, blank=True, db_index=True)
    verification_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        abstract = True


class CaseNumberSeries(models.Model):
    """The last number issued under one prefix in one year: case numbers are 陇复〔2026〕12号 or FY-2026-000012."""

    prefix = models.CharField("编号前缀", max_length=30)
    year = models.PositiveIntegerField("年度")
    last = models.PositiveIntegerField("已用序号", default=0)
    unit = models.ForeignKey(Unit, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="首次编号单位")

    class Meta:
        verbose_name = "案件编号序列"
        constraints = [models.UniqueConstraint(fields=["prefix", "year"], name="unique_case_number_series")]


class LookupAttempt(models.Model):
    """One public case lookup (for the per-address throttle); the case number tried, never the code."""

    ip = models.GenericIPAddressField(null=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    case_number = models.CharField(max_length=60, blank=True)
    succeeded = models.BooleanField(default=False)

    class Meta:
        verbose_name = "公开查询记录"
        indexes = [models.Index(fields=["ip", "at"])]


class TransitionRecord(ImmutableModel):
    """One step of any module's case, append-only: which case, which step, from → to, on which day, who,
    why, and what the step recorded (clock due dates, a registration number …).

    The engine writes one per transition (`workflow` is its name); a module's steps outside the engine's
    tables (the ledger's 取消 / 恢复, the scan's 临期 / 逾期) write theirs with `fazhi.workflow.services.record_step`.
    Each case model reads its own through `GenericRelation(TransitionRecord, "case_type", "case_id")`.
    """

    case_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    case_id = models.PositiveBigIntegerField()
    case = GenericForeignKey("case_type", "case_id")
    workflow = models.CharField("业务", max_length=40, blank=True)
    action = models.CharField("操作", max_length=40)
    from_state = models.CharField("原状态", max_length=20, blank=True)
    to_state = models.CharField("新状态", max_length=20, blank=True)
    on = models.DateField("办理日期")
    at = models.DateTimeField("记录时间", default=timezone.now, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    actor_name = models.CharField("操作人", max_length=150, blank=True)
    reason = models.TextField("意见或理由", blank=True)
    data = models.JSONField("记录", default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = "流转记录"
        ordering = ["at", "id"]  # as written; a timeline by 办理日期 orders by ("on", "at", "id")
        indexes = [
            models.Index(fields=["case_type", "case_id", "action"], name="transition_case_action"),
            # A case's timeline and its latest step (steplog.last_step, last_action): (on, id) per case.
            models.Index(fields=["case_type", "case_id", "on", "id"], name="transition_case_on"),
            # Province lists and rates over one kind of case: "every 逾期 step of 督办单 in March"; with case_id
            # last it also answers "which cases took step X" from the index alone (decisions' completion rates).
            models.Index(fields=["case_type", "action", "on", "case_id"], name="transition_type_action_on_case"),
        ]

    def __str__(self) -> str:
        return f"{self.actor_name} {self.get_action_label()}（{self.on}）"

    def get_action_label(self) -> str:
        """The step's Chinese name: the module's `step_labels`, else the engine table's label."""
        from fazhi.workflow.labels import step_label

        return step_label(self.workflow, self.case_type.app_label, self.action)

    def get_to_state_display(self) -> str:
        """The new state's label, from the case model's state choices."""
        from fazhi.workflow.labels import state_label

        return state_label(self.case_type.model_class(), self.to_state)


def step_relation(related_query_name: str) -> GenericRelation:
    """A case model's steps in the one log, `case.transitions` (`related_query_name` filters cases by them)."""
    return GenericRelation("workflow.TransitionRecord", content_type_field="case_type", object_id_field="case_id",
                           related_query_name=related_query_name)
