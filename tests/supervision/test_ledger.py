import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.core.models import OperationLog
from fazhi.supervision import services
from fazhi.supervision.models import Milestone, Task, TaskUnit
from tests.supervision.conftest import task_for


def test_items_with_requirements_become_tasks(ledger):
    items = ledger.test_items
    assert not Task.objects.filter(item=items.heading).exists()  # a heading with children and no units
    assert Task.objects.filter(plan=ledger).count() == 6
    plain = task_for(items.plain)
    assert plain.title == "深化法治宣传教育"


def test_collective_names_expand_and_are_recorded(ledger, org):
    task = task_for(ledger.test_items.quarterly)
    rows = {(tu.unit, tu.role, tu.source, tu.via) for tu in task.units.all()}
    assert rows == {
        (org.justice, "lead", "plan", "县司法局"),
        (org.reform, "cooperating", "plan", "县发改局"),
        (org.town_gov, "responsible", "collective", "各镇"),
    }  # 各部门 gives 司法局 and 发改局, which the plan names outright with a stronger role
    assert task.owner_unit == org.justice
    assert task.targets[0]["indicator"] == "行政执法案件合格率"


def test_recurring_expansion_counts_for_2024_2025(ledger, org):
    quarterly = task_for(ledger.test_items.quarterly)
    # lead and responsible units report; the cooperating unit does not
    assert quarterly.milestones.filter(unit=org.justice).count() == 8
    assert quarterly.milestones.filter(unit=org.town_gov).count() == 8
    assert not quarterly.milestones.filter(unit=org.reform).exists()
    yearly = task_for(ledger.test_items.yearly)
    assert sorted(yearly.milestones.values_list("due_on", flat=True)) == [dt.date(2024, 3, 1), dt.date(2025, 3, 1)]
    mixed = task_for(ledger.test_items.mixed)
    assert mixed.milestones.count() == 4 + 24  # half-yearly and monthly over 2 years; 任期内 gives none


def test_task_without_units_or_deadline_goes_to_the_office_at_period_end(ledger, org):
    task = task_for(ledger.test_items.plain)
    assert task.owner_unit == org.justice  # 测试县 has no 依法治县办: its 司法局 leads the work
    tu = task.units.get()
    assert (tu.unit, tu.source) == (org.justice, TaskUnit.Source.OFFICE)
    assert [(m.key, m.due_on) for m in task.milestones.all()] == [("default", dt.date(2025, 12, 31))]


def test_names_that_cannot_expand_are_follow_ups(ledger):
    task = task_for(ledger.test_items.due)
    assert task.unresolved_names == ["各县(区)", "有关单位"]
    assert task.milestones.get().due_on == dt.date(2024, 10, 8)


def test_due_and_warn_dates_are_stored(ledger):
    for milestone in Milestone.objects.filter(task__plan=ledger):
        assert milestone.warn_on < milestone.due_on


def test_every_milestone_carries_its_tasks_plan(ledger, users, org):
    # Milestone.plan is a copy the dashboard's counts group by: every way of creating a milestone sets it.
    task = task_for(ledger.test_items.quarterly)
    services.add_task_unit(users.office, task, org.gov, TaskUnit.Role.RESPONSIBLE)
    milestones = Milestone.objects.filter(task__plan=ledger)
    assert milestones.filter(unit=org.gov).exists()
    assert set(milestones.values_list("plan_id", flat=True)) == {ledger.pk}


def test_regenerating_is_idempotent_and_keeps_edits(ledger, users, org):
    counts = (Task.objects.count(), TaskUnit.objects.count(), Milestone.objects.count())
    task = task_for(ledger.test_items.quarterly)
    services.remove_task_unit(users.office, task.units.get(unit=org.town_gov), "镇里不承担")
    services.add_task_unit(users.office, task, org.gov, TaskUnit.Role.RESPONSIBLE)
    result = services.generate_ledger(users.office, ledger)
    assert (result.tasks_created, result.units_added, result.milestones_created) == (0, 0, 0)
    assert Task.objects.count() == counts[0]
    assert TaskUnit.objects.count() == counts[1] + 1
    assert task.units.get(unit=org.town_gov).removed_at is not None
    assert task.units.get(unit=org.gov).source == TaskUnit.Source.MANUAL
    assert set(task.milestones.filter(unit=org.town_gov).values_list("state", flat=True)) == {"cancelled"}
    assert task.milestones.filter(unit=org.gov).count() == 8
    assert OperationLog.objects.filter(action="supervision.generate_ledger").count() == 2


def test_removing_the_last_reporting_unit_is_refused(ledger, users, org):
    task = task_for(ledger.test_items.yearly)
    with pytest.raises(ValidationError, match="至少要保留"):
        services.remove_task_unit(users.office, task.units.get(unit=org.reform))


def test_adding_a_unit_outside_the_jurisdiction_is_refused(ledger, users, org):
    task = task_for(ledger.test_items.yearly)
    with pytest.raises(ValidationError, match="不属于"):
        services.add_task_unit(users.office, task, org.other_justice, TaskUnit.Role.RESPONSIBLE)
    with pytest.raises(ValidationError, match="已是该任务"):
        services.add_task_unit(users.office, task, org.reform, TaskUnit.Role.LEAD)


