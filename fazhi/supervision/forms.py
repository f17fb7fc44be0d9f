"""Forms of the supervision pages. They only shape input; rules live in `services`."""

from __future__ import annotations

from django import forms

from fazhi.core.forms import StyledForm, date_input
from fazhi.core.models import Unit
from fazhi.core.uploads import DOCUMENT_TYPES, accept_attribute, kinds_text
from fazhi.supervision.models import Milestone, Task, TaskUnit

Styled = StyledForm  # the one styled base (check boxes styled as check boxes); the name the forms below use


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


class AttachmentsMixin(forms.Form):
    """Files and links handed in with a step (佐证材料, 回复附件): the one list of accepted document types."""

    files = MultipleFileField(label="附件", required=False, help_text=f"可多选；接受 {kinds_text(DOCUMENT_TYPES)} 文件")
    links = forms.CharField(label="链接", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                            help_text="公开网页地址，每行一个，以 http:// 或 https:// 开头")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].widget.attrs["accept"] = accept_attribute(DOCUMENT_TYPES)

    def link_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("links", "").splitlines() if line.strip()]


class ReportForm(AttachmentsMixin, Styled):
    text = forms.CharField(label="进展情况", widget=forms.Textarea(attrs={"rows": 6}), required=False,
                           help_text="写明做了什么、成效如何、下一步安排")
    percent = forms.IntegerField(label="完成进度（%）", min_value=0, max_value=100, initial=0)
    completed = forms.BooleanField(label="该节点任务已完成（采纳后节点办结，须附佐证材料）", required=False)
    field_order = ["text", "percent", "completed", "files", "links"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].label, self.fields["links"].label = "佐证文件", "佐证链接"


class ReviewForm(Styled):
    comment = forms.CharField(label="审核意见", required=False, widget=forms.Textarea(attrs={"rows": 3}))


def task_units_queryset(jurisdiction: Unit):
    """The units a task of `jurisdiction`'s plan may be given: its active non-region units."""
    return Unit.objects.filter(jurisdiction.subtree_q(), is_active=True).exclude(kind=Unit.Kind.REGION)


