"""等保 2.0 controls: password policy and expiry, idle timeout, CSRF, headers, login and
operation logs, online sessions and forced logout, and no secrets in the logs."""

from __future__ import annotations

import datetime
import json
import logging
import re
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.utils import timezone

from fazhi.core import services
from fazhi.core.auth import force_logout
from fazhi.core.middleware import EXPIRY_PUSHED
from fazhi.core.models import LoginLog, OnlineSession, OperationLog, Unit, User
from fazhi.core.passwords import CharacterClassValidator
from tests.conftest import PASSWORD

NEW_PASSWORD = "Fresh#Pass2026"


def post_login(client, username: str, password: str, **extra):
    return client.post("/login/", {"username": username, "password": password}, **extra)


def later(minutes: int):
    """Pretend `minutes` have passed (for the code that asks timezone.now)."""
    moment = timezone.now() + datetime.timedelta(minutes=minutes)
    return mock.patch("django.utils.timezone.now", return_value=moment)


# ------------------------------------------------------------------------------------------- passwords


@pytest.mark.parametrize(("password", "ok"), [
    ("abcdefgh1", False),  # two classes
    ("ABCDEFGH!", False),
    ("abcdEFGH", False),
    ("abcdEFG1", True),  # three classes
    ("abcdefg1!", True),
    ("ABCDEFG1!", True),
    ("aB1!aB1!", True),  # four
])
def test_character_classes(password, ok):
    validator = CharacterClassValidator(min_classes=3)
    if ok:
        validator.validate(password)
    else:
        with pytest.raises(ValidationError, match="至少 3 类"):
            validator.validate(password)


def test_policy_refuses_short_and_simple_passwords(users):
    with pytest.raises(ValidationError) as short:
        services.set_password(users.sysadmin, users.reporter, "aB1!aB1")  # 7 characters, four classes
    assert any("8" in m for m in short.value.messages)
    with pytest.raises(ValidationError, match="至少 3 类"):
        services.set_password(users.sysadmin, users.reporter, "longpassword123")
    validate_password(NEW_PASSWORD, users.reporter)


def test_password_change_page_shows_the_policy_message(client, users):
    client.force_login(users.reporter)
    response = client.post("/password/", {"old_password": PASSWORD, "new_password1": "simplepass1",
                                          "new_password2": "simplepass1"})
    assert "至少 3 类" in response.content.decode()
    assert User.objects.get(pk=users.reporter.pk).check_password(PASSWORD)


def _age_password(user, days: int) -> None:
    User.objects.filter(pk=user.pk).update(password_changed_at=timezone.now() - datetime.timedelta(days=days))


def test_expired_password_forces_the_change_page(client, users):
    _age_password(users.reporter, settings.FAZHI_PASSWORD_EXPIRY_DAYS + 1)
    client.force_login(users.reporter)
    for path in ("/", "/notifications/", "/calendar/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"] == "/password/?expired=1", path
    page = client.get("/password/?expired=1")
    assert page.status_code == 200
    changed = client.post("/password/", {"old_password": PASSWORD, "new_password1": NEW_PASSWORD,
                                         "new_password2": NEW_PASSWORD})
    assert changed.status_code == 302
    assert client.get("/").status_code == 200  # still signed in, no longer sent to the change page


def test_expired_password_closes_the_api_to_the_session(client, users):
    _age_password(users.reporter, settings.FAZHI_PASSWORD_EXPIRY_DAYS + 1)
    client.force_login(users.reporter)
    response = client.get("/api/plans/")
    assert response.status_code == 403 and "密码已过期" in response.json()["detail"]
    client.post("/password/", {"old_password": PASSWORD, "new_password1": NEW_PASSWORD,
                               "new_password2": NEW_PASSWORD})
    assert client.get("/api/plans/").status_code == 200


def test_expiry_is_configurable(client, users):
    _age_password(users.reporter, 40)
    client.force_login(users.reporter)
    with override_settings(FAZHI_PASSWORD_EXPIRY_DAYS=90):
        assert client.get("/").status_code == 200
    with override_settings(FAZHI_PASSWORD_EXPIRY_DAYS=30):
        assert client.get("/").status_code == 302
    with override_settings(FAZHI_PASSWORD_EXPIRY_DAYS=0):  # 0: passwords never expire
        assert client.get("/").status_code == 200


