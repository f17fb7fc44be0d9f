"""API tokens expire: the validity's default and maximum are the security administrator's (安全策略 page),
an expired token is refused with a Chinese 401, and the token page shows the expiry and the last use."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from fazhi.core.auth import issue_api_token
from fazhi.core.models import ApiToken, OperationLog, SecurityPolicy


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_token_lives_the_default_90_days_unless_asked_otherwise(users):
    token, _ = issue_api_token(users.office, "办公系统")
    assert token.expires_at - token.created_at == datetime.timedelta(days=90)
    short, _ = issue_api_token(users.office, "临时对接", days=7)
    assert short.expires_at - short.created_at == datetime.timedelta(days=7)
    with pytest.raises(ValidationError, match="1–365 天"):
        issue_api_token(users.office, "太长", days=366)
    assert ApiToken.objects.count() == 2


def test_security_administrator_sets_default_and_maximum_on_the_policy_page(users):
    admin = signed_in(users.secadmin)
    assert admin.post("/security/policy/", {"token_default_days": "30", "token_max_days": "60"}).status_code == 302
    policy = SecurityPolicy.current()
    assert (policy.token_default_days, policy.token_max_days) == (30, 60)
    row = OperationLog.objects.get(action="security_policy.update")
    assert row.before == {"token_default_days": 90, "token_max_days": 365}
    assert row.after == {"token_default_days": 30, "token_max_days": 60}

    office = signed_in(users.office)
    office.post("/tokens/", {"name": "默认期限"})
    token = ApiToken.objects.get(name="默认期限")
    assert token.expires_at - token.created_at == datetime.timedelta(days=30)
    refused = office.post("/tokens/", {"name": "超过上限", "days": "61"})
    assert refused.status_code == 400 and "1–60 天" in refused.content.decode()
    assert not ApiToken.objects.filter(name="超过上限").exists()
    # A default above the maximum is refused and nothing changes.
    bad = admin.post("/security/policy/", {"token_default_days": "90", "token_max_days": "60"})
    assert bad.status_code == 400 and "默认有效期" in bad.content.decode()
    assert SecurityPolicy.current().token_default_days == 30


def test_only_the_security_administrator_edits_the_policy(users):
    assert signed_in(users.sysadmin).post(
        "/security/policy/", {"token_default_days": "3000", "token_max_days": "3650"}).status_code == 403
    assert SecurityPolicy.current().token_max_days == 365


def test_an_expired_token_is_refused_in_chinese(users):
    token, raw = issue_api_token(users.office, "办公系统", days=1)
    client = Client()
    assert client.get("/api/core/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    used = ApiToken.objects.get(pk=token.pk).last_used_at
    assert used is not None
    after_expiry = token.expires_at + datetime.timedelta(seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=after_expiry):
        for headers in ({"HTTP_AUTHORIZATION": f"Bearer {raw}"}, {"HTTP_X_API_TOKEN": raw}):
            response = client.get("/api/core/me", **headers)
            assert response.status_code == 401
            assert "接口令牌“办公系统”已于" in response.json()["detail"] and "过期" in response.json()["detail"]
    assert ApiToken.objects.get(pk=token.pk).last_used_at == used  # a refused call is not a use


def test_token_page_shows_expiry_and_last_use(users):
    token, raw = issue_api_token(users.office, "办公系统", days=1)
    Client().get("/api/core/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    token.refresh_from_db()
    office = signed_in(users.office)
    page = office.get("/tokens/").content.decode()
    assert "有效期至" in page and "最近使用" in page
    local = timezone.localtime
    assert local(token.expires_at).strftime("%Y-%m-%d %H:%M") in page
    assert local(token.last_used_at).strftime("%Y-%m-%d %H:%M") in page
    assert "已过期" not in page
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    assert "已过期" in office.get("/tokens/").content.decode()
