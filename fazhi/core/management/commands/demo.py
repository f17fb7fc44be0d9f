from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "迁移数据库、载入演示数据（仅空库）并在 127.0.0.1 上启动服务"

    def add_arguments(self, parser):
        parser.add_argument("--port", default="8000")
        parser.add_argument("--no-serve", action="store_true", help="只准备数据，不启动服务")

    def handle(self, *args, port="8000", no_serve=False, **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("load_demo", if_empty=True)
        from fazhi.core.demo import ACCOUNTS, DEMO_PASSWORD

        self.stdout.write(f"\n演示账号（密码均为 {DEMO_PASSWORD}）：")
        for username, _name, _unit, _within, _roles, _scope, description in ACCOUNTS:
            self.stdout.write(f"  {username:<12} {description}")
        self.stdout.write(f"\n打开 http://127.0.0.1:{port}/ 登录；公众查询入口 http://127.0.0.1:{port}/portal/\n")
        if not no_serve:
            call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)
