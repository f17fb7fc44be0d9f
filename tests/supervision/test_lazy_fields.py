"""Folded forms whose fields come when the user opens them (fazhi.core.lazyfields): the task page's
新增时间节点 and the ledger's 跟踪设置. The page carries the form, its CSRF token and a placeholder that
htmx replaces on the first `toggle`; the fields view answers the same scope and capability as the form's
POST."""

import re

import pytest
from django.urls import reverse

from fazhi.supervision.models import PlanTracking
from tests.supervision.conftest import task_for


@pytest.fixture
def task(ledger):
    return task_for(ledger.test_items.yearly)  # 发改局 responsible


def _placeholder_in_details(page: str, fields_url: str, form_action: str) -> bool:
    """The <details> that asks `fields_url` once on opening holds the form posting to `form_action`, and
    inside that form the placeholder the answer replaces."""
    pattern = (
        rf'<details[^>]*hx-get="{re.escape(fields_url)}"[^>]*hx-trigger="toggle once"[^>]*'
        rf'hx-target="find \.fz-lazy-fields"[^>]*hx-swap="outerHTML"[^>]*>.*?'
        rf'<form method="post" action="{re.escape(form_action)}"[^>]*>'
        r'<input type="hidden" name="csrfmiddlewaretoken"[^>]*>\s*<div class="fz-lazy-fields'
    )
    return re.search(pattern, page, re.S) is not None


def test_the_task_page_asks_for_the_milestone_fields_when_opened(task, org, users, login):
    client = login(users.office)
    page = client.get(reverse("supervision:task_detail", args=[task.pk])).content.decode()
    fields_url = reverse("supervision:milestone_fields", args=[task.pk])
    assert _placeholder_in_details(page, fields_url, reverse("supervision:milestone_add", args=[task.pk]))
    assert 'name="due_on"' not in page  # the fields are not on the page itself
    fields = client.get(fields_url, headers={"HX-Request": "true"}).content.decode()
    # The form's five fields, each in its column of the form's row, and no second CSRF token.
    names = re.findall(r'<(?:input|select|textarea)[^>]* name="([a-z_]+)"', fields)
    assert names == ["unit", "label", "due_on", "required_reports", "reason"]
    assert fields.count('<div class="col-md-6">') == 5 and "csrfmiddlewaretoken" not in fields
    # 报送单位 lists the task's units: the yearly item's task is 发改局's alone.
    options = re.findall(r'<option value="(\d+)"', fields)
    assert options == [str(org.reform.pk)]


def test_the_units_and_outsiders_get_no_milestone_fields(task, users, login):
    page = login(users.reporter).get(reverse("supervision:task_detail", args=[task.pk])).content.decode()
    assert reverse("supervision:milestone_fields", args=[task.pk]) not in page
    assert (
        login(users.reporter).get(reverse("supervision:milestone_fields", args=[task.pk])).status_code == 403
    )
    assert login(users.outsider).get(reverse("supervision:milestone_fields", args=[task.pk])).status_code in (
        403,
        404,
    )


def test_the_ledger_asks_for_the_tracking_fields_when_opened(ledger, users, login):
    plan = ledger
    PlanTracking.objects.create(plan=plan, tracks_from="2025-03-01", standing=True)
    client = login(users.office)
    page = client.get(reverse("supervision:plan_ledger", args=[plan.pk])).content.decode()
    fields_url = reverse("supervision:plan_tracking_fields", args=[plan.pk])
    assert _placeholder_in_details(page, fields_url, reverse("supervision:plan_tracking", args=[plan.pk]))
    fields = client.get(fields_url).content.decode()
    # What is set shows in the fields: the start date (in the form's display format) and 长期执行 selected.
    start = re.search(r'<input[^>]*name="tracks_from"[^>]*>', fields).group(0)
    assert re.search(r'value="2025.03.01"', start)
    assert re.search(r'<option value="standing" selected>', fields)
