"""/api/core/: the same capabilities and scopes as the pages, by session (with CSRF) or by token."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.test import Client

from fazhi.api import hash_token
from fazhi.core.auth import issue_api_token
from fazhi.core.models import ApiToken, CalendarDay, CalendarYear, OperationLog, Unit


def bearer(user) -> dict:
    _, raw = issue_api_token(user, "测试对接")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def header_token(user) -> dict:
    _, raw = issue_api_token(user, "测试对接")
    return {"HTTP_X_API_TOKEN": raw}


def send(client, method: str, path: str, body: dict, **extra):
    return getattr(client, method)(path, data=json.dumps(body), content_type="application/json", **extra)


@pytest.fixture
def county_admin(org, make_user):
    """A system administrator of 测试县 only."""
    return make_user("t_county_admin", org.county, ["sysadmin"], "jurisdiction")


# ------------------------------------------------------------------------------------------- auth


def test_anonymous_gets_401(client, users):
    assert client.get("/api/core/me").status_code == 401
    assert client.get("/api/core/units", HTTP_AUTHORIZATION="Bearer nonsense").status_code == 401
    assert client.get("/api/core/units", HTTP_X_API_TOKEN="nonsense").status_code == 401


@pytest.mark.parametrize("auth", [bearer, header_token])
def test_token_auth_both_headers(client, users, auth):
    response = client.get("/api/core/me", **auth(users.office))
    assert response.status_code == 200
    assert response.json()["username"] == "t_office"


def test_token_is_stored_as_sha256_and_marks_last_use(client, users):
    token, raw = issue_api_token(users.office, "办公系统")
    assert token.key_hash == hash_token(raw) and raw not in (token.key_hash, token.prefix + "x")
    assert not ApiToken.objects.filter(key_hash=raw).exists()
    client.get("/api/core/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_revoked_token_and_inactive_owner_refused(client, users):
    from fazhi.core.auth import revoke_api_token
    from fazhi.core.services import update_user

    token, raw = issue_api_token(users.office, "办公系统")
    assert client.get("/api/core/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    revoke_api_token(users.office, token)
    assert client.get("/api/core/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    assert client.get("/api/core/me", HTTP_X_API_TOKEN=raw).status_code == 401

    _, other = issue_api_token(users.reporter, "填报")
    update_user(users.sysadmin, users.reporter, is_active=False)
    assert client.get("/api/core/me", HTTP_AUTHORIZATION=f"Bearer {other}").status_code == 401


def test_session_write_needs_csrf(users, org):
    """A session-authenticated write without the CSRF token is refused; with it, it lands."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(users.sysadmin)
    refused = send(browser, "post", "/api/core/units", {"name": "丙镇", "kind": "region", "parent_id": org.county.pk})
    assert refused.status_code == 403
    assert not Unit.objects.filter(name="丙镇").exists()

    page = browser.get("/")  # any page sets the CSRF cookie; the base template carries the token
    token = re.search(r'"X-CSRFToken": "([^"]+)"', page.content.decode()).group(1)
    accepted = send(browser, "post", "/api/core/units", {"name": "丙镇", "kind": "region", "parent_id": org.county.pk},
                    HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code == 201, accepted.content
    assert Unit.objects.filter(name="丙镇").exists()


def test_token_write_needs_no_csrf(users, org):
    browser = Client(enforce_csrf_checks=True)
    response = send(browser, "post", "/api/core/units", {"name": "丙镇", "kind": "region", "parent_id": org.county.pk},
                    **bearer(users.sysadmin))
    assert response.status_code == 201


# ------------------------------------------------------------------------------------------- me


def test_me_describes_user_unit_roles_capabilities_and_scope(client, users):
    data = client.get("/api/core/me", **bearer(users.office)).json()
    assert data["unit"]["name"] == "测试县司法局"
    assert set(data["unit"]["aliases"]) == {"司法局", "县司法局"}
    assert [r["code"] for r in data["roles"]] == ["office"]
    assert "supervision.manage" in data["capabilities"] and "users.manage" not in data["capabilities"]
    assert data["data_scope"] == "jurisdiction" and data["data_scope_label"] == "本级行政区及下辖"


# ------------------------------------------------------------------------------------------- units


def test_units_are_scoped_filtered_and_paged(client, users, org):
    auth = bearer(users.leader)  # 测试县 jurisdiction, units.view
    listed = client.get("/api/core/units", **auth).json()
    names = {u["name"] for u in listed["items"]}
    assert "测试县司法局" in names and "甲镇" in names
    assert "乙县司法局" not in names and "测试市" not in names
    assert listed["count"] == len(names) == 6

    regions = client.get("/api/core/units?kind=region", **auth).json()["items"]
    assert {u["name"] for u in regions} == {"测试县", "甲镇"}
    children = client.get(f"/api/core/units?parent={org.town.pk}", **auth).json()["items"]
    assert [(u["name"], u["parent_id"]) for u in children] == [("甲镇人民政府", org.town.pk)]
    assert client.get(f"/api/core/units?parent={org.other_county.pk}", **auth).status_code == 404

    page = client.get("/api/core/units?limit=2&offset=2", **auth).json()
    assert page["count"] == 6 and len(page["items"]) == 2


def test_unit_detail_in_and_out_of_scope(client, users, org):
    auth = bearer(users.leader)
    detail = client.get(f"/api/core/units/{org.justice.pk}", **auth).json()
    assert detail["parent_id"] == org.county.pk and detail["kind"] == "department"
    assert client.get(f"/api/core/units/{org.other_justice.pk}", **auth).status_code == 404
    assert client.get("/api/core/units/999999", **auth).status_code == 404
    assert client.get("/api/core/units", **bearer(users.reporter)).status_code == 403


def test_create_unit_and_bad_input(client, users, county_admin, org):
    auth = bearer(county_admin)
    created = send(client, "post", "/api/core/units",
                   {"name": "测试县财政局", "kind": "department", "parent_id": org.county.pk, "aliases": ["县财政局"]},
                   **auth)
    assert created.status_code == 201
    assert created.json()["aliases"] == ["县财政局"] and created.json()["level"] == "county"
    assert OperationLog.objects.filter(action="unit.create", object_repr="测试县财政局").exists()

    duplicate = send(client, "post", "/api/core/units",
                     {"name": "测试县财政局", "kind": "department", "parent_id": org.county.pk}, **auth)
    assert duplicate.status_code == 400 and "已有名为" in duplicate.json()["detail"]
    blank = send(client, "post", "/api/core/units", {"name": "  ", "kind": "department", "parent_id": org.county.pk},
                 **auth)
    assert blank.status_code == 400 and blank.json()["detail"] == "名称不能为空"
    bad_kind = send(client, "post", "/api/core/units", {"name": "某局", "kind": "club", "parent_id": org.county.pk},
                    **auth)
    assert bad_kind.status_code == 400 and "未知的单位类型" in bad_kind.json()["detail"]
    # Another county, and a root, are outside a county administrator's reach.
    assert send(client, "post", "/api/core/units", {"name": "某局", "kind": "department",
                                                    "parent_id": org.other_county.pk}, **auth).status_code == 404
    root = send(client, "post", "/api/core/units", {"name": "某省", "kind": "region", "level": "province"}, **auth)
    assert root.status_code == 403
    assert not Unit.objects.filter(name__in=["某局", "某省"]).exists()


def test_patch_unit_is_all_or_nothing(client, users, county_admin, org):
    auth = bearer(county_admin)
    renamed = send(client, "patch", f"/api/core/units/{org.reform.pk}",
                   {"name": "测试县发展改革局", "aliases": ["发改局"]}, **auth)
    assert renamed.status_code == 200
    assert renamed.json()["name"] == "测试县发展改革局" and renamed.json()["aliases"] == ["发改局"]

    # The reporter's account keeps 发改局 active, so deactivation is refused and the rename rolls back too.
    refused = send(client, "patch", f"/api/core/units/{org.reform.pk}", {"name": "新名称", "is_active": False},
                   **auth)
    assert refused.status_code == 400 and "启用中的用户账号" in refused.json()["detail"]
    reform = Unit.objects.get(pk=org.reform.pk)
    assert reform.name == "测试县发展改革局" and reform.is_active

    assert send(client, "patch", f"/api/core/units/{org.other_justice.pk}", {"name": "x"}, **auth).status_code == 404
    assert send(client, "patch", f"/api/core/units/{org.reform.pk}", {"name": "x"},
                **bearer(users.leader)).status_code == 403


def test_move_unit(client, users, county_admin, org):
    auth = bearer(county_admin)
    moved = send(client, "post", f"/api/core/units/{org.town_gov.pk}/move", {"parent_id": org.county.pk}, **auth)
    assert moved.status_code == 200 and moved.json()["parent_id"] == org.county.pk
    loop = send(client, "post", f"/api/core/units/{org.county.pk}/move", {"parent_id": org.town.pk}, **auth)
    assert loop.status_code == 400 and "下级" in loop.json()["detail"]
    # Moving into a unit out of scope is as if it did not exist.
    out = send(client, "post", f"/api/core/units/{org.town.pk}/move", {"parent_id": org.other_county.pk}, **auth)
    assert out.status_code == 404
    assert Unit.objects.get_parent(Unit.objects.get(pk=org.town.pk)) == org.county


# ------------------------------------------------------------------------------------------- users


def test_users_scoped_and_capability(client, users, county_admin, org):
    listed = client.get("/api/core/users", **bearer(county_admin)).json()
    names = {u["username"] for u in listed["items"]}
    assert {"t_office", "t_reporter", "t_town", "t_leader", "t_county_admin"} == names
    assert "t_outsider" not in names
    one_unit = client.get(f"/api/core/users?unit={org.reform.pk}", **bearer(county_admin)).json()["items"]
    assert [(u["username"], u["roles"], u["unit_name"]) for u in one_unit] == [
        ("t_reporter", ["reporter"], "测试县发展和改革局")]
    assert client.get(f"/api/core/users?unit={org.other_justice.pk}", **bearer(county_admin)).status_code == 404
    assert client.get("/api/core/users", **bearer(users.office)).status_code == 403
    assert client.get("/api/core/users?q=outsider", **bearer(users.sysadmin)).json()["count"] == 1


# ------------------------------------------------------------------------------------------- calendar


def test_calendar_days_read_the_table(client, users):
    CalendarYear.objects.update_or_create(year=2031, defaults={"source": "国务院办公厅通知"})
    CalendarDay.objects.create(date=datetime.date(2031, 1, 1), day_type="holiday", note="元旦")
    CalendarDay.objects.create(date=datetime.date(2031, 1, 4), day_type="makeup", note="元旦调休")
    CalendarDay.objects.create(date=datetime.date(2032, 1, 1), day_type="holiday", note="元旦")
    data = client.get("/api/core/calendar/days?year=2031", **bearer(users.reporter)).json()
    assert data["loaded"] is True and data["source"] == "国务院办公厅通知"
    assert [(d["date"], d["day_type"], d["day_type_label"]) for d in data["days"]] == [
        ("2031-01-01", "holiday", "法定节假日"), ("2031-01-04", "makeup", "调休上班")]
    assert client.get("/api/core/calendar/days?year=1800", **bearer(users.reporter)).status_code == 400
    assert client.get("/api/core/calendar/days", **bearer(users.reporter)).status_code == 422


# ------------------------------------------------------------------------------------------- logs


def test_operation_logs_filtered_and_scoped(client, users, org):
    from fazhi.core import services

    services.rename_unit(users.office, org.reform, "测试县发展改革局")  # actor unit: 测试县司法局
    services.rename_unit(users.outsider, org.other_justice, "乙县司法行政局")  # actor unit: 乙县
    auditor = bearer(users.auditor)
    renames = client.get("/api/core/logs/operations?action=unit.rename", **auditor).json()
    assert renames["count"] == 2
    row = client.get(f"/api/core/logs/operations?action=unit.rename&actor=t_office&object_id={org.reform.pk}",
                     **auditor).json()["items"]
    assert len(row) == 1 and row[0]["before"]["name"] == "测试县发展和改革局"
    assert row[0]["after"]["name"] == "测试县发展改革局" and row[0]["unit_name"] == "测试县司法局"
    today = datetime.date.today().isoformat()
    assert client.get(f"/api/core/logs/operations?date_from={today}&object_type=core.unit",
                      **auditor).json()["count"] >= 2
    assert client.get("/api/core/logs/operations?date_to=2000-01-01", **auditor).json()["count"] == 0

    county_auditor = services.create_user(None, username="t_county_auditor", password="Test@Pass1",
                                          unit=org.county, roles=["auditor"], data_scope="jurisdiction")
    seen = client.get("/api/core/logs/operations?action=unit.rename", **bearer(county_auditor)).json()
    assert [r["actor_name"] for r in seen["items"]] == ["t_office"]
    assert client.get("/api/core/logs/operations", **bearer(users.sysadmin)).status_code == 403


def test_no_api_route_changes_or_deletes_the_log(client, users):
    auditor = bearer(users.auditor)
    for method in ("post", "put", "patch", "delete"):
        assert getattr(client, method)("/api/core/logs/operations", **auditor).status_code == 405


# ------------------------------------------------------------------------------------------- schema & docs


def test_openapi_schema_lists_core_routes(client, users):
    client.force_login(users.office)
    schema = client.get("/api/openapi.json").json()
    for path in ("/api/core/me", "/api/core/units", "/api/core/units/{unit_id}", "/api/core/units/{unit_id}/move",
                 "/api/core/users", "/api/core/calendar/days", "/api/core/logs/operations"):
        assert path in schema["paths"], path
    assert set(schema["paths"]["/api/core/units/{unit_id}"]) == {"get", "patch"}


def test_docs_page_loads_only_local_files(client, users):
    assert client.get("/api/docs").status_code == 302  # sign in first
    client.force_login(users.office)
    html = client.get("/api/docs").content.decode()
    refs = re.findall(r"""(?:src|href)=["']([^"']+)["']""", html)
    assert refs, html
    assert all(ref.startswith("/static/") for ref in refs), refs
    assert "cdn" not in html.lower()


# ------------------------------------------------------------------------------------------- token page


def test_token_page_shows_the_raw_token_once_and_revokes(client, users):
    client.force_login(users.office)
    created = client.post("/tokens/", {"name": "办公系统对接"})
    assert created.status_code == 200
    assert "no-store" in created["Cache-Control"]
    raw = re.search(r'value="([^"]+)" aria-label="新令牌"', created.content.decode()).group(1)
    token = ApiToken.objects.get(user=users.office)
    assert token.key_hash == hash_token(raw) and token.prefix == raw[:8]
    assert raw not in client.get("/tokens/").content.decode()  # never shown again
    assert OperationLog.objects.filter(action="api_token.create", object_id=str(token.pk)).exists()

    api = Client()
    assert api.get("/api/core/me", HTTP_AUTHORIZATION=f"Bearer {raw}").json()["username"] == "t_office"
    assert client.post(f"/tokens/{token.pk}/revoke/").status_code == 302
    assert api.get("/api/core/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    assert "已吊销" in client.get("/tokens/").content.decode()


def test_token_page_refuses_a_blank_name_and_other_users_tokens(client, users):
    client.force_login(users.office)
    blank = client.post("/tokens/", {"name": "  "})
    assert blank.status_code == 400 and "请填写令牌用途" in blank.content.decode()
    assert not ApiToken.objects.exists()
    theirs, _ = issue_api_token(users.reporter, "填报")
    assert client.post(f"/tokens/{theirs.pk}/revoke/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None
    assert "接口令牌" in client.get("/").content.decode()  # in the menu for everyone
