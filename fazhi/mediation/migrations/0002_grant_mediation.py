from django.db import migrations

from fazhi.core.migration_ops import grant, revoke

# Frozen copy of the grants as they were when the module was introduced.
GRANTS = {
    "office": ("依法治理办公室工作人员", ["mediation.manage"]),
    "leader": ("领导（只读看板）", ["mediation.view"]),
}


class Migration(migrations.Migration):
    dependencies = [("mediation", "0001_initial"), ("core", "0002_default_roles")]
    operations = [migrations.RunPython(grant(GRANTS), revoke(GRANTS))]
