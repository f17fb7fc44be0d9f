import time

from django.core.management.base import BaseCommand
from django.db import transaction

from fazhi.search.backend import get_backend


class Command(BaseCommand):
    help = "按已保存的检索条目重建全文索引（例如升级 OpenCC 后繁简转换结果有变化时）"

    def handle(self, *args, **options):
        started = time.perf_counter()
        backend = get_backend()
        with transaction.atomic():
            done = backend.rebuild()
        self.stdout.write(
            self.style.SUCCESS(f"已重建 {done} 件文件的索引，用时 {time.perf_counter() - started:.1f} 秒")
        )
