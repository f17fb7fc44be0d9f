"""重大行政决策: the annual catalogue, the decision record with its gated procedures, and what hangs off it.

The rules are 《重大行政决策程序暂行条例》 (国务院令第713号, 2019-09-01): the catalogue (art. 3), public
participation (arts. 14–18), expert argument (19–21), risk assessment (22–24), legality review (25–28),
collective discussion (29–30), party report and publication (31–32), archive (33), execution, post-evaluation
and adjustment (34–37). The lifecycle is one table (`fazhi.decisions.workflow`); these models hold its data.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from fazhi.core.models import ImmutableModel, Unit
from fazhi.core.scopes import ScopedManager
from fazhi.workflow.models import step_relation


class Procedure(models.TextChoices):
    """The procedures a catalogue entry can require (条例 arts. 14–31; 报告人大 art. 8 where the locality requires)."""

    PARTICIPATION = "participation", "公众参与"
    HEARING = "hearing", "听证"
    EXPERT = "expert", "专家论证"
    RISK = "risk", "风险评估"
    FAIR_COMPETITION = "fair_competition", "公平竞争审查"
    LEGALITY = "legality", "合法性审查"
    COLLECTIVE = "collective", "集体讨论决定"
    NPC_REPORT = "npc_report", "报告人大"


# Every major decision goes through these whatever its entry says (条例 arts. 25, 30: 应当).
ALWAYS_REQUIRED = (Procedure.LEGALITY, Procedure.COLLECTIVE)


# What a decision's file holds besides its records (minutes, opinions …), by slot.
ATTACHMENT_SLOTS = {
    "draft": "决策草案及说明", "adoption": "意见采纳情况", "hearing": "听证会记录", "expert": "专家论证意见书", "risk": "风险评估报告",
    "review": "合法性审查意见书", "minutes": "集体讨论会议纪要", "publication": "公布文本", "evaluation": "后评估报告",
}


class Category(models.TextChoices):
    """The kind of matter; 001 (十四) asks risk assessment of every 环保邻避类 and 民生类 decision."""

    LIVELIHOOD = "livelihood", "民生类"
    NIMBY = "nimby", "环保邻避类"
    PLANNING = "planning", "规划类"
    PROJECT = "project", "重大建设项目"
    POLICY = "policy", "公共政策"
    OTHER = "other", "其他"


RISK_MANDATORY_CATEGORIES = (Category.LIVELIHOOD, Category.NIMBY)


class BodyType(models.TextChoices):
    """Who decides: the 条例 binds 县级以上地方人民政府 (art. 2); departments of governments at county level and
    above and 乡级人民政府 follow it by reference (art. 42); a province sets the concrete rules (art. 43)."""

    GOVERNMENT = "government", "县级以上地方人民政府"
    DEPARTMENT = "department", "县级以上人民政府部门"
    TOWNSHIP = "township", "乡级人民政府"


class ProcedureSet(models.Model):
    """An office's setting for its jurisdiction: the procedures every catalogue entry of one body type requires.

    A province's row applies to every city and county under it that sets none of its own (the time limits'
    rule of precedence); without any row the statutory default applies (`fazhi.decisions.procedure_sets`).
    """

    jurisdiction = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", verbose_name="适用行政区")
    body_type = models.CharField("决策机关类型", max_length=20, choices=BodyType.choices)
    procedures = models.JSONField("须履行的程序", default=list)
    note = models.CharField("依据", max_length=300)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = "决策程序设置"
        constraints = [models.UniqueConstraint(fields=["jurisdiction", "body_type"],
                                               name="one_procedure_set_per_jurisdiction_body_type")]

    def __str__(self) -> str:
        return f"{self.jurisdiction.name}：{self.get_body_type_display()}"


def new_public_ref() -> str:
    return secrets.token_hex(6)


class Catalogue(models.Model):
    """年度重大行政决策事项目录 of one deciding body and year (条例 art. 3: 经同级党委同意后向社会公布)."""

    class State(models.TextChoices):
        DRAFT = "draft", "编制中"
        AGREED = "agreed", "党委已同意"
        PUBLISHED = "published", "已公布"

    body = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="decision_catalogues",
                             verbose_name="决策机关")
    year = models.PositiveIntegerField("年度")
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.DRAFT)
    version = models.PositiveIntegerField("已公布版本", default=0)
    publish_by = models.DateField("应公布日期", null=True, blank=True,
                                  help_text="本地规定的目录公布期限，用于计算目录公布及时率")
    first_published_on = models.DateField("首次公布日期", null=True, blank=True)
    published_on = models.DateField("最近公布日期", null=True, blank=True)
    party_agreed_on = models.DateField("党委同意日期", null=True, blank=True)
    public_ref = models.CharField("公开编号", max_length=20, unique=True, default=new_public_ref)
    created_at = models.DateTimeField(default=timezone.now)
    # Its steps live in the kernel's one transition log (docs/modules.md §1).
    transitions = step_relation("decision_catalogue")

    objects = ScopedManager()
    scope_unit_field = "body"
    scope_owner_field = None

    class Meta:
        verbose_name = "重大行政决策事项目录"
        constraints = [models.UniqueConstraint(fields=["body", "year"], name="one_catalogue_per_body_year")]
        ordering = ["-year", "body__path"]

    def __str__(self) -> str:
        return f"{self.body.name}{self.year}年度重大行政决策事项目录"


class CatalogueEntry(models.Model):
    catalogue = models.ForeignKey(Catalogue, on_delete=models.CASCADE, related_name="entries")
    order = models.PositiveIntegerField("序号", default=0)
    title = models.CharField("决策事项", max_length=200)
    category = models.CharField("类别", max_length=20, choices=Category.choices, default=Category.POLICY)
    lead_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="承办单位")
    planned = models.CharField("计划完成时间", max_length=60, blank=True, help_text="如：2026年第三季度")
    procedures = models.JSONField("须履行的程序", default=list)
    market_related = models.BooleanField("涉及市场主体经济活动", default=False)
    withdrawn = models.BooleanField("已调出目录", default=False)
    added_in_version = models.PositiveIntegerField("列入版本", default=1)
    note = models.CharField("说明", max_length=300, blank=True)

    class Meta:
        verbose_name = "目录事项"
        ordering = ["catalogue", "order", "id"]

    def __str__(self) -> str:
        return self.title

    def procedure_labels(self) -> list[str]:
        return [Procedure(p).label for p in self.procedures]


class CatalogueRevision(ImmutableModel):
    """One publication of the catalogue: the entries as published (adjustments during the year are versioned)."""

    catalogue = models.ForeignKey(Catalogue, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField("版本")
    published_on = models.DateField("公布日期")
    note = models.TextField("调整说明", blank=True)
    entries = models.JSONField("目录事项", default=list, encoder=DjangoJSONEncoder)

    class Meta:
        ordering = ["catalogue", "version"]


class State(models.TextChoices):
    DRAFTING = "drafting", "草案拟订"
    COMMENT = "comment", "公开征求意见"
    HEARING = "hearing", "听证"
    EXPERT = "expert", "专家论证"
    RISK = "risk", "风险评估"
    REVIEW = "review", "合法性审查"
    REVIEWED = "reviewed", "待集体讨论"
    DECIDED = "decided", "已作出决定"
    PUBLISHED = "published", "已公布"
    EXECUTING = "executing", "执行中"
    EVALUATING = "evaluating", "后评估"
    SUSPENDED = "suspended", "中止执行"


PUBLIC_STATES = (State.PUBLISHED, State.EXECUTING, State.EVALUATING, State.SUSPENDED)


class Decision(models.Model):
    """One major administrative decision, from 启动 to 后评估."""

    title = models.CharField("决策事项", max_length=200)
    entry = models.ForeignKey(CatalogueEntry, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="decisions", verbose_name="目录事项")
    body = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="决策机关")
    lead_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="led_decisions",
                                  verbose_name="承办单位")
    category = models.CharField("类别", max_length=20, choices=Category.choices, default=Category.POLICY)
    market_related = models.BooleanField("涉及市场主体经济活动", default=False)
    procedures = models.JSONField("须履行的程序", default=list)
    draft = models.TextField("决策草案及说明", blank=True)
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.DRAFTING, db_index=True)
    round = models.PositiveIntegerField("程序轮次", default=1, help_text="决策调整须重新履行程序（条例第三十七条）")
    started_on = models.DateField("启动日期", default=timezone.localdate)
    # 公众参与 (art. 15)
    comment_start = models.DateField("征求意见开始", null=True, blank=True)
    comment_end = models.DateField("征求意见截止", null=True, blank=True)
    comment_shortened = models.TextField("缩短征求意见期限的说明", blank=True)
    adoption = models.TextField("意见采纳情况", blank=True)
    adoption_published_on = models.DateField("采纳情况公布日期", null=True, blank=True)
    # 听证 (art. 16): announced with its time, place and how participants are selected; the participants'
    # names published before the hearing; materials with them 7 days before it.
    hearing_on = models.DateField("听证会日期", null=True, blank=True)
    hearing_place = models.CharField("听证会地点", max_length=200, blank=True)
    hearing_announced_on = models.DateField("听证公告日期", null=True, blank=True)
    hearing_selection = models.TextField("听证参加人遴选办法", blank=True)
    hearing_materials_sent_on = models.DateField("听证材料送达日期", null=True, blank=True)
    hearing_participants = models.TextField("听证参加人", blank=True)
    participants_published_on = models.DateField("听证参加人名单公布日期", null=True, blank=True)
    # 风险评估 (art. 24)
    risk_conclusion = models.CharField("风险评估结论", max_length=20, blank=True)
    fair_competition_conclusion = models.CharField("公平竞争审查结论", max_length=20, blank=True)
    # 合法性审查 (arts. 25–28)
    review_submitted_on = models.DateField("送审日期", null=True, blank=True)
    review_due_on = models.DateField("审查期限", null=True, blank=True)
    discussion_planned_on = models.DateField("拟提请讨论日期", null=True, blank=True)
    review_outcome = models.CharField("审查结论", max_length=20, blank=True)
    legal_risks = models.TextField("明示的法律风险", blank=True)
    # 集体讨论决定 (art. 30), 公布 (art. 32)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    meeting = models.CharField("会议", max_length=100, blank=True)
    dissent = models.TextField("不同意见", blank=True)
    party_reported_on = models.DateField("向党委请示报告日期", null=True, blank=True)
    npc_reported_on = models.DateField("向人大常委会报告日期", null=True, blank=True)
    published_on = models.DateField("公布日期", null=True, blank=True)
    doc_number = models.CharField("文号", max_length=100, blank=True)
    execution_plan = models.ForeignKey("plans.Plan", on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="+", verbose_name="执行分工台账")
    public_ref = models.CharField("公开编号", max_length=20, unique=True, default=new_public_ref)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # Its steps live in the kernel's one transition log (docs/modules.md §1).
    transitions = step_relation("decision")

    objects = ScopedManager()
    scope_unit_field = "lead_unit"
    scope_owner_field = None

    class Meta:
        verbose_name = "重大行政决策"
        ordering = ["-started_on", "-id"]
        indexes = [
            # The office list's default order, and the portal's (a province's 20,000 decisions: bench/decisions_scale.py).
            models.Index(fields=["started_on", "id"], name="decision_started"),
            models.Index(fields=["state", "started_on", "id"], name="decision_state_started"),
            models.Index(fields=["published_on", "id"], name="decision_published"),
            # The portal's filters read only the index: which bodies and years have public decisions.
            models.Index(fields=["state", "published_on", "body"], name="decision_public_filters"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.state in PUBLIC_STATES

    @property
    def comment_open(self) -> bool:
        today = timezone.localdate()
        return (self.state == State.COMMENT and self.comment_start is not None
                and self.comment_start <= today <= (self.comment_end or today))

    def requires(self, procedure: str) -> bool:
        return procedure in self.procedures

    attachments_public_by_slot = True

    def attachments_public(self, slot: str | None = None) -> bool:
        """Whether an anonymous visitor may download the materials of `slot`: only what the rules publish,
        from when they publish it — the draft and its 起草说明 once put out for comment or announced for a
        hearing (arts. 15, 16), the 意见采纳情况 once published (art. 32: the adoption of public comments is explained), the decision's text once published
        (art. 32), the post-evaluation report once an evaluation with a public summary is concluded. Hearing
        records, expert and risk reports, the review opinion and the minutes stay internal."""
        if slot == "draft":
            return bool(self.comment_start or self.hearing_announced_on or self.is_public)
        if slot == "adoption":
            return self.adoption_published_on is not None
        if slot == "publication":
            return self.is_public
        if slot == "evaluation":
            return self.evaluations.filter(summary_public=True, concluded_on__isnull=False).exists()
        return False

    def public_attachment_slots(self) -> list[str]:
        return [slot for slot in ATTACHMENT_SLOTS if self.attachments_public(slot)]


class PublicComment(models.Model):
    """A comment left on the portal's comment page during the 公开征求意见 period (art. 15)."""

    class Handling(models.TextChoices):
        PENDING = "pending", "待研究"
        ADOPTED = "adopted", "采纳"
        PARTLY = "partly", "部分采纳"
        NOT_ADOPTED = "not_adopted", "未采纳"

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="comments")
    name = models.CharField("姓名或名称", max_length=60, blank=True)
    contact = models.CharField("联系方式", max_length=100, blank=True, help_text="不公开")
    text = models.TextField("意见建议")
    submitted_at = models.DateTimeField("提交时间", default=timezone.now)
    handling = models.CharField("采纳情况", max_length=20, choices=Handling.choices, default=Handling.PENDING)
    reply = models.TextField("研究说明", blank=True)

    class Meta:
        verbose_name = "公众意见"
        ordering = ["submitted_at", "id"]


