from __future__ import annotations

from django import forms

from fazhi.core.forms import StyledForm, date_input
from fazhi.core.scopes import scope_q
from fazhi.disclosure.codes import AppealKind, AppealResult, ApplicantKind
from fazhi.disclosure.models import Channel, Delivery, StaffMember
from fazhi.disclosure.services import accepting_units


class UnitInScope(StyledForm):
    """A form whose `unit` lists only the agencies in the signed-in user's data scope."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and not user.is_superuser:
            self.fields["unit"].queryset = accepting_units().filter(scope_q(user, "", None))


class ApplicantForm(StyledForm):
    applicant_kind = forms.ChoiceField(label="申请人类型", choices=ApplicantKind.choices)
    applicant_name = forms.CharField(label="申请人姓名或名称", max_length=100)
    id_number = forms.CharField(label="身份证件号码或统一社会信用代码", max_length=40, required=False)
    phone = forms.CharField(label="联系电话", max_length=30, required=False)
    email = forms.EmailField(label="电子邮箱", required=False)
    address = forms.CharField(label="通信地址", max_length=200, required=False)
    content = forms.CharField(label="所需政府信息的名称、文号或者便于查询的其他特征性描述", widget=forms.Textarea(attrs={"rows": 4}),
                              max_length=4000)
    delivery = forms.ChoiceField(label="获取信息的方式", choices=Delivery.choices)


class PublicRequestForm(ApplicantForm):
    unit = forms.ModelChoiceField(label="向哪个行政机关申请", queryset=accepting_units())
    phone = forms.CharField(label="联系电话", max_length=30, help_text="工作人员将与您电话确认申请，确认之日为收到申请之日")

    field_order = ["unit"]


class OfficeRequestForm(UnitInScope, ApplicantForm):
    unit = forms.ModelChoiceField(label="受理机关", queryset=accepting_units())
    channel = forms.ChoiceField(label="提交方式", choices=Channel.choices)
    submitted_on = forms.DateField(label="提交日期", widget=date_input())
    signed_on = forms.DateField(label="签收日期（邮寄）", widget=date_input(), required=False)
    confirmed_on = forms.DateField(label="确认日期（平常信函、在线、传真）", widget=date_input(), required=False,
                                   help_text="平常信函于收到当日与申请人确认；在线和传真以双方确认之日为收到申请之日")
    excessive = forms.BooleanField(label="申请数量、频次明显超过合理范围（第三十五条）", required=False)

    field_order = ["unit", "channel", "submitted_on", "signed_on", "confirmed_on"]


class ReceiveForm(StyledForm):
    size = "sm"
    on = forms.DateField(label="确认收到日期", widget=date_input())
    excessive = forms.BooleanField(label="数量、频次明显超过合理范围（第三十五条）", required=False)


class AppealForm(UnitInScope):
    unit = forms.ModelChoiceField(label="被申请（被诉）机关", queryset=accepting_units())
    case_number = forms.CharField(label="所涉公开申请编号", max_length=40, required=False)
    kind = forms.ChoiceField(label="类型", choices=AppealKind.choices)
    filed_on = forms.DateField(label="申请（起诉）日期", widget=date_input())
    result = forms.ChoiceField(label="结果", choices=AppealResult.choices, initial=AppealResult.PENDING)
    concluded_on = forms.DateField(label="审结日期", widget=date_input(), required=False)
    note = forms.CharField(label="案号或说明", max_length=200, required=False)


class StaffForm(UnitInScope):
    unit = forms.ModelChoiceField(label="单位", queryset=accepting_units())
    name = forms.CharField(label="姓名", max_length=40)
    role = forms.ChoiceField(label="职责", choices=StaffMember.Role.choices)
    phone = forms.CharField(label="联系电话", max_length=30, required=False)
    since = forms.DateField(label="到岗日期", widget=date_input())
