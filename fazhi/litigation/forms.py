from __future__ import annotations

from django import forms

from fazhi.core.forms import StyledForm, date_input
from fazhi.core.models import Unit
from fazhi.litigation.models import Attendee, CaseType, Suggestion


class UnitForm(StyledForm):
    unit = forms.ModelChoiceField(Unit.objects.none(), label="单位")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.for_user(user).filter(is_active=True) if user else Unit.objects.none()


class CaseForm(UnitForm):
    court = forms.CharField(label="法院", max_length=100)
    court_number = forms.CharField(label="法院案号", max_length=60, required=False)
    plaintiff = forms.CharField(label="原告", max_length=200)
    cause = forms.CharField(label="案由", max_length=200)
    case_type = forms.ChoiceField(label="案件类型", choices=CaseType.choices, required=False)
    received_on = forms.DateField(label="收到起诉状副本日期", widget=date_input())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].label = "被告机关"


class HearingForm(StyledForm):
    size = "sm"
    held_on = forms.DateField(label="开庭日期", widget=date_input())
    attendee = forms.ChoiceField(label="出庭人员", choices=Attendee.choices)
    attendee_name = forms.CharField(label="出庭人姓名", max_length=50)
    absence_reason = forms.CharField(label="负责人未出庭的理由", max_length=200, required=False)


class ObservationForm(UnitForm):
    size = "sm"
    held_on = forms.DateField(label="旁听日期", widget=date_input())
    subject = forms.CharField(label="旁听案件", max_length=200)
    attendees = forms.IntegerField(label="参加人数", min_value=1, max_value=10000)


class SuggestionForm(UnitForm):
    kind = forms.ChoiceField(label="类型", choices=Suggestion.Kind.choices)
    issuer = forms.CharField(label="制发机关", max_length=100)
    number = forms.CharField(label="文号", max_length=60, required=False)
    subject = forms.CharField(label="建议事项", max_length=300)
    public_interest = forms.BooleanField(label="公益诉讼诉前检察建议", required=False)
    urgent = forms.BooleanField(label="情况紧急（十五日内回复）", required=False)
    received_on = forms.DateField(label="收到日期", widget=date_input())
    period_count = forms.IntegerField(label="建议书载明的回复期限（未载明的留空）", min_value=1, max_value=3650,
                                      required=False)
    period_unit = forms.ChoiceField(label="期限单位", choices=[("", "—"), *Suggestion.PeriodUnit.choices], required=False)


class ReplyForm(StyledForm):
    replied_on = forms.DateField(label="回复日期", widget=date_input())
    reply = forms.CharField(label="回复内容", widget=forms.Textarea(attrs={"rows": 3}), max_length=10000)
    evidence = forms.CharField(label="整改证明材料", widget=forms.Textarea(attrs={"rows": 2}), max_length=10000,
                               required=False)


class YearForm(StyledForm):
    size = "sm"
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    half = forms.ChoiceField(label="半年（建议办复通报）", choices=[("1", "上半年"), ("2", "下半年")])
