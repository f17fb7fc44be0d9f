"""In the browser: a decision from the annual catalogue to publication, with an anonymous visitor's comment on the
portal and the collective-discussion gate refusing a draft without a passed legality review (条例第二十五条)."""

import datetime
import os
from pathlib import Path

import pytest
from django.utils import timezone

from fazhi.decisions.models import Decision
from tests.browser import browser_page, login

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def step(page, code: str, **fields: str) -> None:
    """Unfold a step's form, fill its fields and submit it; wait for the page it lands on."""
    form = f"form[action$='/transition/{code}/']"
    page.locator(f"details:has({form})").evaluate("d => { d.open = true; }")
    for name, value in fields.items():
        target = page.locator(f"#f-{code}-{name}")
        if target.evaluate("e => e.tagName") == "SELECT":
            target.select_option(value)
        else:
            target.fill(value)
    page.click(f"{form} button")
    page.wait_for_load_state("networkidle")


def alert(page, kind: str) -> str:
    try:
        page.wait_for_selector(f".alert-{kind}", timeout=8000)
    except Exception:
        page.screenshot(path=str(ARTIFACTS / "decision-debug.png"), full_page=True)
        raise
    return page.locator(f".alert-{kind}").first.inner_text()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_catalogue_to_publication_with_a_comment_and_the_review_gate(live_server, org, users):
    ARTIFACTS.mkdir(exist_ok=True)
    today = timezone.localdate()
    with browser_page() as page:
        login(page, live_server, users.office.username)
        # The annual catalogue: created, an entry that requires 公众参与, 党委同意, published.
        page.goto(f"{live_server.url}/decisions/catalogues/")
        page.select_option("#id_body", label="测试县人民政府")
        page.click("form button:text('新建')")
        page.click("a:text('测试县人民政府')")
        page.fill("#id_title", "测试县城区停车收费调整")
        page.select_option("#id_lead_unit", label="\u3000\u3000\u3000测试县发展和改革局")
        page.select_option("#id_category", "policy")  # 民生类 would add 风险评估 (001 (十四))
        page.check("input[name=procedures][value=participation]")
        page.click("form button:text('增加')")
        assert "已增加决策事项" in alert(page, "success")
        step(page, "agree", party_body="县委常委会会议")
        step(page, "publish")
        assert "已办理：向社会公布" in alert(page, "success")
        page.click("form[action$='/start/'] button")
        assert "已启动决策程序" in alert(page, "success")
        decision = Decision.objects.get(title="测试县城区停车收费调整")

        # The gate: no collective discussion without a passed legality review.
        step(page, "decide", meeting_kind="standing", dissent="无", head_departs="no", reason="通过")
        assert "未经合法性审查，不得提交决策机关讨论（条例第二十五条）" in alert(page, "danger")
        page.screenshot(path=str(ARTIFACTS / "decision-gate.png"), full_page=True)

        # The draft and its explanation, then 公众参与: a period shortened for urgency (the notice says why), open today.
        page.locator("details:has(#id_draft)").evaluate("d => { d.open = true; }")
        page.fill("#id_draft", "一、调整城区路内停车收费标准\n二、说明：缓解停车难")
        page.click("button:text('保存草案')")
        assert "决策草案已保存" in alert(page, "success")
        step(page, "open_comment", comment_end=today.isoformat(), shortened="汛期前须完成调整，情况紧急")
        assert "已办理：公开征求意见" in alert(page, "success")

        visitor = page.context.browser.new_page(locale="zh-CN")  # a new context: no session, no login
        visitor.goto(f"{live_server.url}/portal/decision/{decision.public_ref}/")
        visitor.fill("#id_text", "建议夜间停车免费")
        visitor.click("#comment-form button")
        assert "您的意见已提交" in alert(visitor, "success")
        visitor.screenshot(path=str(ARTIFACTS / "decision-comment.png"), full_page=True)

        page.reload()
        page.click("form[action*='/comments/'] button")
        assert "已记录采纳情况" in alert(page, "success")
        step(page, "close_comment", adoption="收到意见1条，采纳夜间免费的建议。")
        step(page, "submit_review", discussion_planned_on=(today + datetime.timedelta(days=21)).isoformat())
        step(page, "pass_review", reason="经审查，符合法定权限和程序。")
        step(page, "decide", meeting_kind="standing", dissent="无", head_departs="no", reason="会议讨论通过")
        assert "已办理：集体讨论决定" in alert(page, "success")
        step(page, "report_party")
        step(page, "publish", doc_number="测政发〔2026〕20号")
        assert page.locator("#decision-state").inner_text() == "已公布"

        visitor.goto(f"{live_server.url}/portal/decisions/")
        visitor.click("a:text('测试县城区停车收费调整')")
        assert "采纳夜间免费的建议" in visitor.locator("#adoption").inner_text()
        visitor.screenshot(path=str(ARTIFACTS / "decision-published.png"), full_page=True)
    assert Decision.objects.get(pk=decision.pk).state == "published"
