"""行政复议 cases (行政复议法 2023): the application, its review, the hearing and the decision.

The case's `state` says where the procedure stands; its `outcome` (维持, 撤销 …) is what it ended
with, kept apart so the reports count decisions by outcome whatever route they took. Dates due come
from the case clocks (`fazhi.workflow.CaseClock`); the case keeps only the dates that happened.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from fazhi.core.models import Unit
from fazhi.core.scopes import ScopedManager
from fazhi.workflow.models import PublicCase, step_relation


class State(models.TextChoices):
    FORWARDING = "forwarding", "原行政机关转送中"  # 第三十二条: lodged with the agency that imposed the penalty
    REVIEWING = "reviewing", "受理审查"
    CORRECTION = "correction", "补正中"
    REJECTED = "rejected", "不予受理"
    WITHDRAWN = "withdrawn", "撤回"
    HEARING = "hearing", "审理中"
    SUSPENDED = "suspended", "中止"
    CLOSED = "closed", "审结"


OPEN_STATES = (State.FORWARDING, State.REVIEWING, State.CORRECTION, State.HEARING, State.SUSPENDED)


class Channel(models.TextChoices):
    ONLINE = "online", "网上申请"
    PAPER = "paper", "书面递交"
    MAIL = "mail", "邮寄"
    ORAL = "oral", "口头申请"
    FORWARDED = "forwarded", "转送（第三十二条）"


class Procedure(models.TextChoices):
    ORDINARY = "ordinary", "普通程序"
    SIMPLE = "simple", "简易程序"


class Outcome(models.TextChoices):
    """行政复议决定的种类（第六十三条至第七十一条）and the other ways a case ends (第七十三条、第七十四条、第四十一条)."""

    UPHELD = "upheld", "维持"
    DISMISSED = "dismissed", "驳回复议请求"
    REVOKED = "revoked", "撤销"
    VARIED = "varied", "变更"
    ILLEGAL = "illegal", "确认违法"
    ORDERED = "ordered", "责令履行"
    MEDIATED = "mediated", "调解"
    SETTLED = "settled", "和解撤回"
    TERMINATED = "terminated", "终止"


DECISION_OUTCOMES = (Outcome.UPHELD, Outcome.DISMISSED, Outcome.REVOKED, Outcome.VARIED, Outcome.ILLEGAL,
                     Outcome.ORDERED, Outcome.MEDIATED)
# 纠错: the decisions that correct the act (the report's default; an office may count another set).
CORRECTING_OUTCOMES = (Outcome.REVOKED, Outcome.VARIED, Outcome.ILLEGAL, Outcome.ORDERED)
# A decision the respondent must carry out (履行, 第七十七条).
TO_PERFORM = (Outcome.REVOKED, Outcome.VARIED, Outcome.ORDERED, Outcome.MEDIATED)


class SuspensionGround(models.TextChoices):
    """第三十九条第一款各项; grounds 1, 2 and 4 end the case after 60 days (第四十一条第五项)."""

    DEATH = "1", "（一）作为申请人的公民死亡，其近亲属尚未确定是否参加行政复议"
    INCAPACITY = "2", "（二）作为申请人的公民丧失参加行政复议的行为能力，尚未确定法定代理人"
    PARTY_ADDED = "3", "（三）作为申请人的公民下落不明"
    SUCCESSOR = "4", "（四）作为申请人的法人或者其他组织终止，尚未确定权利义务承受人"
    FORCE_MAJEURE = "5", "（五）申请人、被申请人因不可抗力或者其他正当理由，不能参加行政复议"
    MEDIATION = "6", "（六）依照本法规定进行调解、和解，申请人和被申请人同意中止"
    INTERPRETATION = "7", "（七）行政复议案件涉及的法律适用问题需要有权机关作出解释或者确认"
    RELATED_CASE = "8", "（八）行政复议案件审理需要以其他案件的审理结果为依据，而其他案件尚未审结"
    NORMDOC = "9", "（九）有本法第五十六条或者第五十七条规定的情形"
    OTHER = "10", "（十）需要中止行政复议的其他情形"


LAPSING_GROUNDS = (SuspensionGround.DEATH, SuspensionGround.INCAPACITY, SuspensionGround.SUCCESSOR)


class Performance(models.TextChoices):
    NONE = "", "无需履行"
    PENDING = "pending", "待履行"
    DONE = "done", "已履行"
    REFUSED = "refused", "未履行"


class ReconsiderationCase(PublicCase):
    """案号 and 查询码 come from the kernel's public lookup (`PublicCase`, issued at filing)."""

    organ = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="复议机关")
    channel = models.CharField("申请方式", max_length=12, choices=Channel.choices)
    received_on = models.DateField("收到申请日期")
    submitted_ip = models.GenericIPAddressField("提交地址", null=True, blank=True)

    applicant_name = models.CharField("申请人", max_length=100)
    applicant_kind = models.CharField("申请人类型", max_length=10,
                                      choices=[("person", "自然人"), ("org", "法人或者其他组织")], default="person")
    applicant_contact = models.CharField("联系方式", max_length=100, blank=True)
    respondent = models.CharField("被申请人", max_length=200)
    respondent_unit = models.ForeignKey(Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                        verbose_name="被申请人（本系统单位）")
    act = models.TextField("行政行为")
    act_made_on = models.DateField("行政行为作出日期", null=True, blank=True)
    knew_act_on = models.DateField("知道该行政行为日期")
    told_of_right = models.BooleanField("已告知申请复议的权利和期限", default=True)
    knew_right_on = models.DateField("知道复议权利和期限日期", null=True, blank=True)
    real_property = models.BooleanField("因不动产提出", default=False)
    request = models.TextField("行政复议请求")
    facts = models.TextField("事实和理由", blank=True)
    period_warning = models.TextField("申请期限提示", blank=True)

    state = models.CharField("办理状态", max_length=12, choices=State.choices, default=State.REVIEWING)
    procedure = models.CharField("审理程序", max_length=10, choices=Procedure.choices, default=Procedure.ORDINARY)
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    copy_sent_on = models.DateField("副本发送日期", null=True, blank=True)
    answer_on = models.DateField("被申请人答复日期", null=True, blank=True)
    hearing_on = models.DateField("听证日期", null=True, blank=True)
    suspension_ground = models.CharField("中止情形", max_length=2, choices=SuspensionGround.choices, blank=True)
    committee_consulted = models.BooleanField("已提请行政复议委员会咨询", default=False)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    decision_due_on = models.DateField("决定期限", null=True, blank=True)
    outcome = models.CharField("结果", max_length=12, choices=Outcome.choices, blank=True)
    decision_text = models.TextField("决定书正文", blank=True)
    published_on = models.DateField("公开日期", null=True, blank=True)
    performance = models.CharField("履行情况", max_length=10, choices=Performance.choices, blank=True)
    performed_on = models.DateField("履行日期", null=True, blank=True)
    performance_note = models.TextField("履行说明", blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Its steps in the kernel's one transition log (its 意见书' steps are on the opinions: `workflow.case_steps`).
    transitions = step_relation("reconsideration_case")

    objects = ScopedManager()
    scope_unit_field = "organ"
    scope_owner_field = None

    class Meta:
        verbose_name = "行政复议案件"
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["organ", "state"]), models.Index(fields=["decided_on", "outcome"]),
                   models.Index(fields=["received_on"])]

    def __str__(self) -> str:
        return f"{self.case_number} {self.applicant_name}诉{self.respondent}"

    def attachments_public(self) -> bool:  # kernel attachments: an applicant's materials are never public
        return False

    @property
    def masked_applicant(self) -> str:
        from fazhi.reconsideration.masking import masked_applicant

        return masked_applicant(self)

    @property
    def masked_decision_text(self) -> str:
        from fazhi.reconsideration.masking import masked_text

        return masked_text(self, self.decision_text)


