"""The one error the engine raises: a document it cannot read."""

from __future__ import annotations

import os


class PlanReadError(Exception):
    """A file that cannot be read as a plan; the message is Chinese and names the file and the reason."""

    def __init__(self, path: str | os.PathLike[str] | None, reason: str) -> None:
        self.path = None if path is None else os.fspath(path)
        self.reason = reason
        name = os.path.basename(self.path) if self.path else "（未命名）"
        super().__init__(f"无法读取文件 {name}：{reason}")
