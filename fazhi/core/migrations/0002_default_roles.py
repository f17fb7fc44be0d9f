from django.db import migrations

from fazhi.core.capabilities import DEFAULT_ROLES


def create_roles(apps, schema_editor):
    Role = apps.get_model("core", "Role")
    for code, (name, capabilities) in DEFAULT_ROLES.items():
        Role.objects.update_or_create(code=code, defaults={"name": name, "capabilities": capabilities})


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
