"""The error pages (400, 403, 404, 500, CSRF failure) in Chinese, and their JSON twins under /api/.

The pages are self-contained templates rendered without the request's context processors: the 500
page must render when the database (menus, notices) or the static files are what failed.
"""

from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from django.template import loader

from fazhi.core.edge import InputRefused

MESSAGES: dict[int | str, str] = {
    400: "请求有误，无法处理；请检查输入后重试",
    401: "未登录，或身份令牌无效、已过期",
    403: "您没有权限访问此页面或执行此操作",
    404: "页面不存在，或记录不在您的数据范围内",
    "api404": "接口或记录不存在，或记录不在您的数据范围内",
    405: "不支持此请求方法",
    413: "请求内容过大",
    500: "服务器内部错误，已记录；请稍后重试，如持续出现请联系系统管理员",
}
TITLES = {400: "请求有误", 403: "无权访问", 404: "页面不存在", 500: "服务器错误"}
CSRF_MESSAGE = "页面已过期，或无法确认请求来自本平台的页面（CSRF 校验失败）；请刷新页面后重新提交"


def message_for(status: int) -> str:
    return MESSAGES.get(status) or MESSAGES[500 if status >= 500 else 400]


def api_error(request, status: int, detail: str = "", response: HttpResponse | None = None) -> JsonResponse:
    """`{"detail": …}` for an API error; `response` is the non-JSON answer it replaces (its Allow header is kept)."""
    if status == 405 and not detail:
        detail = f"{MESSAGES[405]}：{request.method}"
    elif status == 404 and not detail:
        detail = MESSAGES["api404"]
    answer = JsonResponse({"detail": detail or message_for(status)}, status=status,
                          json_dumps_params={"ensure_ascii": False})
    if response is not None and response.has_header("Allow"):
        answer["Allow"] = response["Allow"]
    return answer


def _answer(request, status: int, message: str, title: str = "") -> HttpResponse:
    if request.path.startswith("/api/"):
        return api_error(request, status, message)
    page = loader.get_template("errors/error.html").render(
        {"status": status, "title": title or TITLES.get(status, "出错了"), "message": message}
    )
    return HttpResponse(page, status=status)


def bad_request(request, exception=None):
    # Only our own refusals carry a message meant for users; Django's (SuspiciousOperation) are in English.
    message = str(exception) if isinstance(exception, InputRefused) else MESSAGES[400]
    return _answer(request, 400, message)


def forbidden(request, exception=None):
    return _answer(request, 403, str(exception or "") or MESSAGES[403])


def not_found(request, exception=None):
    return _answer(request, 404, MESSAGES["api404" if request.path.startswith("/api/") else 404])


def server_error(request):
    return _answer(request, 500, MESSAGES[500])


def csrf_failure(request, reason: str = ""):
    return _answer(request, 403, CSRF_MESSAGE, title="页面已过期")
