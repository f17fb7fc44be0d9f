"""Celery tasks of the supervision loop.

The daily deadline scan runs from Celery beat in production (`CELERY_BEAT_SCHEDULE` in settings) and
from cron as `fazhi scan_deadlines` where there is no Redis. Only this registered task can be
scheduled: no job ever runs a typed-in target.
"""

from __future__ import annotations

from celery import shared_task

from fazhi.supervision import services


@shared_task(name="fazhi.supervision.tasks.scan_deadlines")
def scan_deadlines() -> dict:
    result = services.scan_deadlines()
    return {"due_soon": result.due_soon, "overdue": result.overdue, "orders_overdue": result.orders_overdue,
            "notified": result.notified}
