"""备案 records: one `Filing` per document and required recipient, and the public's 审查建议.

A document is filed with every body the law names (a government's document with the 上一级人民政府 and
the 本级人大常委会; a department's with the 本级人民政府: `fazhi.normdocs.recipients.recipients_for`).
Each filing keeps its own dates and outcome; the reviewing unit is the recipient government's 司法行政部门,
whose users alone conclude it. Imported by `fazhi.normdocs.models`, so Django finds the models there.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from fazhi.core.models import Unit
from fazhi.core.scopes import ScopedQuerySet, scope_q
from fazhi.workflow.models import step_relation


class FilingChannel(models.TextChoices):
    GOVERNMENT = "government", "政府备案"
    PEOPLE_CONGRESS = "people_congress", "人大常委会备案"


class FilingState(models.TextChoices):
    PENDING = "pending", "待报送"
    SENT = "sent", "已报送待登记"
    RETURNED = "returned", "退回补正"
    REVIEWING = "reviewing", "审查中"
    CORRECTING = "correcting", "纠正中"
    PASSED = "passed", "审查通过"
    REFUSED = "refused", "不予备案"
    REVOKED = "revoked", "已撤销"
    FEEDBACK = "feedback", "已录入人大常委会审查结果"


FILING_CLOSED = (FilingState.PASSED, FilingState.REFUSED, FilingState.REVOKED, FilingState.FEEDBACK)


class FilingOutcome(models.TextChoices):
    PASSED = "passed", "通过"
    CORRECTION = "correction", "要求纠正"
    RETURNED = "returned", "退回补正"
    REFUSED = "refused", "不予备案"
    AMEND_OR_REPEAL = "amend_or_repeal", "建议修改或废止"
    REVOKED = "revoked", "撤销"


class FilingQuerySet(ScopedQuerySet):
    def for_user(self, user) -> FilingQuerySet:
        """The filer's side (the issuer in scope) and the reviewer's side (the reviewing unit in scope)."""
        return self.filter(scope_q(user, "document__issuer") | scope_q(user, "reviewing_unit"))


class Filing(models.Model):
    """One document filed with one recipient: when sent, registered, reviewed, and with what outcome."""

    document = models.ForeignKey("normdocs.NormativeDocument", on_delete=models.CASCADE, related_name="filings")
    channel = models.CharField("备案渠道", max_length=20, choices=FilingChannel.choices)
    recipient_name = models.CharField("备案审查机关", max_length=100)
    recipient = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                  verbose_name="备案审查机关单位")
    reviewing_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="filing_reviews",
        verbose_name="审查承办单位", help_text="备案审查机关的司法行政部门；人大常委会备案为空（由报备单位录入结果）",
    )
    state = models.CharField("状态", max_length=20, choices=FilingState.choices, default=FilingState.PENDING,
                             db_index=True)
    due_on = models.DateField("报送期限", null=True, blank=True)
    sent_on = models.DateField("报送日期", null=True, blank=True)
    returned_count = models.PositiveIntegerField("退回补正次数", default=0)
    resubmit_due_on = models.DateField("补正期限", null=True, blank=True)
    registered_on = models.DateField("登记日期", null=True, blank=True)
    # 报备规范率: registered at the first examination, materials complete and conforming (no 退回补正).
    conforming = models.BooleanField("登记时材料齐全规范", null=True, blank=True)
    review_due_on = models.DateField("审查期限", null=True, blank=True)
    outcome = models.CharField("审查结论", max_length=20, choices=FilingOutcome.choices, blank=True)
    concluded_on = models.DateField("结论日期", null=True, blank=True)
    opinion = models.TextField("审查意见", blank=True)
    correction_due_on = models.DateField("纠正期限", null=True, blank=True)
    # 备案纠错率: the review found a problem (any conclusion but 通过), whatever followed.
    problem_found = models.BooleanField("审查发现问题", default=False)
    created_at = models.DateTimeField(default=timezone.now)
    # Its steps: the kernel's one transition log (fazhi.workflow.steplog).
    transitions = step_relation("normdoc_filing")

    objects = models.Manager.from_queryset(FilingQuerySet)()
    scope_unit_field = "document__issuer"
    scope_owner_field = None

    class Meta:
        verbose_name = "备案记录"
        verbose_name_plural = "备案记录"
        ordering = ["document", "channel", "id"]
        constraints = [models.UniqueConstraint(fields=["document", "channel", "recipient_name"],
                                               name="unique_filing_per_recipient")]
        indexes = [models.Index(fields=["state", "review_due_on"])]

    def __str__(self) -> str:
        return f"《{self.document.title}》报{self.recipient_name}备案"


class SuggestionState(models.TextChoices):
    RECEIVED = "received", "已收到，办理中"
    REPLIED = "replied", "已答复"


class ReviewSuggestion(models.Model):
    """A 审查建议 from a citizen or an enterprise (法规规章备案审查条例第十二条, and the provinces' rules
    for normative documents): anonymous, acknowledged with a reference, routed to the reviewing body."""

    reference = models.CharField("受理编号", max_length=30, unique=True)
    document = models.ForeignKey("normdocs.NormativeDocument", on_delete=models.PROTECT,
                                 related_name="review_suggestions", verbose_name="建议审查的文件")
    reviewing_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="办理单位")
    name = models.CharField("建议人", max_length=100)
    organisation = models.CharField("单位（企业）", max_length=200, blank=True)
    contact = models.CharField("联系方式", max_length=100)
    content = models.TextField("建议内容及理由")
    received_on = models.DateField("收到日期")
    reply_due_on = models.DateField("答复期限", null=True, blank=True)
    state = models.CharField("状态", max_length=20, choices=SuggestionState.choices, default=SuggestionState.RECEIVED)
    reply = models.TextField("答复意见", blank=True)
    replied_on = models.DateField("答复日期", null=True, blank=True)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    client_key = models.CharField(max_length=64, blank=True, db_index=True)  # a hash of the address, for throttling
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = models.Manager.from_queryset(ScopedQuerySet)()
    scope_unit_field = "reviewing_unit"
    scope_owner_field = None

    class Meta:
        verbose_name = "审查建议"
        verbose_name_plural = "审查建议"
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"{self.reference} 对《{self.document.title}》的审查建议"
