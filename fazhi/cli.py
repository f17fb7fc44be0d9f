"""The `fazhi` command: our own engines first, everything else is a Django management command."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["plan"]:
        # Plan parsing needs no Django: keep its cold start free of the web stack.
        from fazhi.plans.extract.cli import main as plan_main

        return plan_main(args[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["fazhi", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
