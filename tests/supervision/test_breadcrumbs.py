"""Breadcrumbs on task and report pages follow where the user came from and never lead to a 403."""

from __future__ import annotations

import re

import pytest

from tests.supervision.matrix_cases import report, task

CRUMB = re.compile(r'<li class="breadcrumb-item"><a href="([^"]+)">([^<]+)</a>')


def crumbs(response) -> list[tuple[str, str]]:
    return [(label, url.replace("&amp;", "&")) for url, label in CRUMB.findall(response.content.decode())]


def _every_crumb_opens(client, trail) -> None:
    assert trail
    for label, url in trail:
        assert client.get(url).status_code == 200, (label, url)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["leader", "office", "reporter"])
def test_every_breadcrumb_of_a_task_opens_for_the_user(who, client, org, users):
    t = task(org, users)
    client.force_login(getattr(users, who))
    trail = crumbs(client.get(f"/supervision/tasks/{t.pk}/"))
    _every_crumb_opens(client, trail)


@pytest.mark.django_db
def test_a_leader_sees_the_ledger_not_the_inbox(client, org, users):
    t = task(org, users)
    client.force_login(users.leader)
    labels = [label for label, _ in crumbs(client.get(f"/supervision/tasks/{t.pk}/"))]
    assert labels == ["任务台账", "矩阵测试方案"]


@pytest.mark.django_db
def test_the_trail_follows_the_page_the_user_came_from(client, org, users):
    t = task(org, users)
    client.force_login(users.leader)
    came_from = "http://testserver/supervision/dashboard/milestones/?status=overdue"
    trail = crumbs(client.get(f"/supervision/tasks/{t.pk}/", HTTP_REFERER=came_from))
    assert trail == [("督查督办看板", "/supervision/dashboard/"),
                     ("节点明细", "/supervision/dashboard/milestones/?status=overdue")]

    client.force_login(users.office)
    trail = crumbs(client.get(f"/supervision/tasks/{t.pk}/", HTTP_REFERER="http://testserver/supervision/review/"))
    assert trail == [("报告审核", "/supervision/review/")]
    # a page the user may not open is never offered, even when the user claims to come from it
    trail = crumbs(client.get(f"/supervision/tasks/{t.pk}/", HTTP_REFERER="http://testserver/supervision/inbox/"))
    assert [label for label, _ in trail] == ["任务台账", "矩阵测试方案"]


@pytest.mark.django_db
def test_report_page_leads_back_through_the_task(client, org, users):
    r = report(org, users, state="submitted")
    client.force_login(users.leader)
    trail = crumbs(client.get(f"/supervision/reports/{r.pk}/"))
    assert [label for label, _ in trail][:2] == ["任务台账", "矩阵测试方案"]
    assert trail[-1][1] == f"/supervision/tasks/{r.milestone.task_id}/"
    _every_crumb_opens(client, trail)
    client.force_login(users.reporter)
    trail = crumbs(client.get(f"/supervision/reports/{r.pk}/"))
    assert trail[0] == ("本单位待办", "/supervision/inbox/")
    _every_crumb_opens(client, trail)


HREF = re.compile(r'href="(/[^"#]*)"')


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["leader", "reporter", "town_reporter"])
def test_no_link_on_any_page_leads_to_a_403(who, client, org, users):
    """A leader or a reporter walks every page it may open; no link there answers 403."""
    from tests.core.test_console_errors import every_page

    urls, _ = every_page(org, users)
    client.force_login(getattr(users, who))
    refused: dict[str, str] = {}
    checked: set[str] = set()
    for url in urls:
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for link in set(HREF.findall(response.content.decode())) - checked:
            link = link.replace("&amp;", "&")
            checked.add(link)
            if link.startswith(("/static/", "/logout")) or "export" in link or link.endswith((".xlsx", "/docx/")):
                continue
            if client.get(link).status_code == 403:
                refused[link] = url
    assert len(checked) > 20
    assert not refused, "\n".join(f"{link} (on {page})" for link, page in refused.items())
