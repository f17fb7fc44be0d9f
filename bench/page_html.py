"""Do two checkouts write the same pages? Every page of `bench/load.py`'s list, cold, as several accounts.

A change made for speed must leave the HTML as it was. For each checkout (`--code`, repeatable; this one
by default) this renders each page of `load.py`'s list (or those whose label contains one of `--only`'s
parts) with the cache emptied first, as the page's own account and as each of `--as` (the county office,
a department and the county leader by default), with the per-session CSRF token masked; then prints, per
page and account, whether the checkouts' pages are identical, and the first differing lines when not.
Needs the demo database of `bench/load.py` (FAZHI_DATA_DIR or DATABASE_URL):

    FAZHI_DATA_DIR=… .venv/bin/python bench/page_html.py --code /path/to/base --code . [--only 看板,任务详情] \
        [--path /supervision/tasks/7/ …]   # more pages, as the same accounts
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ACCOUNTS = "lx_office,lx_fgj,lx_leader"
_CSRF = re.compile(r'X-CSRFToken": "[^"]+"|csrfmiddlewaretoken" value="[^"]+"')


def render(only: str, accounts: list[str], out: Path, extra: list[str]) -> None:
    """In the child (one checkout): every page as every account, masked, into `out` as JSON."""
    sys.path.insert(0, str(HERE))
    import _common
    import load
    from django.core.cache import cache

    ids = load.prepare()
    pages = {}
    listed = [(label, own, path) for label, own, path in load.PAGES
              if not only or any(part in label for part in only.split(","))]
    for label, own, path in listed + [(path, accounts[0], path) for path in extra]:
        for account in dict.fromkeys([own, *accounts]) if own else [None]:
            client = _common.signed_in_client(account)
            client.get("/")  # the session's first-view work, so both checkouts start from the same state
            cache.clear()
            response = client.get(path.format(**ids))
            body = response.content.decode() if response.status_code == 200 else ""
            pages[f"{label} as {account}"] = f"HTTP {response.status_code}\n" + _CSRF.sub("", body)
    out.write_text(json.dumps(pages, ensure_ascii=False), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="comma-separated parts of page labels")
    parser.add_argument("--as", dest="accounts", default=ACCOUNTS, help="comma-separated accounts")
    parser.add_argument("--code", action="append", type=Path, help="checkout (repeatable)")
    parser.add_argument("--path", action="append", default=[], help="another page to compare (repeatable)")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        render(args.only, args.accounts.split(","), args.child, args.path)
        return
    outputs = []
    for code in args.code or [HERE.parent]:
        out = Path(tempfile.mkdtemp(prefix="fazhi-html-")) / "pages.json"
        env = dict(os.environ, FAZHI_BENCH_CODE=str(code.resolve()), DJANGO_SETTINGS_MODULE="fazhi.settings_test")
        extra = [a for path in args.path for a in ("--path", path)]
        subprocess.run([sys.executable, __file__, "--child", str(out), "--only", args.only, "--as", args.accounts,
                        *extra], env=env, check=True)
        outputs.append(json.loads(out.read_text(encoding="utf-8")))
    first, *others = outputs
    differing = 0
    for key, html in first.items():
        for other in others:
            if other.get(key) == html:
                print(f"same       {key} ({len(html)} characters, {html.splitlines()[0]})")
                continue
            differing += 1
            print(f"DIFFERENT  {key}")
            diff = difflib.unified_diff(html.splitlines(), other.get(key, "").splitlines(), lineterm="", n=1)
            print("\n".join(list(diff)[:20]))
    print(f"{len(first)} pages, {differing} differ")
    sys.exit(1 if differing else 0)


if __name__ == "__main__":
    main()
