from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fazhi.core.models import Unit
from fazhi.normdocs import importer


class Command(BaseCommand):
    help = (
        "批量导入历史规范性文件：一个存放 txt/docx/html/pdf 文件的目录加一张 CSV 或 JSON 元数据表。"
        "任何一行被拒绝则整批不导入，并逐行报告原因。"
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="文件目录")
        parser.add_argument("--sheet", help="元数据表路径（默认为目录中的 metadata.csv / metadata.json）")
        parser.add_argument("--unit", required=True, help="导入范围：行政区或单位名称（制定机关须在其下）")

    def handle(self, *args, directory, sheet=None, unit, **options):
        folder = Path(directory).resolve()
        if not folder.is_dir():
            raise CommandError(f"目录“{directory}”不存在")
        units = list(Unit.objects.filter(name=unit))
        if len(units) != 1:
            raise CommandError(f"单位“{unit}”{'不存在' if not units else '有重名，请使用唯一名称'}")
        try:
            sheet_path = Path(sheet).resolve() if sheet else importer.find_sheet(folder)
        except importer.SheetError as exc:
            raise CommandError(str(exc)) from None
        run = importer.create_run(None, unit=units[0], directory=folder, sheet=sheet_path, source_name=str(folder))

        def progress(r):
            self.stdout.write(f"已检查 {r.processed}/{r.total} 行")

        run = importer.run_import(run, progress=progress)
        for entry in run.report:
            self.stdout.write(f"第{entry['line']}行《{entry['title']}》：{'；'.join(entry['problems'])}")
        if run.status != run.Status.DONE:
            raise CommandError(run.message)
        self.stdout.write(self.style.SUCCESS(run.message))
