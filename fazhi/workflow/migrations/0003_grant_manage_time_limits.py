from django.db import migrations

from fazhi.core.migration_ops import grant, revoke

# Frozen: the office role gains the new capability to edit its jurisdiction's time limits.
GRANTS = {"office": ("依法治理办公室工作人员", ["timelimits.manage"])}


class Migration(migrations.Migration):
    dependencies = [("workflow", "0002_normdoc_clocks_and_time_limits"), ("core", "0002_default_roles")]
    operations = [migrations.RunPython(grant(GRANTS), revoke(GRANTS))]
