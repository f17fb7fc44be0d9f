"""The office holds 行政应诉's capability (a frozen copy of module.py's grants as of this migration)."""

from django.db import migrations

from fazhi.core.migration_ops import grant, revoke

GRANTS = {"office": ("依法治理办公室工作人员", ["litigation.manage"])}


class Migration(migrations.Migration):
    dependencies = [("litigation", "0001_initial"), ("core", "0001_initial")]
    operations = [migrations.RunPython(grant(GRANTS), revoke(GRANTS))]
