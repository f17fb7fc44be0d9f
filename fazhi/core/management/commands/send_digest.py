from fazhi.core.digest import send_daily_digest
from fazhi.workflow.management.commands.scan_deadlines import Command as ScanCommand


class Command(ScanCommand):
    """The daily digest alone (the daily scan sends it too, after the clocks); same `--today` option."""

    help = "发送每日待办摘要（邮件或短信，按 FAZHI_DIGEST_NOTIFIERS 配置；每天只发一次）"

    def scan(self, day) -> list[str]:
        return [send_daily_digest(day).summary()]
