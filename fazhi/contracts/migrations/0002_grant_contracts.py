from django.db import migrations

from fazhi.core.migration_ops import grant, revoke

# Frozen copy of the contract module's default grants as they were when it was introduced.
GRANTS = {
    "office": ("依法治理办公室工作人员", ["contracts.manage"]),
    "reporter": ("单位填报员", ["contracts.register"]),
}


class Migration(migrations.Migration):
    dependencies = [("contracts", "0001_initial"), ("core", "0002_default_roles")]
    operations = [migrations.RunPython(grant(GRANTS), revoke(GRANTS))]
