"""Background jobs: queued for a Celery worker when Redis is configured, run in-process when it is not.

Every action that starts background work goes through `enqueue` (and `require_queue` first, when it must
prepare records or files for the job): with the broker configured but unreachable it is refused at once
with a Chinese message, instead of hanging on reconnection and leaving a job that never runs.
"""

from __future__ import annotations

from typing import Any

from celery import Task
from django.conf import settings
from django.core.exceptions import ValidationError
from kombu.exceptions import OperationalError

QUEUE_DOWN = "后台任务队列（Redis）无法连接，本次操作未执行、未保存任何内容；请稍后重试，或请系统管理员检查 Redis 服务"


class QueueUnavailable(ValidationError):
    """The broker is configured but cannot be reached."""


def _app():
    from fazhi.celery import app

    return app


def runs_in_process() -> bool:
    """No broker configured (the embedded default): jobs run in the request that starts them."""
    return bool(_app().conf.task_always_eager)


def require_queue() -> None:
    """Refuse at once when the broker is configured but does not answer (one try, a short timeout)."""
    if runs_in_process():
        return
    with _app().connection_for_write() as connection:
        try:
            connection.ensure_connection(max_retries=0, timeout=settings.FAZHI_BROKER_CONNECT_SECONDS)
            connection.default_channel  # noqa: B018  (Redis answers a PING when the channel opens)
        except (OperationalError, *connection.connection_errors, *connection.channel_errors):
            raise QueueUnavailable(QUEUE_DOWN) from None


def enqueue(task: Task, *args: Any) -> None:
    """Queue `task(*args)` for a worker, or run it now when no broker is configured."""
    try:
        task.apply_async(args=args, retry=False)
    except OperationalError:
        raise QueueUnavailable(QUEUE_DOWN) from None
