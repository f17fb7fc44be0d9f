import datetime

from django.core.management.base import BaseCommand, CommandError

from fazhi.workflow.scan import scan_deadlines


class Command(BaseCommand):
    help = "每日期限扫描：各业务的办理期限与任务时间节点、督办单，标记临期、逾期并提醒相关人员（可重复运行）"

    def add_arguments(self, parser):
        parser.add_argument("--today", help="按指定日期扫描（YYYY-MM-DD），默认今天")

    def handle(self, *args, today=None, **options):
        day = None
        if today:
            try:
                day = datetime.date.fromisoformat(today)
            except ValueError:
                raise CommandError(f"日期“{today}”格式不正确，应为 YYYY-MM-DD") from None
        for line in self.scan(day):
            self.stdout.write(line)

    def scan(self, day: datetime.date | None) -> list[str]:
        """What to scan, one line each; a module's own command narrows it and keeps the --today handling."""
        return scan_deadlines(day)
