"""The daily deadline scan as a Celery task (scheduled by `CELERY_BEAT_SCHEDULE`; also `fazhi scan_deadlines`).

Only this registered task is scheduled: no job ever runs a typed-in target.
"""

from __future__ import annotations

from celery import shared_task


@shared_task(name="fazhi.workflow.tasks.scan_deadlines")
def scan_deadlines() -> list[str]:
    from fazhi.workflow.scan import scan_deadlines as scan

    return scan()
