import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from fazhi.search.backend import get_backend


class Command(BaseCommand):
    help = (
        "按已保存的检索条目重建全文索引（例如升级 OpenCC 后繁简转换结果有变化时），"
        "并按现有文件重新选出常见词（每个常见词在索引里占一个词元，查询更快）"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--vacuum",
            action="store_true",
            help="SQLite：重建后执行 VACUUM，把合并索引段后空出的页还给文件系统（约等于索引本身的大小）",
        )

    def handle(self, *args, **options):
        started = time.perf_counter()
        backend = get_backend()
        with transaction.atomic():
            done = backend.rebuild()
        if options["vacuum"] and connection.vendor == "sqlite":
            # FTS5's final merge copies every segment into one and frees the old pages: as many as the
            # index holds. They are reused by later writes; VACUUM (outside any transaction) returns them.
            with connection.cursor() as cur:
                cur.execute("VACUUM")
        self.stdout.write(
            self.style.SUCCESS(
                f"已重建 {done} 件文件的索引（常见词 {len(backend.vocabulary.terms)} 个），"
                f"用时 {time.perf_counter() - started:.1f} 秒"
            )
        )
