"""The foundation's pages: organisation tree, accounts, roles, sessions and the logs."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.core.models import LoginLog, OnlineSession, OperationLog, Role, Unit, User
from tests.conftest import PASSWORD

# ---------------------------------------------------------------------------------------------- units


def test_tree_shows_only_units_in_scope(users, org, login):
    page = login(users.office).get(reverse("core:unit_list")).content.decode()
    assert "测试县司法局" in page and "甲镇人民政府" in page
    assert "乙县司法局" not in page and "测试省" not in page


def test_tree_search_keeps_ancestors(users, org, login):
    page = login(users.sysadmin).get(reverse("core:unit_list"), {"q": "甲镇人民"}).content.decode()
    assert "甲镇人民政府" in page and "测试县" in page and "发展和改革局" not in page


def test_unit_pages_need_capability_and_scope(users, org, login):
    client = login(users.reporter)
    assert client.get(reverse("core:unit_list")).status_code == 403
    client = login(users.office)
    assert client.get(reverse("core:unit_detail", args=[org.other_justice.pk])).status_code == 404
    detail = client.get(reverse("core:unit_detail", args=[org.justice.pk]))
    assert detail.status_code == 200 and "县司法局" in detail.content.decode()
    # units.view only: the forms are not there and their POSTs are refused
    assert "新增下级单位" not in detail.content.decode()
    assert client.post(reverse("core:unit_rename", args=[org.justice.pk]), {"name": "新名"}).status_code == 403


def test_add_child_rename_and_aliases(users, org, login):
    client = login(users.sysadmin)
    response = client.post(reverse("core:unit_add_child", args=[org.county.pk]),
                           {"name": "测试县财政局", "kind": "department", "code": "", "aliases": "县财政局、财政局"})
    child = Unit.objects.get(name="测试县财政局")
    assert response.status_code == 302 and response.url == reverse("core:unit_detail", args=[child.pk])
    assert sorted(child.aliases.values_list("name", flat=True)) == ["县财政局", "财政局"]
    client.post(reverse("core:unit_rename", args=[child.pk]), {"name": "测试县财政所"})
    client.post(reverse("core:unit_aliases", args=[child.pk]), {"aliases": "财政所\n县财政所"})
    child.refresh_from_db()
    assert child.name == "测试县财政所"
    assert sorted(child.aliases.values_list("name", flat=True)) == ["县财政所", "财政所"]
    actions = set(OperationLog.objects.filter(object_id=str(child.pk)).values_list("action", flat=True))
    assert actions == {"unit.create", "unit.rename", "unit.aliases"}
    detail = client.get(reverse("core:unit_detail", args=[child.pk])).content.decode()
    assert "unit.rename" in detail and "测试县财政局" in detail  # the log shows the old name


def test_move_into_own_subtree_shows_the_message(users, org, login):
    client = login(users.sysadmin)
    response = client.post(reverse("core:unit_move", args=[org.county.pk]), {"parent": org.town.pk})
    assert response.status_code == 400
    assert "下级单位" in response.content.decode()
    assert Unit.objects.get_parent(Unit.objects.get(pk=org.county.pk)) == org.city


def test_move_target_must_be_in_scope(org, make_user, login):
    county_admin = make_user("county_admin", org.county, ["sysadmin"], "subtree")
    client = login(county_admin)
    response = client.post(reverse("core:unit_move", args=[org.town.pk]), {"parent": org.other_county.pk})
    assert response.status_code == 400
    assert Unit.objects.get_parent(Unit.objects.get(pk=org.town.pk)) == org.county
    ok = client.post(reverse("core:unit_move", args=[org.town_gov.pk]), {"parent": org.county.pk})
    assert ok.status_code == 302
    assert Unit.objects.get_parent(Unit.objects.get(pk=org.town_gov.pk)) == org.county


def test_deactivate_refused_while_users_active_then_allowed(users, org, login):
    client = login(users.sysadmin)
    refused = client.post(reverse("core:unit_set_active", args=[org.reform.pk]), {"active": "0", "reason": "撤并"})
    assert refused.status_code == 400 and "用户账号" in refused.content.decode()
    User.objects.filter(unit=org.reform).update(is_active=False)
    client.post(reverse("core:unit_set_active", args=[org.reform.pk]), {"active": "0", "reason": "撤并"})
    assert not Unit.objects.get(pk=org.reform.pk).is_active
    tree = client.get(reverse("core:unit_list")).content.decode()
    assert "已停用" in tree
    client.post(reverse("core:unit_set_active", args=[org.reform.pk]), {"active": "1"})
    assert Unit.objects.get(pk=org.reform.pk).is_active


# ---------------------------------------------------------------------------------------------- users


def test_user_list_scope_filters_and_export(org, users, make_user, login):
    county_admin = make_user("county_admin", org.county, ["sysadmin"], "subtree")
    client = login(county_admin)
    page = client.get(reverse("core:user_list")).content.decode()
    assert "t_reporter" in page and "t_outsider" not in page and "t_sysadmin" not in page
    filtered = client.get(reverse("core:user_list"), {"role": "reporter"}).content.decode()
    assert "t_reporter" in filtered and "t_office" not in filtered
    by_unit = client.get(reverse("core:user_list"), {"unit": org.town.pk}).content.decode()
    assert "t_town" in by_unit and "t_reporter" not in by_unit
    # a unit outside the admin's scope is not a valid filter value: ignored, never widening the list
    outside = client.get(reverse("core:user_list"), {"unit": org.other_county.pk}).content.decode()
    assert "t_outsider" not in outside
    export = client.get(reverse("core:user_list"), {"role": "reporter", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("账号", "姓名", "所属单位")
    assert {r[0] for r in rows[1:]} == {"t_reporter", "t_town"}


def test_user_pages_need_users_manage(users, login):
    assert login(users.secadmin).get(reverse("core:user_list")).status_code == 403
    assert login(users.office).get(reverse("core:user_create")).status_code == 403


def test_create_user_enforces_password_policy(users, org, login):
    client = login(users.sysadmin)
    data = {"username": "new_clerk", "full_name": "新人", "password1": "abc", "password2": "abc",
            "unit": org.reform.pk, "roles": [Role.objects.get(code="reporter").pk], "data_scope": "unit"}
    weak = client.post(reverse("core:user_create"), data)
    assert weak.status_code == 400 and not User.objects.filter(username="new_clerk").exists()
    assert "密码" in weak.content.decode()
    data.update(password1="Clerk#2026x", password2="Clerk#2026x")
    created = client.post(reverse("core:user_create"), data)
    user = User.objects.get(username="new_clerk")
    assert created.status_code == 302 and user.unit == org.reform and user.can("supervision.report")
    assert OperationLog.objects.filter(action="user.create", object_id=str(user.pk)).exists()


def _edit_data(user, **changes):
    data = {"full_name": user.full_name, "unit": user.unit_id, "data_scope": user.data_scope,
            "roles": [r.pk for r in user.roles.all()], "phone": "", "email": "", "is_active": "on"}
    data.update(changes)
    return data


def test_admin_cannot_change_own_roles(users, login):
    client = login(users.sysadmin)
    secadmin = Role.objects.get(code="secadmin")
    response = client.post(reverse("core:user_edit", args=[users.sysadmin.pk]),
                           _edit_data(users.sysadmin, roles=[secadmin.pk], full_name="系统管理员"))
    assert response.status_code == 302
    users.sysadmin.refresh_from_db()
    assert list(users.sysadmin.roles.values_list("code", flat=True)) == ["sysadmin"]
    assert users.sysadmin.full_name == "系统管理员"


def test_three_duties_never_meet_in_one_account(users, login):
    # The security administrator is the one who hands out the security and audit roles (the system
    # administrator is not even offered them: tests/core/test_security_admins.py), and even they cannot
    # give one account two duties.
    client = login(users.secadmin)
    roles = [Role.objects.get(code="sysadmin").pk, Role.objects.get(code="auditor").pk]
    response = client.post(reverse("core:account_roles", args=[users.office.pk]),
                           {"unit": users.office.unit_id, "data_scope": users.office.data_scope, "roles": roles,
                            "is_active": "on"})
    assert response.status_code == 400 and "三员分立" in response.content.decode()
    assert set(users.office.roles.values_list("code", flat=True)) == {"office"}


def test_scoped_admin_cannot_edit_outside_or_grant_all(org, users, make_user, login):
    county_admin = make_user("county_admin", org.county, ["sysadmin"], "subtree")
    client = login(county_admin)
    assert client.get(reverse("core:user_edit", args=[users.outsider.pk])).status_code == 404
    response = client.post(reverse("core:user_edit", args=[users.reporter.pk]),
                           _edit_data(users.reporter, data_scope="all"))
    assert response.status_code == 400
    assert User.objects.get(pk=users.reporter.pk).data_scope == "unit"


def test_reset_password_shows_validator_messages(users, login):
    client = login(users.sysadmin)
    url = reverse("core:user_password", args=[users.reporter.pk])
    weak = client.post(url, {"password1": "12345678", "password2": "12345678"})
    assert weak.status_code == 400 and "密码" in weak.content.decode()
    ok = client.post(url, {"password1": "Reset#2026pw", "password2": "Reset#2026pw"})
    assert ok.status_code == 302
    assert User.objects.get(pk=users.reporter.pk).check_password("Reset#2026pw")
    assert OperationLog.objects.filter(action="user.password_reset", object_id=str(users.reporter.pk)).exists()


# ---------------------------------------------------------------------------------------------- roles


def test_role_list_shows_capability_labels(users, login):
    page = login(users.secadmin).get(reverse("core:role_list")).content.decode()
    assert "管理用户账号" in page and "查看与导出审计日志" in page
    assert login(users.sysadmin).get(reverse("core:role_list")).status_code == 403


def test_create_and_edit_role(users, login):
    client = login(users.secadmin)
    client.post(reverse("core:role_create"), {"code": "viewer", "name": "查看员", "description": "",
                                              "capabilities": ["plans.view", "dashboard.view"]})
    role = Role.objects.get(code="viewer")
    assert role.capabilities == ["dashboard.view", "plans.view"]
    client.post(reverse("core:role_edit", args=[role.pk]), {"code": "hacked", "name": "查看员", "description": "只读",
                                                            "capabilities": ["plans.view"]})
    role.refresh_from_db()
    assert role.code == "viewer" and role.capabilities == ["plans.view"] and role.description == "只读"
    assert OperationLog.objects.filter(action__in=["role.create", "role.update"], object_id=str(role.pk)).count() == 2


def test_role_edit_refuses_own_role_and_mixed_duties(users, login):
    client = login(users.secadmin)
    own = Role.objects.get(code="secadmin")
    refused = client.post(reverse("core:role_edit", args=[own.pk]),
                          {"name": own.name, "capabilities": own.capabilities + ["audit.view"]})
    assert refused.status_code == 400 and "自己所持角色" in refused.content.decode()
    assert "audit.view" not in Role.objects.get(pk=own.pk).capabilities
    mixed = client.post(reverse("core:role_create"), {"code": "super", "name": "超级",
                                                      "capabilities": ["users.manage", "audit.view"]})
    assert mixed.status_code == 400 and not Role.objects.filter(code="super").exists()


# ---------------------------------------------------------------------------------------------- sessions


def test_force_logout_ends_the_other_session(users, client, login):
    from django.test import Client

    victim = Client()
    assert victim.post(reverse("core:login"), {"username": "t_office", "password": PASSWORD}).status_code == 302
    online = OnlineSession.objects.get(user=users.office)
    admin = login(users.secadmin)
    page = admin.get(reverse("core:session_list")).content.decode()
    assert "t_office" in page and "强制下线" in page
    response = admin.post(reverse("core:session_force_logout", args=[online.pk]))
    assert response.status_code == 302
    assert not OnlineSession.objects.filter(pk=online.pk).exists()
    assert victim.get(reverse("core:unit_list")).status_code == 302  # back to the login page
    assert OperationLog.objects.filter(action="session.force_logout").exists()


def test_sessions_need_capability(users, login):
    assert login(users.auditor).get(reverse("core:session_list")).status_code == 403


# ---------------------------------------------------------------------------------------------- logs


def test_operation_log_filters_detail_and_export(users, org, login):
    from fazhi.core import services

    services.rename_unit(users.sysadmin, org.reform, "测试县发展改革局")
    client = login(users.auditor)
    page = client.get(reverse("core:operation_log"), {"action": "unit.rename"}).content.decode()
    assert "测试县发展改革局" in page and "unit.create" not in page.split("<tbody>")[1]
    log = OperationLog.objects.get(action="unit.rename")
    detail = client.get(reverse("core:operation_detail", args=[log.pk])).content.decode()
    assert "测试县发展和改革局" in detail and "测试县发展改革局" in detail
    export = client.get(reverse("core:operation_log"), {"action": "unit.rename", "export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(b"".join(export.streaming_content))).active.values)
    assert len(rows) == 2 and rows[1][3] == "单位更名" and rows[1][4] == "单位"
    assert "名称：测试县发展和改革局 → 测试县发展改革局" in rows[1][8]


def test_logs_are_read_only_and_for_auditors(users, login):
    assert login(users.sysadmin).get(reverse("core:operation_log")).status_code == 403
    assert login(users.secadmin).get(reverse("core:login_log")).status_code == 403
    log = OperationLog.objects.first()
    with pytest.raises(PermissionError):
        log.delete()


def test_login_log_success_filter(users, client, login):
    client.post(reverse("core:login"), {"username": "t_office", "password": "wrong"})
    client.post(reverse("core:login"), {"username": "t_office", "password": PASSWORD})
    assert LoginLog.objects.filter(username="t_office").count() == 2
    auditor = login(users.auditor)
    failed = auditor.get(reverse("core:login_log"), {"success": "0"}).content.decode()
    assert "账号或密码错误" in failed and "登录成功" not in failed
    both = auditor.get(reverse("core:login_log")).content.decode()
    assert "登录成功" in both
