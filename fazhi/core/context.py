"""Who is acting and from where, for the operation log, without threading it through every call."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestMeta:
    ip: str | None
    user_agent: str


_current: ContextVar[RequestMeta | None] = ContextVar("fazhi_request_meta", default=None)


def set_request_meta(meta: RequestMeta | None):
    return _current.set(meta)


def reset_request_meta(token) -> None:
    _current.reset(token)


def current_request_meta() -> RequestMeta | None:
    return _current.get()


def client_ip(request) -> str | None:
    # Behind a reverse proxy set FAZHI_TRUST_X_FORWARDED_FOR; otherwise the header is client-controlled.
    from django.conf import settings

    if getattr(settings, "FAZHI_TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None
