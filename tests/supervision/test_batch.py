"""Lists a clerk uses (issue #14 item 11): filters and export on the shared table, batch acceptance and
reminders with a result per item, print pages for the ledger and the 通报."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.core.models import Notification, OperationLog
from fazhi.supervision import services
from fazhi.supervision.models import Milestone, ProgressReport, Task
from tests.supervision.conftest import task_for


@pytest.fixture
def submitted(ledger, org, users, make_user):
    """Three submitted reports: two of 发改局 (one marked completed) and one of 甲镇 on an already closed
    milestone's sibling, so that one of three can be refused at acceptance."""
    far = dt.date(2099, 3, 1)
    Milestone.objects.update(state=Milestone.State.OPEN, due_on=far, warn_on=far)
    reform = list(task_for(ledger.test_items.mixed).milestones.filter(unit=org.reform).order_by("key")[:2])
    town = task_for(ledger.test_items.quarterly).milestones.filter(unit=org.town_gov).first()
    reports = []
    for m, completed, unit_user in ((reform[0], False, users.reporter), (reform[1], False, users.reporter),
                                    (town, False, users.town_reporter)):
        r = services.save_report(unit_user, m, text=f"进展{m.pk}", percent=60, completed=completed)
        services.submit_report(unit_user, r)
        reports.append(r)
    return reports


def test_accepting_several_reports_gives_a_result_each(submitted, users, login):
    first, second, third = submitted
    # The third is accepted one at a time first: in the batch it must be refused, the others accepted.
    services.accept_report(users.office, third, "")
    response = login(users.office).post(reverse("supervision:review_batch"), {
        "reports": [first.pk, second.pk, third.pk], "comment": "同意"})
    assert response.status_code == 200
    results = {r.obj.pk: (r.ok, r.message) for _, _, r in response.context["results"]}
    assert results[first.pk] == (True, "已采纳") and results[second.pk] == (True, "已采纳")
    assert results[third.pk][0] is False and "已采纳" in results[third.pk][1]
    states = dict(ProgressReport.objects.filter(pk__in=[first.pk, second.pk]).values_list("pk", "state"))
    assert set(states.values()) == {ProgressReport.State.ACCEPTED}
    # Each acceptance is its own logged step, as one at a time.
    assert OperationLog.objects.filter(action="supervision.report_accept").count() == 3


def test_a_report_out_of_scope_refuses_the_whole_batch(submitted, users, login):
    response = login(users.outsider).post(reverse("supervision:review_batch"), {"reports": [submitted[0].pk]})
    assert response.status_code == 404
    assert ProgressReport.objects.get(pk=submitted[0].pk).state == ProgressReport.State.SUBMITTED


def test_review_list_filters_by_unit_and_exports(submitted, org, users, login):
    client = login(users.office)
    page = client.get(reverse("supervision:review_queue"), {"unit": org.town_gov.pk})
    assert [row.obj.pk for row in page.context["table"].rows] == [submitted[2].pk]
    export = client.get(reverse("supervision:review_queue"), {"unit": org.reform.pk, "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "报送时间" and "选择" not in rows[0]  # the tick-box column stays on the page
    assert len(rows) == 3 and {r[1] for r in rows[1:]} == {"测试县发展和改革局"}


def test_reminding_several_units(submitted, org, users, login):
    Milestone.objects.filter(unit=org.reform, pk=submitted[0].milestone_id).update(state=Milestone.State.OVERDUE)
    client = login(users.office)
    listed = client.get(reverse("supervision:remind"), {"late": "overdue"})
    assert [row.obj.pk for row in listed.context["table"].rows] == [org.reform.pk]
    response = client.post(reverse("supervision:remind"), {"units": [org.reform.pk, org.town.pk],
                                                            "message": "请本周报送"})
    results = {r.obj.pk: r for _, _, r in response.context["results"]}
    assert results[org.reform.pk].ok
    # 甲镇 the region (not its government) carries no milestones: refused with the reason, 发改局 still reminded.
    assert not results[org.town.pk].ok and "没有未完成的时间节点" in results[org.town.pk].message
    note = Notification.objects.get(recipient=users.reporter, title__startswith="督查督办提醒")
    assert "逾期 1 个" in note.title and note.body == "请本周报送"
    assert OperationLog.objects.filter(action="supervision.remind").count() == 1


def test_print_pages(submitted, ledger, users, login):
    client = login(users.leader)
    page = client.get(reverse("supervision:ledger_print", args=[ledger.pk]))
    assert page.status_code == 200 and "任务分工台账" in page.content.decode()
    assert len(page.context["tasks"]) == Task.objects.filter(plan=ledger).count()  # every task, no paging
    bulletin = client.get(reverse("supervision:bulletin"))
    text = bulletin.content.decode()
    assert "法治政府建设任务落实情况通报" in text and 'data-print' in text
