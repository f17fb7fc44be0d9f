"""Decompression bombs against `fazhi plan parse`: time and peak memory of each refusal (issue #10, item 3).

Each file is parsed by the CLI in its own process (`python -m fazhi.cli plan parse FILE`), measured with
os.wait4 (wall time, maximum resident set). A real plan .docx is parsed too, with the archive check
timed on its own, to show what the check costs a file that passes.

    .venv/bin/python bench/archive_bombs.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests import bombs  # noqa: E402 — after the repository is on the path


def run_cli(path: Path) -> tuple[int, float, int, str]:
    """Exit code, seconds, maximum RSS (MB) and the first line of stderr of one `fazhi plan parse`."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "fazhi.cli", "plan", "parse", str(path)], cwd=REPO,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    message = process.stderr.read().strip().splitlines()
    process.stderr.close()
    return os.waitstatus_to_exitcode(status), elapsed, usage.ru_maxrss // 1024, message[0] if message else ""


def real_docx(path: Path, paragraphs: int) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("测试县法治政府建设实施方案")
    for index in range(paragraphs):
        document.add_paragraph(f"{index + 1}.推进严格规范公正文明执法，每季度至少开展1次执法案卷评查。（县司法局牵头）")
    document.save(path)


def main() -> None:
    from fazhi.core.archives import ArchiveLimits, open_zip

    folder = Path(tempfile.mkdtemp(prefix="fazhi-bombs-"))
    files = {
        "docx 60 MB XML in ~210 KB (ratio)": bombs.docx_bomb(60 * bombs.MB),
        "docx 500 MB behind a 2 KB header (lying size)": bombs.lying_zip(
            "word/document.xml", real=500 * bombs.MB, declared=2000,
            extra={"[Content_Types].xml": bombs.CONTENT_TYPES}),
        "docx with 50 000 entries": bombs.many_entries(50_000, {"[Content_Types].xml": bombs.CONTENT_TYPES}),
    }
    print(f"{'file':48} {'packed':>9} {'exit':>4} {'seconds':>8} {'max RSS MB':>10}  message")
    for label, data in files.items():
        path = folder / "bomb.docx"
        path.write_bytes(data)
        code, seconds, rss, message = run_cli(path)
        print(f"{label:48} {len(data) // 1024:>6} KB {code:>4} {seconds:>8.2f} {rss:>10}  {message[:60]}")
    plan = folder / "plan.docx"
    real_docx(plan, 3000)
    code, seconds, rss, _ = run_cli(plan)
    data = plan.read_bytes()
    start = time.perf_counter()
    open_zip(data, ArchiveLimits()).close()
    check = time.perf_counter() - start
    print(f"{'real plan, 3000 items':48} {len(data) // 1024:>6} KB {code:>4} {seconds:>8.2f} {rss:>10}  "
          f"(archive check alone: {check * 1000:.1f} ms)")


if __name__ == "__main__":
    main()
