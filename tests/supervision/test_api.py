import datetime as dt

import pytest

from fazhi.supervision.models import Milestone, ProgressReport, SupervisionOrder
from tests.supervision.conftest import task_for

API = "/api/supervision"


@pytest.fixture
def open_milestone(ledger):
    m = task_for(ledger.test_items.yearly).milestones.get(key="recurring:0:2025")
    Milestone.objects.filter(pk=m.pk).update(due_on=dt.date(2099, 3, 1), warn_on=dt.date(2099, 2, 25),
                                             state=Milestone.State.OPEN)
    return m


def test_generate_and_list_tasks(plan, users, login):
    office = login(users.office)
    response = office.post(f"{API}/plans/{plan.pk}/ledger")
    assert response.status_code == 200 and response.json()["tasks_created"] == 6
    tasks = office.get(f"{API}/tasks", {"plan_id": plan.pk}).json()
    assert tasks["count"] == 6
    first = tasks["items"][0]
    assert {u["via"] for u in first["units"]} == {"县司法局", "县发改局", "各镇"}
    assert login(users.reporter).post(f"{API}/plans/{plan.pk}/ledger").status_code == 403


def test_report_cycle_over_the_api(open_milestone, users, login, files):
    reporter = login(users.reporter)
    mine = reporter.get(f"{API}/milestones", {"mine": True, "state": "open"}).json()
    assert [m["id"] for m in mine["items"]] == [open_milestone.pk]
    created = reporter.post(f"{API}/milestones/{open_milestone.pk}/reports",
                            {"text": "完成", "percent": 100, "completed": True}, content_type="application/json")
    assert created.status_code == 201
    report_id = created.json()["id"]
    refused = reporter.post(f"{API}/reports/{report_id}/submit")
    assert refused.status_code == 400 and "佐证材料" in refused.json()["detail"]
    upload = reporter.post(f"{API}/reports/{report_id}/evidence", {"file": files.pdf()})
    assert upload.status_code == 201 and upload.json()["evidence"][0]["download"]
    bad = reporter.post(f"{API}/reports/{report_id}/evidence", {"file": files.exe()})
    assert bad.status_code == 400 and "类型（.exe）不支持" in bad.json()["detail"]
    assert reporter.post(f"{API}/reports/{report_id}/submit").json()["state"] == "submitted"

    office = login(users.office)
    assert office.get(f"{API}/reports", {"state": "submitted"}).json()["count"] == 1
    returned = office.post(f"{API}/reports/{report_id}/return", {"comment": "补充"}, content_type="application/json")
    assert returned.json()["state"] == "returned"
    reporter = login(users.reporter)
    again = reporter.put(f"{API}/reports/{report_id}", {"text": "已补充", "percent": 100, "completed": True,
                                                        "submit": True}, content_type="application/json")
    assert again.json()["state"] == "submitted"
    office = login(users.office)
    accepted = office.post(f"{API}/reports/{report_id}/accept", {}, content_type="application/json")
    assert accepted.json()["state"] == "accepted"
    assert office.get(f"{API}/milestones/{open_milestone.pk}").json()["outcome"] == "on_time"


def test_scopes_and_capabilities(open_milestone, users, login):
    report = ProgressReport.objects.create(milestone=open_milestone, unit=open_milestone.unit, text="x")
    town = login(users.town_reporter)
    assert town.get(f"{API}/reports/{report.pk}").status_code == 404
    assert town.get(f"{API}/milestones/{open_milestone.pk}").status_code == 404
    assert town.post(f"{API}/milestones/{open_milestone.pk}/reports", {"text": "x"},
                     content_type="application/json").status_code == 404
    assert town.post(f"{API}/reports/{report.pk}/accept", {}, content_type="application/json").status_code == 403
    outsider = login(users.outsider)
    assert outsider.get(f"{API}/tasks/{open_milestone.task_id}").status_code == 404
    assert outsider.get(f"{API}/tasks").json()["count"] == 0
    auditor = login(users.auditor)
    assert auditor.get(f"{API}/tasks").status_code == 403


def test_orders_over_the_api(open_milestone, users, login, org):
    office = login(users.office)
    created = office.post(f"{API}/orders", {"recipient_id": org.reform.pk, "subject": "督办",
                                            "milestone_ids": [open_milestone.pk], "reply_working_days": 3},
                          content_type="application/json")
    assert created.status_code == 201
    order = created.json()
    assert order["number"].startswith("测法督〔") and order["milestone_ids"] == [open_milestone.pk]
    foreign = office.post(f"{API}/orders", {"recipient_id": org.other_justice.pk, "subject": "越界",
                                            "milestone_ids": [open_milestone.pk]}, content_type="application/json")
    assert foreign.status_code == 404
    reporter = login(users.reporter)
    replied = reporter.post(f"{API}/orders/{order['id']}/reply", {"text": "已办"}, content_type="application/json")
    assert replied.json()["state"] == "replied"
    assert login(users.town_reporter).get(f"{API}/orders/{order['id']}").status_code == 404
    closed = login(users.office).post(f"{API}/orders/{order['id']}/close", {}, content_type="application/json")
    assert closed.json()["state"] == SupervisionOrder.State.CLOSED
