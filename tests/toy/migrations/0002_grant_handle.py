from django.db import migrations

from fazhi.core.migration_ops import grant, revoke

GRANTS = {"office": ("依法治理办公室工作人员", ["toy.handle"])}


class Migration(migrations.Migration):
    dependencies = [("toy", "0001_initial"), ("core", "0002_default_roles")]
    operations = [migrations.RunPython(grant(GRANTS), revoke(GRANTS))]
