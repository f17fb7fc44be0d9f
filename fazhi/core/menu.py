"""The navigation menu, as each module declares it (`module.py`), filtered by the user's capabilities."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

from fazhi.core import capabilities as cap


@dataclass(frozen=True)
class MenuEntry:
    section: str
    label: str
    url_name: str
    capability: str | tuple[str, ...] | None  # any one of them opens the entry
    order: int = 100

    def visible_to(self, user) -> bool:
        if self.capability is None or user.is_superuser:
            return True
        wanted = (self.capability,) if isinstance(self.capability, str) else self.capability
        return any(user.can(c) for c in wanted)


SECTION_ORDER = ["工作台", "规划任务", "督查督办", "规范性文件", "依申请公开", "调解裁决", "统计考核", "系统管理", "安全审计"]

MENU = [
    MenuEntry("工作台", "首页", "core:home", None, 0),
    MenuEntry("工作台", "消息中心", "core:notifications", None, 5),
    MenuEntry("工作台", "接口令牌", "core:api_tokens", None, 90),
    MenuEntry("系统管理", "组织机构", "core:unit_list", cap.VIEW_UNITS, 10),
    MenuEntry("系统管理", "用户管理", "core:user_list", cap.MANAGE_USERS, 20),
    MenuEntry("工作台", "工作日历", "core:calendar", None, 80),  # everyone reads it; editing needs calendar.manage
    MenuEntry("安全审计", "角色与权限", "core:role_list", cap.MANAGE_ROLES, 10),
    MenuEntry("安全审计", "账号与角色", "core:account_list", cap.MANAGE_ROLES, 15),
    MenuEntry("安全审计", "在线会话", "core:session_list", cap.MANAGE_SESSIONS, 20),
    MenuEntry("安全审计", "登录限制", "core:lockout_list", cap.MANAGE_SESSIONS, 25),
    MenuEntry("安全审计", "安全策略", "core:security_policy", cap.MANAGE_ROLES, 27),
    MenuEntry("安全审计", "操作日志", "core:operation_log", cap.VIEW_AUDIT_LOG, 30),
    MenuEntry("安全审计", "登录日志", "core:login_log", cap.VIEW_AUDIT_LOG, 40),
]


def all_entries() -> tuple[MenuEntry, ...]:
    """Every module's declared entries (`Module.menu`, gathered by `fazhi.core.modules`)."""
    from fazhi.core.modules import menu_entries

    return menu_entries()


def menu_for(user, path: str = "", badges: dict[str, tuple[int, str]] | None = None) -> list[tuple[str, list[dict]]]:
    """The user's menu by section; the entry whose URL is the longest prefix of `path` is active.

    `badges` (URL name → count and level, from `fazhi.core.todo.badges`) puts a 待办 count on entries."""
    badges = badges or {}
    sections: dict[str, list[tuple[int, dict]]] = {}
    seen: set[str] = set()
    for entry in all_entries():
        if not entry.visible_to(user):
            continue
        url = _entry_url(entry.url_name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
        if url is None or url in seen:
            continue
        seen.add(url)
        item = {"label": entry.label, "url": url}
        if entry.url_name in badges:
            item["badge"], item["badge_level"] = badges[entry.url_name]
        sections.setdefault(entry.section, []).append((entry.order, item))
    matches = [item for items in sections.values() for _, item in items if _is_under(path, item["url"])]
    if matches:
        max(matches, key=lambda item: len(item["url"]))["active"] = True
    ordered = sorted(sections.items(), key=lambda kv: SECTION_ORDER.index(kv[0]) if kv[0] in SECTION_ORDER else 99)
    return [(name, [item for _, item in sorted(items, key=lambda x: x[0])]) for name, items in ordered]


@cache
def _entry_url(url_name: str, prefix: str, urlconf: str) -> str | None:
    """The entry's URL, reversed once per process (the routes do not change while it runs; reversing every
    entry on every page was a tenth of a page's cost); None where the route is not mounted."""
    try:
        return reverse(url_name, urlconf=urlconf)
    except NoReverseMatch:
        return None


def _is_under(path: str, url: str) -> bool:
    if url == "/":
        return path == "/"
    return path == url or path.startswith(url if url.endswith("/") else url + "/")
