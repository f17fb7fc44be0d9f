"""Administrative contracts (行政合同), their performance, and the 政务诚信 registers.

A contract is reviewed for legality before it is signed (the same review pattern as a major decision); its
payments to small and medium enterprises run on statutory clocks (《保障中小企业款项支付条例》, 2025 revision,
国务院令第802号, arts. 9–10); other performance milestones and policy promises (承诺) carry agreed dates that
the kernel's daily scan watches (dated deadlines); breaches of faith by a government body go to the 政务失信 register.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from fazhi.core.models import Unit
from fazhi.core.scopes import ScopedManager
from fazhi.workflow.models import step_relation


class Contract(models.Model):
    class Kind(models.TextChoices):
        PROCUREMENT = "procurement", "政府采购"
        CONSTRUCTION = "construction", "工程建设"
        CONCESSION = "concession", "特许经营"
        PPP = "ppp", "政府和社会资本合作"
        INVESTMENT = "investment", "招商引资"
        LEASE = "lease", "国有资产租赁"
        OTHER = "other", "其他"

    class State(models.TextChoices):
        DRAFTING = "drafting", "拟订"
        REVIEW = "review", "合法性审查"
        REVIEWED = "reviewed", "审查通过待签订"
        SIGNED = "signed", "履行中"
        COMPLETED = "completed", "履行完毕"
        TERMINATED = "terminated", "解除终止"

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="合同主体（行政机关）")
    title = models.CharField("合同名称", max_length=200)
    number = models.CharField("合同编号", max_length=60, blank=True)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices, default=Kind.PROCUREMENT)
    counterparty = models.CharField("相对人", max_length=200)
    counterparty_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    counterparty_sme = models.BooleanField("相对人为中小企业", default=False,
                                           help_text="订立合同时相对人告知属于中小企业（条例第三条）")
    amount = models.DecimalField("合同金额（元）", max_digits=16, decimal_places=2)
    term_start = models.DateField("履行期限自", null=True, blank=True)
    term_end = models.DateField("履行期限至", null=True, blank=True)
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.DRAFTING, db_index=True)
    review_submitted_on = models.DateField("送审日期", null=True, blank=True)
    review_due_on = models.DateField("审查期限", null=True, blank=True)
    review_outcome = models.CharField("审查结论", max_length=20, blank=True)
    signed_on = models.DateField("签订日期", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # Its steps live in the kernel's one transition log (docs/modules.md §1).
    transitions = step_relation("contract")

    objects = ScopedManager()
    scope_unit_field = "unit"
    scope_owner_field = None

    class Meta:
        verbose_name = "行政合同"
        ordering = ["-created_at", "-id"]
        # The register's default order and its amount sort over a province's 50,000 contracts.
        indexes = [models.Index(fields=["signed_on", "id"], name="contract_signed"),
                   models.Index(fields=["amount", "id"], name="contract_amount")]

    def __str__(self) -> str:
        return self.title


class Payment(models.Model):
    """A payment owed to a small or medium enterprise, on the statutory clock from delivery, acceptance or
    the settlement amount's confirmation (条例第九条、第十条)."""

    class Basis(models.TextChoices):
        DELIVERY = "delivery", "货物、工程、服务交付"
        ACCEPTANCE = "acceptance", "检验或者验收合格"
        SETTLEMENT = "settlement", "双方确认结算金额"

    class State(models.TextChoices):
        PENDING = "pending", "待交付或验收"
        RUNNING = "running", "付款期限计算中"
        PAID = "paid", "已支付"

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="payments")
    label = models.CharField("付款节点", max_length=100)
    amount = models.DecimalField("金额（元）", max_digits=16, decimal_places=2)
    basis = models.CharField("起算依据", max_length=20, choices=Basis.choices, blank=True)
    agreed_days = models.PositiveSmallIntegerField("合同约定付款期限（日）", null=True, blank=True)
    started_on = models.DateField("起算日", null=True, blank=True)
    due_on = models.DateField("付款期限", null=True, blank=True)
    paid_on = models.DateField("支付日期", null=True, blank=True)
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.PENDING, db_index=True)
    # Its steps live in the kernel's one transition log (docs/modules.md §1).
    transitions = step_relation("contract_payment")

    objects = ScopedManager()
    scope_unit_field = "contract__unit"
    scope_owner_field = None

    class Meta:
        verbose_name = "中小企业款项"
        ordering = ["contract", "id"]

    def __str__(self) -> str:
        return f"{self.contract.title}：{self.label}"


