"""依申请公开 (政府信息公开条例 2019): requests, 复议/诉讼 on disclosure, the staff register."""

from __future__ import annotations

from django.db import models

from fazhi.core.models import Unit
from fazhi.core.scopes import ScopedManager
from fazhi.disclosure.codes import AppealKind, AppealResult, ApplicantKind, Outcome
from fazhi.workflow.models import PublicCase, step_relation


class Channel(models.TextChoices):
    """How a request arrived; the receipt date follows from it (条例第三十一条)."""

    IN_PERSON = "in_person", "当面提交"
    REGISTERED_MAIL = "registered_mail", "邮寄（需签收）"
    ORDINARY_MAIL = "ordinary_mail", "平常信函"
    ONLINE = "online", "互联网在线申请"
    FAX = "fax", "传真"


class Delivery(models.TextChoices):
    PAPER = "paper", "纸质"
    EMAIL = "email", "电子邮件"
    POST = "post", "邮寄"
    PICKUP = "pickup", "当面领取"


class State(models.TextChoices):
    PENDING = "pending", "待确认收到"
    HANDLING = "handling", "办理中"
    CORRECTING = "correcting", "待补正"
    CONSULTING = "consulting", "征求意见中"
    CLOSED = "closed", "已办结"


class DisclosureRequest(PublicCase):
    """One 政府信息公开申请 to one agency (`unit`), from receipt to reply; the applicant follows it on the portal's
    lookup with its number and verification code (the kernel's PublicCase)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="受理机关")
    applicant_kind = models.CharField("申请人类型", max_length=20, choices=ApplicantKind.choices)
    applicant_name = models.CharField("申请人姓名或名称", max_length=100)
    id_number = models.CharField("身份证件号码或统一社会信用代码", max_length=40, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通信地址", max_length=200, blank=True)
    content = models.TextField("所需政府信息的名称、文号或者特征性描述")
    delivery = models.CharField("获取信息的方式", max_length=20, choices=Delivery.choices, default=Delivery.EMAIL)
    channel = models.CharField("提交方式", max_length=20, choices=Channel.choices)
    submitted_on = models.DateField("提交日期")
    received_on = models.DateField("收到申请日期", null=True, blank=True, db_index=True)
    excessive = models.BooleanField("数量、频次明显超过合理范围", default=False)
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.PENDING, db_index=True)
    due_on = models.DateField("答复期限", null=True, blank=True)
    # 补正 (条例第三十条): one notice within 7 working days; the reply period counts again from receipt.
    correction_notice_on = models.DateField("补正告知日期", null=True, blank=True)
    correction_items = models.TextField("需要补正的事项", blank=True)
    correction_deadline = models.DateField("补正期限", null=True, blank=True)
    corrected_on = models.DateField("收到补正日期", null=True, blank=True)
    # 延长 (第三十三条) or 延迟答复 (第三十五条)
    extension_on = models.DateField("延期告知日期", null=True, blank=True)
    extension_days = models.PositiveSmallIntegerField("延长工作日数", null=True, blank=True)
    extension_approver = models.CharField("延期批准人", max_length=60, blank=True)
    consult_party = models.CharField("征求意见对象", max_length=200, blank=True)
    outcome = models.CharField("办理结果", max_length=30, choices=Outcome.choices, blank=True, db_index=True)
    closed_on = models.DateField("答复日期", null=True, blank=True, db_index=True)
    reply_text = models.TextField("答复内容", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    # Its steps: the kernel's one transition log (fazhi.workflow.steplog).
    transitions = step_relation("disclosure_request")

    objects = ScopedManager()
    scope_unit_field = "unit"
    scope_owner_field = None

    class Meta:
        verbose_name = "政府信息公开申请"
        ordering = ["-id"]
        indexes = [models.Index(fields=["unit", "received_on"]), models.Index(fields=["unit", "closed_on"]),
                   models.Index(fields=["state", "due_on"]),
                   # The annual report's table 三 reads only these columns: an index-only scan, not the wide rows.
                   models.Index(fields=["unit", "received_on", "closed_on", "applicant_kind", "outcome"],
                                name="disclosure_annual_report"),
                   # The list's search (申请编号或申请人) within a scope reads this index, not the rows.
                   models.Index(fields=["unit", "applicant_name", "case_number"], name="disclosure_applicant_search")]

    def __str__(self) -> str:
        return f"{self.case_number} {self.applicant_name}"


class DisclosureAppeal(models.Model):
    """A 行政复议 or 行政诉讼 about a disclosure reply (annual report table 四), entered or linked to the request."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="被申请（被诉）机关")
    request = models.ForeignKey(DisclosureRequest, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="appeals", verbose_name="所涉公开申请")
    kind = models.CharField("类型", max_length=30, choices=AppealKind.choices)
    filed_on = models.DateField("申请（起诉）日期")
    result = models.CharField("结果", max_length=20, choices=AppealResult.choices, default=AppealResult.PENDING)
    concluded_on = models.DateField("审结日期", null=True, blank=True)
    note = models.CharField("案号或说明", max_length=200, blank=True)

    objects = ScopedManager()
    scope_unit_field = "unit"
    scope_owner_field = None

    class Meta:
        verbose_name = "政府信息公开复议诉讼"
        ordering = ["-filed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.note or self.pk}"


class StaffMember(models.Model):
    """政务公开工作人员名单库 (004 item 24): who does the work in each unit."""

    class Role(models.TextChoices):
        LEADER = "leader", "分管负责人"
        HEAD = "head", "工作机构负责人"
        STAFF = "staff", "工作人员"

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="单位")
    name = models.CharField("姓名", max_length=40)
    role = models.CharField("职责", max_length=20, choices=Role.choices, default=Role.STAFF)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    since = models.DateField("到岗日期")
    until = models.DateField("离岗日期", null=True, blank=True)

    objects = ScopedManager()
    scope_unit_field = "unit"
    scope_owner_field = None

    class Meta:
        verbose_name = "政务公开工作人员"
        ordering = ["unit__path", "role", "name"]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_role_display()}）"


class StaffChange(models.Model):
    """A change to the register, to be reported within 10 days (004 item 24)."""

    class Kind(models.TextChoices):
        JOINED = "joined", "新增"
        LEFT = "left", "调离"

    member = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="changes")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="单位")
    kind = models.CharField("变动", max_length=10, choices=Kind.choices)
    changed_on = models.DateField("变动日期")
    report_due_on = models.DateField("报备期限")
    reported_on = models.DateField("报备日期", null=True, blank=True)

    objects = ScopedManager()
    scope_unit_field = "unit"
    scope_owner_field = None

    class Meta:
        verbose_name = "工作人员变动报备"
        ordering = ["-changed_on", "-id"]
