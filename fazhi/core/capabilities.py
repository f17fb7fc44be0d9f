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

LABELS: dict[str, str] = {
    MANAGE_UNITS: "管理组织机构",
    VIEW_UNITS: "查看组织机构",
    MANAGE_USERS: "管理用户账号",
    MANAGE_ROLES: "管理角色与安全策略",
    MANAGE_SESSIONS: "管理在线会话",
    VIEW_AUDIT_LOG: "查看与导出审计日志",
    MANAGE_CALENDAR: "维护工作日历",
    MANAGE_PLANS: "导入与管理规划方案",
    VIEW_PLANS: "查看规划方案",
    SUPERVISE: "督查督办",
    REPORT_PROGRESS: "报送任务进展",
    VIEW_DASHBOARD: "查看统计看板",
    MANAGE_NORMDOCS: "规范性文件登记、备案与清理",
    REVIEW_NORMDOCS: "规范性文件合法性审核与备案审查",
    DRAFT_NORMDOCS: "起草规范性文件",
}

# Default roles created by migration; administrators may add more in the UI.
DEFAULT_ROLES: dict[str, tuple[str, list[str]]] = {
    "sysadmin": ("系统管理员", [MANAGE_UNITS, VIEW_UNITS, MANAGE_USERS, MANAGE_CALENDAR]),
    "secadmin": ("安全管理员", [MANAGE_ROLES, MANAGE_SESSIONS, VIEW_UNITS]),
    "auditor": ("审计管理员", [VIEW_AUDIT_LOG, VIEW_UNITS]),
    "office": (
        "依法治理办公室工作人员",
        [VIEW_UNITS, MANAGE_PLANS, VIEW_PLANS, SUPERVISE, VIEW_DASHBOARD, MANAGE_NORMDOCS, REVIEW_NORMDOCS,
         MANAGE_CALENDAR],
    ),
    "reporter": ("单位填报员", [VIEW_PLANS, REPORT_PROGRESS, DRAFT_NORMDOCS]),
    "leader": ("领导（只读看板）", [VIEW_DASHBOARD, VIEW_PLANS, VIEW_UNITS]),
}
