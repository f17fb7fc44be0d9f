"""The HTTP API under /api/: session auth for the UI, token auth for integrations, the same scopes."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import DataError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, NinjaAPI, Schema
from ninja.conf import settings as ninja_settings
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.pagination import LimitOffsetPagination
from ninja.security import APIKeyHeader, HttpBearer, SessionAuth

from fazhi.core import edge
from fazhi.core.auth import TokenExpired, hash_token, user_for_token
from fazhi.core.views.errors import CSRF_MESSAGE, MESSAGES, api_error

__all__ = ["api", "hash_token"]

MAX_PAGE_SIZE = 1000


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """ninja's limit/offset paging with an upper bound on both: an offset of 2^63 overflowed SQLite."""

    class Input(Schema):
        limit: int = Field(ninja_settings.PAGINATION_PER_PAGE, ge=1, le=MAX_PAGE_SIZE,
                           description=f"每页条数（1–{MAX_PAGE_SIZE}）")
        offset: int = Field(0, ge=0, le=edge.MAX_INT, description="跳过的条数")

    def paginate_queryset(self, queryset, pagination: Input, request: HttpRequest, **params: Any) -> Any:
        """ninja's page, its rows read as the list pages read theirs (`fazhi.core.tables.rows_between`): an
        offset in the back half of the list reads from its end instead of walking every row before it."""
        from fazhi.core.tables import rows_between

        count = self._items_count(queryset)
        limit = min(pagination.limit, self.max_limit)
        start = min(pagination.offset, count)
        return {self.items_attribute: rows_between(queryset, start, min(start + limit, count), count), "count": count}


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


def atomic_write(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Every write operation is one transaction, all or nothing.

    ninja turns a refusal into a response inside the operation, so a plain `atomic()` around it would
    commit whatever ran before the refusal (a report saved as a draft, then refused on submit, answered
    400 and kept the draft). Any error status rolls the whole operation back.
    """

    @functools.wraps(run)
    def run_atomically(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return run(request, *args, **kwargs)
        with transaction.atomic():
            response = run(request, *args, **kwargs)
            if response.status_code >= 400:
                transaction.set_rollback(True)
        return response

    return run_atomically


api.add_decorator(atomic_write, mode="view")


# ninja's own messages, in Chinese.
NINJA_MESSAGES = {
    "CSRF check Failed": CSRF_MESSAGE,
    "Cannot parse request body": "请求体无法解析",
}
# pydantic's error types, as the Chinese a caller reads (the rest: "格式不正确").
VALIDATION_TEXTS = {
    "missing": "必须填写",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "float_parsing": "应为数字",
    "float_type": "应为数字",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "string_type": "应为文本",
    "date_parsing": "应为日期（YYYY-MM-DD）",
    "date_from_datetime_parsing": "应为日期（YYYY-MM-DD）",
    "date_type": "应为日期（YYYY-MM-DD）",
    "datetime_parsing": "应为日期时间（ISO 8601）",
    "datetime_from_date_parsing": "应为日期时间（ISO 8601）",
    "datetime_type": "应为日期时间（ISO 8601）",
    "list_type": "应为列表",
    "dict_type": "应为对象",
    "model_type": "应为对象",
    "model_attributes_type": "应为对象",
    "json_invalid": "不是有效的 JSON",
    "json_type": "不是有效的 JSON",
    "enum": "取值不在允许范围内",
    "literal_error": "取值不在允许范围内",
    "greater_than": "数值过小",
    "greater_than_equal": "数值过小",
    "less_than": "数值过大",
    "less_than_equal": "数值过大",
    "string_too_long": "过长",
    "string_too_short": "过短",
    "too_long": "项数过多",
    "too_short": "项数过少",
    "value_error": "取值无效",
}
LOCATION_ROOTS = {"body", "query", "path", "form", "file", "header", "cookie", "payload"}


def validation_text(errors: list[dict[str, Any]]) -> str:
    """ninja's validation errors as one Chinese line: each field and what is wrong with it."""
    parts = []
    for error in errors:
        loc = [str(p) for p in error.get("loc", ()) if str(p) not in LOCATION_ROOTS]
        field = ".".join(loc) or "请求"
        text = VALIDATION_TEXTS.get(error.get("type", ""), "格式不正确")
        context = error.get("ctx") or {}
        bound = next((context[k] for k in ("ge", "gt", "le", "lt", "max_length", "min_length") if k in context), None)
        if bound is not None:
            text += f"（限值 {bound}）"
        parts.append(f"{field}：{text}")
    return "请求参数有误：" + "；".join(parts)


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api_error(request, 422, validation_text(exc.errors))


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api_error(request, exc.status_code, MESSAGES[401] if exc.status_code == 401 else MESSAGES[403])


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api_error(request, exc.status_code, NINJA_MESSAGES.get(exc.message, exc.message))


@api.exception_handler(DataError)
def _database_refused(request: HttpRequest, exc: DataError) -> HttpResponse:
    return api_error(request, 400, edge.DATABASE_REFUSED)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api_error(request, 404)


def _register_routers() -> None:
    from fazhi.contracts.api import router as contracts_router
    from fazhi.core.api import router as core_router
    from fazhi.decisions.api import router as decisions_router
    from fazhi.disclosure.api import router as disclosure_router
    from fazhi.litigation.api import router as litigation_router
    from fazhi.mediation.api import router as mediation_router
    from fazhi.normdocs.api import router as normdocs_router
    from fazhi.plans.api import router as plans_router
    from fazhi.portal.api import router as portal_router
    from fazhi.reconsideration.api import router as reconsideration_router
    from fazhi.supervision.api import router as supervision_router

    api.add_router("/core/", core_router)
    api.add_router("/plans/", plans_router)
    api.add_router("/supervision/", supervision_router)
    api.add_router("/normdocs/", normdocs_router)
    api.add_router("/portal/", portal_router)
    api.add_router("/disclosure/", disclosure_router)
    api.add_router("/mediation/", mediation_router)
    api.add_router("/reconsideration/", reconsideration_router)
    api.add_router("/litigation/", litigation_router)
    api.add_router("/decisions/", decisions_router)
    api.add_router("/contracts/", contracts_router)


_register_routers()
