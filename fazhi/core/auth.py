"""Login with lockout, the login log and the online-session list (等保 2.0 controls)."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth import authenticate, login
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.core import oplog
from fazhi.core.context import client_ip
from fazhi.core.models import ApiToken, LoginLog, OnlineSession, User


class LoginRefused(Exception):
    """The message is shown to the user as it is."""


def _recent_failures(username: str) -> int:
    since = timezone.now() - datetime.timedelta(minutes=settings.FAZHI_LOCKOUT_MINUTES)
    last_success = (
        LoginLog.objects.filter(username=username, success=True, at__gte=since).order_by("-at").values("at").first()
    )
    if last_success:
        since = last_success["at"]
    return LoginLog.objects.filter(username=username, success=False, at__gte=since).exclude(reason="账号已锁定").count()


def is_locked(username: str) -> bool:
    return _recent_failures(username) >= settings.FAZHI_LOCKOUT_ATTEMPTS


def attempt_login(request, username: str, password: str) -> User:
    """Authenticate and start a session, or raise LoginRefused with a Chinese reason. Always logged."""
    username = (username or "").strip()
    ip = client_ip(request)
    agent = request.META.get("HTTP_USER_AGENT", "")[:300]
    if is_locked(username):
        LoginLog.objects.create(username=username, success=False, reason="账号已锁定", ip=ip, user_agent=agent)
        raise LoginRefused(
            f"连续登录失败次数过多，账号已锁定，请 {settings.FAZHI_LOCKOUT_MINUTES} 分钟后再试或联系安全管理员"
        )
    user = authenticate(request, username=username, password=password)
    if user is None:
        known = User.objects.filter(username=username).first()
        reason = "账号已停用" if known is not None and not known.is_active else "账号或密码错误"
        LoginLog.objects.create(username=username, user=known, success=False, reason=reason, ip=ip, user_agent=agent)
        remaining = settings.FAZHI_LOCKOUT_ATTEMPTS - _recent_failures(username)
        hint = f"，再失败 {remaining} 次将锁定账号" if 0 < remaining <= 3 else ""
        raise LoginRefused(f"账号或密码错误{hint}")
    login(request, user)
    LoginLog.objects.create(username=username, user=user, success=True, reason="登录成功", ip=ip, user_agent=agent)
    prune_online_sessions()
    OnlineSession.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={"user": user, "ip": ip, "user_agent": agent, "started_at": timezone.now(), "last_seen": timezone.now()},
    )
    return user


def prune_online_sessions() -> int:
    """Drop online-session rows of sessions that have idled out.

    A session idles out without any request reaching us, so nothing deletes its row at that moment;
    `last_seen` is refreshed at least every minute while the session is used, so a row older than the
    idle limit (plus that minute) belongs to a session Django no longer accepts.
    """
    cutoff = timezone.now() - datetime.timedelta(minutes=settings.FAZHI_SESSION_IDLE_MINUTES + 1)
    deleted, _ = OnlineSession.objects.filter(last_seen__lt=cutoff).delete()
    return deleted


def end_session(request) -> None:
    key = request.session.session_key
    if key:
        OnlineSession.objects.filter(session_key=key).delete()


@transaction.atomic
def force_logout(actor: User, online_session: OnlineSession, reason: str = "") -> None:
    """End another user's session now: the session row goes, so their next request is anonymous."""
    Session.objects.filter(session_key=online_session.session_key).delete()
    oplog.record(
        actor, "session.force_logout", online_session.user,
        before={"session": online_session.session_key[:8] + "…", "ip": online_session.ip}, reason=reason,
    )
    online_session.delete()


# ------------------------------------------------------------------------------------------- API tokens


def hash_token(raw: str) -> str:
    """Only this digest is stored: a leaked database does not leak working tokens."""
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def issue_api_token(user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token for `user` and return it with the raw value, which is never stored nor shown again."""
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError("请填写令牌用途，例如“与办公系统对接”")
    if len(name) > 100:
        raise ValidationError("令牌用途不能超过 100 个字")
    raw = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, key_hash=hash_token(raw), prefix=raw[:8])
    oplog.record(user, "api_token.create", token, after={"name": name, "prefix": token.prefix},
                 object_repr=f"接口令牌 {name}")
    return token, raw


@transaction.atomic
def revoke_api_token(actor: User, token: ApiToken) -> ApiToken:
    """Refuse the token from now on; the row stays so the list shows when it was revoked."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise ValidationError("该令牌已经吊销")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    oplog.record(actor, "api_token.revoke", token, before={"name": token.name, "prefix": token.prefix},
                 object_repr=f"接口令牌 {token.name}")
    return token


def user_for_token(raw: str) -> User | None:
    """The active user holding the unrevoked token `raw`, or None."""
    if not raw:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
