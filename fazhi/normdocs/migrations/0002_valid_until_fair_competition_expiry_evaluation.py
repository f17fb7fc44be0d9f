"""失效日期 (the first day out of force) becomes 有效期至 (the last day in force, as documents state it):
existing dates move back one day, so no document lapses earlier or later than before. Adds the
公平竞争审查 record and the 有效期届满评估 task."""

import datetime

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _shift(apps, days: int) -> None:
    documents = apps.get_model("normdocs", "NormativeDocument")
    for doc in documents.objects.filter(valid_until__isnull=False).only("pk", "valid_until"):
        doc.valid_until += datetime.timedelta(days=days)
        doc.save(update_fields=["valid_until"])


def first_day_out_to_last_day_in(apps, schema_editor) -> None:
    _shift(apps, -1)


def last_day_in_to_first_day_out(apps, schema_editor) -> None:
    _shift(apps, 1)


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0003_seed_calendar'),
        ('normdocs', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(model_name='normativedocument', old_name='expires_on', new_name='valid_until'),
        migrations.AlterField(
            model_name='normativedocument',
            name='valid_until',
            field=models.DateField(blank=True, help_text='有效期的最后一日（当日仍有效）', null=True, verbose_name='有效期至'),
        ),
        migrations.RunPython(first_day_out_to_last_day_in, last_day_in_to_first_day_out),
        migrations.AddField(
            model_name='normativedocument',
            name='fair_competition_conclusion',
            field=models.CharField(blank=True, choices=[('no_effect', '不具有排除、限制竞争效果'), ('exception', '具有排除、限制竞争效果，但符合例外规定'), ('restricts', '具有排除、限制竞争效果，不得出台')], max_length=20, verbose_name='公平竞争审查结论'),
        ),
        migrations.AddField(
            model_name='normativedocument',
            name='fair_competition_note',
            field=models.TextField(blank=True, verbose_name='公平竞争审查说明'),
        ),
        migrations.AddField(
            model_name='normativedocument',
            name='fair_competition_reviewed_on',
            field=models.DateField(blank=True, null=True, verbose_name='公平竞争审查日期'),
        ),
        migrations.CreateModel(
            name='ExpiryEvaluation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('valid_until', models.DateField(verbose_name='有效期至')),
                ('created_on', models.DateField(verbose_name='提醒日期')),
                ('conclusion', models.CharField(blank=True, choices=[('continue', '需继续施行（重新发布并确定有效期）'), ('amend', '修改后重新发布'), ('lapse', '有效期届满自动失效'), ('repeal', '提前废止')], max_length=10, verbose_name='评估结论')),
                ('note', models.TextField(blank=True, verbose_name='评估意见')),
                ('concluded_on', models.DateField(blank=True, null=True, verbose_name='评估日期')),
                ('concluded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('document', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='expiry_evaluations', to='normdocs.normativedocument')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.unit', verbose_name='评估单位')),
            ],
            options={
                'verbose_name': '有效期届满评估',
                'ordering': ['valid_until', 'id'],
                'constraints': [models.UniqueConstraint(fields=('document', 'valid_until'), name='unique_expiry_evaluation_per_term')],
            },
        ),
    ]
