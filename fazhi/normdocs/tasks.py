"""Celery tasks of normative documents: the daily index refresh and bulk imports (the 报备 deadlines and
the 有效期届满 evaluations are the kernel's daily scan, `fazhi.workflow.tasks.scan_deadlines`).

Scheduled by `CELERY_BEAT_SCHEDULE` in settings. Only these registered tasks are scheduled; nothing
runs a target typed in by a user.
"""

from __future__ import annotations

from celery import shared_task


@shared_task(name="normdocs.refresh_index")
def refresh_index() -> int:
    """Validity moves with the calendar (施行日期 arrives, 有效期 ends): refresh the public index daily."""
    from fazhi.normdocs.indexing import refresh_all

    return refresh_all()


@shared_task(name="normdocs.run_import")
def run_import(run_id: int) -> str:
    from fazhi.normdocs.importer import run_import as run
    from fazhi.normdocs.models import ImportRun

    return run(ImportRun.objects.get(pk=run_id)).status

