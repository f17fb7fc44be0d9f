"""The bulk import is background work: without a broker it runs in-process, with the broker down it is
refused at once leaving nothing behind, and with Redis and a worker it runs on the worker (issue #10, 6)."""

import io
import time
import zipfile

import pytest
from django.urls import reverse

from fazhi.core import jobs
from fazhi.core.models import OperationLog
from fazhi.normdocs.models import ImportRun, NormativeDocument


def _archive() -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("metadata.csv", "文件名,标题,制定机关,发布日期\na.txt,测试县档案管理办法,测试县司法局,2020-01-01\n")
        archive.writestr("a.txt", "第一条 为了规范档案管理，制定本办法。")
    buffer.seek(0)
    buffer.name = "history.zip"
    return buffer


def _files_under(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_without_a_broker_the_import_runs_in_the_request(login, users, org, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assert jobs.runs_in_process()  # the embedded default: no REDIS_URL
    response = login(users.office).post(reverse("normdocs:import_upload"), {"archive": _archive(), "unit": org.county.pk})
    run = ImportRun.objects.get()
    assert response.status_code == 302 and run.status == ImportRun.Status.DONE
    assert NormativeDocument.objects.filter(title="测试县档案管理办法").exists()


def test_with_the_broker_down_the_import_is_refused_and_leaves_nothing(broker_down, login, users, org, settings,
                                                                       tmp_path):
    settings.MEDIA_ROOT = tmp_path
    logged = OperationLog.objects.count()
    response = login(users.office).post(reverse("normdocs:import_upload"), {"archive": _archive(), "unit": org.county.pk})
    assert response.status_code == 200
    assert "后台任务队列（Redis）无法连接" in response.content.decode()
    assert not ImportRun.objects.exists()
    assert _files_under(tmp_path) == []
    assert OperationLog.objects.count() == logged


def test_broker_lost_after_the_check_marks_the_run_failed_and_removes_its_files(broker_down, users, org, tmp_path,
                                                                                  monkeypatch):
    from fazhi.normdocs import importer

    monkeypatch.setattr(jobs, "require_queue", lambda: None)  # it answered the check, then went away
    with pytest.raises(jobs.QueueUnavailable):
        importer.start_import(users.office, unit=org.county, archive=_archive(), root=tmp_path)
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.FAILED and run.message == jobs.QUEUE_DOWN
    assert _files_under(tmp_path) == []


def test_a_refused_archive_leaves_no_files(login, users, org, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    not_a_zip = io.BytesIO(b"plain text")
    not_a_zip.name = "history.zip"
    response = login(users.office).post(reverse("normdocs:import_upload"), {"archive": not_a_zip, "unit": org.county.pk})
    assert response.status_code == 200 and "不是有效的 zip" in response.content.decode()
    assert not ImportRun.objects.exists() and _files_under(tmp_path) == []


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_the_import_runs_on_a_real_worker(celery_worker, login, users, org, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = login(users.office).post(reverse("normdocs:import_upload"), {"archive": _archive(), "unit": org.county.pk})
    assert response.status_code == 302
    run = ImportRun.objects.get()
    for _ in range(120):  # the worker is another process: wait for it (at most a minute)
        run.refresh_from_db()
        if run.status not in (ImportRun.Status.PENDING, ImportRun.Status.READING, ImportRun.Status.WRITING):
            break
        time.sleep(0.5)
    assert run.status == ImportRun.Status.DONE, (run.status, run.message)
    assert NormativeDocument.objects.filter(title="测试县档案管理办法").exists()
