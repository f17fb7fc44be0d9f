"""Account pages for the system administrator: list, create, edit, reset a password.

Accounts are fetched through `User.objects.for_user`, so an administrator sees and edits only the
accounts of units in their own data scope; anything else is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from fazhi.core import capabilities as cap
from fazhi.core import services
from fazhi.core.models import Role, Unit, User
from fazhi.core.permissions import capability_required
from fazhi.core.tables import BooleanFilter, ChoiceFilter, Column, Table
from fazhi.core.views import forms


def _visible_user(request, pk: int) -> User:
    user = User.objects.for_user(request.user).filter(pk=pk).first()
    if user is None:
        raise Http404("记录不存在或不在您的数据范围内")
    return user


def user_table(request) -> Table:
    users = User.objects.for_user(request.user).select_related("unit").prefetch_related("roles")
    return Table(
        users,
        columns=[
            Column("username", "账号", sortable=True, link=lambda u: reverse("core:user_edit", args=[u.pk])),
            Column("full_name", "姓名", sortable=True),
            Column("unit", "所属单位", sortable=True, accessor="unit.name", order_by="unit__path", width=30),
            Column("roles", "角色", accessor=lambda u: [r.name for r in u.roles.all()], width=30),
            Column("data_scope", "数据范围", sortable=True),
            Column("is_active", "启用", sortable=True),
            Column("last_login", "最近登录", sortable=True, width=18),
        ],
        search=["username", "full_name", "phone", "email"],
        search_placeholder="账号、姓名、电话",
        filters=[
            ChoiceFilter(
                "unit", "单位及下级",
                choices=lambda: [
                    (u.pk, "\u3000" * max(0, u.depth - 1) + u.name)
                    for u in forms.units_in_scope(request.user)
                ],
                method=lambda pk: Unit.objects.get(pk=pk).subtree_q("unit"),
            ),
            ChoiceFilter("role", "角色", "roles__code", many=True,
                         choices=lambda: Role.objects.values_list("code", "name")),
            BooleanFilter("active", "状态", "is_active", yes="启用", no="停用"),
        ],
        default_sort="username",
    ).from_request(request)


@capability_required(cap.MANAGE_USERS)
def user_list(request):
    return user_table(request).respond(request, "core/user_list.html", filename="用户")


@capability_required(cap.MANAGE_USERS)
def user_create(request):
    form = forms.UserCreateForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changes = form.service_changes()
        try:
            user = services.create_user(
                request.user, username=data["username"], password=data["password1"],
                unit=changes["unit"], full_name=changes["full_name"], roles=changes["roles"],
                data_scope=changes["data_scope"], scope_units=changes["scope_units"],
                email=changes["email"], phone=changes["phone"],
            )
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, f"已创建账号“{user.username}”")
            return redirect("core:user_edit", pk=user.pk)
    return render(request, "core/user_form.html", {"form": form, "target": None},
                  status=400 if form.is_bound else 200)


@capability_required(cap.MANAGE_USERS)
def user_edit(request, pk: int):
    target = _visible_user(request, pk)
    initial = {
        "full_name": target.full_name, "unit": target.unit_id, "roles": list(target.roles.all()),
        "data_scope": target.data_scope, "scope_units": list(target.scope_units.all()),
        "phone": target.phone, "email": target.email, "is_active": target.is_active,
    }
    form = forms.UserForm(request.POST or None, initial=initial, actor=request.user, target=target)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_user(request.user, target, **form.service_changes())
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, "账号已保存")
            return redirect("core:user_edit", pk=target.pk)
    return render(request, "core/user_form.html", {
        "form": form, "target": target, "password_form": forms.PasswordResetForm(),
    }, status=400 if form.is_bound else 200)


@capability_required(cap.MANAGE_USERS)
def user_password(request, pk: int):
    target = _visible_user(request, pk)
    form = forms.PasswordResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reset_password(request.user, target, form.cleaned_data["password1"], reason="管理员重置密码")
        except ValidationError as exc:
            form.add_error("password1", exc)
        else:
            messages.success(request, f"已重置“{target.username}”的密码")
            return redirect("core:user_edit", pk=target.pk)
    return render(request, "core/user_password.html", {"form": form, "target": target},
                  status=400 if form.is_bound else 200)
