import datetime

from django.core.management.base import BaseCommand, CommandError

from fazhi.core.digest import send_daily_digest


class Command(BaseCommand):
    help = "发送每日待办摘要（邮件或短信，按 FAZHI_DIGEST_NOTIFIERS 配置；每天只发一次）"

    def add_arguments(self, parser):
        parser.add_argument("--today", help="按指定日期发送（YYYY-MM-DD），默认今天")

    def handle(self, *args, today=None, **options):
        day = None
        if today:
            try:
                day = datetime.date.fromisoformat(today)
            except ValueError:
                raise CommandError(f"日期“{today}”格式不正确，应为 YYYY-MM-DD") from None
        self.stdout.write(send_daily_digest(day).summary())
