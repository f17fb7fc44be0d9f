"""The beat schedule names only tasks that exist, and each scan runs through its registered task."""

from django.conf import settings

from fazhi.celery import app


def test_every_scheduled_task_is_registered():
    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled == {
        "fazhi.workflow.tasks.scan_deadlines",
        "normdocs.refresh_index",
        "search.choose_vocabulary",
    }
    missing = scheduled - set(app.tasks)
    assert not missing, f"scheduled but not registered: {missing}"
