"""三员分立: the system, security and audit administrators hold separate duties and cannot take over one
another's accounts; a password an administrator set is changed at the next sign-in.

Reproductions of issue #10 item 1: the system administrator created an auditor (`POST /users/new/`
with the auditor role) and reset the auditor's password (`POST /users/<auditor>/password/`).
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from fazhi.core import capabilities as cap
from fazhi.core import services
from fazhi.core.models import OperationLog, Role, User
from tests.conftest import PASSWORD

NEW_PASSWORD = "Admin#Set2026"
OWN_PASSWORD = "Mine#Only2026"


def role_pk(code: str) -> int:
    return Role.objects.get(code=code).pk


def codes(user: User) -> set[str]:
    return set(User.objects.get(pk=user.pk).roles.values_list("code", flat=True))


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def new_account_form(org, **extra) -> dict:
    data = {"username": "m_audit2", "full_name": "新审计员", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD,
            "unit": org.province.pk, "data_scope": "all"}
    data.update(extra)
    return data


# ------------------------------------------------------------------------------------------- roles


def test_system_administrator_cannot_create_an_auditor_or_security_administrator(org, users):
    client = client_for(users.sysadmin)
    for code in ("auditor", "secadmin"):
        response = client.post(reverse("core:user_create"), new_account_form(org, roles=[role_pk(code)]))
        assert response.status_code == 400
        assert not User.objects.filter(username="m_audit2").exists()
    form = client.get(reverse("core:user_create")).content.decode()
    assert f'name="roles" value="{role_pk("reporter")}"' in form
    for code in ("auditor", "secadmin"):  # not even offered
        assert f'name="roles" value="{role_pk(code)}"' not in form
    with pytest.raises(ValidationError, match="三员分立：审计管理员角色只能由安全管理员授予或收回"):
        services.create_user(users.sysadmin, username="m_audit3", password=NEW_PASSWORD, unit=org.province,
                             roles=["auditor"])
    assert not User.objects.filter(username="m_audit3").exists()


def test_system_administrator_neither_grants_nor_removes_the_security_roles(users):
    with pytest.raises(ValidationError, match="三员分立"):
        services.update_user(users.sysadmin, users.office, roles=["office", "auditor"])
    with pytest.raises(ValidationError, match="三员分立"):
        services.update_user(users.sysadmin, users.auditor, roles=[])
    assert codes(users.office) == {"office"} and codes(users.auditor) == {"auditor"}


def test_editing_an_auditor_profile_keeps_their_role(users):
    client = client_for(users.sysadmin)
    response = client.post(reverse("core:user_edit", args=[users.auditor.pk]), {
        "full_name": "审计员甲", "unit": users.auditor.unit_id, "data_scope": "all", "roles": [],
        "is_active": "on"})
    assert response.status_code == 302
    assert User.objects.get(pk=users.auditor.pk).full_name == "审计员甲"
    assert codes(users.auditor) == {"auditor"}


def account_form(user: User, **changes) -> dict:
    data = {"unit": user.unit_id, "data_scope": user.data_scope, "roles": [r.pk for r in user.roles.all()],
            "is_active": "on"}
    data.update(changes)
    return data


def test_security_administrator_assigns_the_auditor_role_and_it_is_logged(users):
    client = client_for(users.secadmin)
    response = client.post(reverse("core:account_roles", args=[users.leader.pk]),
                           account_form(users.leader, roles=[role_pk("auditor")], reason="审计岗位调整"))
    assert response.status_code == 302
    assert codes(users.leader) == {"auditor"}
    row = OperationLog.objects.get(action="user.update", object_id=str(users.leader.pk))
    assert row.actor == users.secadmin and row.before["roles"] == ["leader"] and row.after["roles"] == ["auditor"]
    assert row.reason == "审计岗位调整"


def test_security_administrator_cannot_change_own_roles(users):
    with pytest.raises(ValidationError, match="不能修改自己的角色"):
        services.update_user(users.secadmin, users.secadmin, roles=["secadmin", "office"])
    # The page does not even take them.
    client_for(users.secadmin).post(reverse("core:account_roles", args=[users.secadmin.pk]),
                                    account_form(users.secadmin, roles=[role_pk("office")]))
    assert codes(users.secadmin) == {"secadmin"}


@pytest.mark.parametrize("change", [{"is_active": ""}, {"data_scope": "own"}])
def test_system_administrator_cannot_switch_off_or_narrow_the_auditor(users, change):
    edit = {"full_name": "", "unit": users.auditor.unit_id, "data_scope": "all", "roles": [], "is_active": "on"}
    edit.update(change)
    response = client_for(users.sysadmin).post(reverse("core:user_edit", args=[users.auditor.pk]), edit)
    assert response.status_code == 400 and "只能由安全管理员修改" in response.content.decode()
    auditor = User.objects.get(pk=users.auditor.pk)
    assert auditor.is_active and auditor.data_scope == "all"


def test_security_administrator_switches_off_an_auditor_account(users):
    response = client_for(users.secadmin).post(reverse("core:account_roles", args=[users.auditor.pk]),
                                               account_form(users.auditor, is_active="", reason="离岗"))
    assert response.status_code == 302
    assert not User.objects.get(pk=users.auditor.pk).is_active


def test_a_role_cannot_gain_a_duty_one_of_its_holders_has_from_another_role(users, make_user, org):
    both = make_user("t_both", org.justice, ["office", "auditor"], "jurisdiction")  # allowed: one duty
    office = Role.objects.get(code="office")
    with pytest.raises(ValidationError, match="账号“t_both”将同时承担审计管理员、系统管理员的职责"):
        services.update_role(users.secadmin, office, name=office.name,
                             capabilities=[*office.capabilities, cap.MANAGE_USERS])
    office.refresh_from_db()
    assert cap.MANAGE_USERS not in office.capabilities
    assert not both.can(cap.MANAGE_USERS)
    # Without such a holder the same change goes through.
    both.roles.remove(Role.objects.get(code="auditor"))
    services.update_role(users.secadmin, office, name=office.name, capabilities=[*office.capabilities, cap.MANAGE_USERS])


def test_role_page_refuses_the_change_in_chinese(users, make_user, org):
    make_user("t_both", org.justice, ["office", "auditor"], "jurisdiction")
    office = Role.objects.get(code="office")
    response = client_for(users.secadmin).post(reverse("core:role_edit", args=[office.pk]), {
        "code": "office", "name": office.name, "capabilities": [*office.capabilities, cap.MANAGE_USERS]})
    assert response.status_code == 400 and "三员分立" in response.content.decode()


# ------------------------------------------------------------------------------------------- passwords


def test_system_administrator_cannot_reset_another_administrators_password(users):
    client = client_for(users.sysadmin)
    for target in (users.auditor, users.secadmin):
        response = client.post(reverse("core:user_password", args=[target.pk]),
                               {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
        assert response.status_code == 400
        assert "其密码只能由安全管理员重置" in response.content.decode()
        assert User.objects.get(pk=target.pk).check_password(PASSWORD)
    assert not OperationLog.objects.filter(action="user.password_reset").exists()


def test_security_administrator_resets_an_administrators_password_logged_and_must_change(users, make_user, org):
    client = client_for(users.secadmin)
    response = client.post(reverse("core:account_password", args=[users.auditor.pk]),
                           {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    auditor = User.objects.get(pk=users.auditor.pk)
    assert auditor.check_password(NEW_PASSWORD) and auditor.password_must_change
    row = OperationLog.objects.get(action="user.password_reset", object_id=str(auditor.pk))
    assert row.actor == users.secadmin and row.reason == "安全管理员重置密码"
    # An auditor sees it in the log they read.
    other_auditor = make_user("t_auditor2", org.province, ["auditor"], "all")
    assert "user.password_reset" in client_for(other_auditor).get("/logs/operations/").content.decode()


def test_nobody_resets_their_own_password_as_an_administrator(users):
    with pytest.raises(ValidationError, match="修改密码"):
        services.reset_password(users.secadmin, users.secadmin, NEW_PASSWORD)


def test_superuser_password_only_by_a_superuser(users, org):
    root = User.objects.create_superuser("root", password=PASSWORD)
    with pytest.raises(ValidationError, match="超级管理员"):
        services.reset_password(users.secadmin, root, NEW_PASSWORD)


def test_ordinary_account_reset_by_the_system_administrator_must_be_changed(users):
    admin = client_for(users.sysadmin)
    admin.post(reverse("core:user_password", args=[users.reporter.pk]),
               {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    reporter = Client()
    assert reporter.post("/login/", {"username": "t_reporter", "password": NEW_PASSWORD}).status_code == 302
    assert reporter.get("/")["Location"] == "/password/?must=1"
    assert "密码由管理员设置" in reporter.get("/password/?must=1").content.decode()
    api = reporter.get("/api/core/me")
    assert api.status_code == 403 and "密码由管理员设置" in api.json()["detail"]
    changed = reporter.post("/password/", {"old_password": NEW_PASSWORD, "new_password1": OWN_PASSWORD,
                                           "new_password2": OWN_PASSWORD})
    assert changed.status_code == 302
    assert reporter.get("/").status_code == 200
    assert not User.objects.get(pk=users.reporter.pk).password_must_change


def test_a_new_account_made_on_the_page_must_change_its_first_password(org, users):
    client_for(users.sysadmin).post(reverse("core:user_create"), new_account_form(org, data_scope="unit"))
    assert User.objects.get(username="m_audit2").password_must_change
    # Accounts a command makes (no acting administrator) are not flagged: fixtures, load_demo.
    assert not users.reporter.password_must_change
