"""Milestone editing in the UI (issue #14 item 12): add a milestone by hand, rename it or change how many
completed reports close it, cancel it — each logged, each refused with a Chinese reason where it must be."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from fazhi.core.models import OperationLog
from fazhi.supervision import services
from fazhi.supervision.models import Milestone
from tests.supervision.conftest import task_for


@pytest.fixture
def task(ledger):
    return task_for(ledger.test_items.yearly)  # 发改局 responsible


def test_office_adds_a_milestone_through_the_task_page(task, org, users, login):
    response = login(users.office).post(reverse("supervision:milestone_add", args=[task.pk]), {
        "unit": org.reform.pk, "label": "专项自查", "due_on": "2099-06-30", "required_reports": 1,
        "reason": "县委督查室要求"})
    assert response.status_code == 302
    m = Milestone.objects.get(task=task, label="专项自查")
    assert (m.kind, m.due_on, m.state) == (Milestone.Kind.MANUAL, dt.date(2099, 6, 30), Milestone.State.OPEN)
    # The warning date: the jurisdiction's default of 3 working days before 2099-06-30 (a Tuesday); 2099 has
    # no holiday table, so weekdays count: 06-29 Mon (1), 06-26 Fri (2), 06-25 Thu (3) → 2099-06-25.
    assert m.warn_on == dt.date(2099, 6, 25)
    assert OperationLog.objects.filter(action="supervision.milestone_add", object_id=str(m.pk)).exists()
    assert m.transitions.filter(action="create").exists()


def test_a_milestone_only_for_a_unit_of_the_task(task, org, users):
    with pytest.raises(ValidationError, match="不是该任务的责任单位"):
        services.add_milestone(users.office, task, org.town_gov, label="检查", due_on="2099-06-30")


def test_edit_and_cancel(task, org, users, login):
    m = task.milestones.filter(unit=org.reform).first()
    client = login(users.office)
    client.post(reverse("supervision:milestone_edit", args=[m.pk]),
                {"label": "年度报告（两次）", "required_reports": 2, "reason": "原文为每年2次"})
    m.refresh_from_db()
    assert (m.label, m.required_reports) == ("年度报告（两次）", 2)
    log = OperationLog.objects.get(action="supervision.milestone_edit", object_id=str(m.pk))
    assert log.before["required_reports"] == 1 and log.after["required_reports"] == 2
    client.post(reverse("supervision:milestone_cancel", args=[m.pk]), {"reason": "并入其他任务"})
    m.refresh_from_db()
    assert m.state == Milestone.State.CANCELLED
    with pytest.raises(ValidationError, match="不能取消"):
        services.cancel_milestone(users.office, m, "再取消一次")
    with pytest.raises(ValidationError, match="已取消，不能修改"):
        services.edit_milestone(users.office, m, label="x", required_reports=1)


def test_cancel_needs_a_reason_and_the_office(task, org, users):
    m = task.milestones.filter(unit=org.reform, state__in=Milestone.OPEN_STATES).first()
    with pytest.raises(ValidationError, match="须说明理由"):
        services.cancel_milestone(users.office, m, " ")
    with pytest.raises(PermissionDenied):
        services.cancel_milestone(users.reporter, m, "不想做了")
    with pytest.raises(PermissionDenied):
        services.cancel_milestone(users.outsider, m, "越权")
    m.refresh_from_db()
    assert m.is_open


def test_the_forms_are_on_the_pages(task, org, users, login):
    m = task.milestones.filter(unit=org.reform, state__in=Milestone.OPEN_STATES).first()
    client = login(users.office)
    assert reverse("supervision:milestone_add", args=[task.pk]) in client.get(
        reverse("supervision:task_detail", args=[task.pk])).content.decode()
    page = client.get(reverse("supervision:milestone_detail", args=[m.pk])).content.decode()
    assert reverse("supervision:milestone_edit", args=[m.pk]) in page
    assert reverse("supervision:milestone_cancel", args=[m.pk]) in page
    # The unit itself sees neither (it asks for an extension instead).
    own = login(users.reporter).get(reverse("supervision:milestone_detail", args=[m.pk])).content.decode()
    assert reverse("supervision:milestone_cancel", args=[m.pk]) not in own