class Expert(models.Model):
    """决策咨询论证专家库 (art. 21): a province's pool serves the cities and counties under it."""

    jurisdiction = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="所属行政区")
    name = models.CharField("姓名", max_length=60)
    field = models.CharField("专业领域", max_length=100)
    organisation = models.CharField("工作单位", max_length=100, blank=True)
    active = models.BooleanField("在库", default=True)

    class Meta:
        verbose_name = "论证专家"
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name}（{self.field}）"


class ExpertOpinion(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="expert_opinions")
    round = models.PositiveIntegerField("程序轮次", default=1)
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="opinions", verbose_name="专家")
    opinion = models.TextField("论证意见")
    adoption = models.TextField("采纳情况", blank=True)
    given_on = models.DateField("论证日期")

    class Meta:
        verbose_name = "专家论证意见"
        ordering = ["given_on", "id"]


class CounselParticipation(models.Model):
    """A 法律顾问 or 公职律师 took part in a step (art. 28: 应当组织法律顾问、公职律师提出法律意见)."""

    class Kind(models.TextChoices):
        ADVISER = "adviser", "法律顾问"
        PUBLIC_LAWYER = "public_lawyer", "公职律师"

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="counsel")
    procedure = models.CharField("环节", max_length=20, choices=Procedure.choices)
    kind = models.CharField("身份", max_length=20, choices=Kind.choices)
    name = models.CharField("姓名", max_length=60)
    opinion = models.TextField("法律意见", blank=True)
    on = models.DateField("日期")

    class Meta:
        verbose_name = "法律顾问参与"
        ordering = ["on", "id"]


