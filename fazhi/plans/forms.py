"""Forms of plan import: the upload, the document fields and the small correction forms of the preview."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from fazhi.core.forms import StyledForm, date_input
from fazhi.core.models import Unit
from fazhi.plans import services
from fazhi.plans.models import Plan, PlanItemUnit

LEVEL_CHOICES = Plan._meta.get_field("level").choices


class PlanChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, plan: Plan) -> str:
        return f"{plan.jurisdiction.name} · {plan.title}"


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, unit: Unit) -> str:
        return "\u3000" * max(0, unit.depth - 1) + unit.name


class UploadForm(StyledForm):
    file = forms.FileField(
        label="方案文件", required=False, help_text="支持 txt、docx、html、pdf；繁体和网页转存的文本也可以",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(services.UPLOAD_SUFFIXES)}),
    )
    text = forms.CharField(label="或粘贴方案全文", required=False, widget=forms.Textarea(attrs={"rows": 6}))
    jurisdiction = RegionChoiceField(label="所属行政区", queryset=Unit.objects.none())
    upper_plan = PlanChoiceField(label="落实的上级方案", queryset=Plan.objects.none(), required=False,
                                 help_text="本方案是为落实哪个上级方案而制定的（可不选）")
    revises = PlanChoiceField(label="修订的方案", queryset=Plan.objects.none(), required=False,
                              help_text="留空时按标题自动识别同一行政区的现行版本")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].queryset = services.jurisdiction_choices(user)
        self.fields["jurisdiction"].initial = services.default_jurisdiction(user)
        self.fields["upper_plan"].queryset = services.upper_plan_choices(user)
        self.fields["revises"].queryset = services.revisable_plans(user)

    def clean(self):
        data = super().clean()
        has_file, has_text = bool(data.get("file")), bool((data.get("text") or "").strip())
        if not has_file and not has_text:
            raise ValidationError("请上传方案文件或粘贴方案全文")
        if has_file and has_text:
            raise ValidationError("请只选择一种方式：上传文件或粘贴全文")
        return data


class DocumentFieldsForm(StyledForm):
    size = "sm"
    title = forms.CharField(label="标题", max_length=300)
    issuer = forms.CharField(label="发文机关", required=False, max_length=300, help_text="多个机关用“、”分隔")
    doc_number = forms.CharField(label="文号", required=False, max_length=100)
    issued_on = forms.DateField(label="成文日期", required=False, widget=date_input())
    level = forms.ChoiceField(label="层级", choices=LEVEL_CHOICES)
    period_start = forms.IntegerField(label="起始年份", required=False, min_value=1949, max_value=2100)
    period_end = forms.IntegerField(label="截止年份", required=False, min_value=1949, max_value=2100)

    @classmethod
    def for_document(cls, document: dict, data=None) -> DocumentFieldsForm:
        period = document.get("period") or {}
        return cls(data, initial={
            "title": document.get("title") or "", "issuer": "、".join(document.get("issuer") or []),
            "doc_number": document.get("doc_number") or "", "issued_on": document.get("issued_on"),
            "level": document.get("level") or "unknown",
            "period_start": period.get("start"), "period_end": period.get("end"),
        })

    def changes(self) -> dict:
        data = self.cleaned_data
        issuers = [part for part in data["issuer"].replace(",", "、").replace("，", "、").split("、")]
        return {
            "title": data["title"], "issuer": issuers, "doc_number": data["doc_number"],
            "issued_on": data["issued_on"], "level": data["level"],
            "period": (data["period_start"], data["period_end"]),
        }


class LinksForm(StyledForm):
    size = "sm"
    upper_plan = PlanChoiceField(label="落实的上级方案", queryset=Plan.objects.none(), required=False)
    revises = PlanChoiceField(label="修订的方案", queryset=Plan.objects.none(), required=False)

    def __init__(self, *args, user, jurisdiction, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["upper_plan"].queryset = services.upper_plan_choices(user, jurisdiction)
        self.fields["revises"].queryset = services.revisable_plans(user).filter(jurisdiction=jurisdiction)


class ItemForm(forms.Form):
    title = forms.CharField(label="标题", required=False, max_length=300)
    text = forms.CharField(label="内容", required=False, widget=forms.Textarea(attrs={"rows": 4}))


class UnitForm(forms.Form):
    role = forms.ChoiceField(label="角色", choices=PlanItemUnit.Role.choices)
    name = forms.CharField(label="单位名称", max_length=100)


class DeadlineForm(forms.Form):
    index = forms.IntegerField(min_value=0)
    value = forms.CharField(label="日期", required=False, max_length=10)


class SplitForm(forms.Form):
    """Where to cut: a character position (set by the page script) or the words the second part starts with."""

    at = forms.IntegerField(required=False, min_value=1)
    start = forms.CharField(label="第二部分开头的文字", required=False, max_length=200)
    label = forms.CharField(label="新条目编号", max_length=20)

    def position(self, text: str) -> int:
        data = self.cleaned_data
        start = (data.get("start") or "").strip()
        if start:
            found = text.find(start)
            if found < 0:
                raise ValidationError(f"条目内容中找不到“{start}”")
            return found
        if data.get("at"):
            return data["at"]
        raise ValidationError("请指明从哪里拆分：点击内容中的拆分位置，或填写第二部分开头的文字")


class NameMappingForm(forms.Form):
    """For one unresolved name: a unit of the jurisdiction, a collective name, or leave it for later."""

    name = forms.CharField(max_length=100)
    choice = forms.CharField(max_length=40)

    def __init__(self, *args, jurisdiction: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.jurisdiction = jurisdiction

    def clean(self):
        data = super().clean()
        choice = data.get("choice") or ""
        data["unit"] = None
        if choice.startswith("unit:"):
            try:
                data["unit"] = Unit.objects.filter(self.jurisdiction.subtree_q()).get(pk=int(choice[5:]))
            except (ValueError, Unit.DoesNotExist):
                raise ValidationError("所选单位不属于本行政区") from None
        elif choice not in ("collective", "leave", "unleave"):
            raise ValidationError("请选择对应单位、“集合称谓”或“暂不解析”")
        return data
