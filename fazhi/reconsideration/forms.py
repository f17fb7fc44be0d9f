"""Forms of 行政复议: the application (public and office), and the records after the decision."""

from __future__ import annotations

from django import forms

from fazhi.core.forms import StyledForm, date_input
from fazhi.core.models import Unit
from fazhi.reconsideration.models import Channel, IncidentalReview, Opinion, Outcome, Performance


class ApplicationForm(StyledForm):
    organ = forms.ModelChoiceField(Unit.objects.none(), label="行政复议机关")
    applicant_name = forms.CharField(label="申请人姓名或名称", max_length=100)
    applicant_kind = forms.ChoiceField(label="申请人类型", choices=[("person", "自然人"), ("org", "法人或者其他组织")])
    applicant_contact = forms.CharField(label="联系电话或地址", max_length=100, required=False)
    respondent = forms.CharField(label="被申请人（作出行政行为的机关）", max_length=200)
    act = forms.CharField(label="申请复议的行政行为", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    act_made_on = forms.DateField(label="行政行为作出日期", required=False, widget=date_input())
    knew_act_on = forms.DateField(label="知道该行政行为的日期", widget=date_input())
    told_of_right = forms.BooleanField(label="行政机关已告知申请行政复议的权利、复议机关和申请期限", required=False,
                                       initial=True)
    knew_right_on = forms.DateField(label="未告知时：知道复议权利和期限的日期", required=False, widget=date_input())
    real_property = forms.BooleanField(label="因不动产提出", required=False)
    request = forms.CharField(label="行政复议请求", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    facts = forms.CharField(label="主要事实和理由", widget=forms.Textarea(attrs={"rows": 5}), max_length=10000,
                            required=False)
    materials = forms.FileField(label="申请材料（行政行为文书、证据等，可选）", required=False)

    def __init__(self, *args, organs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organ"].queryset = organs if organs is not None else Unit.objects.none()


class OfficeApplicationForm(ApplicationForm):
    channel = forms.ChoiceField(label="申请方式", choices=[c for c in Channel.choices if c[0] != Channel.ONLINE])
    received_on = forms.DateField(label="收到申请日期", widget=date_input(),
                                  help_text="经作出当场处罚等决定的行政机关转送的（第三十二条），填写该机关收到申请的日期")

    field_order = ["organ", "channel", "received_on"]


class PerformanceForm(StyledForm):
    size = "sm"
    performance = forms.ChoiceField(label="履行情况", choices=[(Performance.DONE, "已履行"), (Performance.REFUSED, "未履行")])
    on = forms.DateField(label="日期", widget=date_input())
    note = forms.CharField(label="说明（未履行的：责令履行、约谈、抄告情况）", widget=forms.Textarea(attrs={"rows": 2}),
                           required=False)


class IncidentalForm(StyledForm):
    size = "sm"
    document = forms.IntegerField(label="规范性文件编号（系统内 ID）", min_value=1)
    on = forms.DateField(label="提出日期", widget=date_input())


class IncidentalConclusionForm(StyledForm):
    size = "sm"
    conclusion = forms.ChoiceField(label="审查结论", choices=[c for c in IncidentalReview.Conclusion.choices if c[0]])
    on = forms.DateField(label="结论日期", widget=date_input())
    note = forms.CharField(label="处理意见", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    to_cleanup = forms.BooleanField(label="转入规范性文件清理", required=False)


class OpinionForm(StyledForm):
    size = "sm"
    kind = forms.ChoiceField(label="类型", choices=Opinion.Kind.choices)
    addressee = forms.CharField(label="送达机关", max_length=200)
    content = forms.CharField(label="主要内容", widget=forms.Textarea(attrs={"rows": 2}))
    on = forms.DateField(label="制发日期", widget=date_input())


class OpinionReportForm(StyledForm):
    size = "sm"
    report = forms.CharField(label="纠正情况", widget=forms.Textarea(attrs={"rows": 2}))
    on = forms.DateField(label="报送日期", widget=date_input())


class LookupForm(StyledForm):
    case_number = forms.CharField(label="案号", max_length=40)
    code = forms.CharField(label="查询码", max_length=20)


class ReportForm(StyledForm):
    size = "sm"
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    quarter = forms.ChoiceField(label="季度", choices=[(str(n), f"第{'一二三四'[n - 1]}季度") for n in range(1, 5)])
    half = forms.ChoiceField(label="半年", choices=[("1", "上半年"), ("2", "下半年")])
    outcomes = forms.MultipleChoiceField(label="计入纠错的结果", choices=Outcome.choices, required=False,
                                         widget=forms.CheckboxSelectMultiple)
