from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('normdocs', '0002_valid_until_fair_competition_expiry_evaluation'),
        ('workflow', '0002_normdoc_clocks_and_time_limits'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='normativedocument',
            name='filing_overdue_notified_on',
        ),
        migrations.RemoveField(
            model_name='normativedocument',
            name='filing_warned_on',
        ),
        migrations.DeleteModel(
            name='TimeLimitRule',
        ),
    ]
