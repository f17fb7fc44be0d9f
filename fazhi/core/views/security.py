"""Pages of the security and audit administrators: roles, accounts' roles and password resets, sign-in
restrictions, the security policy, online sessions, operation and login logs.

The logs are read-only here: there is no view that changes or deletes a log row (the models refuse
it too). An auditor sees the rows of actors within their data scope.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from fazhi.core import audit, auth, flash, services
from fazhi.core import capabilities as cap
from fazhi.core.auth import force_logout
from fazhi.core.models import LoginLog, OnlineSession, OperationLog, Role, SecurityPolicy, User
from fazhi.core.modules import capability_labels
from fazhi.core.permissions import capability_required
from fazhi.core.scopes import scope_q
from fazhi.core.tables import BooleanFilter, ChoiceFilter, Column, DateRangeFilter, Table
from fazhi.core.views import forms

# ------------------------------------------------------------------------------------------- roles


@capability_required(cap.MANAGE_ROLES)
def role_list(request):
    roles = Role.objects.annotate(user_count=Count("users"))
    labels = capability_labels()
    rows = [
        {"role": role, "capabilities": [(c, labels.get(c, c)) for c in role.capabilities],
         "held": request.user.roles.filter(pk=role.pk).exists()}
        for role in roles
    ]
    return render(request, "core/role_list.html", {"rows": rows})


def _role_form_page(request, form, role: Role | None, status: int = 200):
    return render(request, "core/role_form.html", {"form": form, "role": role}, status=status)


@capability_required(cap.MANAGE_ROLES)
def role_create(request):
    form = forms.RoleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            role = services.create_role(request.user, code=data["code"], name=data["name"],
                                        description=data["description"], capabilities=data["capabilities"])
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, f"已创建角色“{role.name}”")
            return redirect("core:role_list")
    return _role_form_page(request, form, None, status=400 if form.is_bound else 200)


@capability_required(cap.MANAGE_ROLES)
def role_edit(request, pk: int):
    role = get_object_or_404(Role, pk=pk)
    initial = {"code": role.code, "name": role.name, "description": role.description,
               "capabilities": role.capabilities}
    form = forms.RoleForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_role(request.user, role, name=data["name"], description=data["description"],
                                 capabilities=data["capabilities"])
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, f"角色“{role.name}”已保存")
            return redirect("core:role_list")
    return _role_form_page(request, form, role, status=400 if form.is_bound else 200)


# ------------------------------------------------------------------------------------------- accounts
#
# 三员分立: the system administrator creates accounts and gives ordinary roles; the security and audit
# roles, and the passwords of the three administrators, are the security administrator's (see
# `services.SECURITY_ASSIGNED` and `services.reset_password`). These pages are where they do it.


def _account_in_scope(request, pk: int) -> User:
    account = User.objects.for_user(request.user).filter(pk=pk).first()
    if account is None:
        raise Http404("记录不存在或不在您的数据范围内")
    return account


@capability_required(cap.MANAGE_ROLES)
def account_list(request):
    table = Table(
        User.objects.for_user(request.user).select_related("unit").prefetch_related("roles"),
        columns=[
            Column("username", "账号", sortable=True, link=lambda u: reverse("core:account_roles", args=[u.pk])),
            Column("full_name", "姓名", sortable=True),
            Column("unit", "所属单位", sortable=True, accessor="unit.name", order_by="unit__path", width=30),
            Column("roles", "角色", accessor=lambda u: [r.name for r in u.roles.all()], width=30),
            Column("duties", "管理员职责", accessor=lambda u: "、".join(services.administrator_duties(u)) or "—"),
            Column("is_active", "启用", sortable=True),
        ],
        search=["username", "full_name"],
        search_placeholder="账号、姓名",
        filters=[ChoiceFilter("role", "角色", "roles__code", many=True,
                              choices=lambda: Role.objects.values_list("code", "name"))],
        default_sort="username",
    ).from_request(request)
    return table.respond(request, "core/account_list.html", filename="账号与角色")


@capability_required(cap.MANAGE_ROLES)
def account_roles(request, pk: int):
    account = _account_in_scope(request, pk)
    initial = {"unit": account.unit_id, "roles": list(account.roles.all()), "data_scope": account.data_scope,
               "scope_units": list(account.scope_units.all()), "is_active": account.is_active}
    form = forms.AccountSecurityForm(request.POST or None, initial=initial, actor=request.user, target=account)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_user(request.user, account, **form.service_changes())
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, f"已保存“{account.username}”的角色与数据范围")
            return redirect("core:account_roles", pk=account.pk)
    return render(request, "core/account_roles.html", {
        "form": form, "account": account, "password_form": forms.PasswordResetForm(),
        "duties": services.administrator_duties(account),
    }, status=400 if form.is_bound else 200)


@capability_required(cap.MANAGE_ROLES)
@require_POST
def account_password(request, pk: int):
    account = _account_in_scope(request, pk)
    form = forms.PasswordResetForm(request.POST)
    if form.is_valid():
        flash.call(request, services.reset_password, request.user, account, form.cleaned_data["password1"],
                   reason="安全管理员重置密码",
                   done=f"已重置“{account.username}”的密码，对方下次登录须修改密码")
    else:
        messages.error(request, flash.form_errors_text(form))
    return redirect("core:account_roles", pk=account.pk)


# ------------------------------------------------------------------------------------------- sign-in restrictions


@capability_required(cap.MANAGE_SESSIONS)
def lockout_list(request):
    return render(request, "core/lockout_list.html", {
        "restrictions": auth.current_restrictions(request.user), "form": forms.UnlockForm(),
        "settings_attempts": settings.FAZHI_LOCKOUT_ATTEMPTS, "settings_minutes": settings.FAZHI_LOCKOUT_MINUTES,
    })


@capability_required(cap.MANAGE_SESSIONS)
@require_POST
def lockout_unlock(request):
    form = forms.UnlockForm(request.POST)
    if not form.is_valid():
        messages.error(request, flash.form_errors_text(form))
        return redirect("core:lockout_list")
    data = form.cleaned_data
    # An account name that is an account must be in the caller's scope; other names and addresses
    # belong to no unit.
    if data["username"] and User.objects.filter(username=data["username"].strip()).exists() and not (
        User.objects.for_user(request.user).filter(username=data["username"].strip()).exists()
    ):
        raise Http404("记录不存在或不在您的数据范围内")
    what = "、".join(v for v in (data["username"], data["ip"]) if v)
    flash.call(request, auth.unlock_login, request.user, username=data["username"], ip=data["ip"] or None,
               reason=data["reason"] or "安全管理员解除登录限制", done=f"已解除“{what}”的登录限制")
    return redirect("core:lockout_list")


# ------------------------------------------------------------------------------------------- policy


@capability_required(cap.MANAGE_ROLES)
def security_policy(request):
    policy = SecurityPolicy.current()
    form = forms.TokenPolicyForm(request.POST or None, initial={
        "token_default_days": policy.token_default_days, "token_max_days": policy.token_max_days})
    if request.method == "POST" and form.is_valid():
        try:
            auth.update_token_policy(request.user, default_days=form.cleaned_data["token_default_days"],
                                     max_days=form.cleaned_data["token_max_days"])
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, "安全策略已保存")
            return redirect("core:security_policy")
    return render(request, "core/security_policy.html", {"form": form, "policy": policy},
                  status=400 if form.is_bound else 200)


# ------------------------------------------------------------------------------------------- sessions


def _sessions_in_scope(user):
    return OnlineSession.objects.filter(scope_q(user, "user__unit")).select_related("user__unit")


@capability_required(cap.MANAGE_SESSIONS)
def session_list(request):
    table = Table(
        _sessions_in_scope(request.user),
        columns=[
            Column("user", "用户", sortable=True, accessor=lambda s: s.user, order_by="user__username"),
            Column("unit", "单位", accessor="user.unit.name", sortable=True, order_by="user__unit__path"),
            Column("ip", "IP", sortable=True),
            Column("user_agent", "客户端", width=40, css="small text-break"),
            Column("started_at", "登录时间", sortable=True, width=18),
            Column("last_seen", "最近活动", sortable=True, width=18),
        ],
        search=["user__username", "user__full_name", "ip"],
        search_placeholder="账号、姓名、IP",
        default_sort="-last_seen",
        rows_template="core/_session_rows.html",
    ).from_request(request)
    return table.respond(request, "core/session_list.html", {
        "own_key": request.session.session_key,
    }, filename="在线会话")


@capability_required(cap.MANAGE_SESSIONS)
@require_POST
def session_force_logout(request, pk: int):
    online = get_object_or_404(_sessions_in_scope(request.user), pk=pk)
    if online.session_key == request.session.session_key:
        messages.error(request, "不能强制下线自己当前的会话，请使用“退出”")
    else:
        name = str(online.user)
        force_logout(request.user, online, reason=request.POST.get("reason", "")[:500] or "安全管理员强制下线")
        messages.success(request, f"已将“{name}”强制下线")
    return redirect("core:session_list")


# ------------------------------------------------------------------------------------------- logs


def _operation_logs(user):
    return OperationLog.objects.filter(scope_q(user, "unit"))


def _distinct(queryset, field: str, label) -> list[tuple[str, str]]:
    values = queryset.order_by(field).values_list(field, flat=True).distinct()
    return sorted(((v, label(v)) for v in values if v), key=lambda pair: pair[1])


@capability_required(cap.VIEW_AUDIT_LOG)
def operation_log(request):
    logs = _operation_logs(request.user)
    values = audit.ValueLabels()  # related records named once per page
    table = Table(
        logs,
        columns=[
            Column("at", "时间", sortable=True, width=18,
                   link=lambda log: reverse("core:operation_detail", args=[log.pk])),
            Column("actor_name", "操作人", sortable=True),
            Column("unit_name", "单位", sortable=True, width=24),
            Column("action", "操作", sortable=True, width=24, accessor=lambda log: audit.action_label(log.action)),
            Column("object_type", "对象类型", sortable=True, width=14,
                   accessor=lambda log: audit.object_type_label(log.object_type)),
            Column("object_repr", "对象", width=40, css="fz-col-wide"),
            Column("reason", "理由", width=30),
            Column("ip", "IP"),
            Column("changes", "变化", export=True, width=60, css="fz-col-wide", accessor=values.summary),
        ],
        search=["actor_name", "object_repr", "reason", "unit_name"],
        search_placeholder="操作人、对象、理由",
        filters=[
            DateRangeFilter("at", "日期", "at__date"),
            ChoiceFilter("action", "操作", "action", choices=lambda: _distinct(logs, "action", audit.action_label)),
            ChoiceFilter("object_type", "对象类型", "object_type",
                         choices=lambda: _distinct(logs, "object_type", audit.object_type_label)),
        ],
        default_sort="-at",
        rows_template="core/_operation_rows.html",
    ).from_request(request)
    return table.respond(request, "core/operation_log.html", filename="操作日志")


@capability_required(cap.VIEW_AUDIT_LOG)
def operation_detail(request, pk: int):
    log = get_object_or_404(_operation_logs(request.user), pk=pk)
    return render(request, "core/operation_detail.html", {
        "log": log, "changes": audit.ValueLabels().changes(log), "action_label": audit.action_label(log.action),
        "object_type_label": audit.object_type_label(log.object_type),
    })


@capability_required(cap.VIEW_AUDIT_LOG)
def login_log(request):
    table = Table(
        LoginLog.objects.filter(scope_q(request.user, "user__unit")),
        columns=[
            Column("at", "时间", sortable=True, width=18),
            Column("username", "账号", sortable=True),
            Column("success", "成功", sortable=True),
            Column("reason", "结果", width=24),
            Column("ip", "IP", sortable=True),
            Column("user_agent", "客户端", width=50, css="small text-break"),
        ],
        search=["username", "ip", "reason"],
        search_placeholder="账号、IP、结果",
        filters=[
            DateRangeFilter("at", "日期", "at__date"),
            BooleanFilter("success", "结果", "success", yes="成功", no="失败"),
        ],
        default_sort="-at",
    ).from_request(request)
    return table.respond(request, "core/login_log.html", filename="登录日志")
