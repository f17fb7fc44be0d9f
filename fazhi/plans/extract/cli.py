"""`fazhi plan parse SRC [--out OUT]`: plans to `fazhi.plan/1` JSON.

`main` receives what follows `fazhi plan`. Only the standard library, the engine and the archive limits
(`fazhi.core.archives`, pure Python) are imported here; the engine imports python-docx and pypdf when a
docx or pdf arrives.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from fazhi.core.archives import ArchiveLimits

SUFFIXES = (".txt", ".text", ".docx", ".html", ".htm", ".pdf", ".md")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits 2 with its own English; keep it short
        self.print_usage(sys.stderr)
        print(f"参数错误：{message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="fazhi plan", description="方案抽取：把法治政府建设方案转换为 fazhi.plan/1 JSON")
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)
    parse = commands.add_parser("parse", help="抽取一个文件或一个目录中的所有文件")
    parse.add_argument("src", help="方案文件（txt、docx、html、pdf）或目录")
    parse.add_argument("--out", help="输出 JSON 文件；SRC 为目录时为输出目录。省略时输出到标准输出")
    return parser


def write_json(document: dict, out: str | None) -> None:
    text = json.dumps(document, ensure_ascii=False, indent=2)
    if out is None:
        sys.stdout.write(text + "\n")
        return
    folder = os.path.dirname(os.path.abspath(out))
    os.makedirs(folder, exist_ok=True)
    temporary = out + ".tmp"
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(text + "\n")
    os.replace(temporary, out)  # never leave a half-written JSON behind


def parse_one(src: str, out: str | None, limits: ArchiveLimits | None = None) -> None:
    from fazhi.plans.extract import parse_file

    write_json(parse_file(src, limits), out)


def parse_folder(src: str, out: str | None, limits: ArchiveLimits | None = None) -> int:
    if not out:
        print("错误：SRC 是目录时必须用 --out 指定输出目录", file=sys.stderr)
        return 2
    if os.path.exists(out) and not os.path.isdir(out):
        print(f"错误：输出路径 {out} 已存在且不是目录", file=sys.stderr)
        return 2
    from fazhi.plans.extract import PlanReadError

    names = sorted(
        n for n in os.listdir(src) if n.lower().endswith(SUFFIXES) and os.path.isfile(os.path.join(src, n))
    )
    if not names:
        print(f"错误：目录 {src} 中没有可抽取的文件（txt、docx、html、pdf）", file=sys.stderr)
        return 1
    failed = 0
    for name in names:
        target = os.path.join(out, os.path.splitext(name)[0] + ".json")
        try:
            parse_one(os.path.join(src, name), target, limits)
        except PlanReadError as exc:
            failed += 1
            print(str(exc), file=sys.stderr)
    if failed:
        print(f"{len(names) - failed} 个文件已抽取，{failed} 个文件无法读取", file=sys.stderr)
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    if args.command != "parse":
        build_parser().print_help(sys.stderr)
        return 2
    from fazhi.plans.extract.errors import PlanReadError

    try:  # the server's limits on unpacking and text length, from the same environment variables
        limits = ArchiveLimits.from_environ()
    except ValueError as exc:
        print(f"配置错误：{exc}", file=sys.stderr)
        return 2
    try:
        if os.path.isdir(args.src):
            return parse_folder(args.src, args.out, limits)
        parse_one(args.src, args.out, limits)
    except PlanReadError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"无法写出结果：{exc.strerror or exc}（{exc.filename or args.out}）", file=sys.stderr)
        return 1
    except Exception as exc:  # the CLI promises a message, never a traceback
        print(f"抽取失败（{exc.__class__.__name__}）：{exc}。请把这个文件报告给开发者。", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
