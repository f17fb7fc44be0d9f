import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from docx import Document

from fazhi.core.models import Notification
from fazhi.supervision import services
from fazhi.supervision.models import SupervisionOrder
from fazhi.supervision.orderdoc import order_document
from tests.supervision.conftest import task_for


@pytest.fixture
def order(ledger, users, org):
    task = task_for(ledger.test_items.yearly)
    milestones = list(task.milestones.filter(unit=org.reform))
    return services.issue_order(
        users.office, recipient=org.reform, subject="年度报告未按期报送", body="请立即整改。\n整改情况书面报告。",
        milestones=milestones, tasks=[task_for(ledger.test_items.mixed)], reply_working_days=5,
        issued_on=dt.date(2024, 9, 27),
    )


def test_issue_numbers_and_reply_deadline_in_working_days(order, users, org):
    assert order.number == "测法督〔2024〕1号"
    assert order.reply_due_on == dt.date(2024, 10, 10)  # 5 working days across 国庆
    assert order.state == SupervisionOrder.State.ISSUED
    assert Notification.objects.filter(recipient=users.reporter, title__contains=order.number).exists()
    second = services.issue_order(users.office, recipient=org.town_gov, subject="督办",
                                  tasks=[task_for(order.tasks.first().item)], issued_on=dt.date(2024, 10, 11))
    assert second.number == "测法督〔2024〕2号"


def test_configured_prefix(ledger, users, org):
    services.update_settings(users.office, org.county, order_prefix="陇法督")
    order = services.issue_order(users.office, recipient=org.reform, subject="督办",
                                 tasks=[task_for(ledger.test_items.yearly)], issued_on=dt.date(2026, 3, 2))
    assert order.number == "陇法督〔2026〕1号"


def test_reply_and_close(order, users):
    with pytest.raises(ValidationError, match="收到回复后"):
        services.close_order(users.office, order)
    with pytest.raises(PermissionDenied):
        services.reply_order(users.town_reporter, order, "不是我")
    services.reply_order(users.reporter, order, "已整改完毕")
    assert Notification.objects.filter(recipient=users.office, title__contains="回复了督办单").exists()
    with pytest.raises(ValidationError, match="不能回复"):
        services.reply_order(users.reporter, order, "再回复")
    services.close_order(users.office, order, "整改到位")
    order.refresh_from_db()
    assert order.state == SupervisionOrder.State.CLOSED
    assert list(order.transitions.values_list("action", flat=True)) == ["issue", "reply", "close"]


def test_unreplied_order_becomes_overdue_in_the_scan(order, users):
    services.scan_deadlines(dt.date(2024, 10, 10))
    order.refresh_from_db()
    assert order.state == SupervisionOrder.State.ISSUED
    result = services.scan_deadlines(dt.date(2024, 10, 11))
    order.refresh_from_db()
    assert order.state == SupervisionOrder.State.OVERDUE and result.orders_overdue == 1
    services.reply_order(users.reporter, order, "迟到的回复")  # an overdue order can still be answered


def test_refusals(ledger, users, org):
    task = task_for(ledger.test_items.yearly)
    with pytest.raises(ValidationError, match="至少选择"):
        services.issue_order(users.office, recipient=org.reform, subject="空")
    with pytest.raises(ValidationError, match="须属于承办单位"):
        services.issue_order(users.office, recipient=org.town_gov, subject="错单位",
                             milestones=list(task.milestones.all()))
    with pytest.raises(PermissionDenied):
        services.issue_order(users.outsider, recipient=org.reform, subject="越权", tasks=[task])
    with pytest.raises(PermissionDenied):
        services.issue_order(users.reporter, recipient=org.town_gov, subject="无权", tasks=[task])


def test_docx_has_the_parts_of_an_official_notice(order):
    document = Document(io.BytesIO(order_document(order)))
    paragraphs = [p.text for p in document.paragraphs]
    title = document.paragraphs[0]
    assert title.text == "督 办 通 知 单"
    assert str(title.runs[0].font.color.rgb) == "C00000"
    assert "测法督〔2024〕1号" in paragraphs
    assert "测试县发展和改革局：" in paragraphs
    body = "\n".join(paragraphs)
    assert "关于年度报告未按期报送，现予督办。" in body
    assert "请于2024年10月10日前（5个工作日内）" in body
    assert paragraphs[-3:] == ["测试县司法局", "2024年9月27日", "（盖章）"]
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert rows[0] == ["序号", "任务", "时间节点", "当前状态"]
    assert any("2025年度" in r[2] and r[3] == "逾期" for r in rows[1:])
    assert any("一 6" in r[1] for r in rows[1:])  # the task given as a whole is listed too
