"""Seed the working-day table from chinese-calendar (2004–2026), so a fresh install computes deadlines
with the real holidays from the first day. `fazhi seed_calendar` is the same load for an existing
database; neither overwrites a year already in the table.
"""

from django.db import migrations


def seed(apps, schema_editor):
    # library_days() is pure (no models), so the historical models below are the only ones used.
    from fazhi.core.calendar import LIBRARY_SOURCE, library_days

    CalendarDay = apps.get_model("core", "CalendarDay")
    CalendarYear = apps.get_model("core", "CalendarYear")
    known = set(CalendarYear.objects.values_list("year", flat=True))
    days = {year: entries for year, entries in library_days().items() if year not in known}
    CalendarDay.objects.bulk_create(
        [CalendarDay(date=d, day_type=t, note=n[:60], source=LIBRARY_SOURCE)
         for entries in days.values() for d, t, n in entries],
        batch_size=500,
    )
    CalendarYear.objects.bulk_create([CalendarYear(year=y, source=LIBRARY_SOURCE) for y in sorted(days)])


class Migration(migrations.Migration):
    dependencies = [("core", "0002_default_roles")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
