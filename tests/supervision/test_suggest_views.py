"""Lead-unit suggestion pages: what they offer, accepting or changing, scope."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from fazhi.core.models import OperationLog
from fazhi.plans.models import Plan
from fazhi.supervision import services, suggest_services
from fazhi.supervision.models import Milestone, Task, TaskUnit
from tests.supervision.conftest import add_item

REVIEW = "健全行政复议体制机制，提高行政复议公信力，加强行政机关负责人出庭应诉工作。"
CREDIT = "深化社会信用体系建设，健全守信激励和失信惩戒机制。"
QUERIES = 40


@pytest.fixture
def unnamed(org, users):
    """A 测试县 plan that names no units (like seeds 000–002), with its ledger generated."""
    plan = Plan.objects.create(
        jurisdiction=org.county,
        title="未分工方案",
        period_start=2099,
        period_end=2099,
        created_by=users.office,
    )
    add_item(plan, 1, ["1"], REVIEW, title="加强行政复议工作")
    add_item(
        plan,
        2,
        ["2"],
        CREDIT,
        title="推进信用建设",
        deadlines=[{"text": "每年", "kind": "recurring", "freq": "yearly", "times": None, "by": None}],
    )
    services.generate_ledger(None, plan)
    return plan


def task_of(plan, order) -> Task:
    return Task.objects.get(plan=plan, order=order)


def test_units_by_type_maps_department_types_to_the_jurisdiction_units(org):
    found = suggest_services.units_by_type(org.county)
    assert found["justice"] == [org.justice]
    assert found["development_reform"] == [org.reform]
    assert found["government"] == [org.gov]
    assert "town_each" not in found  # the town is a region, not a body of the county


def test_suggestions_name_real_units_with_confidence_and_reason(unnamed, users, org):
    review = suggest_services.suggest_for_task(task_of(unnamed, 1), users.office)
    assert review[0].unit == org.justice
    assert "行政复议" in review[0].reason
    assert 0 < review[0].confidence <= 1
    credit = suggest_services.suggest_for_task(task_of(unnamed, 2), users.office)
    assert credit[0].unit == org.reform
    assert {s.unit.pk for s in credit} <= {org.justice.pk, org.reform.pk, org.gov.pk}


def test_items_with_named_leads_are_learned_and_quoted_only_in_scope(unnamed, users, org, make_user):
    named = Plan.objects.create(jurisdiction=org.county, title="已分工方案", created_by=users.office)
    add_item(
        named,
        1,
        ["1"],
        "完善守信激励和失信惩戒机制，推进诚信建设。(县发改局牵头)",
        title="诚信建设",
        units=[("lead", "县发改局", org.reform)],
    )
    best = suggest_services.suggest_for_task(task_of(unnamed, 2), users.office)[0]
    assert best.unit == org.reform
    assert "1 条相似条目由发展和改革局牵头（如“诚信建设”）" in best.reason
    # Someone who cannot see the plan learned from gets the count, never its text.
    town_office = make_user("t_town_office", org.town_gov, ["office"], "unit")
    hidden = suggest_services.TaskSuggestions(unnamed, town_office).for_task(task_of(unnamed, 2))[0]
    assert "1 条相似条目由发展和改革局牵头" in hidden.reason and "诚信建设" not in hidden.reason


def test_task_page_loads_the_suggestion_card(unnamed, users, login, org):
    client = login(users.office)
    task = task_of(unnamed, 1)
    page = client.get(reverse("supervision:task_detail", args=[task.pk])).content.decode()
    assert reverse("supervision:task_suggestions", args=[task.pk]) in page
    card = client.get(reverse("supervision:task_suggestions", args=[task.pk]), HTTP_HX_REQUEST="true")
    text = card.content.decode()
    assert "牵头单位建议" in text and "测试县司法局" in text and "采纳" in text and "<html" not in text
    assert "职责关键词：行政复议" in text


def test_accepting_the_office_promotes_it_to_lead(unnamed, users, login, org):
    task = task_of(unnamed, 1)
    # Nobody was named, so the office (the county's 司法局 here) carries the task as 责任单位.
    assert task.units.get(unit=org.justice).role == TaskUnit.Role.RESPONSIBLE
    client = login(users.office)
    response = client.post(
        reverse("supervision:task_suggestion_accept", args=[task.pk]), {"unit": org.justice.pk}, follow=True
    )
    assert "已将“测试县司法局”设为" in response.content.decode()
    tu = task.units.get(unit=org.justice)
    assert (tu.role, tu.source) == (TaskUnit.Role.LEAD, TaskUnit.Source.MANUAL)
    assert OperationLog.objects.filter(action="supervision.task_unit_lead").count() == 1
    # Once it has a lead the task asks for none: the card is empty, the plan list drops it.
    card = client.get(reverse("supervision:task_suggestions", args=[task.pk]), HTTP_HX_REQUEST="true")
    assert "采纳" not in card.content.decode()
    assert task not in suggest_services.tasks_without_lead(unnamed, users.office)


def test_changing_to_another_unit_adds_it_as_lead_with_milestones(unnamed, users, login, org):
    task = task_of(unnamed, 2)
    client = login(users.office)
    client.post(reverse("supervision:task_suggestion_accept", args=[task.pk]), {"unit": org.gov.pk})
    tu = task.units.get(unit=org.gov)
    assert tu.role == TaskUnit.Role.LEAD
    task.refresh_from_db()
    assert task.owner_unit == org.gov
    assert Milestone.objects.filter(task=task, unit=org.gov).exists()
    # Accepting the same unit twice is refused with a message and changes nothing.
    response = client.post(
        reverse("supervision:task_suggestion_accept", args=[task.pk]), {"unit": org.gov.pk}, follow=True
    )
    assert "已是该任务的牵头单位" in response.content.decode()
    assert task.units.filter(role=TaskUnit.Role.LEAD).count() == 1


def test_a_unit_outside_the_jurisdiction_is_refused(unnamed, users, login, org):
    task = task_of(unnamed, 1)
    client = login(users.office)
    response = client.post(
        reverse("supervision:task_suggestion_accept", args=[task.pk]),
        {"unit": org.other_justice.pk},
        follow=True,
    )
    assert "请选择本行政区的单位作为牵头单位" in response.content.decode()
    assert not task.units.filter(role=TaskUnit.Role.LEAD).exists()


def test_out_of_scope_users_get_404_and_change_nothing(unnamed, users, login, org):
    task = task_of(unnamed, 1)
    client = login(users.outsider)
    assert client.get(reverse("supervision:task_suggestions", args=[task.pk])).status_code == 404
    assert client.get(reverse("supervision:plan_suggestions", args=[unnamed.pk])).status_code == 404
    response = client.post(
        reverse("supervision:task_suggestion_accept", args=[task.pk]), {"unit": org.justice.pk}
    )
    assert response.status_code == 404
    assert not task.units.filter(role=TaskUnit.Role.LEAD).exists()


def test_reporters_cannot_open_or_accept(unnamed, users, login, org):
    task = task_of(unnamed, 1)
    client = login(users.reporter)
    assert client.get(reverse("supervision:plan_suggestions", args=[unnamed.pk])).status_code == 403
    assert (
        client.post(
            reverse("supervision:task_suggestion_accept", args=[task.pk]), {"unit": org.reform.pk}
        ).status_code
        == 403
    )


def test_plan_page_lists_tasks_without_lead_and_exports(unnamed, users, login, org):
    services.make_task_lead(users.office, task_of(unnamed, 2), org.reform)
    client = login(users.office)
    url = reverse("supervision:plan_suggestions", args=[unnamed.pk])
    page = client.get(url).content.decode()
    assert "加强行政复议工作" in page and "推进信用建设" not in page
    assert "测试县司法局" in page and "改为其他单位" in page
    assert f'name="next" value="{url}"' in page
    # The jurisdiction's units are sent once, in one <template> every row's select is filled from.
    assert page.count(f'<option value="{org.reform.pk}">') == 1
    assert page.count('data-options-from="lead-unit-options"') == 1 and '<template id="lead-unit-options">' in page
    export = client.get(url, {"export": "xlsx"})
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    ledger = client.get(reverse("supervision:plan_ledger", args=[unnamed.pk])).content.decode()
    assert url in ledger


def test_accept_returns_to_the_page_it_came_from_but_never_off_site(unnamed, users, login, org):
    task = task_of(unnamed, 1)
    client = login(users.office)
    back = reverse("supervision:plan_suggestions", args=[unnamed.pk])
    response = client.post(
        reverse("supervision:task_suggestion_accept", args=[task.pk]), {"unit": org.justice.pk, "next": back}
    )
    assert response["Location"] == back
    task2 = task_of(unnamed, 2)
    response = client.post(
        reverse("supervision:task_suggestion_accept", args=[task2.pk]),
        {"unit": org.reform.pk, "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("supervision:task_detail", args=[task2.pk])


def test_plan_page_queries_do_not_grow_with_the_rows(
    unnamed, users, login, org, django_assert_max_num_queries
):
    client = login(users.office)
    url = reverse("supervision:plan_suggestions", args=[unnamed.pk])
    client.get(url)  # the model is learned and cached on the first request
    cache.clear()  # … and the 待办 counts are counted afresh on each measured page (kept until a write)
    with django_assert_max_num_queries(QUERIES) as small:
        client.get(url)
    for order in range(3, 23):
        add_item(unnamed, order, [str(order)], f"第{order}项：规范行政执法案卷评查。", title=f"事项{order}")
    services.generate_ledger(None, unnamed)
    cache.clear()
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(url).content.decode()
    assert (
        page.count('class="text-nowrap small align-top"') == 20
    )  # a full page of rows, each with suggestions
    assert page.count("采纳</button>") >= 20
