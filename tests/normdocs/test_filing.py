"""报送备案: the due date from the configurable rule (natural or working days, over holidays) and the scan."""

from __future__ import annotations

import datetime

from django.core.management import call_command

from fazhi.core.models import Notification
from fazhi.normdocs import services
from fazhi.normdocs.models import State
from fazhi.workflow.clocks import clock_of

D = datetime.date


def publish_on(make_doc, walk, day, **kwargs):
    doc = walk(make_doc(**kwargs), State.REGISTERED, start=D(2024, 6, 3))  # registered 2024-08-06
    return services.transition(None, doc, "publish", {"on": day})


def test_natural_day_rule_rolls_over_the_national_day_holiday(make_doc, walk):
    # 2024-09-01 + 30 days = 2024-10-01, 国庆 holiday until 10-07: the period ends on 10-08.
    doc = publish_on(make_doc, walk, D(2024, 9, 1))
    assert doc.filing_due_on == D(2024, 10, 8)
    clock = doc.transitions.get(action="publish").data["clock"]["due"]
    assert clock["date"] == "2024-10-08" and clock["rule"] == "30日"


def test_working_day_rule_skips_the_holiday_and_counts_the_make_up_sunday(make_doc, walk):
    services.set_rule(None, "normdoc.filing", count=5, unit="WD")
    # From Friday 2024-09-27: 09-29 (调休 Sunday), 09-30, 10-08, 10-09, 10-10.
    doc = publish_on(make_doc, walk, D(2024, 9, 27))
    assert doc.filing_due_on == D(2024, 10, 10)


def test_filing_records_whether_it_was_on_time(make_doc, walk):
    doc = publish_on(make_doc, walk, D(2024, 9, 1))
    doc = services.transition(None, doc, "file_for_record", {"on": D(2024, 10, 9), "recipients": "测试市人民政府"})
    assert doc.transitions.get(action="file_for_record").data["clock"]["on_time"] is False


def test_scan_warns_before_and_after_the_due_date_once_each(make_doc, walk, users):
    doc = publish_on(make_doc, walk, D(2024, 9, 1))  # due 2024-10-08
    assert services.scan_filing_deadlines(D(2024, 9, 20)) == {"warned": 0, "overdue": 0}
    # Five working days before 10-08 reach back over the holiday: 09-30, 09-29 (调休上班), 09-27, 09-26, 09-25.
    assert services.scan_filing_deadlines(D(2024, 9, 30)) == {"warned": 1, "overdue": 0}
    assert services.scan_filing_deadlines(D(2024, 10, 1)) == {"warned": 0, "overdue": 0}
    assert services.scan_filing_deadlines(D(2024, 10, 9)) == {"warned": 0, "overdue": 1}
    assert services.scan_filing_deadlines(D(2024, 10, 10)) == {"warned": 0, "overdue": 0}
    titles = list(Notification.objects.filter(recipient=users.office).values_list("title", flat=True))
    assert len(titles) == 2 and "报备逾期" in titles[0] and "2024-10-08" in titles[0]
    # Only the office whose scope covers the document hears of it.
    assert not Notification.objects.filter(recipient=users.outsider).exists()
    assert not Notification.objects.filter(recipient=users.reporter).exists()
    clock = clock_of(doc, "filing")
    assert (clock.state, clock.due_on, clock.warn_on) == ("overdue", D(2024, 10, 8), D(2024, 9, 25))


def test_filed_documents_are_not_chased(make_doc, walk, users):
    doc = publish_on(make_doc, walk, D(2024, 9, 1))
    services.transition(None, doc, "file_for_record", {"on": D(2024, 9, 10), "recipients": "测试市人民政府"})
    assert services.scan_filing_deadlines(D(2024, 12, 1)) == {"warned": 0, "overdue": 0}


def test_the_daily_scan_command_covers_the_filing_clocks(make_doc, walk, users, capsys):
    publish_on(make_doc, walk, D(2024, 9, 1))
    call_command("scan_deadlines", "--today", "2024-10-09")
    assert "办理期限新增临期 0 件、逾期 1 件" in capsys.readouterr().out
    assert Notification.objects.filter(recipient=users.office, title__startswith="报备逾期").count() == 1


def test_scan_task_runs_the_same_scan(make_doc, walk, users):
    from fazhi.workflow.tasks import scan_deadlines

    doc = publish_on(make_doc, walk, D(2024, 9, 1))  # due 2024-10-08, long past today
    assert scan_deadlines.delay().get()[0] == "办理期限新增临期 0 件、逾期 1 件"
    assert clock_of(doc, "filing").state == "overdue"
