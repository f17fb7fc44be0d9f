import time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from fazhi.core import flash
from fazhi.search import services


class Command(BaseCommand):
    help = (
        "导入国家法律法规库（上位法）：JSON Lines（可 gzip 压缩），按编号新增或更新，"
        "同名法规的旧版本标记为已被修订，并建立全文索引。整批导入，出错则不写入任何内容。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            default=str(services.DEFAULT_CORPUS),
            help=f"语料文件（默认 {services.DEFAULT_CORPUS}）",
        )

    def handle(self, *args, path, **options):
        if not Path(path).is_file():
            raise CommandError(
                f"找不到法律法规库文件：{path}（请确认共享语料目录已挂载，或在命令后给出文件路径）"
            )
        started = time.perf_counter()

        def progress(stage: str, done: int, total: int) -> None:
            self.stdout.write(f"{stage} {done}/{total}")

        try:
            summary = services.import_laws(path, progress=progress)
        except ValidationError as exc:
            raise CommandError(flash.error_text(exc)) from None
        self.stdout.write(
            self.style.SUCCESS(f"{summary.message()}，用时 {time.perf_counter() - started:.1f} 秒")
        )
