"""Login with lockout, the login log and the online-session list (等保 2.0 controls)."""

from __future__ import annotations

import datetime
import hashlib
import ipaddress
import math
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import authenticate, login
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from fazhi.core import oplog
from fazhi.core.context import client_ip
from fazhi.core.models import ApiToken, LoginLog, LoginUnlock, OnlineSession, SecurityPolicy, User


class LoginRefused(Exception):
    """The message is shown to the user as it is."""


# ------------------------------------------------------------------------------------------- throttle
#
# 等保 2.0 (GB/T 22239-2019, level 3, 安全计算环境·身份鉴别 b): 应具有登录失败处理功能，应配置并启用结束会话、
# 限制非法登录次数和当登录连接超时自动退出等相关措施. Failed sign-ins slow down, they do not lock: after
# FAZHI_LOCKOUT_ATTEMPTS failures a key (a client address, or an account name) must wait before its next
# attempt, 1 minute and doubling with each further failure up to FAZHI_LOCKOUT_MINUTES. Attempts refused
# during the wait are logged but do not count, so hammering does not extend the wait. The account rule
# does not apply from an address the account has signed in from before (FAZHI_LOGIN_KNOWN_ADDRESS_DAYS),
# so nobody elsewhere can keep an administrator out of their own workstation; the security administrator
# lifts a wait at once (`unlock_login`, the 登录限制 page, `fazhi unlock_login`). docs/security.md.

THROTTLED = "登录受限"  # the reason of a refused attempt: not a guess, so it never counts as a failure
LEGACY_LOCKED = "账号已锁定"  # refusals logged before the delays replaced the lock; not guesses either


@dataclass(frozen=True)
class Restriction:
    """How one key (an account name or a client address) stands."""

    rule: str  # "账号" or "地址"
    key: str
    failures: int
    last_failure: datetime.datetime | None
    wait: datetime.timedelta  # left to wait from now; zero when the key may try

    @property
    def active(self) -> bool:
        return self.wait > datetime.timedelta(0)

    @property
    def wait_minutes(self) -> int:
        """The wait as whole minutes, rounded up (what the refusal and the page tell)."""
        return max(1, math.ceil(self.wait.total_seconds() / 60))


def delay_after(failures: int) -> datetime.timedelta:
    """The pause after the latest of `failures` counted failures: none before FAZHI_LOCKOUT_ATTEMPTS,
    then 1, 2, 4, … minutes up to FAZHI_LOCKOUT_MINUTES."""
    extra = failures - settings.FAZHI_LOCKOUT_ATTEMPTS
    if extra < 0:
        return datetime.timedelta(0)
    minutes = settings.FAZHI_LOCKOUT_MINUTES if extra >= 30 else min(2**extra, settings.FAZHI_LOCKOUT_MINUTES)
    return datetime.timedelta(minutes=minutes)


def _restriction(rule: str, key: str, now: datetime.datetime, **match) -> Restriction:
    """Count the key's failures since the latest of: the window's start, its last success, its last unlock."""
    since = now - datetime.timedelta(hours=settings.FAZHI_LOCKOUT_WINDOW_HOURS)
    last_success = LoginLog.objects.filter(success=True, at__gte=since, **match).aggregate(at=Max("at"))["at"]
    last_unlock = LoginUnlock.objects.filter(at__gte=since, **match).aggregate(at=Max("at"))["at"]
    since = max(t for t in (since, last_success, last_unlock) if t is not None)
    failures = (
        LoginLog.objects.filter(success=False, at__gt=since, **match)
        .exclude(reason__startswith=THROTTLED).exclude(reason=LEGACY_LOCKED)
        .aggregate(n=Count("id"), last=Max("at"))
    )
    wait = datetime.timedelta(0)
    if failures["last"] is not None:
        wait = max(failures["last"] + delay_after(failures["n"]) - now, datetime.timedelta(0))
    return Restriction(rule, key, failures["n"], failures["last"], wait)


def account_restriction(username: str, now: datetime.datetime | None = None) -> Restriction:
    return _restriction("账号", username, now or timezone.now(), username=username)


