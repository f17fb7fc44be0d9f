from __future__ import annotations

import datetime

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from fazhi.core.context import RequestMeta, client_ip, reset_request_meta, set_request_meta


class SecurityHeadersMiddleware:
    """Content-Security-Policy and friends: everything the pages load comes from this server."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.FAZHI_CSP)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = set_request_meta(
            RequestMeta(ip=client_ip(request), user_agent=request.META.get("HTTP_USER_AGENT", "")[:300])
        )
        try:
            return self.get_response(request)
        finally:
            reset_request_meta(token)


class SessionControlMiddleware:
    """Keeps the online-session list current and sends users whose password is expired, or was set by an
    administrator, to change it."""

    TOUCH_EVERY = datetime.timedelta(minutes=1)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            self._touch(request)
            # An administrator set the password (new account, reset): its holder replaces it first.
            why = "must" if user.password_must_change else "expired" if self._password_expired(user) else ""
            if why and not self._exempt(request.path):
                if request.path.startswith("/api/"):  # a script riding on the session gets an answer it can read
                    detail = "密码由管理员设置，请先在页面上修改密码" if why == "must" else "密码已过期，请先在页面上修改密码"
                    return JsonResponse({"detail": detail}, status=403)
                return redirect(reverse("core:password_change") + f"?{why}=1")
        return self.get_response(request)

    def _touch(self, request) -> None:
        from fazhi.core.models import OnlineSession

        key = request.session.session_key
        if not key:
            return
        now = timezone.now()
        OnlineSession.objects.filter(session_key=key, last_seen__lt=now - self.TOUCH_EVERY).update(last_seen=now)

    @staticmethod
    def _password_expired(user) -> bool:
        days = settings.FAZHI_PASSWORD_EXPIRY_DAYS
        if not days:
            return False
        # Accounts made outside the services (createsuperuser) have no change date: their password is
        # as old as the account, not exempt from expiry.
        changed = user.password_changed_at or user.date_joined
        return changed < timezone.now() - datetime.timedelta(days=days)

    @staticmethod
    def _exempt(path: str) -> bool:
        exempt = (reverse("core:password_change"), reverse("core:logout"), settings.STATIC_URL)
        return path.startswith(exempt)
