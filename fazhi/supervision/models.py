"""The supervision loop (督查督办): task ledger, milestones, progress reports, warnings and orders.

A confirmed plan becomes a ledger (任务分工台账): one `Task` per plan item that carries a requirement.
Each task names its units (`TaskUnit`: lead / cooperating / responsible, with the collective name such
as 各镇 that produced it). Every unit that must report (the lead and the responsible units) gets its own
`Milestone` per deadline occurrence, so warnings, outcomes and reports are per unit. Units report on a
milestone with a `ProgressReport` (text, percent, evidence); the office accepts or returns it. A
`SupervisionOrder` (督办单) presses a unit about tasks that lag.

Every state change writes one row of the kernel's transition log (fazhi.workflow.steplog) besides the
operation log.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone

from fazhi.core import capabilities as cap
from fazhi.core.models import Attachment, Unit
from fazhi.core.scopes import ScopedManager, ScopedQuerySet, scope_q
from fazhi.plans.models import Plan, PlanItem
from fazhi.workflow.models import step_relation

DEFAULT_WARN_WORKING_DAYS = 3


class SupervisionSettings(models.Model):
    """Per-jurisdiction knobs of the loop; the row without a jurisdiction is the platform default."""

    class DefaultDue(models.TextChoices):
        PERIOD_END = "period_end", "方案期末"
        NONE = "none", "不设节点"

    jurisdiction = models.OneToOneField(
        Unit, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name="行政区"
    )
    warn_working_days = models.PositiveSmallIntegerField(
        "临期提醒（工作日）", default=DEFAULT_WARN_WORKING_DAYS, help_text="到期前多少个工作日标记为临期"
    )
    default_due = models.CharField(
        "无时限任务的节点", max_length=20, choices=DefaultDue.choices, default=DefaultDue.PERIOD_END
    )
    order_prefix = models.CharField(
        "督办单文号代字", max_length=20, blank=True, help_text="如“陇法督”；留空则取行政区名称首字加“法督”"
    )
    order_reply_working_days = models.PositiveSmallIntegerField("督办单默认回复期限（工作日）", default=5)
    # The 督办通知单 in Word (orderdoc): 红头, 签发人 and 抄送 of this jurisdiction; its template is a
    # registered 文书 of fazhi.core.wordtemplates.
    letterhead = models.CharField(
        "发文机关标志（红头）", max_length=60, blank=True, help_text="如“陇县全面依法治县委员会办公室”；留空则用督办单位名称"
    )
    signer = models.CharField("签发人", max_length=30, blank=True)
    cc = models.CharField("抄送", max_length=200, blank=True, help_text="如“县委依法治县办主任，县政府分管副县长”")
    # Which departments hold enforcement powers (各执法部门) is a unit attribute: Unit.enforcement_powers.

    class Meta:
        verbose_name = "督查督办设置"


class PlanTracking(models.Model):
    """How the office tracks one plan (跟踪设置): from which date, and whether it runs until replaced.

    Without a row (or with blank fields) a plan is tracked from its issue date, and it is standing
    (长期执行) when its title names no years (`schedule.is_standing`). A standing plan's ledger gets each
    year's milestones when the year opens (`horizon_year` is the last year generated).
    """

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="tracking", verbose_name="方案")
    tracks_from = models.DateField(
        "跟踪起始日期", null=True, blank=True, help_text="此日期前到期的节点不生成；留空则取方案成文日期"
    )
    standing = models.BooleanField(
        "长期执行", null=True, blank=True,
        help_text="长期执行的方案每年年初生成当年节点；留空则按标题判断（标题未载明年份的措施、意见长期执行）",
    )
    horizon_year = models.PositiveIntegerField("已生成节点至年度", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "方案跟踪设置"


class TaskQuerySet(ScopedQuerySet):
    def for_user(self, user) -> TaskQuerySet:
        """A task is visible to whoever sees its owning unit or any unit it assigns (not removed)."""
        assigned = TaskUnit.objects.filter(task=OuterRef("pk"), removed_at__isnull=True).filter(
            scope_q(user, "unit", None)
        )
        return self.filter(scope_q(user, "owner_unit", None) | models.Q(Exists(assigned)))


class Task(models.Model):
    """One requirement of a plan in the ledger (台账任务); created from a plan item, idempotently."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks", verbose_name="方案")
    item = models.OneToOneField(PlanItem, on_delete=models.CASCADE, related_name="task", verbose_name="方案条目")
    owner_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="owned_tasks", verbose_name="责任主体",
        help_text="牵头单位；无牵头单位时为方案所属行政区的依法治理办公室",
    )
    order = models.PositiveIntegerField("顺序", default=0)
    label = models.CharField("编号", max_length=60, blank=True)
    title = models.CharField("任务", max_length=300)
    text = models.TextField("内容", blank=True)
    deadlines = models.JSONField("时限（原文抽取）", default=list, blank=True)
    targets = models.JSONField("量化指标", default=list, blank=True)
    unresolved_names = models.JSONField(
        "未能对应的单位名称", default=list, blank=True, help_text="导入时未解析、也不是集合称谓的名称，需人工补充"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = models.Manager.from_queryset(TaskQuerySet)()
    scope_unit_field = "owner_unit"
    scope_owner_field = None

    class Meta:
        verbose_name = "台账任务"
        ordering = ["plan", "order"]
        # A ledger page in plan order walks this index and stops after the page (docs/benchmarks.md).
        indexes = [models.Index(fields=["plan", "order"], name="task_plan_order")]

    def __str__(self) -> str:
        return f"{self.label} {self.title}".strip()

    OPS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "="}
    PER = {"year": "每年", "person_year": "每人每年", "quarter": "每季度", "half_year": "每半年", "term": "任期内"}

    @property
    def target_rows(self) -> list[dict]:
        """Targets as the task page shows them: indicator, requirement (≥ 98%), period, due date."""
        return [
            {"indicator": t.get("indicator") or t.get("text", ""),
             "requirement": f"{self.PER.get(t.get('per'), '')}{self.OPS.get(t.get('op'), t.get('op', ''))}"
                            f"{t.get('value', '')}{t.get('unit', '')}",
             "by": t.get("by") or "", "text": t.get("text", "")}
            for t in self.targets
        ]

    @property
    def target_texts(self) -> list[str]:
        """Each quantified requirement's sentence once (one sentence may carry several indicators)."""
        return list(dict.fromkeys(t.get("text", "") for t in self.targets if t.get("text")))


