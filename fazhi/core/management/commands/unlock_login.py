"""`fazhi unlock_login`: list the sign-in restrictions in force, or lift one (logged like the page's action).

For the server's operator when no security administrator can sign in (for instance, their own address
is the one waiting): `fazhi unlock_login --username secadmin --reason "…"`.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from fazhi.core import auth, flash


class Command(BaseCommand):
    help = "列出或解除登录失败限制（按账号或 IP 地址），解除记入操作日志"

    def add_arguments(self, parser):
        parser.add_argument("--username", default="", help="解除该账号的限制")
        parser.add_argument("--ip", default="", help="解除该 IP 地址的限制")
        parser.add_argument("--reason", default="", help="理由（记入操作日志）")

    def handle(self, *args, username: str = "", ip: str = "", reason: str = "", **options):
        if not username and not ip:
            restrictions = auth.current_restrictions()
            for r in restrictions:
                self.stdout.write(f"{r.rule} {r.key}：失败 {r.failures} 次，还须等待 {r.wait_minutes} 分钟")
            if not restrictions:
                self.stdout.write("当前没有受限的账号或地址")
            return
        try:
            auth.unlock_login(None, username=username, ip=ip or None, reason=reason or "命令行解除登录限制")
        except ValidationError as exc:
            raise CommandError(flash.error_text(exc)) from None
        self.stdout.write(f"已解除 {'、'.join(v for v in (username, ip) if v)} 的登录限制")
