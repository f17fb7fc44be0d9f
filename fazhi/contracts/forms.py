"""Forms of the contract pages; each feeds one service."""

from __future__ import annotations

from django import forms

from fazhi.contracts.models import Contract, CreditRecord
from fazhi.core.forms import StyledForm
from fazhi.core.models import Unit
from fazhi.decisions.forms import date_input
from fazhi.normdocs.forms import UnitChoiceField


def _bodies(user):
    return Unit.objects.for_user(user).filter(is_active=True).exclude(kind=Unit.Kind.REGION).order_by("path")


class ContractForm(StyledForm):
    size = "sm"
    unit = UnitChoiceField(label="合同主体（行政机关）", queryset=Unit.objects.none())
    title = forms.CharField(label="合同名称", max_length=200)
    kind = forms.ChoiceField(label="类型", choices=Contract.Kind.choices)
    counterparty = forms.CharField(label="相对人", max_length=200)
    counterparty_code = forms.CharField(label="统一社会信用代码", max_length=18, required=False)
    counterparty_sme = forms.BooleanField(label="相对人为中小企业", required=False)
    amount = forms.DecimalField(label="合同金额（元）", max_digits=16, decimal_places=2, min_value=0)
    number = forms.CharField(label="合同编号", max_length=60, required=False)
    term_start = forms.DateField(label="履行期限自", required=False, widget=date_input())
    term_end = forms.DateField(label="履行期限至", required=False, widget=date_input())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _bodies(user)


class PaymentForm(StyledForm):
    size = "sm"
    label = forms.CharField(label="付款节点", max_length=100)
    amount = forms.DecimalField(label="金额（元）", max_digits=16, decimal_places=2, min_value=0)


class MilestoneForm(StyledForm):
    size = "sm"
    label = forms.CharField(label="履约节点", max_length=100)
    due_on = forms.DateField(label="约定日期", widget=date_input())


class CreditForm(StyledForm):
    size = "sm"
    unit = UnitChoiceField(label="失信主体", queryset=Unit.objects.none())
    kind = forms.ChoiceField(label="失信类型", choices=CreditRecord.Kind.choices)
    facts = forms.CharField(label="失信事实", widget=forms.Textarea(attrs={"rows": 3}))
    cause = forms.CharField(label="原因", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    recorded_on = forms.DateField(label="认定日期", widget=date_input())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _bodies(user)


class RectifyForm(StyledForm):
    size = "sm"
    rectification = forms.CharField(label="整改情况", widget=forms.Textarea(attrs={"rows": 2}))
    rectified_on = forms.DateField(label="整改完成日期", widget=date_input())


class CommitmentForm(StyledForm):
    size = "sm"
    unit = UnitChoiceField(label="承诺主体", queryset=Unit.objects.none())
    title = forms.CharField(label="承诺事项", max_length=200)
    content = forms.CharField(label="承诺内容", widget=forms.Textarea(attrs={"rows": 2}))
    beneficiary = forms.CharField(label="承诺对象", max_length=200)
    promised_on = forms.DateField(label="承诺日期", widget=date_input())
    due_on = forms.DateField(label="兑现期限", widget=date_input())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _bodies(user)


class CloseCommitmentForm(StyledForm):
    size = "sm"
    kept = forms.TypedChoiceField(label="结果", choices=[("1", "已兑现"), ("0", "未兑现")], coerce=lambda v: v == "1")
    note = forms.CharField(label="说明", required=False)
