"""`services.make_task_lead`, the write behind accepting a lead suggestion."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.core.models import OperationLog
from fazhi.plans.models import Plan
from fazhi.supervision import services
from fazhi.supervision.models import Milestone, Task, TaskUnit
from tests.supervision.conftest import add_item

YEARLY = {"text": "每年", "kind": "recurring", "freq": "yearly", "times": None, "by": None}


@pytest.fixture
def cooperating_task(org, users) -> Task:
    """A task whose plan named only a cooperating unit (县发改局配合): the office carries it."""
    plan = Plan.objects.create(
        jurisdiction=org.county, title="配合方案", period_start=2099, period_end=2099, created_by=users.office
    )
    add_item(
        plan,
        1,
        ["1"],
        "推进信用建设。(县发改局配合)",
        units=[("cooperating", "县发改局", org.reform)],
        deadlines=[YEARLY],
    )
    services.generate_ledger(None, plan)
    return Task.objects.get(plan=plan)


def test_a_cooperating_unit_promoted_to_lead_gets_milestones_and_owns_the_task(cooperating_task, users, org):
    assert not Milestone.objects.filter(task=cooperating_task, unit=org.reform).exists()
    tu = services.make_task_lead(users.office, cooperating_task, org.reform)
    assert (tu.role, tu.source) == (TaskUnit.Role.LEAD, TaskUnit.Source.MANUAL)
    assert Milestone.objects.filter(task=cooperating_task, unit=org.reform).count() == 1
    cooperating_task.refresh_from_db()
    assert cooperating_task.owner_unit == org.reform
    log = OperationLog.objects.get(action="supervision.task_unit_lead")
    assert log.before["role"] == "cooperating" and log.after["role"] == "lead"


def test_a_unit_not_on_the_task_is_added_as_lead(cooperating_task, users, org):
    tu = services.make_task_lead(users.office, cooperating_task, org.gov)
    assert tu.role == TaskUnit.Role.LEAD and tu.unit == org.gov
    assert OperationLog.objects.filter(action="supervision.task_unit_add").count() == 1


def test_refusals_change_nothing(cooperating_task, users, org):
    services.make_task_lead(users.office, cooperating_task, org.reform)
    with pytest.raises(ValidationError, match="已是该任务的牵头单位"):
        services.make_task_lead(users.office, cooperating_task, org.reform)
    with pytest.raises(ValidationError, match="不属于方案所属行政区"):
        services.make_task_lead(users.office, cooperating_task, org.other_justice)
    with pytest.raises(PermissionDenied):
        services.make_task_lead(users.outsider, cooperating_task, org.justice)
    with pytest.raises(PermissionDenied):
        services.make_task_lead(users.reporter, cooperating_task, org.justice)
    assert list(cooperating_task.units.filter(role=TaskUnit.Role.LEAD).values_list("unit_id", flat=True)) == [
        org.reform.pk
    ]
