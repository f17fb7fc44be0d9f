from django.db import migrations

from fazhi.core.migration_ops import grant

# Frozen: the default roles as this migration created them. Capabilities added later reach existing
# databases through the migration that introduces them (fazhi.core.migration_ops), never through here.
ROLES = {
    "sysadmin": ("系统管理员", ["units.manage", "units.view", "users.manage", "calendar.manage"]),
    "secadmin": ("安全管理员", ["roles.manage", "sessions.manage", "units.view"]),
    "auditor": ("审计管理员", ["audit.view", "units.view"]),
    "office": (
        "依法治理办公室工作人员",
        ["units.view", "plans.manage", "plans.view", "supervision.manage", "dashboard.view", "normdocs.manage",
         "normdocs.review", "calendar.manage"],
    ),
    "reporter": ("单位填报员", ["plans.view", "supervision.report", "normdocs.draft"]),
    "leader": ("领导（只读看板）", ["dashboard.view", "plans.view", "units.view"]),
}


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(grant(ROLES), migrations.RunPython.noop)]
