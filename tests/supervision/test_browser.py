"""The supervision loop in a real browser: ledger → report → return → resubmit → accept → overdue after a scan."""

import datetime as dt
import os
from pathlib import Path

import pytest
from django.utils import timezone

from fazhi.supervision import services
from fazhi.supervision.models import Milestone, ProgressReport
from tests.browser import browser_page, login
from tests.supervision.conftest import PDF

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop

ARTIFACTS = Path("test-artifacts")


def _switch(page, live_server, username: str) -> None:
    page.context.clear_cookies()
    login(page, live_server, username)


@pytest.mark.browser
def test_ledger_report_review_and_scan(live_server, plan, users, tmp_path):
    ARTIFACTS.mkdir(exist_ok=True)
    evidence = tmp_path / "年度工作总结.pdf"
    evidence.write_bytes(PDF)
    with browser_page() as page:
        login(page, live_server, users.office.username)
        page.goto(f"{live_server.url}/supervision/")
        page.get_by_role("button", name="生成台账").click()
        page.wait_for_load_state("networkidle")
        assert page.get_by_text("任务台账已生成").is_visible()
        assert page.get_by_text("各镇 → 1 个单位").first.is_visible()
        page.screenshot(path=ARTIFACTS / "supervision-ledger.png", full_page=True)

        # 发改局 reports on its 2025 yearly milestone (overdue: the plan period is over)
        milestone = Milestone.objects.get(task__item=plan.test_items.yearly, key="recurring:0:2025")
        _switch(page, live_server, users.reporter.username)
        page.goto(f"{live_server.url}/supervision/inbox/")
        page.screenshot(path=ARTIFACTS / "supervision-inbox.png", full_page=True)
        page.goto(f"{live_server.url}/supervision/milestones/{milestone.pk}/report/")
        page.fill("#id_text", "已按要求向县政府报告年度法治政府建设情况。")
        page.fill("#id_percent", "100")
        page.check("#id_completed")
        page.set_input_files("#id_files", str(evidence))
        page.get_by_role("button", name="报送审核").click()
        page.wait_for_load_state("networkidle")
        assert page.get_by_text("进展报告已报送，等待审核").is_visible()

        # the office returns it with a comment
        _switch(page, live_server, users.office.username)
        page.goto(f"{live_server.url}/supervision/review/")
        page.screenshot(path=ARTIFACTS / "supervision-review-queue.png", full_page=True)
        page.get_by_role("link", name="审核", exact=True).first.click()
        page.fill("#id_comment", "请补充报告的印发文号。")
        page.get_by_role("button", name="退回修改").click()
        page.wait_for_load_state("networkidle")
        assert page.get_by_text("已退回该进展报告").is_visible()

        # the unit resubmits
        _switch(page, live_server, users.reporter.username)
        page.goto(f"{live_server.url}/supervision/inbox/?tab=all")
        page.get_by_role("link", name="修改后重报").first.click()
        assert page.get_by_text("请补充报告的印发文号。").is_visible()
        page.screenshot(path=ARTIFACTS / "supervision-report-form.png", full_page=True)
        page.fill("#id_text", "已按要求报告（县发改发〔2025〕3号）。")
        page.get_by_role("button", name="重新报送").click()
        page.wait_for_load_state("networkidle")

        # the office accepts: the milestone closes (late, the plan period is over)
        _switch(page, live_server, users.office.username)
        report = ProgressReport.objects.get()
        page.goto(f"{live_server.url}/supervision/reports/{report.pk}/")
        page.get_by_role("button", name="采纳并办结节点").click()
        page.wait_for_load_state("networkidle")
        milestone.refresh_from_db()
        assert (milestone.state, milestone.outcome) == ("closed", "late")
        page.goto(f"{live_server.url}/supervision/reports/{report.pk}/")
        page.screenshot(path=ARTIFACTS / "supervision-report-accepted.png", full_page=True)

        # a milestone due yesterday turns 逾期 in the scan and shows in the unit's inbox
        other = Milestone.objects.filter(unit=users.reporter.unit, key="recurring:1:2024-12").get()
        Milestone.objects.filter(pk=other.pk).update(
            state=Milestone.State.OPEN, due_on=timezone.localdate() - dt.timedelta(days=1),
            warn_on=timezone.localdate() - dt.timedelta(days=5))
        Milestone.objects.filter(unit=users.reporter.unit).exclude(pk=other.pk).update(state=Milestone.State.CLOSED)
        assert services.scan_deadlines().overdue == 1
        _switch(page, live_server, users.reporter.username)
        page.goto(f"{live_server.url}/supervision/inbox/")
        row = page.locator("tr", has_text="2024年12月")
        assert row.locator(".badge", has_text="逾期").is_visible()
        page.screenshot(path=ARTIFACTS / "supervision-inbox-overdue.png", full_page=True)