class Opinion(models.Model):
    """行政复议意见书 / 建议书 (第七十六条): the addressee reports its correction within 60 days."""

    class Kind(models.TextChoices):
        OPINION = "opinion", "行政复议意见书"
        SUGGESTION = "suggestion", "行政复议建议书"

    class State(models.TextChoices):
        ISSUED = "issued", "已制发"
        REPORTED = "reported", "已报送纠正情况"

    case = models.ForeignKey(ReconsiderationCase, on_delete=models.CASCADE, related_name="opinions")
    kind = models.CharField("类型", max_length=12, choices=Kind.choices)
    addressee = models.CharField("送达机关", max_length=200)
    content = models.TextField("主要内容")
    issued_on = models.DateField("制发日期")
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.ISSUED)
    reported_on = models.DateField("报送日期", null=True, blank=True)
    report = models.TextField("纠正情况", blank=True)
    transitions = step_relation("reconsideration_opinion")

    objects = ScopedManager()
    scope_unit_field = "case__organ"
    scope_owner_field = None

    class Meta:
        verbose_name = "行政复议意见书"
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.case.case_number}）"


class IncidentalReview(models.Model):
    """附带审查 of a normative document the applicant challenged with the act (第十三条、第五十六条至第六十条)."""

    class Conclusion(models.TextChoices):
        PENDING = "", "审查中"
        LAWFUL = "lawful", "合法"
        UNLAWFUL = "unlawful", "不合法，决定停止执行或者责令制定机关予以纠正"

    case = models.ForeignKey(ReconsiderationCase, on_delete=models.CASCADE, related_name="incidental_reviews")
    document = models.ForeignKey("normdocs.NormativeDocument", on_delete=models.PROTECT, related_name="+",
                                 verbose_name="规范性文件")
    requested_on = models.DateField("提出日期")
    conclusion = models.CharField("审查结论", max_length=10, choices=Conclusion.choices, blank=True)
    concluded_on = models.DateField("结论日期", null=True, blank=True)
    note = models.TextField("处理意见", blank=True)
    cleanup = models.ForeignKey("normdocs.CleanupCampaign", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+", verbose_name="转入清理")

    class Meta:
        verbose_name = "规范性文件附带审查"
        ordering = ["requested_on", "id"]
