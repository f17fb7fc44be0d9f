from django.db import migrations

from fazhi.core.migration_ops import grant, revoke

# Frozen copy of the decision module's default grants as they were when it was introduced.
GRANTS = {
    "office": ("依法治理办公室工作人员", ["decisions.manage", "decisions.review"]),
    "reporter": ("单位填报员", ["decisions.undertake"]),
}


class Migration(migrations.Migration):
    dependencies = [("decisions", "0001_initial"), ("core", "0002_default_roles")]
    operations = [migrations.RunPython(grant(GRANTS), revoke(GRANTS))]
