import datetime

from django.core.management.base import BaseCommand, CommandError

from fazhi.normdocs.services import scan_filing_deadlines


class Command(BaseCommand):
    help = "扫描规范性文件报送备案期限：到期前提醒、逾期提醒（每件每类只提醒一次）"

    def add_arguments(self, parser):
        parser.add_argument("--today", help="按指定日期扫描（YYYY-MM-DD），默认今天")

    def handle(self, *args, today=None, **options):
        try:
            day = datetime.date.fromisoformat(today) if today else None
        except ValueError:
            raise CommandError(f"日期“{today}”格式不对，应为 YYYY-MM-DD") from None
        self.stdout.write(self.scan(day))

    def scan(self, day: datetime.date | None) -> str:
        counts = scan_filing_deadlines(day)
        return f"到期前提醒 {counts['warned']} 件，逾期提醒 {counts['overdue']} 件"
