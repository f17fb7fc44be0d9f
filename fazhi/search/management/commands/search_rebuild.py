import time

from django.core.management.base import BaseCommand
from django.db import connection

from fazhi.search.backend import get_backend
from fazhi.search.services import rebuild_index


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
        parser.add_argument(
            "--if-no-common-terms",
            action="store_true",
            help="只在索引尚无常见词且文件数已够选出常见词时重建（每周定时任务所用）",
        )

    def handle(self, *args, **options):
        started = time.perf_counter()
        done = rebuild_index(only_without_vocabulary=options["if_no_common_terms"])
        if done is None:
            self.stdout.write("索引已有常见词（或文件太少），未重建")
            return
        if options["vacuum"] and connection.vendor == "sqlite":
            # FTS5's final merge copies every segment into one and frees the old pages: as many as the
            # index holds. They are reused by later writes; VACUUM (outside any transaction) returns them.
            with connection.cursor() as cur:
                cur.execute("VACUUM")
        self.stdout.write(
            self.style.SUCCESS(
                f"已重建 {done} 件文件的索引（常见词 {len(get_backend().vocabulary.terms)} 个），"
                f"用时 {time.perf_counter() - started:.1f} 秒"
            )
        )
