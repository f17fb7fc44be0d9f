"""Forms of the foundation's pages: units, users, roles and the working-day calendar.

Forms only check and shape input; the change itself is made by a service function, whose
ValidationError (a Chinese message) is attached back to the form with `add_service_error`.
"""

from __future__ import annotations

from django import forms

from fazhi.core import capabilities as cap
from fazhi.core import services
from fazhi.core.forms import StyledForm, date_input
from fazhi.core.models import CalendarDay, DataScope, Level, Role, Unit, User
from fazhi.core.modules import capability_labels
from fazhi.core.permissions import has_capability


class UnitChoiceField(forms.ModelChoiceField):
    """Units shown indented by their depth in the tree."""

    def label_from_instance(self, unit: Unit) -> str:
        return "\u3000" * max(0, unit.depth - 1) + unit.name + ("（已停用）" if not unit.is_active else "")


class UnitMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, unit: Unit) -> str:
        return "\u3000" * max(0, unit.depth - 1) + unit.name


def units_in_scope(user: User):
    return Unit.objects.for_user(user).only("id", "name", "depth", "path", "is_active")


def split_aliases(text: str) -> list[str]:
    """Aliases typed one per line, or separated by commas or 、."""
    for sep in ("，", ",", "、", "；", ";"):
        text = text.replace(sep, "\n")
    return [part.strip() for part in text.splitlines() if part.strip()]


# ------------------------------------------------------------------------------------------- units

class UnitCreateForm(StyledForm):
    name = forms.CharField(label="名称", max_length=100)
    kind = forms.ChoiceField(label="类型", choices=Unit.Kind.choices)
    code = forms.CharField(label="代码", max_length=40, required=False, help_text="行政区划代码或统一社会信用代码")
    aliases = forms.CharField(label="别名", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                              help_text="每行一个，或用逗号、顿号分隔")


class RootUnitForm(StyledForm):
    name = forms.CharField(label="名称", max_length=100)
    level = forms.ChoiceField(label="层级", choices=Level.choices)
    code = forms.CharField(label="代码", max_length=40, required=False)


class RenameForm(StyledForm):
    name = forms.CharField(label="新名称", max_length=100)


class MoveForm(StyledForm):
    parent = UnitChoiceField(label="新的上级单位", queryset=Unit.objects.none())

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = units_in_scope(user)


class ActiveForm(StyledForm):
    reason = forms.CharField(label="理由", max_length=500, required=False)


class AttributesForm(StyledForm):
    organ = forms.ChoiceField(label="机关类别", choices=Unit.Organ.choices,
                              help_text="方案中的“各部门”只包括行政机关；党的机关、法院、检察院须由方案点名")
    enforcement_powers = forms.BooleanField(label="行政执法主体（“各执法部门”包括本单位）", required=False)


class AliasesForm(StyledForm):
    aliases = forms.CharField(label="别名", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text="每行一个，或用逗号、顿号分隔；清空即删除全部别名")


# ------------------------------------------------------------------------------------------- users

