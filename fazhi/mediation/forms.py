from __future__ import annotations

from django import forms

from fazhi.core.forms import StyledForm, date_input
from fazhi.core.models import Unit
from fazhi.core.scopes import scope_q
from fazhi.mediation.models import AdjudicationItem, Area, MediationCase


def agencies(user):
    units = Unit.objects.filter(is_active=True, kind__in=(Unit.Kind.GOVERNMENT, Unit.Kind.DEPARTMENT)).order_by("path")
    return units if user is None or user.is_superuser else units.filter(scope_q(user, "", None))


class MediationForm(StyledForm):
    unit = forms.ModelChoiceField(label="调解机关", queryset=Unit.objects.none())
    area = forms.ChoiceField(label="纠纷领域", choices=Area.choices)
    parties = forms.CharField(label="当事人", max_length=300)
    summary = forms.CharField(label="纠纷概要", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    received_on = forms.DateField(label="受理日期", widget=date_input())

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = agencies(user)


class CloseForm(StyledForm):
    size = "sm"
    outcome = forms.ChoiceField(label="调解结果", choices=MediationCase.Outcome.choices)
    closed_on = forms.DateField(label="办结日期", widget=date_input())


class PerformanceForm(StyledForm):
    size = "sm"
    performance = forms.ChoiceField(label="协议履行", choices=MediationCase.Performance.choices)
    on = forms.DateField(label="登记日期", widget=date_input())


class ListForm(StyledForm):
    items_text = forms.CharField(label="清单事项（每行一项：名称｜设定依据｜实施机关）",
                                 widget=forms.Textarea(attrs={"rows": 6}), max_length=20000)
    published_on = forms.DateField(label="公布日期", widget=date_input())
    note = forms.CharField(label="说明", max_length=200, required=False)


class AdjudicationForm(StyledForm):
    unit = forms.ModelChoiceField(label="裁决机关", queryset=Unit.objects.none())
    item = forms.ModelChoiceField(label="裁决事项", queryset=AdjudicationItem.objects.none())
    applicant = forms.CharField(label="申请人", max_length=200)
    respondent = forms.CharField(label="被申请人", max_length=200)
    received_on = forms.DateField(label="受理日期", widget=date_input())

    def __init__(self, *args, user=None, items=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = agencies(user)
        self.fields["item"].queryset = items if items is not None else AdjudicationItem.objects.none()


class RightsForm(StyledForm):
    size = "sm"
    on = forms.DateField(label="告知日期", widget=date_input())
    notice = forms.CharField(label="告知内容", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000,
                             initial="告知当事人依法享有申请回避、陈述、申辩、申请听证的权利，以及不服裁决申请行政复议或者提起行政诉讼的途径和期限。")


class DecideForm(StyledForm):
    size = "sm"
    on = forms.DateField(label="裁决日期", widget=date_input())
    decision = forms.CharField(label="裁决结果", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class CountsImportForm(StyledForm):
    file = forms.FileField(label="数量表（.xlsx：地区、年度、常住人口、信访件数、诉讼案件数）")
