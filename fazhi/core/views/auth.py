from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from fazhi.core import services
from fazhi.core.auth import LoginRefused, attempt_login, end_session


def login_view(request):
    if request.user.is_authenticated:
        return redirect("core:home")
    error = None
    username = ""
    if request.method == "POST":
        username = request.POST.get("username", "")
        try:
            attempt_login(request, username, request.POST.get("password", ""))
        except LoginRefused as refused:
            error = str(refused)
        else:
            target = request.POST.get("next") or request.GET.get("next") or ""
            if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
                target = ""
            return redirect(target or "core:home")
    return render(
        request, "core/login.html", {"error": error, "username": username, "next": request.GET.get("next", "")},
        status=401 if error else 200,
    )


@require_POST
def logout_view(request):
    end_session(request)
    logout(request)
    return redirect("core:login")


@login_required
def password_change(request):
    errors: list[str] = []
    if request.method == "POST":
        old = request.POST.get("old_password", "")
        new1 = request.POST.get("new_password1", "")
        new2 = request.POST.get("new_password2", "")
        if not request.user.check_password(old):
            errors.append("原密码不正确")
        elif new1 != new2:
            errors.append("两次输入的新密码不一致")
        elif new1 == old:
            errors.append("新密码不能与原密码相同")
        else:
            try:
                services.set_password(request.user, request.user, new1)
            except ValidationError as exc:
                errors.extend(exc.messages)
            else:
                update_session_auth_hash(request, request.user)
                messages.success(request, "密码已修改")
                return redirect("core:home")
    return render(
        request, "core/password_change.html",
        {"errors": errors, "expired": request.GET.get("expired") == "1",
         "must_change": request.user.password_must_change},
    )
