from __future__ import annotations

import datetime
import json

from django.conf import settings
from django.db import DataError
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from fazhi.core import edge
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


EXPIRY_PUSHED = "_fazhi_expiry_pushed"  # when the session's idle expiry was last pushed ahead (epoch seconds)


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
        # The idle timeout (SESSION_COOKIE_AGE from the last save): the session is saved, and its expiry
        # pushed a full idle period ahead, at most once a minute, as `last_seen` is touched. Saving it on
        # every request (SESSION_SAVE_EVERY_REQUEST) was an UPDATE and a commit on every page view, 1–3 ms
        # of CPU each, for a timeout that needs the minute only.
        pushed = request.session.get(EXPIRY_PUSHED, 0)
        if now.timestamp() - pushed >= self.TOUCH_EVERY.total_seconds():
            request.session[EXPIRY_PUSHED] = int(now.timestamp())  # modified: saved with a new expiry

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


def is_api(request) -> bool:
    return request.path.startswith("/api/")


class InputEdgeMiddleware:
    """Refuses input that no view accepts (see `fazhi.core.edge`) with a Chinese 400 before any view runs.

    The path, every query parameter, every posted form field and every JSON body are checked, whether or
    not the view reads them: a refusal must not depend on which fields an operation happens to use.
    """

    FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

    def __init__(self, get_response):
        from fazhi.core.models import User

        self.get_response = get_response
        # A login name longer than the account column was written to the login log and broke on PostgreSQL.
        self.limits = {"username": User._meta.get_field("username").max_length}

    def __call__(self, request):
        edge.check_text(request.path, "网址")
        edge.check_params(request.GET.lists(), self.limits)
        if request.method == "POST" and request.content_type in self.FORM_TYPES:
            edge.check_params(request.POST.lists(), self.limits)
            for upload in request.FILES.values():
                edge.check_text(upload.name or "", "文件名")
        elif request.method not in ("GET", "HEAD") and (is_api(request) or request.content_type == "application/json"):
            self._check_json_body(request)
        return self.get_response(request)

    @staticmethod
    def _check_json_body(request) -> None:
        # ninja reads a body as JSON whatever its declared type; only a declared JSON body must parse.
        if not request.body:
            return
        try:
            data = json.loads(request.body)
        except ValueError:
            if request.content_type == "application/json":
                raise edge.InputRefused("请求体不是有效的 JSON") from None
            return
        edge.check_json(data)

    def process_exception(self, request, exception):
        # What the edge cannot know (a text longer than its column, on PostgreSQL) the database refuses;
        # that is still bad input, not a server fault.
        if isinstance(exception, DataError):
            raise edge.InputRefused(edge.DATABASE_REFUSED) from exception
        return None


class ApiErrorBodyMiddleware:
    """Every error under /api/ answers JSON `{"detail": "…"}` in Chinese.

    ninja answers its own errors so (see `fazhi.api`), and the error handlers do for exceptions; what is
    left are responses made outside both, such as ninja's 405 for a method a path does not take.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            is_api(request)
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            from fazhi.core.views.errors import api_error

            response = api_error(request, response.status_code, response=response)
        return response
