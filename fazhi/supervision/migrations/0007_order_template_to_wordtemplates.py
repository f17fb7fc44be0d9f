from django.db import migrations


def move_templates(apps, schema_editor):
    """Each jurisdiction's uploaded 督办通知单 template becomes its upload of the registered 文书."""
    settings = apps.get_model("supervision", "SupervisionSettings")
    word_template = apps.get_model("wordtemplates", "WordTemplate")
    for row in settings.objects.exclude(order_template="").exclude(order_template__isnull=True):
        word_template.objects.update_or_create(
            code="supervision.order_notice", jurisdiction_id=row.jurisdiction_id,
            defaults={"file": row.order_template.name, "original_name": row.order_template.name.rsplit("/", 1)[-1][:200]},
        )


def move_back(apps, schema_editor):
    settings = apps.get_model("supervision", "SupervisionSettings")
    word_template = apps.get_model("wordtemplates", "WordTemplate")
    for row in word_template.objects.filter(code="supervision.order_notice", jurisdiction__isnull=False):
        settings.objects.update_or_create(jurisdiction_id=row.jurisdiction_id, defaults={"order_template": row.file.name})


class Migration(migrations.Migration):

    dependencies = [
        ('supervision', '0006_settings_order_notice'),
        ('wordtemplates', '0001_initial'),
    ]

    operations = [
        migrations.RunPython(move_templates, move_back),
        migrations.RemoveField(
            model_name='supervisionsettings',
            name='order_template',
        ),
    ]