class TaskUnit(models.Model):
    """A unit assigned to a task, with how it got there (named directly, via a collective name, by hand).

    Removing a unit keeps the row with `removed_at` set, so regenerating the ledger does not add it back.
    """

    class Role(models.TextChoices):
        LEAD = "lead", "牵头单位"
        COOPERATING = "cooperating", "配合单位"
        RESPONSIBLE = "responsible", "责任单位"

    class Source(models.TextChoices):
        PLAN = "plan", "方案原文"
        COLLECTIVE = "collective", "集合称谓展开"
        MANUAL = "manual", "人工添加"
        OFFICE = "office", "默认（依法治理办公室）"

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="units")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="task_assignments", verbose_name="单位")
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    source = models.CharField("来源", max_length=20, choices=Source.choices, default=Source.PLAN)
    via = models.CharField("原文称谓", max_length=100, blank=True, help_text="产生此单位的原文名称，如“各镇”")
    removed_at = models.DateTimeField("移除时间", null=True, blank=True)
    removed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    objects = ScopedManager()
    scope_unit_field = "unit"
    scope_owner_field = None

    class Meta:
        verbose_name = "任务单位"
        ordering = ["task", "role", "id"]
        constraints = [models.UniqueConstraint(fields=["task", "unit", "role"], name="unique_task_unit_role")]

    def __str__(self) -> str:
        return f"{self.unit} ({self.get_role_display()})"

    @property
    def reports(self) -> bool:
        """Lead and responsible units report progress; cooperating units support the lead."""
        return self.role != self.Role.COOPERATING


