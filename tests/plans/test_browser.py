"""In the browser: upload a plan file → preview → map an unresolved name → confirm → the plan page."""

import os
from pathlib import Path

import pytest

from tests.browser import browser_page, login

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

PLAN_TEXT = """测试县2024年法治政府建设工作要点

为深入推进法治政府建设，现制定如下工作要点。

一、加强制度建设
1.完善规范性文件备案审查制度，2024年6月底前完成现行规范性文件清理。（县司法局牵头，县发改局配合，各镇按职责分工负责）
2.提升行政执法质量，行政执法案件合格率达到98%以上。（县综合执法局负责）
二、强化监督
（一）健全行政复议体制，每季度至少开展1次案件评查。（县司法局牵头）
"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_upload_preview_map_confirm(live_server, users, org, tmp_path):
    ARTIFACTS.mkdir(exist_ok=True)
    source = tmp_path / "测试县工作要点.txt"
    source.write_text(PLAN_TEXT, encoding="utf-8")
    with browser_page() as page:
        page.on("dialog", lambda dialog: dialog.accept())
        login(page, live_server, users.office.username)
        page.goto(f"{live_server.url}/plans/imports/new/")
        page.set_input_files("#id_file", str(source))
        page.click("button:has-text('上传并识别')")
        page.wait_for_selector("#names-panel")

        # The preview: the unresolved name is listed, the badges carry their role colours.
        panel = page.locator("#names-panel")
        assert "县综合执法局" in panel.inner_text()
        lead = page.locator(".plan-tree .unit-badge.role-lead.state-resolved").first
        assert lead.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(198, 40, 40)"
        assert page.locator(".plan-tree .unit-badge.role-cooperating").first.evaluate(
            "e => getComputedStyle(e).backgroundColor") == "rgb(239, 108, 0)"
        assert page.locator(".plan-tree .fact-deadline").first.inner_text().strip().endswith("2024-06-30")
        assert "行政执法案件合格率" in page.locator(".plan-tree .fact-target").first.inner_text()
        assert page.locator("button:has-text('确认导入')").is_disabled()
        page.screenshot(path=str(ARTIFACTS / "plans-preview.png"), full_page=True)

        # Map the name to 测试县司法局 (htmx swaps the workspace), then confirm.
        page.select_option("#names-panel select[name=choice]", f"unit:{org.justice.pk}")
        page.click("#names-panel button:has-text('保存')")
        page.wait_for_selector("text=所有单位名称均已解析或已处理")
        page.screenshot(path=str(ARTIFACTS / "plans-preview-mapped.png"), full_page=True)
        page.click("button:has-text('确认导入')")
        page.wait_for_selector("text=待办：未对应单位的名称（0）")

        tree = page.locator(".plan-tree").inner_text()
        assert "完善规范性文件备案审查制度" in tree and "健全行政复议体制" in tree
        assert page.locator(".plan-tree .unit-badge.role-responsible.state-resolved").count() >= 1
        page.screenshot(path=str(ARTIFACTS / "plans-detail.png"), full_page=True)
