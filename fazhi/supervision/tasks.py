"""Celery tasks of the supervision loop.

The daily deadline scan runs from Celery beat in production. Add to the beat schedule (for example
in the deployment's Celery configuration or `CELERY_BEAT_SCHEDULE` in settings):

    CELERY_BEAT_SCHEDULE = {
        "supervision-scan-deadlines": {
            "task": "fazhi.supervision.tasks.scan_deadlines",
            "schedule": crontab(hour=6, minute=30),  # every morning before office hours
        },
    }

`BEAT_SCHEDULE` below holds that entry so the deployment can merge it. Without Redis the same scan
runs from cron as `fazhi scan_deadlines`. Only this registered task can be scheduled: no job ever runs
a typed-in target.
"""

from __future__ import annotations

from celery import shared_task
from celery.schedules import crontab

from fazhi.supervision import services

BEAT_SCHEDULE = {
    "supervision-scan-deadlines": {
        "task": "fazhi.supervision.tasks.scan_deadlines",
        "schedule": crontab(hour=6, minute=30),
    },
}


@shared_task(name="fazhi.supervision.tasks.scan_deadlines")
def scan_deadlines() -> dict:
    result = services.scan_deadlines()
    return {"due_soon": result.due_soon, "overdue": result.overdue, "orders_overdue": result.orders_overdue,
            "notified": result.notified}
