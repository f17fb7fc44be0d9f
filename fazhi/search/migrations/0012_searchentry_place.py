"""`SearchEntry.place`, SQLite's FTS5 rowid from 0013 on (`fazhi.search.places`); unused on PostgreSQL."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("search", "0011_fts5_one_text_column_packed_texts")]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="place",
            field=models.BigIntegerField(blank=True, null=True, unique=True, verbose_name="索引位置"),
        ),
    ]