def test_account_without_a_change_date_expires_by_its_age(client, users):
    User.objects.filter(pk=users.reporter.pk).update(
        password_changed_at=None, date_joined=timezone.now() - datetime.timedelta(days=400))
    client.force_login(users.reporter)
    assert client.get("/")["Location"] == "/password/?expired=1"


# ------------------------------------------------------------------------------------------- lockout


# The sign-in delays that replaced the 15-minute lock: tests/core/test_login_throttle.py.


# ------------------------------------------------------------------------------------------- sessions


def test_idle_session_expires(client, users):
    assert settings.SESSION_COOKIE_AGE == settings.FAZHI_SESSION_IDLE_MINUTES * 60
    assert post_login(client, "t_office", PASSWORD).status_code == 302
    key = client.session.session_key
    idle = datetime.timedelta(minutes=settings.FAZHI_SESSION_IDLE_MINUTES)

    def expiry_in(minutes: int) -> None:
        Session.objects.filter(session_key=key).update(expire_date=timezone.now() + datetime.timedelta(minutes=minutes))

    # A request pushes the expiry a full idle period ahead …
    expiry_in(1)
    assert client.get("/").status_code == 200
    assert Session.objects.get(session_key=key).expire_date > timezone.now() + idle - datetime.timedelta(minutes=1)
    # … at most once a minute: a second request within the minute writes nothing.
    expiry_in(5)
    assert client.get("/").status_code == 200
    assert Session.objects.get(session_key=key).expire_date < timezone.now() + datetime.timedelta(minutes=5)
    # A minute later the next request pushes it again.
    session = client.session
    session[EXPIRY_PUSHED] -= 61
    session.save()
    expiry_in(1)
    assert client.get("/").status_code == 200
    assert Session.objects.get(session_key=key).expire_date > timezone.now() + idle - datetime.timedelta(minutes=1)

    # Left idle past the limit, the session is gone and the next request is anonymous.
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_online_session_rows_follow_login_and_logout(client, users):
    post_login(client, "t_office", PASSWORD, REMOTE_ADDR="10.0.0.8", HTTP_USER_AGENT="单位浏览器/1.0")
    online = OnlineSession.objects.get(user=users.office)
    assert online.session_key == client.session.session_key
    assert (online.ip, online.user_agent) == ("10.0.0.8", "单位浏览器/1.0")
    client.post("/logout/")
    assert not OnlineSession.objects.filter(user=users.office).exists()


def test_login_prunes_rows_of_idled_out_sessions(client, users):
    stale = timezone.now() - datetime.timedelta(minutes=settings.FAZHI_SESSION_IDLE_MINUTES + 5)
    OnlineSession.objects.create(session_key="x" * 32, user=users.reporter, started_at=stale, last_seen=stale)
    post_login(client, "t_office", PASSWORD)
    assert not OnlineSession.objects.filter(session_key="x" * 32).exists()


def test_forced_logout_makes_the_next_request_anonymous(users):
    victim = Client()
    post_login(victim, "t_office", PASSWORD)
    assert victim.get("/").status_code == 200
    force_logout(users.secadmin, OnlineSession.objects.get(user=users.office), reason="离岗")
    response = victim.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    log = OperationLog.objects.get(action="session.force_logout")
    assert log.actor == users.secadmin and log.reason == "离岗"


def test_forced_logout_through_the_page(users):
    victim, admin = Client(), Client()
    post_login(victim, "t_office", PASSWORD)
    admin.force_login(users.secadmin)
    online = OnlineSession.objects.get(user=users.office)
    assert admin.post(f"/sessions/{online.pk}/logout/", {"reason": "账号异常"}).status_code == 302
    assert victim.get("/units/")["Location"].startswith("/login/")


# ------------------------------------------------------------------------------------------- CSRF


def _token_from(page) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)


