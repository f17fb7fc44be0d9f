"""The HTTP API under /api/: session auth for the UI, token auth for integrations, the same scopes."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.security import APIKeyHeader, HttpBearer, SessionAuth

from fazhi.core.auth import TokenExpired, hash_token, user_for_token

__all__ = ["api", "hash_token"]


class SignedInSession(SessionAuth):
    """The browser's session, with Django's CSRF check on writes.

    ninja's own session auth checks CSRF before it knows whether there is a session at all, so a
    token-authenticated POST without a session was refused as a CSRF failure. Here the check runs only
    when a session user is present: that is exactly the request a forged cross-site form could ride on.
    """

    def __call__(self, request):
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)


def _token_user(request, raw: str | None):
    """The token's user (also set on the request), None if unknown; an expired token is 401 with why."""
    try:
        user = user_for_token(raw) if raw else None
    except TokenExpired as expired:
        raise HttpError(401, str(expired)) from None
    if user is not None:
        request.user = user
    return user


class BearerToken(HttpBearer):
    def authenticate(self, request, token: str):
        return _token_user(request, token)


class HeaderToken(APIKeyHeader):
    param_name = "X-API-Token"

    def authenticate(self, request, key: str | None):
        return _token_user(request, key)


api = NinjaAPI(
    title="法治政府建设综合管理平台 API",
    version="1",
    # Tokens first: a request that names a token is judged by it alone; custom headers cannot be sent
    # by a cross-site form, so token requests need no CSRF token.
    auth=[BearerToken(), HeaderToken(), SignedInSession()],
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
    # The schema maps every internal endpoint: only signed-in users read it (the page loads ninja's own
    # static files, nothing from a CDN).
    docs_decorator=login_required,
)


def _register_routers() -> None:
    from fazhi.core.api import router as core_router
    from fazhi.normdocs.api import router as normdocs_router
    from fazhi.plans.api import router as plans_router
    from fazhi.portal.api import router as portal_router
    from fazhi.supervision.api import router as supervision_router

    api.add_router("/core/", core_router)
    api.add_router("/plans/", plans_router)
    api.add_router("/supervision/", supervision_router)
    api.add_router("/normdocs/", normdocs_router)
    api.add_router("/portal/", portal_router)


_register_routers()
