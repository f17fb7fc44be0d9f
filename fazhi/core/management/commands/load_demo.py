import importlib

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from fazhi.core.models import Unit


class Command(BaseCommand):
    help = "载入演示数据：组织机构、账号、五份种子方案及各模块示例数据"

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="数据库已有数据时跳过而不报错")

    def handle(self, *args, if_empty=False, **options):
        if Unit.objects.exists():
            if if_empty:
                self.stdout.write("数据库已有数据，跳过演示数据载入")
                return
            raise CommandError("数据库已有数据：演示数据只能载入空库（可删除 var/fazhi.sqlite3 后重试）")
        with transaction.atomic():
            for config in apps.get_app_configs():
                if not config.name.startswith("fazhi."):
                    continue
                try:
                    module = importlib.import_module(f"{config.name}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{config.name}.demo":
                        raise
                    continue
                self.stdout.write(f"[{config.verbose_name}]")
                module.load(self.stdout)
        self.stdout.write(self.style.SUCCESS("演示数据载入完成"))
