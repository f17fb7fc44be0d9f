import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from fazhi.core import flash
from fazhi.supervision import scale


class Command(BaseCommand):
    help = "生成省级规模的模拟数据（单位树、方案、任务、时间节点、进展报告），用于性能测试；请勿在生产库运行"

    def add_arguments(self, parser):
        parser.add_argument("--units", type=int, default=2000, help="单位数量（约数），默认 2000")
        parser.add_argument("--tasks", type=int, default=50000, help="任务数量，默认 50000")
        parser.add_argument("--seed", type=int, default=2026, help="随机种子，相同种子与日期生成相同数据")
        parser.add_argument("--name", default="规模省", help="模拟省份名称（新的顶层行政区）")
        parser.add_argument("--today", help="以该日期（YYYY-MM-DD）划分节点状态，默认今天")

    def handle(self, *args, units, tasks, seed, name, today=None, **options):
        day = None
        if today:
            try:
                day = datetime.date.fromisoformat(today)
            except ValueError:
                raise CommandError(f"日期“{today}”格式不正确，应为 YYYY-MM-DD") from None
        verbose = options.get("verbosity", 1) > 1
        try:
            result = scale.generate_province(
                units=units,
                tasks=tasks,
                seed=seed,
                name=name,
                today=day,
                progress=self.stdout.write if verbose else None,
            )
        except ValidationError as exc:
            raise CommandError(flash.error_text(exc)) from None
        self.stdout.write(result.summary())
        states = dict(sorted(result.states.items()))
        self.stdout.write("时间节点状态：" + "，".join(f"{k} {v}" for k, v in states.items()))