def test_csrf_is_enforced_on_forms(users, org):
    browser = Client(enforce_csrf_checks=True)
    assert post_login(browser, "t_office", PASSWORD).status_code == 403
    assert not LoginLog.objects.exists()

    browser.force_login(users.sysadmin)
    url = f"/units/{org.reform.pk}/rename/"
    assert browser.post(url, {"name": "伪造的名称"}).status_code == 403
    assert Unit.objects.get(pk=org.reform.pk).name == "测试县发展和改革局"

    token = _token_from(browser.get(f"/units/{org.reform.pk}/"))
    assert browser.post(url, {"name": "测试县发改委", "csrfmiddlewaretoken": token}).status_code == 302
    assert Unit.objects.get(pk=org.reform.pk).name == "测试县发改委"


def test_csrf_is_enforced_on_session_api_writes(users, org):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(users.sysadmin)
    response = browser.patch(f"/api/core/units/{org.reform.pk}", data=json.dumps({"name": "伪造"}),
                             content_type="application/json")
    assert response.status_code == 403
    assert Unit.objects.get(pk=org.reform.pk).name == "测试县发展和改革局"


def test_csrf_cookie_is_hidden_from_scripts(client):
    client.get("/login/")
    assert client.cookies[settings.CSRF_COOKIE_NAME]["httponly"]


# ------------------------------------------------------------------------------------------- headers


def _assert_secure_headers(response, what: str) -> None:
    assert response["Content-Security-Policy"] == settings.FAZHI_CSP, what
    assert response["X-Frame-Options"] == "DENY", what
    assert response["X-Content-Type-Options"] == "nosniff", what
    assert response["Referrer-Policy"] == "same-origin", what
    assert response["Cross-Origin-Opener-Policy"] == "same-origin", what
    assert "camera=()" in response["Permissions-Policy"], what


def test_csp_allows_no_inline_script_and_nothing_from_outside():
    policy = dict(part.strip().split(" ", 1) for part in settings.FAZHI_CSP.split(";"))
    assert policy["script-src"] == "'self'"
    assert policy["default-src"] == "'self'" and policy["frame-ancestors"] == "'none'"
    assert "http" not in settings.FAZHI_CSP


def test_secure_headers_on_every_kind_of_response(client, users, org):
    from tests.core.test_no_cdn import argument_free_paths

    _assert_secure_headers(client.get("/login/"), "login page")
    _assert_secure_headers(client.get("/units/"), "redirect to login")
    _assert_secure_headers(client.get("/api/core/me"), "API 401")
    _assert_secure_headers(client.get("/no-such-page/"), "404")
    client.force_login(users.reporter)
    _assert_secure_headers(client.get("/users/"), "403")
    _assert_secure_headers(client.get("/api/core/me"), "API JSON")
    client.force_login(users.sysadmin)
    for path, name in argument_free_paths():
        if name == "core:logout" or path.startswith("/api/"):
            continue
        _assert_secure_headers(client.get(path), path)


@override_settings(SECURE_SSL_REDIRECT=True, SECURE_HSTS_SECONDS=31536000)
def test_https_mode_redirects_and_sends_hsts(client):
    assert client.get("/login/")["Location"].startswith("https://")
    assert "max-age=31536000" in client.get("/login/", secure=True)["Strict-Transport-Security"]


# ------------------------------------------------------------------------------------------- login log


def test_login_log_records_success_and_failure_with_ip_and_agent(client, users):
    post_login(client, "t_office", "Wrong#Pass1", REMOTE_ADDR="10.0.0.7", HTTP_USER_AGENT="测试浏览器/2.0")
    post_login(client, "nobody_here", "Wrong#Pass1", REMOTE_ADDR="10.0.0.7")
    post_login(client, "t_office", PASSWORD, REMOTE_ADDR="10.0.0.9", HTTP_USER_AGENT="测试浏览器/2.0")
    rows = list(LoginLog.objects.order_by("at", "id").values_list("username", "user", "success", "reason", "ip",
                                                                   "user_agent"))
    assert rows == [
        ("t_office", users.office.pk, False, "账号或密码错误", "10.0.0.7", "测试浏览器/2.0"),
        ("nobody_here", None, False, "账号或密码错误", "10.0.0.7", ""),
        ("t_office", users.office.pk, True, "登录成功", "10.0.0.9", "测试浏览器/2.0"),
    ]