def address_restriction(ip: str | None, now: datetime.datetime | None = None) -> Restriction:
    return _restriction("地址", ip or "未知", now or timezone.now(), ip=ip)


def is_known_address(username: str, ip: str | None, now: datetime.datetime | None = None) -> bool:
    """Has `username` signed in successfully from `ip` lately? Then the account rule spares that address."""
    if not ip:
        return False
    since = (now or timezone.now()) - datetime.timedelta(days=settings.FAZHI_LOGIN_KNOWN_ADDRESS_DAYS)
    return LoginLog.objects.filter(username=username, ip=ip, success=True, at__gte=since).exists()


def restrictions_for(username: str, ip: str | None) -> list[Restriction]:
    """The rules that apply to an attempt on `username` from `ip`."""
    now = timezone.now()
    rules = [address_restriction(ip, now)]
    if not is_known_address(username, ip, now):
        rules.append(account_restriction(username, now))
    return rules


def attempt_login(request, username: str, password: str) -> User:
    """Authenticate and start a session, or raise LoginRefused with a Chinese reason. Always logged."""
    username = (username or "").strip()
    ip = client_ip(request)
    agent = request.META.get("HTTP_USER_AGENT", "")[:300]
    now = timezone.now()  # one clock for the checks and the log row
    waiting = [r for r in restrictions_for(username, ip) if r.active]
    if waiting:
        longest = max(waiting, key=lambda r: r.wait)
        LoginLog.objects.create(at=now, username=username, user=User.objects.filter(username=username).first(),
                                success=False, reason=f"{THROTTLED}（{longest.rule}）", ip=ip, user_agent=agent)
        raise LoginRefused(
            f"登录失败次数过多，请 {longest.wait_minutes} 分钟后再试；如需立即恢复，请联系安全管理员解除登录限制"
        )
    user = authenticate(request, username=username, password=password)
    if user is None:
        known = User.objects.filter(username=username).first()
        reason = "账号已停用" if known is not None and not known.is_active else "账号或密码错误"
        LoginLog.objects.create(at=now, username=username, user=known, success=False, reason=reason, ip=ip,
                                user_agent=agent)
        raise LoginRefused(f"账号或密码错误{_failure_hint(username, ip)}")
    login(request, user)
    LoginLog.objects.create(at=now, username=username, user=user, success=True, reason="登录成功", ip=ip,
                            user_agent=agent)
    prune_online_sessions()
    OnlineSession.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={"user": user, "ip": ip, "user_agent": agent, "started_at": timezone.now(), "last_seen": timezone.now()},
    )
    return user


def _failure_hint(username: str, ip: str | None) -> str:
    rules = restrictions_for(username, ip)
    if any(r.active for r in rules):
        return f"，请 {max(rules, key=lambda r: r.wait).wait_minutes} 分钟后再试"
    remaining = settings.FAZHI_LOCKOUT_ATTEMPTS - max(r.failures for r in rules)
    return f"，再失败 {remaining} 次将暂停登录" if 0 < remaining <= 3 else ""


def current_restrictions(scope_user: User | None = None) -> list[Restriction]:
    """Account names and addresses that must wait now, for the 登录限制 page and `fazhi unlock_login`.

    Accounts are the existing ones (with `scope_user`, those in their data scope): names nobody holds
    need no unlock, and an attacker's thousands of invented names cannot crowd a real account out of
    the list. Addresses are listed whole (a client address belongs to no unit), the first 500.
    """
    now = timezone.now()
    since = now - datetime.timedelta(hours=settings.FAZHI_LOCKOUT_WINDOW_HOURS)
    failed = LoginLog.objects.filter(success=False, at__gte=since).exclude(reason__startswith=THROTTLED)
    accounts = User.objects.for_user(scope_user) if scope_user is not None else User.objects.all()
    names = accounts.filter(username__in=failed.values("username")).order_by("username")
    # order_by("ip"): the log's default ordering would otherwise join the DISTINCT and repeat addresses.
    addresses = failed.exclude(ip__isnull=True).order_by("ip").values_list("ip", flat=True).distinct()[:500]
    found = [account_restriction(n, now) for n in names.values_list("username", flat=True)]
    found += [address_restriction(a, now) for a in addresses]
    return [r for r in found if r.active]


