"""Permission-matrix cases of the platform foundation: pages of core, the API shell and /api/core/.

Format and checks: tests/matrix.py.
"""

from __future__ import annotations

from django.contrib.sessions.backends.db import SessionStore
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.core import capabilities as cap
from fazhi.core import services
from fazhi.core.auth import issue_api_token
from fazhi.core.models import (
    ApiToken,
    CalendarDay,
    CalendarYear,
    LoginLog,
    LoginUnlock,
    Notification,
    OnlineSession,
    OperationLog,
    Role,
    SecurityPolicy,
    Unit,
    User,
)
from tests.conftest import PASSWORD
from tests.matrix import RouteCase

NEW_PASSWORD = "Matrix#2026x"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
CALENDAR = "全国统一的工作日历，没有单位范围"
ROLES = "角色是全平台共用的权限集合，没有单位范围"
OWN = "只作用于当前登录用户本人"
SHELL = "接口说明，不含业务数据"
POLICY = "全平台一份安全策略，没有单位范围"


# ------------------------------------------------------------------------------------------- helpers


def unit_pk(attr: str):
    return lambda org, users: {"pk": getattr(org, attr).pk}


def unit_name(org, users, kw):
    return Unit.objects.get(pk=kw.get("pk") or kw.get("unit_id")).name


def unit_path(org, users, kw):
    return Unit.objects.get(pk=kw.get("pk") or kw.get("unit_id")).path


def unit_exists(name: str):
    return lambda org, users, kw: Unit.objects.filter(name=name).exists()


def fresh_unit(org, users):
    """A department without accounts or children, so deactivating it is allowed."""
    unit = services.create_unit(None, name="测试县统计局", kind=Unit.Kind.DEPARTMENT, parent=org.county)
    return {"pk": unit.pk}


def user_pk(org, users):
    return {"pk": users.reporter.pk}


def a_role(org, users):
    role = services.create_role(None, code="m-role", name="矩阵角色", capabilities=[cap.VIEW_PLANS])
    return {"pk": role.pk}


def office_session(org, users):
    store = SessionStore()
    store["_auth_user_id"] = str(users.office.pk)
    store.create()
    online = OnlineSession.objects.create(session_key=store.session_key, user=users.office, ip="10.9.9.9")
    return {"pk": online.pk}


def office_rename_logged(org, users):
    """An operation-log row whose actor (the office) belongs to 测试县."""
    services.rename_unit(users.office, org.reform, "测试县发改委")
    return {}


def office_rename_log_pk(org, users):
    office_rename_logged(org, users)
    return {"pk": OperationLog.objects.get(action="unit.rename").pk}


def office_login_logged(org, users):
    LoginLog.objects.create(username=users.office.username, user=users.office, success=True, reason="登录成功",
                            ip="10.1.2.3", user_agent="矩阵浏览器")
    return {}


def office_note(org, users):
    note = Notification.objects.create(recipient=users.office, title="矩阵消息甲", body="请于本周报送")
    return {"pk": note.pk}


def office_token(org, users):
    token, _ = issue_api_token(users.office, "矩阵令牌甲")
    return {"pk": token.pk}


def office_failed_logins(org, users):
    """Five failed sign-ins of t_office: the account (in 测试县) and the address must wait."""
    for _ in range(5):
        LoginLog.objects.create(username=users.office.username, user=users.office, success=False,
                                reason="账号或密码错误", ip="10.3.3.3")
    return {}


def drop_calendar_year(org, users):
    CalendarDay.objects.filter(date__year=2025).delete()
    CalendarYear.objects.filter(year=2025).delete()
    return {}


def reporter_role_pk() -> int:
    return Role.objects.get(code="reporter").pk


def errand_attachment(org, users) -> dict:
    """A PDF on the toy module's errand of 测试县司法局 (not public)."""
    from fazhi.core.attachments import attach_file
    from tests.toy.models import Errand

    errand = Errand.objects.create(title="附件矩阵", unit=org.justice)
    return {"token": attach_file(users.office, errand, SimpleUploadedFile("材料.pdf", PDF)).token}


def published_document_attachment(org, users) -> dict:
    """A PDF on a published normative document: its attachments are public (attachments_public())."""
    from fazhi.core.attachments import attach_file
    from tests.normdocs.matrix_cases import published

    return {"token": attach_file(None, published(org), SimpleUploadedFile("公开附件.pdf", PDF)).token}


# ------------------------------------------------------------------------------------------- cases