class Milestone(models.Model):
    """One deadline occurrence of a task for one reporting unit (时间节点).

    `state` is where it stands (open → due soon → overdue, closed or cancelled); `outcome` is how it
    ended (met on time / late). `key` identifies the occurrence within the task so regenerating the
    ledger finds it again: "due:0", "recurring:1:2024-Q1", "default", "relative:2:2024-05-06", "manual:…".
    """

    class Kind(models.TextChoices):
        DUE = "due", "限期完成"
        RECURRING = "recurring", "周期性"
        RELATIVE = "relative", "事件触发"
        DEFAULT = "default", "方案期末"
        MANUAL = "manual", "人工设定"

    class State(models.TextChoices):
        OPEN = "open", "进行中"
        DUE_SOON = "due_soon", "临期"
        OVERDUE = "overdue", "逾期"
        CLOSED = "closed", "已完成"
        CANCELLED = "cancelled", "已取消"

    class Outcome(models.TextChoices):
        NONE = "", "—"
        ON_TIME = "on_time", "按期完成"
        LATE = "late", "逾期完成"

    OPEN_STATES = (State.OPEN, State.DUE_SOON, State.OVERDUE)
    # Not read by a list of milestones that names each one's task and plan (select_related): the plan's
    # whole extraction result (JSON, often 100 KB) and the task's text and JSON fields, decoded per row.
    ROW_DEFERRED = ("task__plan__extraction", "task__text", "task__deadlines", "task__targets",
                    "task__unresolved_names", "due_trace")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="milestones")
    # The task's plan, copied (a task never changes plan; `save` fills it in): the dashboard's counts per
    # plan and unit then read one covering index instead of joining every milestone to its task.
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+", db_index=False, editable=False)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="milestones", verbose_name="报送单位")
    key = models.CharField(max_length=80)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    label = models.CharField("节点", max_length=100)
    deadline_text = models.CharField("原文时限", max_length=200, blank=True)
    deadline_index = models.PositiveSmallIntegerField(null=True, blank=True, help_text="task.deadlines 中的序号")
    due_on = models.DateField("截止日期", db_index=True)
    warn_on = models.DateField("提醒日期", db_index=True)
    due_provisional = models.BooleanField("日期暂定", default=False, help_text="超出工作日历已录入年份")
    due_trace = models.JSONField("计算过程", default=list, blank=True)
    # The date the ledger computed, kept when an approved extension or the office's correction moves
    # `due_on` (the milestone is judged against `due_on`; the page shows both).
    planned_due_on = models.DateField("原定截止日期", null=True, blank=True)
    required_reports = models.PositiveSmallIntegerField(
        "需采纳次数", default=1, help_text="“每年至少开展2次”：采纳 2 份已完成的报告后节点办结"
    )
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.OPEN, db_index=True)
    outcome = models.CharField("结果", max_length=20, choices=Outcome.choices, default=Outcome.NONE, blank=True)
    completed_on = models.DateField("完成日期", null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    # Its steps: the kernel's one transition log (fazhi.workflow.steplog).
    transitions = step_relation("milestone")
    objects = ScopedManager()
    scope_unit_field = "unit"
    scope_owner_field = None

    class Meta:
        verbose_name = "时间节点"
        ordering = ["due_on", "id"]
        constraints = [models.UniqueConstraint(fields=["task", "unit", "key"], name="unique_milestone_key")]
        indexes = [
            models.Index(fields=["state", "due_on"]),
            models.Index(fields=["state", "warn_on"]),
            # Covers the per-task counts by state and the next due date of ledgers and plan lists, so they
            # read the index alone instead of every milestone row (docs/benchmarks.md, supervision at scale).
            # due_on before state: with (task, state, due_on), SQLite 3.40 answers MIN(due_on) / ORDER BY
            # due_on LIMIT 1 under `task = ? AND state IN (…)` wrongly (it skips the first states' rows).
            models.Index(fields=["task", "due_on", "state"], name="milestone_task_due_state"),
            # Everything the outcome counts read (stats.py), in the order they group by: a province's
            # dashboard scans this index alone, in order, with no join and no sort.
            models.Index(
                fields=["plan", "unit", "due_on", "state", "outcome", "completed_on"],
                name="milestone_plan_unit_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task.label} {self.label}（{self.unit}）"

    def save(self, *args, **kwargs) -> None:
        if self.plan_id is None:
            self.plan_id = self.task.plan_id
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES

    def accepted_count(self) -> int:
        """Accepted reports that say the work was done (每年至少开展2次 needs two of them)."""
        return self.reports.filter(state=ProgressReport.State.ACCEPTED, completed=True).count()

    def done_by_reports(self) -> bool:
        return self.accepted_count() >= self.required_reports

    @property
    def due_moved(self) -> bool:
        return self.planned_due_on is not None and self.planned_due_on != self.due_on


class MilestoneExtension(models.Model):
    """A unit's request to extend one milestone (延期申请): the office approves (with a date) or refuses."""

    class State(models.TextChoices):
        PENDING = "pending", "待审批"
        APPROVED = "approved", "已批准"
        REFUSED = "refused", "未批准"

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="extensions")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="申请单位")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    requested_at = models.DateTimeField("申请时间", default=timezone.now)
    due_before = models.DateField("申请时截止日期")
    requested_due_on = models.DateField("申请延期至")
    reason = models.TextField("延期理由")
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.PENDING, db_index=True)
    approved_due_on = models.DateField("批准延期至", null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_comment = models.TextField("审批意见", blank=True)

    objects = ScopedManager()
    scope_unit_field = "unit"
    scope_owner_field = None

    class Meta:
        verbose_name = "延期申请"
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.unit} · {self.milestone.label} 延期至 {self.requested_due_on}"


