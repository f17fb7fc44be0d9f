"""Instructions a cold page costs, counted by valgrind (callgrind): a figure the machine's load does not move.

CPU ms (`bench/load.py --cpu --cold`) on a shared two-core machine moves by several ms with the others'
jobs; the number of instructions a request executes does not. For each page of `bench/load.py`'s list
(or those whose label contains one of `--only`'s parts) and each checkout, this runs Python under
`valgrind --tool=callgrind` twice: once making every page's warm-up request only, once making the
same warm-ups and then `--runs` requests of the one page with the cache emptied before each (a write
before every view, as `load.py --cold`); the difference over `--runs` is the instructions of one cold
request of that page. Needs the demo database of `bench/load.py` (FAZHI_DATA_DIR or DATABASE_URL):

    FAZHI_DATA_DIR=… .venv/bin/python bench/page_instructions.py --only 任务详情,看板 \
        --code /path/to/base --code . [--runs 10]

Prints millions of instructions a request per page and checkout, and new / old when two checkouts are
given. PYTHONHASHSEED is fixed; what still differs between two runs of one checkout (the session's idle
expiry pushed once a minute, the garbage collector) is spread over `--runs` requests. A run takes one to
two minutes per page and checkout (valgrind runs Python ~50× slower).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def child(only: str, page: str, runs: int) -> None:
    """Inside valgrind: every selected page's warm-up, then `runs` cold requests of `page` (if any)."""
    sys.path.insert(0, str(HERE))
    import _common
    import load
    from django.core.cache import cache

    ids = load.page_ids()  # no migration check: it would cost each run under valgrind a minute
    pages = [(label, account, path.format(**ids)) for label, account, path in load.PAGES
             if any(part in label for part in only.split(","))]
    clients = {}
    for label, account, path in pages:
        clients[label] = _common.signed_in_client(account)
        cache.clear()
        assert clients[label].get(path).status_code == 200, label
    for label, _account, path in pages:
        if label == page:
            for _ in range(runs):
                cache.clear()
                clients[label].get(path)


def counted(code: Path, only: str, page: str, runs: int) -> int:
    """Instructions executed by one child run (callgrind's total)."""
    out = Path(tempfile.mkdtemp(prefix="fazhi-callgrind-")) / "callgrind.out"
    env = dict(os.environ, FAZHI_BENCH_CODE=str(code.resolve()), DJANGO_SETTINGS_MODULE="fazhi.settings_test",
               PYTHONHASHSEED="0")
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable, __file__, "--child",
         "--only", only, "--page", page, "--runs", str(runs)],
        env=env, capture_output=True, text=True, check=True,
    )
    out.unlink(missing_ok=True)
    return int(re.search(r"Collected\s*:\s*(\d+)", done.stderr).group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", required=True, help="comma-separated parts of page labels")
    parser.add_argument("--code", action="append", type=Path, help="checkout to count (repeatable)")
    parser.add_argument("--runs", type=int, default=10, help="cold requests of a page in its counted run")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--page", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.only, args.page, args.runs)
        return
    sys.path.insert(0, str(HERE))
    import load

    labels = [label for label, _, _ in load.PAGES if any(part in label for part in args.only.split(","))]
    codes = args.code or [HERE.parent]
    load.prepare()
    base = {code: counted(code, args.only, "", 0) for code in codes}
    print(f"{'page':<26}" + "".join(f"{str(code)[-18:]:>20}" for code in codes)
          + ("   new / old" if len(codes) == 2 else ""))
    for label in labels:
        per_request = [(counted(code, args.only, label, args.runs) - base[code]) / args.runs / 1e6
                       for code in codes]
        ratio = f"   {per_request[1] / per_request[0]:.3f}" if len(codes) == 2 else ""
        print(f"{label:<26}" + "".join(f"{m:>18.1f} M" for m in per_request) + ratio, flush=True)


if __name__ == "__main__":
    main()
