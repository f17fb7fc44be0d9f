"""The screenshots of docs/操作手册.md, made by the browser: each page of the manual opened as the role
that uses it, with its 使用说明 panel unfolded, and checked to show what the manual says it shows.

Screenshots go to test-artifacts/manual/; `FAZHI_MANUAL_DIR=docs/screenshots/manual` writes them where
the manual reads them (regenerate after a page changes).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.urls import reverse

from fazhi.supervision import services
from fazhi.supervision.models import Milestone
from tests.browser import signed_in_page
from tests.supervision import matrix_cases as mc

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / os.environ.get("FAZHI_MANUAL_DIR", "test-artifacts/manual")

# (file name, role, URL name or a function of the built records, text the page must show)
SHOTS = [
    ("01-home-office.png", "office", lambda r: reverse("core:home"), "我的待办"),
    ("02-review-queue.png", "office", lambda r: reverse("supervision:review_queue"), "采纳勾选的报告"),
    ("03-orders.png", "office", lambda r: reverse("supervision:order_list"), "督办单"),
    ("04-remind.png", "office", lambda r: reverse("supervision:remind"), "提醒勾选的单位"),
    ("05-milestone.png", "office", lambda r: reverse("supervision:milestone_detail", args=[r["milestone"]]),
     "修改节点"),
    ("06-ledger-print.png", "office", lambda r: reverse("supervision:ledger_print", args=[r["plan"]]),
     "任务分工台账"),
    ("07-bulletin.png", "leader", lambda r: reverse("supervision:bulletin"), "任务落实情况通报"),
    ("08-home-reporter.png", "reporter", lambda r: reverse("core:home"), "本单位临期节点"),
    ("09-inbox.png", "reporter", lambda r: reverse("supervision:inbox"), "等待审核"),
    ("10-notifications.png", "reporter", lambda r: reverse("core:notifications"), "全部标为已读"),
]


def _records(org, users) -> dict:
    plan = mc.plan(org, users)
    submitted = mc.report(org, users, "submitted")
    mc.order(org, users)
    # 甲镇's milestone of the same task 临期, so the reporter pages show a warning too.
    town = Milestone.objects.filter(task=submitted.milestone.task, unit=org.town_gov).first()
    Milestone.objects.filter(pk=town.pk).update(state=Milestone.State.DUE_SOON)
    Milestone.objects.filter(unit=org.reform, state=Milestone.State.OPEN).exclude(
        pk=submitted.milestone_id).update(state=Milestone.State.DUE_SOON)
    services.remind_unit(users.office, org.reform, "请于本周内报送年度报告")
    return {"plan": plan.pk, "milestone": submitted.milestone_id}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_manual_screenshots(chromium, live_server, org, users):
    records = _records(org, users)
    OUT.mkdir(parents=True, exist_ok=True)
    for role in dict.fromkeys(shot[1] for shot in SHOTS):  # each role's shots in one signed-in page
        with signed_in_page(chromium, live_server, getattr(users, role), width=1280, height=860) as (page, _):
            for name, _role, url_of, expected in (shot for shot in SHOTS if shot[1] == role):
                page.goto(live_server.url + url_of(records))
                # (the help panel, still folded, may hold the same words: any visible match counts)
                assert any(e.is_visible() for e in page.get_by_text(expected).all()), (name, expected)
                help_panel = page.locator("details.fz-help")
                assert help_panel.count() == 1, f"{name}: no 使用说明"
                help_panel.locator("summary").click()
                assert "使用者" in help_panel.inner_text()
                page.screenshot(path=str(OUT / name), full_page=True)
    assert sorted(p.name for p in OUT.glob("*.png")) >= sorted(s[0] for s in SHOTS)
