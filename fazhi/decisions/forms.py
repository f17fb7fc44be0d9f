"""Forms of the decision pages; each feeds one service."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone

from fazhi.core.forms import StyledForm, date_input
from fazhi.core.models import Unit
from fazhi.decisions.models import BodyType, Category, CounselParticipation, Procedure, PublicComment
from fazhi.normdocs.forms import UnitChoiceField  # indented by depth, as in every unit choice


def _units(user):
    return Unit.objects.for_user(user).filter(is_active=True).order_by("path")


class CatalogueForm(StyledForm):
    size = "sm"
    body = UnitChoiceField(label="决策机关", queryset=Unit.objects.none())
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    publish_by = forms.DateField(label="应公布日期", required=False, widget=date_input(),
                                 help_text="本地规定的目录公布期限（用于公布及时率）")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Governments, and the departments of the user's own jurisdiction, which follow the 条例 by reference
        # (art. 42); a province office is not offered every county's departments (2,000 options on a province).
        own = user.unit.jurisdiction() if user.unit_id else None
        departments = (Q(kind=Unit.Kind.DEPARTMENT, path__startswith=own.path, depth=own.depth + 1) if own
                       else Q(pk__in=[]))
        self.fields["body"].queryset = _units(user).filter(Q(kind=Unit.Kind.GOVERNMENT) | departments)
        self.fields["year"].initial = timezone.localdate().year


class EntryForm(StyledForm):
    size = "sm"
    title = forms.CharField(label="决策事项", max_length=200)
    lead_unit = UnitChoiceField(label="承办单位", queryset=Unit.objects.none())
    category = forms.ChoiceField(label="类别", choices=Category.choices)
    planned = forms.CharField(label="计划完成时间", max_length=60, required=False)
    procedures = forms.MultipleChoiceField(
        label="须履行的程序", required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(p.value, p.label) for p in Procedure if p not in (Procedure.LEGALITY, Procedure.COLLECTIVE)],
        help_text="本行政区决策程序设置要求的程序已预先勾选且不能去掉；合法性审查、集体讨论决定必须履行；"
                  "民生类、环保邻避类须风险评估；涉及市场主体的须公平竞争审查")
    market_related = forms.BooleanField(label="涉及市场主体经济活动", required=False)

    def __init__(self, *args, user, required=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = _units(user)
        self.fields["procedures"].initial = list(required)  # the body type's setting (procedure_sets)


class ProcedureSetForm(StyledForm):
    """An office's setting of the procedures one body type's catalogue entries require (条例第四十二条、第四十三条)."""

    size = "sm"
    jurisdiction = UnitChoiceField(label="适用行政区", queryset=Unit.objects.none())
    body_type = forms.ChoiceField(label="决策机关类型", choices=BodyType.choices)
    procedures = forms.MultipleChoiceField(label="须履行的程序", required=False, widget=forms.CheckboxSelectMultiple,
                                           choices=Procedure.choices)
    note = forms.CharField(label="依据", max_length=300, help_text="本地重大行政决策程序规定的名称和条款")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Offered: the regions in the user's scope. Posted: any region, so that the service's jurisdiction-holder
        # check refuses one out of scope with its reason (403) rather than as an invalid choice.
        regions = Unit.objects.filter(kind=Unit.Kind.REGION)
        self.fields["jurisdiction"].queryset = regions if self.is_bound else _units(user).filter(kind=Unit.Kind.REGION)


class DraftForm(StyledForm):
    draft = forms.CharField(label="决策草案及说明", widget=forms.Textarea(attrs={"rows": 10}))


class CommentForm(StyledForm):
    """The portal's comment form (anonymous; the contact is never shown)."""

    name = forms.CharField(label="姓名或单位名称（可不填）", max_length=60, required=False)
    contact = forms.CharField(label="联系方式（可不填，不公开）", max_length=100, required=False)
    text = forms.CharField(label="意见建议", max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))


class HandleCommentForm(StyledForm):
    size = "sm"
    handling = forms.ChoiceField(label="采纳情况", choices=[c for c in PublicComment.Handling.choices if c[0] != "pending"])
    reply = forms.CharField(label="研究说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ExpertForm(StyledForm):
    size = "sm"
    jurisdiction = UnitChoiceField(label="所属行政区", queryset=Unit.objects.none())
    name = forms.CharField(label="姓名", max_length=60)
    field = forms.CharField(label="专业领域", max_length=100)
    organisation = forms.CharField(label="工作单位", max_length=100, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Offered: the regions in the user's scope. Posted: any region, so that the service's jurisdiction-holder
        # check refuses one out of scope with its reason (403) rather than as an invalid choice.
        regions = Unit.objects.filter(kind=Unit.Kind.REGION)
        self.fields["jurisdiction"].queryset = regions if self.is_bound else _units(user).filter(kind=Unit.Kind.REGION)


class OpinionForm(StyledForm):
    size = "sm"
    expert = forms.ModelChoiceField(label="专家", queryset=None)
    opinion = forms.CharField(label="论证意见", widget=forms.Textarea(attrs={"rows": 3}))
    adoption = forms.CharField(label="采纳情况", required=False)
    given_on = forms.DateField(label="论证日期", widget=date_input())

    def __init__(self, *args, experts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = experts


class CounselForm(StyledForm):
    size = "sm"
    procedure = forms.ChoiceField(label="环节", choices=Procedure.choices)
    kind = forms.ChoiceField(label="身份", choices=CounselParticipation.Kind.choices)
    name = forms.CharField(label="姓名", max_length=60)
    opinion = forms.CharField(label="法律意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    on = forms.DateField(label="日期", widget=date_input())


class RequirementForm(StyledForm):
    size = "sm"
    unit = UnitChoiceField(label="执行单位", queryset=Unit.objects.none())
    requirement = forms.CharField(label="执行要求", widget=forms.Textarea(attrs={"rows": 2}))
    due_on = forms.DateField(label="完成时限", widget=date_input())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _units(user)
