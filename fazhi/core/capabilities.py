"""What a role may do. Roles are sets of these codes; views and API routes require one of them.

Separated duties (三员分立): the system administrator runs units and accounts, the security
administrator runs roles, policies and sessions, the audit administrator reads the logs; none of the
three holds another's capability by default.
"""

MANAGE_UNITS = "units.manage"
VIEW_UNITS = "units.view"
MANAGE_USERS = "users.manage"
MANAGE_ROLES = "roles.manage"
MANAGE_SESSIONS = "sessions.manage"
VIEW_AUDIT_LOG = "audit.view"
MANAGE_CALENDAR = "calendar.manage"
MANAGE_PLANS = "plans.manage"
VIEW_PLANS = "plans.view"
SUPERVISE = "supervision.manage"
REPORT_PROGRESS = "supervision.report"
VIEW_DASHBOARD = "dashboard.view"
MANAGE_NORMDOCS = "normdocs.manage"
REVIEW_NORMDOCS = "normdocs.review"
DRAFT_NORMDOCS = "normdocs.draft"
# 备案审查 of documents filed with the holder's unit (the 备案审查机关's 司法行政部门), never of its own filings.
REVIEW_FILINGS = "normdocs.filing_review"

MANAGE_TIME_LIMITS = "timelimits.manage"
MANAGE_WORD_TEMPLATES = "wordtemplates.manage"

# The platform's own capabilities; each business module declares its own labels and default grants in its
# `module.py` (gathered by `fazhi.core.modules`). The constants above stay here so every app names a
# capability the same way.
LABELS: dict[str, str] = {
    MANAGE_UNITS: "管理组织机构",
    VIEW_UNITS: "查看组织机构",
    MANAGE_USERS: "管理用户账号",
    MANAGE_ROLES: "管理角色与安全策略",
    MANAGE_SESSIONS: "管理在线会话",
    VIEW_AUDIT_LOG: "查看与导出审计日志",
    MANAGE_CALENDAR: "维护工作日历",
    VIEW_DASHBOARD: "查看统计看板",
}

# The default roles (created by core's migrations); administrators may add more in the UI.
ROLE_NAMES: dict[str, str] = {
    "sysadmin": "系统管理员",
    "secadmin": "安全管理员",
    "auditor": "审计管理员",
    "office": "依法治理办公室工作人员",
    "reporter": "单位填报员",
    "leader": "领导（只读看板）",
}

# What the default roles hold of core's own capabilities.
GRANTS: dict[str, tuple[str, ...]] = {
    "sysadmin": (MANAGE_UNITS, VIEW_UNITS, MANAGE_USERS, MANAGE_CALENDAR),
    "secadmin": (MANAGE_ROLES, MANAGE_SESSIONS, VIEW_UNITS),
    "auditor": (VIEW_AUDIT_LOG, VIEW_UNITS),
    "office": (VIEW_UNITS, VIEW_DASHBOARD, MANAGE_CALENDAR),
    "leader": (VIEW_DASHBOARD, VIEW_UNITS),
}
