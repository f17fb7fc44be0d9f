"""Attachments on 督办单 replies (issue #14 item 12) through the kernel's one attachment model."""

import datetime as dt

import pytest
from django.urls import reverse

from fazhi.core.attachments import attachments_of
from fazhi.core.models import OperationLog
from fazhi.supervision import services
from fazhi.supervision.models import SupervisionOrder
from tests.supervision.conftest import task_for


@pytest.fixture
def order(ledger, users, org):
    task = task_for(ledger.test_items.yearly)
    return services.issue_order(users.office, recipient=org.reform, subject="年度报告未按期报送",
                                milestones=list(task.milestones.filter(unit=org.reform)), reply_working_days=5,
                                issued_on=dt.date(2024, 9, 27))


def test_reply_with_files_and_links(order, users, login, files):
    reporter = login(users.reporter)
    response = reporter.post(reverse("supervision:order_reply", args=[order.pk]), {
        "text": "已整改完毕", "files": [files.pdf("整改报告.pdf"), files.docx("台账.docx")],
        "links": "https://www.example.gov.cn/zhenggai"})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.state == SupervisionOrder.State.REPLIED
    stored = list(attachments_of(order, "reply").order_by("id"))
    assert [(a.original_name, a.extension) for a in stored[:2]] == [("整改报告.pdf", ".pdf"), ("台账.docx", ".docx")]
    assert stored[2].url == "https://www.example.gov.cn/zhenggai"
    assert OperationLog.objects.filter(action="attachment.add").count() == 2
    # The office sees them on the order and downloads through the scoped link; 乙县 cannot.
    office = login(users.office)
    page = office.get(reverse("supervision:order_detail", args=[order.pk])).content.decode()
    assert "整改报告.pdf" in page and "zhenggai" in page
    url = reverse("core:attachment", args=[stored[0].token])
    assert office.get(url).status_code == 200
    assert login(users.outsider).get(url).status_code == 404


def test_a_refused_file_leaves_the_order_unanswered(order, users, login, files):
    reporter = login(users.reporter)
    response = reporter.post(reverse("supervision:order_reply", args=[order.pk]), {
        "text": "已整改", "files": [files.pdf(), files.exe()]}, follow=True)
    assert "病毒.exe" in response.content.decode()
    order.refresh_from_db()
    assert order.state == SupervisionOrder.State.ISSUED
    assert not attachments_of(order).exists()