class UserForm(StyledForm):
    full_name = forms.CharField(label="姓名", max_length=60, required=False)
    unit = UnitChoiceField(label="所属单位", queryset=Unit.objects.none())
    roles = forms.ModelMultipleChoiceField(
        label="角色", queryset=Role.objects.all(), required=False, widget=forms.CheckboxSelectMultiple)
    data_scope = forms.ChoiceField(label="数据范围", choices=DataScope.choices)
    scope_units = UnitMultipleChoiceField(
        label="自定义范围单位", queryset=Unit.objects.none(), required=False,
        help_text="数据范围为“自定义单位”时生效：所选单位及其下级", widget=forms.SelectMultiple(attrs={"size": 8}))
    phone = forms.CharField(label="电话", max_length=30, required=False)
    email = forms.EmailField(label="电子邮箱", required=False)
    is_active = forms.BooleanField(label="启用", required=False, initial=True)

    def __init__(self, *args, actor: User, target: User | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor, self.target = actor, target
        units = units_in_scope(actor).filter(is_active=True)
        self.fields["unit"].queryset = units
        self.fields["scope_units"].queryset = units
        if not (actor.is_superuser or actor.data_scope == DataScope.ALL):
            # Nobody hands out a wider view than their own.
            self.fields["data_scope"].choices = [c for c in DataScope.choices if c[0] != DataScope.ALL]
        self.kept_roles: list[Role] = []
        if not has_capability(actor, cap.MANAGE_ROLES):
            # 三员分立: the security and audit roles are the security administrator's to hand out; here
            # they are neither offered nor lost when the rest of the account is saved.
            reserved = [r.pk for r in Role.objects.all() if services.is_security_assigned(r)]
            self.fields["roles"].queryset = Role.objects.exclude(pk__in=reserved)
            self.fields["roles"].help_text = "安全管理员、审计管理员等角色由安全管理员在“账号与角色”中分配"
            if target is not None:
                self.kept_roles = list(target.roles.filter(pk__in=reserved))
        if self.editing_self:
            self.fields["roles"].disabled = True
            self.fields["roles"].help_text = "三员分立：不能修改自己的角色"
            self.fields["is_active"].disabled = True

    @property
    def editing_self(self) -> bool:
        return self.target is not None and self.target.pk == self.actor.pk

    def clean(self):
        data = super().clean()
        roles = data.get("roles")
        if roles is not None:
            services.check_separated_duties(c for role in [*roles, *self.kept_roles] for c in role.capabilities)
        if data.get("data_scope") == DataScope.CUSTOM and not data.get("scope_units"):
            self.add_error("scope_units", "数据范围为“自定义单位”时须至少选择一个单位")
        return data

    def service_changes(self) -> dict:
        data = self.cleaned_data
        changes = {
            "full_name": data["full_name"], "unit": data["unit"], "data_scope": data["data_scope"],
            "phone": data["phone"], "email": data["email"],
            "scope_units": list(data["scope_units"]) if data["data_scope"] == DataScope.CUSTOM else [],
        }
        if not self.editing_self:
            changes["roles"] = [r.code for r in [*data["roles"], *self.kept_roles]]
            if "is_active" in self.fields:
                changes["is_active"] = data["is_active"]
        return changes


class UserCreateForm(UserForm):
    username = forms.CharField(label="账号", max_length=150)
    password1 = forms.CharField(label="初始密码", widget=forms.PasswordInput(render_value=False))
    password2 = forms.CharField(label="确认密码", widget=forms.PasswordInput(render_value=False))

    field_order = ["username", "full_name", "password1", "password2", "unit", "roles", "data_scope", "scope_units"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["is_active"]

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", "两次输入的密码不一致")
        return data


class PasswordResetForm(StyledForm):
    password1 = forms.CharField(label="新密码", widget=forms.PasswordInput)
    password2 = forms.CharField(label="确认新密码", widget=forms.PasswordInput)

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", "两次输入的密码不一致")
        return data


# ------------------------------------------------------------------------------------------- roles

class RoleForm(StyledForm):
    code = forms.SlugField(label="代码", max_length=40, help_text="英文字母、数字、连字符，创建后不可修改")
    name = forms.CharField(label="名称", max_length=60)
    description = forms.CharField(label="说明", max_length=200, required=False)
    capabilities = forms.MultipleChoiceField(
        label="权限", choices=(), required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["capabilities"].choices = list(capability_labels().items())  # every module's, gathered
        if editing:
            self.fields["code"].disabled = True


class AccountSecurityForm(UserForm):
    """The security administrator's form: an account's roles, unit, data scope and whether it works
    (not its name or contact details, which are the system administrator's)."""

    reason = forms.CharField(label="理由", max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("full_name", "phone", "email"):
            del self.fields[name]
        if not self.editing_self:
            self.fields["roles"].help_text = "三员分立：系统管理员、安全管理员、审计管理员的职责不能由同一账号承担"

    def service_changes(self) -> dict:
        data = self.cleaned_data
        changes = {
            "unit": data["unit"], "data_scope": data["data_scope"], "reason": data["reason"],
            "scope_units": list(data["scope_units"]) if data["data_scope"] == DataScope.CUSTOM else [],
        }
        if not self.editing_self:
            changes["roles"] = [r.code for r in data["roles"]]
            changes["is_active"] = data["is_active"]
        return changes


class TokenPolicyForm(StyledForm):
    token_default_days = forms.IntegerField(label="接口令牌默认有效期（天）", min_value=1, max_value=3650)
    token_max_days = forms.IntegerField(label="接口令牌最长有效期（天）", min_value=1, max_value=3650,
                                        help_text="用户创建令牌时可选的最长有效期；已创建的令牌不受影响")


class UnlockForm(StyledForm):
    username = forms.CharField(label="账号", max_length=150, required=False)
    ip = forms.GenericIPAddressField(label="IP 地址", required=False)
    reason = forms.CharField(label="理由", max_length=500, required=False)


# ------------------------------------------------------------------------------------------- calendar

class DayTypeForm(StyledForm):
    day_type = forms.ChoiceField(label="类型", choices=CalendarDay.DayType.choices)
    note = forms.CharField(label="说明", max_length=60, required=False)


class NoticeImportForm(StyledForm):
    year = forms.IntegerField(label="年份", min_value=2000, max_value=2100, required=False,
                              help_text="留空时从通知标题中识别")
    text = forms.CharField(label="通知全文", widget=forms.Textarea(attrs={"rows": 10}),
                           help_text="粘贴《国务院办公厅关于××××年部分节假日安排的通知》的正文")


class DeadlineForm(StyledForm):
    KIND_CHOICES = [("working", "工作日"), ("natural", "自然日")]

    start = forms.DateField(label="起算日", widget=date_input())
    days = forms.IntegerField(label="期限（天）", min_value=1, max_value=3650)
    kind = forms.ChoiceField(label="计算方式", choices=KIND_CHOICES)