class TaskUnitForm(Styled):
    """One unit in one role (accepting a lead-unit suggestion)."""

    size = "sm"

    unit = forms.ModelChoiceField(label="单位", queryset=Unit.objects.none())
    role = forms.ChoiceField(label="角色", choices=TaskUnit.Role.choices)

    def __init__(self, *args, jurisdiction: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = task_units_queryset(jurisdiction)
        self.fields["unit"].label_from_instance = lambda u: u.name


class TaskUnitsForm(Styled):
    """Add units to a task: several picked at once and/or a whole range (全部乡镇, 全部部门 …)."""

    size = "sm"

    units = forms.ModelMultipleChoiceField(label="单位（可多选）", queryset=Unit.objects.none(), required=False,
                                           widget=forms.SelectMultiple(attrs={"size": 6}))
    group = forms.ChoiceField(label="或整批添加", required=False)
    role = forms.ChoiceField(label="角色", choices=TaskUnit.Role.choices)

    def __init__(self, *args, jurisdiction: Unit, **kwargs):
        from fazhi.supervision.services import unit_groups

        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = task_units_queryset(jurisdiction).order_by("path")
        self.fields["units"].label_from_instance = lambda u: u.name
        # A callable: the ranges are read only when the select is rendered or a choice is checked.
        self.fields["group"].choices = lambda: [("", "—")] + unit_groups(jurisdiction)

    def clean(self):
        data = super().clean()
        if not data.get("units") and not data.get("group"):
            raise forms.ValidationError("请至少选择一个单位或一个单位范围")
        return data


class TriggerForm(Styled):
    deadline_index = forms.IntegerField(widget=forms.HiddenInput)
    on = forms.DateField(label="事件发生日期", widget=date_input())


class OrderForm(Styled):
    recipient = forms.ModelChoiceField(label="承办单位", queryset=Unit.objects.none())
    subject = forms.CharField(label="督办事由", max_length=200)
    body = forms.CharField(label="督办要求", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    milestones = forms.ModelMultipleChoiceField(
        label="督办节点", queryset=Milestone.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple, help_text="承办单位尚未完成的时间节点",
    )
    tasks = forms.ModelMultipleChoiceField(label="督办任务", queryset=Task.objects.none(), required=False,
                                           widget=forms.SelectMultiple(attrs={"size": 6}))
    reply_working_days = forms.IntegerField(label="回复期限（工作日）", min_value=1, max_value=60)

    def __init__(self, *args, user, recipient: Unit | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        jurisdiction = user.unit.jurisdiction() if user.unit else None
        units = Unit.objects.for_user(user).exclude(kind=Unit.Kind.REGION)
        if jurisdiction is not None:
            units = units.filter(jurisdiction.subtree_q())
        self.fields["recipient"].queryset = units.exclude(pk=user.unit_id)
        self.fields["recipient"].label_from_instance = lambda u: u.name
        if recipient is not None:
            self.fields["milestones"].queryset = (
                Milestone.objects.for_user(user).filter(unit=recipient, state__in=Milestone.OPEN_STATES)
                .select_related("task").order_by("due_on")
            )
            self.fields["tasks"].queryset = Task.objects.for_user(user).filter(
                units__unit=recipient, units__removed_at__isnull=True
            ).distinct()
        self.fields["milestones"].label_from_instance = (
            lambda m: f"{m.task.label} {m.task.title} · {m.label} · 截止 {m.due_on:%Y-%m-%d} · {m.get_state_display()}"
        )
        self.fields["tasks"].label_from_instance = lambda t: f"{t.label} {t.title}"


class ReplyForm(AttachmentsMixin, Styled):
    text = forms.CharField(label="回复内容", widget=forms.Textarea(attrs={"rows": 5}))
    field_order = ["text", "files", "links"]


class SettingsForm(Styled):
    warn_working_days = forms.IntegerField(label="临期提醒（到期前工作日数）", min_value=0, max_value=60)
    order_reply_working_days = forms.IntegerField(label="督办单默认回复期限（工作日）", min_value=1, max_value=60)
    order_prefix = forms.CharField(label="督办单文号代字", max_length=20, required=False)
    default_due = forms.ChoiceField(label="无时限任务", choices=[("period_end", "在方案期末设一个节点"),
                                                               ("none", "不设节点")])
    letterhead = forms.CharField(label="督办通知单红头（发文机关标志）", max_length=60, required=False,
                                 help_text="如“陇县全面依法治县委员会办公室”；留空则用督办单位名称")
    signer = forms.CharField(label="签发人", max_length=30, required=False)
    cc = forms.CharField(label="抄送", max_length=200, required=False, help_text="多个机关用顿号或逗号分隔")
    enforcement_units = forms.ModelMultipleChoiceField(
        label="“各执法部门”包括", queryset=Unit.objects.none(), required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="即各单位的“行政执法主体”属性（单位页面也可修改）；未标记任何单位时“各执法部门”留待人工指定",
    )

    def __init__(self, *args, jurisdiction: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enforcement_units"].queryset = Unit.objects.get_children(jurisdiction).filter(
            kind=Unit.Kind.DEPARTMENT, organ=Unit.Organ.ADMINISTRATIVE, is_active=True
        )
        self.fields["enforcement_units"].label_from_instance = lambda u: u.name


class TrackingForm(Styled):
    tracks_from = forms.DateField(label="跟踪起始日期", required=False, widget=date_input(),
                                  help_text="此日期前到期的节点不生成；留空则取方案成文日期")
    standing = forms.ChoiceField(label="执行期限", required=False, choices=[
        ("", "按标题判断"), ("standing", "长期执行（每年年初生成当年节点）"), ("bounded", "按方案起止年份")])


class ExtensionRequestForm(Styled):
    requested_due_on = forms.DateField(label="申请延期至", widget=date_input())
    reason = forms.CharField(label="延期理由", widget=forms.Textarea(attrs={"rows": 3}))


class ExtensionDecisionForm(Styled):
    approved_due_on = forms.DateField(label="批准延期至", required=False,
                                      widget=date_input(), help_text="留空则按申请日期")
    comment = forms.CharField(label="审批意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DueCorrectionForm(Styled):
    due_on = forms.DateField(label="更正后的截止日期", widget=date_input())
    reason = forms.CharField(label="更正理由", widget=forms.Textarea(attrs={"rows": 2}))


class MilestoneEditForm(Styled):
    label = forms.CharField(label="节点名称", max_length=100)
    required_reports = forms.IntegerField(label="需采纳次数", min_value=1, max_value=366, initial=1,
                                          help_text="“每年至少开展2次”填 2：采纳 2 份已完成的报告后节点办结")
    reason = forms.CharField(label="说明", required=False, max_length=500)


class MilestoneAddForm(MilestoneEditForm):
    unit = forms.ModelChoiceField(label="报送单位", queryset=Unit.objects.none())
    due_on = forms.DateField(label="截止日期", widget=date_input())
    field_order = ["unit", "label", "due_on", "required_reports", "reason"]

    def __init__(self, *args, task: Task, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(
            task_assignments__task=task, task_assignments__removed_at__isnull=True).distinct().order_by("path")


class MilestoneCancelForm(Styled):
    reason = forms.CharField(label="取消理由", max_length=500)


class OrderTemplateForm(Styled):
    template = forms.FileField(label="督办通知单模板（.docx）", required=False,
                               help_text="在默认模板上修改红头、措辞或版式后上传；不选文件提交则恢复默认模板")
