"""Every API write is one transaction: a refusal anywhere in the operation leaves nothing behind."""

from fazhi.core.models import OperationLog
from fazhi.supervision.models import ProgressReport
from tests.supervision.test_api import API, open_milestone  # noqa: F401  (fixture)


def test_refused_submit_keeps_no_draft_and_the_retry_goes_through(open_milestone, users, login, files):  # noqa: F811
    reporter = login(users.reporter)
    url = f"{API}/milestones/{open_milestone.pk}/reports"
    body = {"text": "已完成", "percent": 100, "completed": True, "submit": True}
    logged_before = OperationLog.objects.count()

    refused = reporter.post(url, body, content_type="application/json")

    # A completed report needs evidence before it is submitted: the save ran, the submit refused.
    assert refused.status_code == 400 and "佐证材料" in refused.json()["detail"]
    assert not ProgressReport.objects.filter(milestone=open_milestone).exists()
    assert OperationLog.objects.count() == logged_before

    draft = reporter.post(url, {**body, "completed": False, "submit": False}, content_type="application/json")
    assert draft.status_code == 201 and draft.json()["state"] == "draft"
    assert ProgressReport.objects.filter(milestone=open_milestone).count() == 1
