from django.db import migrations

from fazhi.core.migration_ops import grant, revoke

# Frozen: the office role gains the capability to upload its jurisdiction's own 文书 templates.
GRANTS = {"office": ("依法治理办公室工作人员", ["wordtemplates.manage"])}


class Migration(migrations.Migration):
    dependencies = [("wordtemplates", "0001_initial"), ("core", "0002_default_roles")]
    operations = [migrations.RunPython(grant(GRANTS), revoke(GRANTS))]