def test_relative_deadline_on_trigger(ledger, users, org):
    task = task_for(ledger.test_items.relative)
    assert not task.milestones.exists()  # relative deadlines wait for their trigger
    created = services.record_trigger(users.office, task, 0, dt.date(2024, 5, 6))
    assert [(m.unit, m.due_on) for m in created] == [(org.town_gov, dt.date(2024, 5, 16))]  # 10 natural days
    assert services.record_trigger(users.office, task, 0, dt.date(2024, 5, 6)) == []
    # "5个工作日" counts working days: 2024-09-27 (Fri) + 5 WD skips 国庆 and lands on 2024-10-10
    working = services.record_trigger(users.office, task, 1, dt.date(2024, 9, 27))
    assert working[0].due_on == dt.date(2024, 10, 10)
    with pytest.raises(ValidationError, match="相对时限"):
        services.record_trigger(users.office, task_for(ledger.test_items.yearly), 0, dt.date(2024, 5, 6))


def test_natural_period_ending_on_a_rest_day_rolls_over(ledger, users):
    task = task_for(ledger.test_items.relative)
    # 2024-09-21 + 10 days = 2024-10-01, a holiday: the period ends on the first working day after it
    created = services.record_trigger(users.office, task, 0, dt.date(2024, 9, 21))
    assert created[0].due_on == dt.date(2024, 10, 8)


def test_only_the_office_generates(plan, users):
    with pytest.raises(PermissionDenied):
        services.generate_ledger(users.reporter, plan)
    with pytest.raises(PermissionDenied):
        services.generate_ledger(users.outsider, plan)


def test_plan_without_period_uses_the_current_year(plan, users):
    from django.utils import timezone

    plan.period_start = plan.period_end = None
    plan.save()
    services.generate_ledger(users.office, plan)
    year = timezone.localdate().year
    dues = task_for(plan.test_items.quarterly).milestones.values_list("due_on", flat=True)
    assert {d.year for d in dues} == {year}


def test_warning_days_setting_moves_warn_dates(ledger, users, org):
    milestone = task_for(ledger.test_items.due).milestones.get()
    assert milestone.warn_on == dt.date(2024, 9, 27)  # 3 working days before 10-08, across 国庆
    milestone.state = Milestone.State.OPEN
    milestone.save()
    services.update_settings(users.office, org.county, warn_working_days=1)
    milestone.refresh_from_db()
    assert milestone.warn_on == dt.date(2024, 9, 30)


def test_targets_are_shown_readably(ledger):
    task = task_for(ledger.test_items.quarterly)
    assert task.target_rows == [{"indicator": "行政执法案件合格率", "requirement": "≥98%", "by": "2025-12-31",
                                 "text": "行政执法案件合格率达到98%以上"}]
    assert task.target_texts == ["行政执法案件合格率达到98%以上"]


def test_several_units_at_once_and_a_whole_range(ledger, users, org):
    task = task_for(ledger.test_items.yearly)  # 县发改局负责
    result = services.add_task_units(users.office, task, TaskUnit.Role.RESPONSIBLE, [org.gov, org.justice])
    assert sorted(tu.unit.name for tu in result.added) == ["测试县人民政府", "测试县司法局"]
    assert task.milestones.filter(unit=org.gov).exists() and task.milestones.filter(unit=org.justice).exists()
    # 全部县级部门 of 测试县: 司法局 and 发改局, both on the task already; 全部乡镇: 甲镇人民政府
    with pytest.raises(ValidationError, match="都已是该任务的单位"):
        services.add_task_units(users.office, task, TaskUnit.Role.RESPONSIBLE, group="各部门")
    towns = services.add_task_units(users.office, task, TaskUnit.Role.RESPONSIBLE, [org.reform], group="各乡镇")
    assert [tu.unit for tu in towns.added] == [org.town_gov] and towns.already == [org.reform]
    assert "1 个单位原已在任务中" in towns.summary()
    assert [name for name, _ in services.unit_groups(org.county)] == ["各乡镇", "各部门", "各执法部门"]
    with pytest.raises(ValidationError, match="不支持的单位范围"):
        services.add_task_units(users.office, task, TaskUnit.Role.RESPONSIBLE, group="各市")
    with pytest.raises(ValidationError, match="至少选择"):
        services.add_task_units(users.office, task, TaskUnit.Role.RESPONSIBLE)


def test_several_units_removed_at_once_or_not_at_all(ledger, users, org):
    task = task_for(ledger.test_items.quarterly)
    everyone = list(task.units.filter(removed_at__isnull=True))
    with pytest.raises(ValidationError, match="至少要保留"):
        services.remove_task_units(users.office, task, everyone, "全部移除")
    assert not task.units.filter(removed_at__isnull=False).exists()  # nothing removed
    two = [tu for tu in everyone if tu.unit in (org.town_gov, org.reform)]
    removed = services.remove_task_units(users.office, task, two, "调整分工")
    assert {tu.unit for tu in removed} == {org.town_gov, org.reform}
    assert set(task.units.filter(removed_at__isnull=False).values_list("unit", flat=True)) == {
        org.town_gov.pk, org.reform.pk}