CASES = [
    # Sign-in and the user's own things.
    RouteCase("core:login", "GET", public=True),
    RouteCase("core:favicon", "GET", public=True),
    RouteCase("core:logout", "POST", public=True),
    # The one attachment download: whoever sees the owner (no capability of its own); anyone when public.
    RouteCase("core:attachment", "GET", make_object=errand_attachment, allowed="office", denied=["outsider"],
              login_only=True, label="内部"),
    RouteCase("core:attachment", "GET", make_object=published_document_attachment, public=True, label="公开"),
    RouteCase("core:home", "GET", allowed="reporter", login_only=True, unscoped=OWN),
    RouteCase("core:password_change", "GET", allowed="reporter", login_only=True, unscoped=OWN),
    RouteCase("core:password_change", "POST", allowed="office", login_only=True, unscoped=OWN,
              data={"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
              state=lambda org, users, kw: User.objects.get(pk=users.office.pk).password),
    RouteCase("core:notifications", "GET", make_object=office_note, allowed="office", login_only=True,
              denied=["reporter", "outsider"], hidden=lambda org, users, kw: ["矩阵消息甲"]),
    RouteCase("core:notification_read", "POST", make_object=office_note, allowed="office", login_only=True,
              denied=["reporter", "outsider"],
              state=lambda org, users, kw: Notification.objects.get(pk=kw["pk"]).read_at),
    RouteCase("core:notifications_read_all", "POST", make_object=office_note, allowed="office", login_only=True,
              unscoped="每个用户只标记自己的消息（test_notifications 证明他人的消息不变）",
              state=lambda org, users, kw: Notification.objects.get(pk=kw["pk"]).read_at),
    RouteCase("core:api_tokens", "GET", make_object=office_token, allowed="office", login_only=True,
              denied=["reporter", "outsider"], hidden=lambda org, users, kw: ["矩阵令牌甲"]),
    RouteCase("core:api_tokens", "POST", label="create", allowed="office", login_only=True,
              unscoped="每个用户只为自己创建令牌", data={"name": "办公系统对接"},
              state=lambda org, users, kw: ApiToken.objects.count()),
    RouteCase("core:api_token_revoke", "POST", make_object=office_token, allowed="office", login_only=True,
              denied=["reporter", "outsider"],
              state=lambda org, users, kw: ApiToken.objects.get(pk=kw["pk"]).revoked_at),

    # Organisation tree: the county administrator manages 测试县; 乙县's administrator must not.
    RouteCase("core:unit_list", "GET", allowed="leader", denied=["outsider", "outsider_admin"],
              hidden=lambda org, users, kw: ["测试县司法局", "甲镇人民政府"]),
    RouteCase("core:unit_add_root", "POST", allowed="sysadmin", denied=["county_admin"],
              # the page refuses a root to a non-"all" administrator with a message and a redirect
              denied_status=(302, 403, 404),
              data={"name": "矩阵省", "level": "province", "code": ""}, state=unit_exists("矩阵省")),
    RouteCase("core:unit_detail", "GET", make_object=unit_pk("justice"), allowed="leader",
              denied=["outsider", "outsider_admin"]),
    RouteCase("core:unit_add_child", "POST", make_object=unit_pk("county"), allowed="county_admin",
              denied=["outsider_admin"], data={"name": "测试县财政局", "kind": "department"},
              state=unit_exists("测试县财政局")),
    RouteCase("core:unit_rename", "POST", make_object=unit_pk("reform"), allowed="county_admin",
              denied=["outsider_admin"], data={"name": "测试县发改委"}, state=unit_name),
    RouteCase("core:unit_move", "POST", make_object=unit_pk("town_gov"), allowed="county_admin",
              denied=["outsider_admin"], data=lambda org, users, kw: {"parent": org.county.pk}, state=unit_path),
    RouteCase("core:unit_set_active", "POST", make_object=fresh_unit, allowed="county_admin",
              denied=["outsider_admin"], data={"active": "0", "reason": "机构改革撤并"},
              state=lambda org, users, kw: Unit.objects.get(pk=kw["pk"]).is_active),
    RouteCase("core:unit_attributes", "POST", make_object=unit_pk("reform"), allowed="county_admin",
              denied=["outsider_admin", "outsider"], data={"organ": "administrative", "enforcement_powers": "on"},
              state=lambda org, users, kw: Unit.objects.get(pk=kw["pk"]).enforcement_powers),
    RouteCase("core:unit_attributes", "POST", make_object=unit_pk("reform"), allowed="office", label="office",
              denied=["outsider"], data={"organ": "administrative", "enforcement_powers": "on"},
              state=lambda org, users, kw: Unit.objects.get(pk=kw["pk"]).enforcement_powers),
    RouteCase("core:unit_aliases", "POST", make_object=unit_pk("reform"), allowed="county_admin",
              denied=["outsider_admin"], data={"aliases": "县发改委\n发改委"},
              state=lambda org, users, kw: sorted(Unit.objects.get(pk=kw["pk"]).aliases.values_list("name", flat=True))),

    # Accounts.
    RouteCase("core:user_list", "GET", allowed="county_admin", denied=["outsider_admin"],
              hidden=lambda org, users, kw: ["t_office", "t_reporter"]),
    RouteCase("core:user_create", "GET", allowed="county_admin", unscoped="空白表单；提交时才涉及单位范围"),
    RouteCase("core:user_create", "POST", allowed="county_admin", denied=["outsider_admin"],
              # the unit field offers only units in the caller's scope: another county's is a form error
              denied_status=(400, 403, 404),
              data=lambda org, users, kw: {
                  "username": "m_new", "full_name": "新用户", "password1": NEW_PASSWORD,
                  "password2": NEW_PASSWORD, "unit": org.reform.pk, "data_scope": "unit"},
              state=lambda org, users, kw: User.objects.filter(username="m_new").exists()),
    RouteCase("core:user_edit", "GET", make_object=user_pk, allowed="county_admin", denied=["outsider_admin"]),
    RouteCase("core:user_edit", "POST", make_object=user_pk, allowed="county_admin", denied=["outsider_admin"],
              data=lambda org, users, kw: {
                  "full_name": "张填报", "unit": org.reform.pk, "roles": [reporter_role_pk()],
                  "data_scope": "unit", "is_active": "on"},
              state=lambda org, users, kw: User.objects.get(pk=kw["pk"]).full_name),
    RouteCase("core:user_password", "GET", make_object=user_pk, allowed="county_admin",
              denied=["outsider_admin"]),
    RouteCase("core:user_password", "POST", make_object=user_pk, allowed="county_admin",
              denied=["outsider_admin"], data={"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
              state=lambda org, users, kw: User.objects.get(pk=kw["pk"]).password),

    # Roles (the security administrator).
    RouteCase("core:role_list", "GET", allowed="secadmin", unscoped=ROLES),
    RouteCase("core:role_create", "GET", allowed="secadmin", unscoped=ROLES),
    RouteCase("core:role_create", "POST", allowed="secadmin", unscoped=ROLES,
              data={"code": "m-new", "name": "矩阵新角色", "capabilities": [cap.VIEW_PLANS]},
              state=lambda org, users, kw: Role.objects.filter(code="m-new").exists()),
    RouteCase("core:role_edit", "GET", make_object=a_role, allowed="secadmin", unscoped=ROLES),
    RouteCase("core:role_edit", "POST", make_object=a_role, allowed="secadmin", unscoped=ROLES,
              data={"code": "m-role", "name": "矩阵角色（改）", "capabilities": [cap.VIEW_PLANS]},
              state=lambda org, users, kw: Role.objects.get(pk=kw["pk"]).name),

    # Accounts' roles, administrators' passwords, sign-in restrictions and the policy (security administrator).
    RouteCase("core:account_list", "GET", allowed="county_secadmin", denied=["outsider_secadmin"],
              hidden=lambda org, users, kw: ["t_office", "t_reporter"]),
    RouteCase("core:account_roles", "GET", make_object=user_pk, allowed="county_secadmin",
              denied=["outsider_secadmin"]),
    RouteCase("core:account_roles", "POST", make_object=user_pk, allowed="county_secadmin",
              denied=["outsider_secadmin"], data=lambda org, users, kw: {
                  "roles": [Role.objects.get(code="leader").pk], "unit": org.reform.pk, "data_scope": "unit",
                  "is_active": "on"},
              state=lambda org, users, kw: sorted(User.objects.get(pk=kw["pk"]).roles.values_list("code", flat=True))),
    RouteCase("core:account_password", "POST", make_object=user_pk, allowed="county_secadmin",
              denied=["outsider_secadmin"], data={"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
              state=lambda org, users, kw: User.objects.get(pk=kw["pk"]).password),
    RouteCase("core:lockout_list", "GET", make_object=office_failed_logins, allowed="county_secadmin",
              denied=["outsider_secadmin"], hidden=lambda org, users, kw: ["t_office"]),
    RouteCase("core:lockout_unlock", "POST", make_object=office_failed_logins, allowed="county_secadmin",
              denied=["outsider_secadmin"], data={"username": "t_office", "reason": "本人确认"},
              state=lambda org, users, kw: LoginUnlock.objects.count()),
    RouteCase("core:security_policy", "GET", allowed="secadmin", unscoped=POLICY),
    RouteCase("core:security_policy", "POST", allowed="secadmin", unscoped=POLICY,
              data={"token_default_days": "30", "token_max_days": "180"},
              state=lambda org, users, kw: SecurityPolicy.current().token_max_days),

    # Online sessions.
    RouteCase("core:session_list", "GET", make_object=office_session, allowed="secadmin",
              denied=["outsider_secadmin"], hidden=lambda org, users, kw: ["t_office", "10.9.9.9"]),
    RouteCase("core:session_force_logout", "POST", make_object=office_session, allowed="county_secadmin",
              denied=["outsider_secadmin"], data={"reason": "离岗未退出"},
              state=lambda org, users, kw: OnlineSession.objects.filter(pk=kw["pk"]).exists()),

    # Logs: read-only pages, each scoped by the actor's unit.
    RouteCase("core:operation_log", "GET", make_object=office_rename_logged, allowed="county_auditor",
              denied=["outsider_auditor"], hidden=lambda org, users, kw: ["测试县发改委"]),
    RouteCase("core:operation_detail", "GET", make_object=office_rename_log_pk, allowed="county_auditor",
              denied=["outsider_auditor"]),
    RouteCase("core:login_log", "GET", make_object=office_login_logged, allowed="county_auditor",
              denied=["outsider_auditor"], hidden=lambda org, users, kw: ["10.1.2.3", "矩阵浏览器"]),

    # Working-day calendar.
    RouteCase("core:calendar", "GET", allowed="reporter", login_only=True, unscoped=CALENDAR),
    RouteCase("core:calendar_compute", "GET", allowed="reporter", login_only=True, unscoped=CALENDAR,
              data={"start": "2031-03-02", "days": "15", "kind": "working"}),
    RouteCase("core:calendar_day", "GET", make_object=lambda org, users: {"day": "2031-03-02"},
              allowed="office", unscoped=CALENDAR),
    RouteCase("core:calendar_day", "POST", make_object=lambda org, users: {"day": "2031-03-02"},
              allowed="office", unscoped=CALENDAR, data={"day_type": "holiday", "note": "矩阵"},
              state=lambda org, users, kw: list(CalendarDay.objects.filter(date=kw["day"]).values_list("day_type"))),
    RouteCase("core:calendar_import", "GET", allowed="office", unscoped=CALENDAR),
    RouteCase("core:calendar_seed", "POST", make_object=drop_calendar_year, allowed="sysadmin", unscoped=CALENDAR,
              state=lambda org, users, kw: CalendarYear.objects.filter(year=2025).exists()),

    # The API shell: schema and docs page.
    RouteCase("api:openapi-json", "GET", allowed="reporter", login_only=True, unscoped=SHELL),
    RouteCase("api:openapi-view", "GET", allowed="reporter", login_only=True, unscoped=SHELL),

    # /api/core/
    RouteCase("/api/core/me", "GET", allowed="reporter", login_only=True, unscoped=OWN),
    RouteCase("/api/core/units", "GET", capability=(cap.VIEW_UNITS, cap.MANAGE_UNITS), allowed="leader",
              denied=["outsider", "outsider_admin"], hidden=lambda org, users, kw: ["测试县司法局", "甲镇"]),
    RouteCase("/api/core/units/{unit_id}", "GET", capability=(cap.VIEW_UNITS, cap.MANAGE_UNITS),
              make_object=lambda org, users: {"unit_id": org.justice.pk}, allowed="leader",
              denied=["outsider", "outsider_admin"]),
    RouteCase("/api/core/units", "POST", capability=cap.MANAGE_UNITS, allowed="county_admin",
              denied=["outsider_admin"],
              data=lambda org, users, kw: {"name": "测试县财政局", "kind": "department", "parent_id": org.county.pk},
              state=unit_exists("测试县财政局")),
    RouteCase("/api/core/units/{unit_id}", "PATCH", capability=cap.MANAGE_UNITS,
              make_object=lambda org, users: {"unit_id": org.reform.pk}, allowed="county_admin",
              denied=["outsider_admin"], data={"name": "测试县发改委"}, state=unit_name),
    RouteCase("/api/core/units/{unit_id}/move", "POST", capability=cap.MANAGE_UNITS,
              make_object=lambda org, users: {"unit_id": org.town_gov.pk}, allowed="county_admin",
              denied=["outsider_admin"], data=lambda org, users, kw: {"parent_id": org.county.pk}, state=unit_path),
    RouteCase("/api/core/users", "GET", capability=cap.MANAGE_USERS, allowed="county_admin",
              denied=["outsider_admin"], hidden=lambda org, users, kw: ["t_office", "t_reporter"]),
    RouteCase("/api/core/calendar/days", "GET", allowed="reporter", login_only=True, unscoped=CALENDAR,
              data={"year": 2025}),
    RouteCase("/api/core/logs/operations", "GET", capability=cap.VIEW_AUDIT_LOG, make_object=office_rename_logged,
              allowed="county_auditor", denied=["outsider_auditor"],
              hidden=lambda org, users, kw: ["测试县发改委"]),
]

EXEMPT = {
    "api:api-root": "ninja's mount point: it answers 404 to every request and serves nothing",
}
