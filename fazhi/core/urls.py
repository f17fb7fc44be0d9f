from django.urls import path

from fazhi.core.views import attachments, auth, calendar, home, security, tokens, units, users

app_name = "core"

urlpatterns = [
    path("", home.home, name="home"),
    path("favicon.ico", home.favicon, name="favicon"),
    path("login/", auth.login_view, name="login"),
    path("logout/", auth.logout_view, name="logout"),
    path("password/", auth.password_change, name="password_change"),
    path("notifications/", home.notifications, name="notifications"),
    path("notifications/<int:pk>/read/", home.notification_read, name="notification_read"),
    path("attachments/<str:token>/", attachments.attachment_download, name="attachment"),
    path("notifications/read-all/", home.notifications_read_all, name="notifications_read_all"),
    path("tokens/", tokens.api_tokens, name="api_tokens"),
    path("tokens/<int:pk>/revoke/", tokens.api_token_revoke, name="api_token_revoke"),
    # Organisation tree
    path("units/", units.unit_list, name="unit_list"),
    path("units/add/", units.unit_add_root, name="unit_add_root"),
    path("units/<int:pk>/", units.unit_detail, name="unit_detail"),
    path("units/<int:pk>/add-child/", units.unit_add_child, name="unit_add_child"),
    path("units/<int:pk>/rename/", units.unit_rename, name="unit_rename"),
    path("units/<int:pk>/move/", units.unit_move, name="unit_move"),
    path("units/<int:pk>/active/", units.unit_set_active, name="unit_set_active"),
    path("units/<int:pk>/aliases/", units.unit_aliases, name="unit_aliases"),
    path("units/<int:pk>/attributes/", units.unit_attributes, name="unit_attributes"),
    # Accounts
    path("users/", users.user_list, name="user_list"),
    path("users/new/", users.user_create, name="user_create"),
    path("users/<int:pk>/", users.user_edit, name="user_edit"),
    path("users/<int:pk>/password/", users.user_password, name="user_password"),
    # Security and audit
    path("roles/", security.role_list, name="role_list"),
    path("roles/new/", security.role_create, name="role_create"),
    path("roles/<int:pk>/", security.role_edit, name="role_edit"),
    path("security/accounts/", security.account_list, name="account_list"),
    path("security/accounts/<int:pk>/", security.account_roles, name="account_roles"),
    path("security/accounts/<int:pk>/password/", security.account_password, name="account_password"),
    path("security/lockouts/", security.lockout_list, name="lockout_list"),
    path("security/lockouts/unlock/", security.lockout_unlock, name="lockout_unlock"),
    path("security/policy/", security.security_policy, name="security_policy"),
    path("sessions/", security.session_list, name="session_list"),
    path("sessions/<int:pk>/logout/", security.session_force_logout, name="session_force_logout"),
    path("logs/operations/", security.operation_log, name="operation_log"),
    path("logs/operations/<int:pk>/", security.operation_detail, name="operation_detail"),
    path("logs/logins/", security.login_log, name="login_log"),
    # Working-day calendar
    path("calendar/", calendar.calendar_year, name="calendar"),
    path("calendar/day/<str:day>/", calendar.calendar_day, name="calendar_day"),
    path("calendar/import/", calendar.calendar_import, name="calendar_import"),
    path("calendar/compute/", calendar.calendar_compute, name="calendar_compute"),
    path("calendar/seed/", calendar.calendar_seed, name="calendar_seed"),
]
