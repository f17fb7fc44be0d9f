"""Checks a production start makes before it serves a request, each refusing with one line that says what to do."""

from __future__ import annotations

import sys

STATIC_NOT_COLLECTED = "静态文件尚未收集：请先运行 fazhi collectstatic --noinput（开发时可用 fazhi runserver，无需收集）"
# gunicorn stops (rather than restarting the worker for ever) when a worker exits with this code.
APP_LOAD_ERROR = 4


def missing_static_files() -> bool:
    """Whether the hashed-name storage is in use but `collectstatic` has not written its manifest."""
    from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage

    storage = staticfiles_storage  # a lazy object: isinstance sees the configured class
    return isinstance(storage, ManifestFilesMixin) and not storage.manifest_storage.exists(storage.manifest_name)


def refuse_without_static_files() -> None:
    """Stop the process with one line when pages would fail on every static file (a 500 on each page)."""
    if missing_static_files():
        print(STATIC_NOT_COLLECTED, file=sys.stderr, flush=True)
        raise SystemExit(APP_LOAD_ERROR)
