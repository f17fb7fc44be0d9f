import datetime

from django.core.management.base import BaseCommand, CommandError

from fazhi.normdocs.services import scan_expiring_documents


class Command(BaseCommand):
    help = "扫描规范性文件有效期：届满前（默认6个月）为制定机关生成有效期届满评估任务并提醒（每个有效期只生成一次）"

    def add_arguments(self, parser):
        parser.add_argument("--today", help="按指定日期扫描（YYYY-MM-DD），默认今天")

    def handle(self, *args, today=None, **options):
        try:
            day = datetime.date.fromisoformat(today) if today else None
        except ValueError:
            raise CommandError(f"日期“{today}”格式不对，应为 YYYY-MM-DD") from None
        counts = scan_expiring_documents(day)
        self.stdout.write(f"生成有效期届满评估任务 {counts['created']} 件")
