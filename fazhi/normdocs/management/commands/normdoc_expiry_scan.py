import datetime

from fazhi.normdocs.services import scan_expiring_documents
from fazhi.workflow.management.commands.scan_deadlines import Command as DatedScanCommand


class Command(DatedScanCommand):
    help = ("扫描规范性文件有效期：届满前（默认6个月）为制定机关生成有效期届满评估任务并提醒（每个有效期只生成一次）；"
            "每日期限扫描 scan_deadlines 已包含本项")

    def scan(self, day: datetime.date | None) -> list[str]:
        return [scan_expiring_documents(day).summary()]