def evidence_upload_to(instance, filename: str) -> str:
    """Where migration 0001's Evidence stored files (they stay there, now core Attachments)."""
    return f"evidence/{timezone.now():%Y/%m}/{instance.token}{instance.extension}"


class ProgressReport(models.Model):
    """A unit's progress report on one milestone (进展报送): draft → submitted → returned / accepted."""

    class State(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "待审核"
        RETURNED = "returned", "已退回"
        ACCEPTED = "accepted", "已采纳"

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="报送单位")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    text = models.TextField("进展情况")
    percent = models.PositiveSmallIntegerField("完成进度（%）", default=0)
    completed = models.BooleanField("已完成", default=False, help_text="采纳后关闭该时间节点")
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.DRAFT, db_index=True)
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    review_comment = models.TextField("审核意见", blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    # Evidence (佐证材料): files and links, the one attachment model (fazhi.core.attachments), slot "evidence".
    evidence = GenericRelation(Attachment, content_type_field="owner_type", object_id_field="owner_id",
                               related_query_name="progress_report")
    attachment_capabilities = (cap.REPORT_PROGRESS, cap.SUPERVISE, cap.VIEW_DASHBOARD)  # who opens evidence

    # Its steps: the kernel's one transition log (fazhi.workflow.steplog).
    transitions = step_relation("progress_report")
    objects = ScopedManager()
    scope_unit_field = "unit"
    scope_owner_field = None

    class Meta:
        verbose_name = "进展报告"
        ordering = ["-created_at", "-id"]
        # The review queue lists submitted reports oldest first: read in index order, no sort of the queue.
        indexes = [models.Index(fields=["state", "submitted_at"], name="report_state_submitted")]

    def __str__(self) -> str:
        return f"{self.unit} · {self.milestone.label}"

    @property
    def editable(self) -> bool:
        return self.state in (self.State.DRAFT, self.State.RETURNED)


class OrderQuerySet(ScopedQuerySet):
    def for_user(self, user) -> OrderQuerySet:
        """The issuing office's scope and the recipient unit's scope both see an order."""
        return self.filter(scope_q(user, "issuer", None) | scope_q(user, "recipient", None))


class SupervisionOrder(models.Model):
    """A supervision order (督办单) from the office to one unit about lagging tasks; the unit replies."""

    class State(models.TextChoices):
        ISSUED = "issued", "已下发"
        OVERDUE = "overdue", "逾期未回复"
        REPLIED = "replied", "已回复"
        CLOSED = "closed", "已办结"

    OPEN_STATES = (State.ISSUED, State.OVERDUE)

    jurisdiction = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="行政区")
    issuer = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="issued_orders", verbose_name="督办单位")
    recipient = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="received_orders", verbose_name="承办单位"
    )
    year = models.PositiveIntegerField("年度")
    serial = models.PositiveIntegerField("序号")
    number = models.CharField("文号", max_length=60)
    subject = models.CharField("事由", max_length=200)
    body = models.TextField("督办要求", blank=True)
    tasks = models.ManyToManyField(Task, blank=True, related_name="orders", verbose_name="督办任务")
    milestones = models.ManyToManyField(Milestone, blank=True, related_name="orders", verbose_name="督办节点")
    issued_on = models.DateField("下发日期")
    reply_working_days = models.PositiveSmallIntegerField("回复期限（工作日）")
    reply_due_on = models.DateField("回复截止", db_index=True)
    reply_due_provisional = models.BooleanField(default=False)
    reply_due_trace = models.JSONField(default=list, blank=True)
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.ISSUED, db_index=True)
    reply_text = models.TextField("回复内容", blank=True)
    replied_at = models.DateTimeField("回复时间", null=True, blank=True)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    # Its steps: the kernel's one transition log (fazhi.workflow.steplog).
    transitions = step_relation("supervision_order")
    objects = models.Manager.from_queryset(OrderQuerySet)()
    scope_unit_field = "issuer"
    scope_owner_field = None

    class Meta:
        verbose_name = "督办单"
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "year", "serial"], name="unique_order_serial"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"
