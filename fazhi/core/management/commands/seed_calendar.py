"""`fazhi seed_calendar`: fill the working-day table from chinese-calendar (2004 to its last year).

Years already in the table are left alone (they may hold corrections or an imported notice) unless
--replace is given.
"""

from django.core.management.base import BaseCommand

from fazhi.core.calendar import seed_from_library


class Command(BaseCommand):
    help = "从 chinese-calendar 载入法定节假日与调休安排（默认不覆盖已有年份）"

    def add_arguments(self, parser):
        parser.add_argument("--replace", action="store_true", help="覆盖表中已有的年份")

    def handle(self, *args, replace: bool = False, **options):
        loaded = seed_from_library(None, replace=replace)
        if loaded:
            self.stdout.write(f"已载入 {loaded[0]}–{loaded[-1]} 年（{len(loaded)} 年）的节假日安排")
        else:
            self.stdout.write("表中已有全部年份，未作改动")
