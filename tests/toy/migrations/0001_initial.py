import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('core', '0003_seed_calendar'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Errand',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('case_number', models.CharField(blank=True, db_index=True, max_length=60, verbose_name='案件编号')),
                ('verification_hash', models.CharField(blank=True, editable=False, max_length=64)),
                ('title', models.CharField(max_length=100, verbose_name='事项')),
                ('state', models.CharField(choices=[('registered', '登记'), ('handling', '办理中'), ('done', '办结')], default='registered', max_length=20, verbose_name='状态')),
                ('answer', models.TextField(blank=True, verbose_name='答复')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.unit', verbose_name='承办单位')),
            ],
            options={
                'verbose_name': '示例事项',
            },
        ),
        migrations.CreateModel(
            name='ErrandLog',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('step', models.CharField(max_length=40)),
                ('on', models.DateField()),
                ('data', models.JSONField(default=dict)),
                ('actor', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('errand', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='log', to='toy.errand')),
            ],
        ),
    ]
