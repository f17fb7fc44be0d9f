"""Celery tasks of normative documents: the daily filing-deadline scan, index refresh and bulk imports.

Scheduled by `CELERY_BEAT_SCHEDULE` in settings. Only these registered tasks are scheduled; nothing
runs a target typed in by a user.
"""

from __future__ import annotations

from celery import shared_task


@shared_task(name="normdocs.scan_filing_deadlines")
def scan_filing_deadlines() -> dict:
    from fazhi.normdocs.services import scan_filing_deadlines as scan

    return scan()


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



@shared_task(name="normdocs.scan_expiring_documents")
def scan_expiring_documents() -> dict:
    """有效期 ending within the warning period: the issuer's evaluation task and its notices."""
    from fazhi.normdocs.services import scan_expiring_documents as scan

    return scan()