class ExecutionRequirement(models.Model):
    """决策执行单位 (art. 34): a unit, what it must do and by when; becomes a task in the supervision ledger."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="requirements")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="执行单位")
    requirement = models.TextField("执行要求")
    due_on = models.DateField("完成时限")

    class Meta:
        verbose_name = "执行要求"
        ordering = ["due_on", "id"]


class PostEvaluation(models.Model):
    """决策后评估 (art. 36): why it was started, who evaluated, what it found."""

    class Trigger(models.TextChoices):
        BELOW_EXPECTATION = "below", "实施后明显未达到预期效果"
        MANY_OPINIONS = "opinions", "公民、法人或者其他组织提出较多意见"
        BODY_DECIDED = "body", "决策机关认为有必要"

    class Conclusion(models.TextChoices):
        CONTINUE = "continue", "继续执行"
        ADJUST = "adjust", "调整决策"
        STOP = "stop", "停止执行"

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="evaluations")
    trigger = models.CharField("启动情形", max_length=20, choices=Trigger.choices)
    evaluator = models.CharField("评估单位", max_length=100)
    started_on = models.DateField("启动日期")
    findings = models.TextField("评估结论", blank=True)
    conclusion = models.CharField("处理建议", max_length=20, choices=Conclusion.choices, blank=True)
    concluded_on = models.DateField("完成日期", null=True, blank=True)
    summary_public = models.BooleanField("公开评估摘要", default=True)

    class Meta:
        verbose_name = "决策后评估"
        ordering = ["started_on", "id"]