@transaction.atomic
def unlock_login(actor: User | None, *, username: str = "", ip: str | None = None, reason: str = "") -> LoginUnlock:
    """Lift the sign-in delay of an account name or a client address now (logged for the auditor)."""
    username = (username or "").strip()
    ip = (ip or "").strip() or None
    if not username and not ip:
        raise ValidationError("请指定要解除登录限制的账号或 IP 地址")
    if ip:
        try:
            ipaddress.ip_address(ip)
        except ValueError:
            raise ValidationError(f"“{ip}”不是有效的 IP 地址") from None
    if len(username) > 150:
        raise ValidationError("账号不能超过 150 个字符")
    unlock = LoginUnlock.objects.create(at=timezone.now(), username=username, ip=ip,
                                        actor=actor if getattr(actor, "pk", None) else None, reason=(reason or "")[:500])
    what = "、".join(part for part in (f"账号 {username}" if username else "", f"地址 {ip}" if ip else "") if part)
    oplog.record(actor, "login.unlock", unlock, after={"username": username, "ip": ip},
                 reason=reason or "安全管理员解除登录限制", object_repr=f"解除登录限制：{what}")
    return unlock


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


class TokenExpired(Exception):
    """A known, unrevoked token past its expiry; the message is the API's Chinese answer."""


def token_days(days: int | None) -> int:
    """The validity asked for, checked against the security administrator's policy (default if None)."""
    policy = SecurityPolicy.current()
    if days is None:
        return policy.token_default_days
    if not 1 <= days <= policy.token_max_days:
        raise ValidationError(f"令牌有效期须在 1–{policy.token_max_days} 天之间（安全管理员设定的上限）")
    return days


@transaction.atomic
def issue_api_token(user: User, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    """Create a token for `user` valid `days` (the policy's default if None) and return it with the raw
    value, which is never stored nor shown again."""
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError("请填写令牌用途，例如“与办公系统对接”")
    if len(name) > 100:
        raise ValidationError("令牌用途不能超过 100 个字")
    days = token_days(days)
    raw = secrets.token_urlsafe(32)
    now = timezone.now()
    token = ApiToken.objects.create(user=user, name=name, key_hash=hash_token(raw), prefix=raw[:8], created_at=now,
                                    expires_at=now + datetime.timedelta(days=days))
    oplog.record(user, "api_token.create", token,
                 after={"name": name, "prefix": token.prefix, "expires_at": token.expires_at},
                 object_repr=f"接口令牌 {name}")
    return token, raw


@transaction.atomic
def update_token_policy(actor: User | None, *, default_days: int, max_days: int) -> SecurityPolicy:
    """The security administrator sets how long new API tokens live (tokens already issued keep theirs)."""
    if not 1 <= max_days <= 3650:
        raise ValidationError("令牌最长有效期须在 1–3650 天之间")
    if not 1 <= default_days <= max_days:
        raise ValidationError("令牌默认有效期须在 1 天与最长有效期之间")
    policy = SecurityPolicy.objects.select_for_update().get(pk=SecurityPolicy.current().pk)
    before = oplog.snapshot(policy, ["token_default_days", "token_max_days"])
    policy.token_default_days, policy.token_max_days = default_days, max_days
    policy.save()
    oplog.record(actor, "security_policy.update", policy, before=before,
                 after=oplog.snapshot(policy, ["token_default_days", "token_max_days"]), object_repr="安全策略")
    return policy


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
    """The active user holding the unrevoked token `raw`, or None; TokenExpired if it has expired."""
    if not raw:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.is_expired(now):
        raise TokenExpired(
            f"接口令牌“{token.name}”已于 {timezone.localtime(token.expires_at):%Y-%m-%d %H:%M} 过期，请在“接口令牌”页面创建新令牌"
        )
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
