"""The `fazhi` command: our own engines first, everything else is a Django management command."""

from __future__ import annotations

import os
import sys

# Commands that cannot do anything without the database: checked first, so an unreachable server is one
# line naming what to check instead of a traceback (runserver's would repeat in its reloader thread).
NEEDS_DATABASE = {"runserver", "migrate"}


def database_problem() -> str | None:
    """Why the configured database cannot be reached, in one line without the password; None if it can."""
    from django.db import DatabaseError, connections

    connection = connections["default"]
    params = connection.settings_dict
    if connection.vendor == "postgresql":
        params["OPTIONS"].setdefault("connect_timeout", 5)  # a host that drops packets would hang for minutes
    try:
        connection.ensure_connection()
    except DatabaseError as exc:
        if connection.vendor == "sqlite":
            return f"无法打开 SQLite 数据库文件 {params['NAME']}：请检查 FAZHI_DATA_DIR 或 DATABASE_URL 的路径与权限"
        reason = str(exc).strip().splitlines()[-1].strip() if str(exc).strip() else type(exc).__name__
        if params.get("PASSWORD"):
            reason = reason.replace(params["PASSWORD"], "***")
        return (
            f"无法连接数据库：请检查 DATABASE_URL 的主机 {params.get('HOST') or 'localhost'}、"
            f"端口 {params.get('PORT') or 5432}、库名 {params.get('NAME')}、用户 {params.get('USER') or '（未设置）'}"
            f"，以及数据库服务是否已启动（{reason}）"
        )
    finally:
        connection.close()
    return None


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["plan"]:
        # Plan parsing needs no Django: keep its cold start free of the web stack.
        from fazhi.plans.extract.cli import main as plan_main

        return plan_main(args[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    from django.core.management import execute_from_command_line

    if args[:1] and args[0] in NEEDS_DATABASE:
        import django

        django.setup()
        problem = database_problem()
        if problem:
            print(problem, file=sys.stderr)
            return 2
    execute_from_command_line(["fazhi", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
