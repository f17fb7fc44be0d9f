"""In the browser: an applicant files a 行政复议 application without an account, the office accepts it,
sends the copy, decides and publishes; the applicant follows it on the portal's lookup page to the decision,
and the published decision shows the applicant's name masked."""

import os
from pathlib import Path

import pytest

from fazhi.reconsideration.models import ReconsiderationCase
from tests.browser import browser_page, login

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def open_form(page, code: str) -> None:
    page.locator(f"details:has(form[data-step='{code}'])").evaluate("d => { d.open = true; }")


def run_step(page, code: str, **fields) -> None:
    open_form(page, code)
    form = f"form[data-step='{code}']"
    for name, value in fields.items():
        field = page.locator(f"{form} [name={name}]")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    page.click(f"{form} button")
    page.wait_for_selector(".alert-success")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_anonymous_application_followed_to_the_decision(live_server, org, users):
    ARTIFACTS.mkdir(exist_ok=True)
    with browser_page() as page:
        page.goto(f"{live_server.url}/reconsideration/apply/")
        page.select_option("#id_organ", str(org.gov.pk))
        page.fill("#id_applicant_name", "欧阳明")
        page.fill("#id_respondent", "测试县市场监督管理局")
        page.fill("#id_act", "罚款二千元的行政处罚决定")
        page.fill("#id_knew_act_on", "2026-11-20")
        page.fill("#id_request", "撤销该行政处罚决定")
        page.click("#submit-application")
        page.wait_for_selector("#case-code")
        number, code = page.inner_text("#case-number"), page.inner_text("#case-code")
        page.screenshot(path=str(ARTIFACTS / "reconsideration-applied.png"), full_page=True)
        case = ReconsiderationCase.objects.get(case_number=number)
        assert (case.channel, case.state, case.applicant_name) == ("online", "reviewing", "欧阳明")

        login(page, live_server, users.office.username)
        page.goto(f"{live_server.url}/reconsideration/cases/{case.pk}/")
        assert "自" in page.inner_text("[data-clock=review] .clock-story")
        run_step(page, "accept", procedure="ordinary")
        run_step(page, "send_copy")
        run_step(page, "decide", outcome="revoked", decision_text="申请人欧阳明的复议请求成立，撤销原处罚决定。")
        assert page.inner_text("#case-outcome") == "撤销"
        page.click("form[action$='/publish/'] button")
        page.wait_for_selector(".alert-success")
        page.screenshot(path=str(ARTIFACTS / "reconsideration-case.png"), full_page=True)

        page.context.clear_cookies()
        page.goto(f"{live_server.url}/portal/lookup/")
        page.fill("#lookup-number", number)
        page.fill("#lookup-code", code)
        page.click("form button[type=submit]")
        page.wait_for_selector(".card dl")
        status = page.inner_text(".card dl")
        assert "审结" in status and "撤销" in status and "欧阳明" not in status
        page.goto(f"{live_server.url}/portal/reconsideration/{number}/")
        decision = page.inner_text("main")
        assert "欧阳某" in decision and "欧阳明" not in decision and "撤销原处罚决定" in decision
