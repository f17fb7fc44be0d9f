"""Errors in Chinese: self-contained error pages, and `{"detail": …}` for every error under /api/."""

import re

import pytest
from django.test import Client, RequestFactory

from fazhi.core.views import errors
from tests.core.test_api import bearer

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _page_says(response, status: int, text: str) -> None:
    body = response.content.decode()
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    assert text in body and "法治政府建设综合管理平台" in body
    # Self-contained: nothing to load, so it renders when the static files or the database are the fault.
    assert "/static/" not in body and "<link" not in body and "<script" not in body


def _api_says(response, status: int) -> str:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    detail = response.json()["detail"]
    assert isinstance(detail, str) and CHINESE.search(detail), detail
    return detail


def test_404_page_in_chinese(client, users, login):
    _page_says(client.get("/no/such/page/"), 404, "页面不存在")
    _page_says(login(users.office).get("/no/such/page/"), 404, "页面不存在")


def test_400_page_names_the_refusal(client, db):
    _page_says(client.get("/login/", {"next": "a\x00b"}), 400, "含有空字符")


def test_csrf_failure_page_in_chinese(db):
    client = Client(enforce_csrf_checks=True)
    _page_says(client.post("/login/", {"username": "x", "password": "y"}), 403, "CSRF 校验失败")


def test_500_page_renders_without_the_database():
    # No `db` fixture: any query here raises, as it would with the database down.
    request = RequestFactory().get("/anything/")
    _page_says(errors.server_error(request), 500, "服务器内部错误")


@pytest.mark.urls("tests.core.errors_urls")
def test_uncaught_exception_gives_the_chinese_500(db):
    client = Client(raise_request_exception=False)
    _page_says(client.get("/boom/"), 500, "服务器内部错误")
    assert "服务器内部错误" in _api_says(client.get("/api/boom/"), 500)


def test_api_errors_are_json_in_chinese(client, users):
    auth = bearer(users.office)
    assert "未登录" in _api_says(client.get("/api/core/me"), 401)
    assert "接口或记录不存在" in _api_says(client.get("/api/no/such/route", **auth), 404)
    assert "不在您的数据范围内" in _api_says(client.get("/api/core/units/999999", **auth), 404)
    not_allowed = client.delete("/api/core/me", **auth)
    assert "DELETE" in _api_says(not_allowed, 405) and not_allowed["Allow"] == "GET"
    # ninja's own validation errors name the field and say what is wrong, in Chinese.
    invalid = _api_says(client.get("/api/core/units", {"limit": "many"}, **auth), 422)
    assert invalid == "请求参数有误：limit：应为整数"
    broken = client.post("/api/core/units", "{", content_type="application/json", **auth)
    assert _api_says(broken, 400) == "请求体不是有效的 JSON"
    assert "您没有执行此操作的权限" in _api_says(client.get("/api/core/users", **bearer(users.reporter)), 403)


def test_api_csrf_failure_is_json_in_chinese(users):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users.office)
    assert "CSRF 校验失败" in _api_says(client.post("/api/core/units", {}, content_type="application/json"), 403)


def test_favicon_ico_is_the_project_icon(client):
    """A page that names no icon (a fields fragment opened on its own) makes the browser ask for /favicon.ico;
    a 404 there is an error in the console crawl and noise in the server log."""
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"].endswith("favicon.svg")
    from django.contrib.staticfiles import finders

    assert finders.find("fazhi/favicon.svg")
