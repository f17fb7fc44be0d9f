import datetime

from fazhi.normdocs.management.commands.normdoc_filing_scan import Command as DatedScanCommand
from fazhi.normdocs.services import scan_expiring_documents


class Command(DatedScanCommand):
    help = "扫描规范性文件有效期：届满前（默认6个月）为制定机关生成有效期届满评估任务并提醒（每个有效期只生成一次）"

    def scan(self, day: datetime.date | None) -> str:
        return f"生成有效期届满评估任务 {scan_expiring_documents(day)['created']} 件"