class DeadlineState(models.TextChoices):
    """Where an agreed date stands; the kernel's daily scan (fazhi.workflow.dated) moves open rows to 临期 from
    their warning date and to 逾期 after the date, and tells the unit's contract staff once."""

    OPEN = "open", "未到期"
    DUE_SOON = "due_soon", "临期"
    OVERDUE = "overdue", "逾期"
    CLOSED = "closed", "已办结"


class Milestone(models.Model):
    """A performance milestone with an agreed date (delivery, a payment to a large enterprise, a handover …)."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="milestones")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="合同主体",
                             help_text="合同主体，期限提醒发给其合同管理人员")
    label = models.CharField("履约节点", max_length=100)
    due_on = models.DateField("约定日期")
    warn_on = models.DateField("提醒日期")
    done_on = models.DateField("完成日期", null=True, blank=True)
    state = models.CharField("期限状态", max_length=20, choices=DeadlineState.choices, default=DeadlineState.OPEN,
                             db_index=True)

    class Meta:
        verbose_name = "履约节点"
        ordering = ["due_on", "id"]


class CreditRecord(models.Model):
    """政务失信 record: a government body broke faith (违约毁约, 拖欠账款, 拒不履行司法判决 …)."""

    class Kind(models.TextChoices):
        BREACH = "breach", "违约毁约"
        ARREARS = "arrears", "拖欠账款"
        JUDGMENT = "judgment", "拒不履行司法判决"
        PROMISE = "promise", "不兑现政策承诺"
        OTHER = "other", "其他"

    class State(models.TextChoices):
        RECORDED = "recorded", "已认定"
        RECTIFIED = "rectified", "已整改"

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="失信主体")
    kind = models.CharField("失信类型", max_length=20, choices=Kind.choices)
    contract = models.ForeignKey(Contract, on_delete=models.SET_NULL, null=True, blank=True, related_name="credit_records")
    facts = models.TextField("失信事实")
    cause = models.TextField("原因", blank=True)
    recorded_on = models.DateField("认定日期")
    rectification = models.TextField("整改情况", blank=True)
    rectified_on = models.DateField("整改完成日期", null=True, blank=True)
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.RECORDED)
    published_on = models.DateField("公示日期", null=True, blank=True)

    objects = ScopedManager()
    scope_unit_field = "unit"
    scope_owner_field = None

    class Meta:
        verbose_name = "政务失信记录"
        ordering = ["-recorded_on", "-id"]

    def __str__(self) -> str:
        return f"{self.unit.name}：{self.get_kind_display()}"


class Commitment(models.Model):
    """A policy promise a government body made (招商引资、惠企政策 …): 承诺 register."""

    class State(models.TextChoices):
        OPEN = "open", "履行中"
        KEPT = "kept", "已兑现"
        BROKEN = "broken", "未兑现"

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="承诺主体")
    title = models.CharField("承诺事项", max_length=200)
    content = models.TextField("承诺内容")
    beneficiary = models.CharField("承诺对象", max_length=200)
    promised_on = models.DateField("承诺日期")
    due_on = models.DateField("兑现期限")
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.OPEN)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    note = models.TextField("说明", blank=True)
    warn_on = models.DateField("提醒日期")
    deadline_state = models.CharField("期限状态", max_length=20, choices=DeadlineState.choices,
                                      default=DeadlineState.OPEN, db_index=True)

    objects = ScopedManager()
    scope_unit_field = "unit"
    scope_owner_field = None

    class Meta:
        verbose_name = "政策承诺"
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title
