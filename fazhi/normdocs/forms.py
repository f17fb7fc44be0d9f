"""Forms of the office pages; the services validate the business rules, these only shape the input."""

from __future__ import annotations

from django import forms

from fazhi.core.forms import StyledForm, date_input
from fazhi.core.models import Unit
from fazhi.normdocs import issuers
from fazhi.normdocs.models import (
    CleanupDecision,
    DocType,
    ExpiryEvaluationConclusion,
    FairCompetitionConclusion,
    NormativeDocument,
    RelationKind,
)
from fazhi.workflow.models import TimeLimit


def _indented(depth: int, name: str) -> str:
    return "\u3000" * max(0, depth - 1) + name


class _UnitLabels(forms.models.ModelChoiceIterator):
    """The options as (pk, label) read straight from the database: building a model instance per unit was half
    the cost of a province's list of 500 deciding bodies (the 决策事项目录 page's form)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for pk, depth, name in self.queryset.values_list("pk", "depth", "name"):
            yield (pk, _indented(depth, name))


class UnitChoiceField(forms.ModelChoiceField):
    iterator = _UnitLabels

    def label_from_instance(self, unit: Unit) -> str:
        return _indented(unit.depth, unit.name)


class DocumentForm(StyledForm):
    title = forms.CharField(label="标题", max_length=300)
    issuer = UnitChoiceField(label="制定机关", queryset=Unit.objects.none())
    doc_type = forms.ChoiceField(label="文件类型", choices=DocType.choices, initial=DocType.NORMATIVE)
    market_related = forms.BooleanField(label="与市场主体生产经营活动密切相关", required=False)
    doc_number = forms.CharField(label="文号", max_length=100, required=False)
    written_on = forms.DateField(label="成文日期", required=False, widget=date_input())
    text = forms.CharField(label="正文", widget=forms.Textarea(attrs={"rows": 16}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        issuers_in_scope = issuers.administrative_units(Unit.objects.for_user(user).filter(is_active=True))
        self.fields["issuer"].queryset = issuers_in_scope
        self.fields["doc_type"].choices = issuers.type_choices_for(issuers_in_scope)


class AmendForm(StyledForm):
    text = forms.CharField(label="修改后全文", widget=forms.Textarea(attrs={"rows": 12}))
    version_date = forms.DateField(label="新版本施行日期", widget=date_input())
    change_note = forms.CharField(label="修改说明", max_length=500)
    amended_by = forms.ModelChoiceField(label="修改依据文件（修改决定）", queryset=NormativeDocument.objects.none(),
                                        required=False)

    def __init__(self, *args, user, document, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amended_by"].queryset = (
            NormativeDocument.objects.for_user(user).exclude(pk=document.pk).order_by("-published_on", "-id")
        )


class RelationForm(StyledForm):
    kind = forms.ChoiceField(label="关系", choices=RelationKind.choices)
    target = forms.ModelChoiceField(label="对象文件", queryset=NormativeDocument.objects.none(), required=False)
    law_title = forms.CharField(label="或上位法名称（依据）", max_length=300, required=False,
                                help_text="如：中华人民共和国行政处罚法")
    law_article = forms.CharField(label="条款", max_length=100, required=False, help_text="如：第十六条")
    note = forms.CharField(label="说明", max_length=300, required=False)

    def __init__(self, *args, user, document, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = (
            NormativeDocument.objects.for_user(user).exclude(pk=document.pk).order_by("-published_on", "-id")
        )


class RuleForm(StyledForm):
    count = forms.IntegerField(label="天数或月数", min_value=0, max_value=366)  # the service checks 0 and the unit's range
    unit = forms.ChoiceField(label="计算方式", choices=TimeLimit.DayUnit.choices)
    roll_over = forms.BooleanField(label="末日遇节假日顺延", required=False)
    note = forms.CharField(label="依据（法律、法规、规章或本地规定及条款）", max_length=300, required=False)


class NumberingForm(StyledForm):
    unit = UnitChoiceField(label="适用单位（含下级）", queryset=Unit.objects.none())
    template = forms.CharField(label="编号格式", max_length=60, help_text="如：陇司规〔{year}〕{seq}号 或 LXSF-{year}-{seq:03d}")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.for_user(user).filter(is_active=True)


class CleanupForm(StyledForm):
    title = forms.CharField(label="清理活动名称", max_length=200)
    region = UnitChoiceField(label="组织单位（清理范围）", queryset=Unit.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Unit.objects.for_user(user).filter(is_active=True)


class CleanupDecisionForm(StyledForm):
    decision = forms.ChoiceField(label="结论", choices=CleanupDecision.choices)
    reason = forms.CharField(label="理由", max_length=500, required=False)


class ImportForm(StyledForm):
    archive = forms.FileField(label="压缩包（zip）", help_text="包内放文件（txt、docx、html、pdf）和元数据表 metadata.csv 或 metadata.json")
    unit = UnitChoiceField(label="导入范围（制定机关须在其下）", queryset=Unit.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.for_user(user).filter(is_active=True, kind=Unit.Kind.REGION)


class FairCompetitionForm(StyledForm):
    conclusion = forms.ChoiceField(label="公平竞争审查结论", choices=FairCompetitionConclusion.choices)
    reviewed_on = forms.DateField(label="审查日期", widget=date_input())
    note = forms.CharField(label="审查说明（适用例外规定或具有排除、限制竞争效果的，须详细说明）", required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))


class ExpiryConclusionForm(StyledForm):
    conclusion = forms.ChoiceField(label="评估结论", choices=ExpiryEvaluationConclusion.choices)
    on = forms.DateField(label="评估日期", widget=date_input())
    note = forms.CharField(label="评估意见", widget=forms.Textarea(attrs={"rows": 3}))
