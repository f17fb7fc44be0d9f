"""The supervision loop in a real browser: import plan → ledger → report → return → resubmit → accept → overdue after a scan."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

from fazhi.supervision.models import Milestone, ProgressReport
from tests.browser import browser_page, login
from tests.supervision.conftest import PDF

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop

ARTIFACTS = Path("test-artifacts")


def _switch(page, live_server, username: str) -> None:
    page.context.clear_cookies()
    login(page, live_server, username)


PLAN_TEXT = """测试县2024—2025年法治政府建设实施方案

一、加强制度建设
1.每年3月1日前向县政府报告上一年度法治政府建设情况。（县发改局负责）
2.每季度至少开展1次行政执法案卷评查。（县司法局牵头，县发改局配合，各镇按职责分工负责）
"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)  # the fixtures restore rows of data migrations after flushes
def test_import_ledger_report_review_and_scan(live_server, org, users, tmp_path):
    ARTIFACTS.mkdir(exist_ok=True)
    source = tmp_path / "测试县实施方案.txt"
    source.write_text(PLAN_TEXT, encoding="utf-8")
    evidence = tmp_path / "年度工作总结.pdf"
    evidence.write_bytes(PDF)
    with browser_page() as page:
        # the office imports the plan, confirms it and generates the ledger from the plan page
        page.on("dialog", lambda dialog: dialog.accept())
        login(page, live_server, users.office.username)
        page.goto(f"{live_server.url}/plans/imports/new/")
        page.set_input_files("#id_file", str(source))
        page.click("button:has-text('上传并识别')")
        page.wait_for_selector("#names-panel")
        page.click("button:has-text('确认导入')")
        page.wait_for_selector("text=待办：未对应单位的名称（0）")
        page.get_by_role("button", name="生成任务台账").click()
        page.wait_for_load_state("networkidle")
        assert page.get_by_text("任务台账已生成").is_visible()
        assert page.get_by_text("各镇 → 1 个单位").first.is_visible()
        page.screenshot(path=ARTIFACTS / "supervision-ledger.png", full_page=True)

        # 发改局 reports on its 2025 yearly milestone (overdue: the plan period is over)
        milestone = Milestone.objects.get(task__item__text__startswith="每年3月1日前", unit=org.reform,
                                          due_on__year=2025)
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

        # the scan (the management command cron would run) marks the unit's open milestones 逾期
        call_command("scan_deadlines")
        earlier = Milestone.objects.get(task__item__text__startswith="每年3月1日前", unit=org.reform,
                                        due_on__year=2024)
        assert earlier.state == Milestone.State.OVERDUE
        _switch(page, live_server, users.reporter.username)
        page.goto(f"{live_server.url}/supervision/inbox/")
        row = page.locator("tr", has_text="2024年度")
        assert row.locator(".badge", has_text="逾期").first.is_visible()
        page.screenshot(path=ARTIFACTS / "supervision-inbox-overdue.png", full_page=True)
