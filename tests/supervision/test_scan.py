import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from fazhi.core.models import Notification
from fazhi.supervision import services
from fazhi.supervision.models import Milestone
from tests.supervision.conftest import task_for


@pytest.fixture
def due_milestone(ledger):
    """The 2024-10-08 milestone of 测试县司法局 (the office carries the item), reset to open."""
    m = task_for(ledger.test_items.due).milestones.get()
    Milestone.objects.filter(pk=m.pk).update(state=Milestone.State.OPEN)
    Notification.objects.all().delete()
    m.refresh_from_db()
    return m


def _only(milestone):
    """Leave only `milestone` open so that counts speak about it alone."""
    Milestone.objects.exclude(pk=milestone.pk).update(state=Milestone.State.CLOSED)


def test_due_soon_counts_working_days_around_a_holiday(due_milestone, users):
    _only(due_milestone)
    # 3 working days before 2024-10-08 are 09-30, 09-29 (调休上班) and 09-27; 国庆 does not count.
    assert services.scan_deadlines(dt.date(2024, 9, 26)).due_soon == 0
    result = services.scan_deadlines(dt.date(2024, 9, 27))
    due_milestone.refresh_from_db()
    assert (result.due_soon, due_milestone.state) == (1, Milestone.State.DUE_SOON)


def test_overdue_after_the_due_date_and_idempotent(due_milestone, users, settings):
    _only(due_milestone)
    settings.EMAIL_HOST = "smtp.example.gov.cn"
    users.office.email = "office@example.gov.cn"
    users.office.save()
    assert services.scan_deadlines(dt.date(2024, 10, 8)).overdue == 0  # the due day itself is still in time
    first = services.scan_deadlines(dt.date(2024, 10, 9))
    due_milestone.refresh_from_db()
    assert due_milestone.state == Milestone.State.OVERDUE and first.overdue == 1
    second = services.scan_deadlines(dt.date(2024, 10, 10))
    assert (second.overdue, second.due_soon, second.notified) == (0, 0, 0)
    notes = Notification.objects.filter(recipient=users.office).order_by("id")
    assert [n.title for n in notes] == ["您单位有 1 个任务节点临期", "您单位有 1 个任务节点逾期"]
    assert [m.to for m in mail.outbox] == [["office@example.gov.cn"], ["office@example.gov.cn"]]
    assert list(due_milestone.transitions.values_list("to_state", flat=True))[-2:] == [
        "due_soon", "overdue"]


def test_no_mail_without_a_mail_server(due_milestone, users, settings):
    _only(due_milestone)
    settings.EMAIL_HOST = ""
    users.office.email = "office@example.gov.cn"
    users.office.save()
    services.scan_deadlines(dt.date(2024, 10, 9))
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=users.office).count() == 1


def test_generation_marks_past_milestones_right_away(ledger):
    # the 2024–2025 plan is in the past: nothing stays merely "open"
    states = set(Milestone.objects.filter(task__plan=ledger).values_list("state", flat=True))
    assert states == {Milestone.State.OVERDUE}


def test_command_and_celery_task(due_milestone, capsys):
    _only(due_milestone)
    call_command("scan_deadlines", "--today", "2024-10-09")
    assert "逾期 1 个" in capsys.readouterr().out
    from fazhi.workflow.tasks import scan_deadlines

    # The one daily task runs the same scan (nothing new to mark: the command already did).
    assert "逾期 0 个" in scan_deadlines.apply().get()[1]
