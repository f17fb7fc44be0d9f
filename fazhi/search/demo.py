"""Demo data of the search app: the national law corpus as the 上位法 library (skipped when absent)."""

from __future__ import annotations

from fazhi.search import services


def load(stdout) -> None:
    path = services.DEFAULT_CORPUS
    if not path.is_file():
        stdout.write(f"未找到法律法规库 {path}，跳过上位法导入")
        return
    summary = services.import_laws(path)
    stdout.write(f"上位法：{summary.message()}")