def test_inactive_account_is_logged_as_such(client, users):
    services.update_user(users.sysadmin, users.reporter, is_active=False)
    response = post_login(client, "t_reporter", PASSWORD)
    assert response.status_code == 401 and "账号或密码错误" in response.content.decode()  # no hint to outsiders
    assert LoginLog.objects.get(username="t_reporter").reason == "账号已停用"


def test_forwarded_address_is_trusted_only_behind_a_proxy(client, users):
    post_login(client, "t_office", "Wrong#Pass1", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4")
    with override_settings(FAZHI_TRUST_X_FORWARDED_FOR=True):
        post_login(client, "t_office", "Wrong#Pass1", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 10.0.0.1")
    assert list(LoginLog.objects.order_by("id").values_list("ip", flat=True)) == ["10.0.0.1", "1.2.3.4"]


# ------------------------------------------------------------------------------------------- operation log


def test_writes_are_in_the_operation_log_with_actor_and_ip(client, users, org):
    client.force_login(users.sysadmin)
    client.post(f"/units/{org.reform.pk}/rename/", {"name": "测试县发改委"}, REMOTE_ADDR="10.0.0.3")
    log = OperationLog.objects.get(action="unit.rename")
    assert (log.actor, log.unit_name, log.ip) == (users.sysadmin, "测试省", "10.0.0.3")
    assert log.changes() == [("name", "测试县发展和改革局", "测试县发改委")]


def test_operation_log_rows_cannot_be_changed_or_deleted(users, org):
    services.rename_unit(users.sysadmin, org.reform, "测试县发改委")
    log = OperationLog.objects.get(action="unit.rename")
    log.reason = "篡改"
    with pytest.raises(PermissionError):
        log.save()
    with pytest.raises(PermissionError):
        log.delete()
    login_row = LoginLog.objects.create(username="x", success=False)
    with pytest.raises(PermissionError):
        login_row.delete()
    assert OperationLog.objects.get(pk=log.pk).reason == ""


def test_no_page_changes_the_logs(client, users, org):
    """The log pages answer writes without touching a row (there is no route that edits a log)."""
    services.rename_unit(users.sysadmin, org.reform, "测试县发改委")
    log = OperationLog.objects.get(action="unit.rename")
    client.force_login(users.auditor)
    before = list(OperationLog.objects.values())
    for path in ("/logs/operations/", f"/logs/operations/{log.pk}/", "/logs/logins/"):
        client.post(path, {"reason": "篡改", "action": "delete"})
        client.delete(path)
    assert list(OperationLog.objects.values()) == before


# ------------------------------------------------------------------------------------------- no secrets in logs


def test_passwords_never_reach_the_logs(client, users, caplog):
    secret = "Wr0ng#Secret-Q9"
    caplog.set_level(logging.DEBUG)
    post_login(client, "t_office", secret)
    post_login(client, "t_office", PASSWORD)
    client.post("/password/", {"old_password": PASSWORD, "new_password1": NEW_PASSWORD,
                               "new_password2": NEW_PASSWORD})
    admin = Client()
    admin.force_login(users.sysadmin)
    admin.post(f"/users/{users.reporter.pk}/password/", {"password1": "Reset#Pass2026", "password2": "Reset#Pass2026"})
    assert User.objects.get(pk=users.reporter.pk).check_password("Reset#Pass2026")  # the writes happened

    stored = json.dumps(
        [list(OperationLog.objects.values("before", "after", "reason", "object_repr"))]
        + [list(LoginLog.objects.values("username", "reason", "user_agent"))],
        ensure_ascii=False, default=str,
    )
    for value in (secret, PASSWORD, NEW_PASSWORD, "Reset#Pass2026"):
        assert value not in caplog.text
        assert value not in stored
    assert OperationLog.objects.filter(action__in=["user.password", "user.password_reset"]).count() == 2
