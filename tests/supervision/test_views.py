import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhi.supervision import services
from fazhi.supervision.models import Evidence, Milestone, ProgressReport, SupervisionOrder, TaskUnit
from tests.supervision.conftest import task_for


@pytest.fixture
def open_milestone(ledger, org):
    m = task_for(ledger.test_items.yearly).milestones.get(key="recurring:0:2025")
    Milestone.objects.filter(pk=m.pk).update(due_on=dt.date(2099, 3, 1), warn_on=dt.date(2099, 2, 25),
                                             state=Milestone.State.OPEN)
    m.refresh_from_db()
    return m


def test_generate_button_and_ledger_page(plan, users, login):
    client = login(users.office)
    response = client.post(reverse("supervision:generate_ledger", args=[plan.pk]), follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "任务台账已生成" in page
    assert "各镇 → 1 个单位" in page
    assert "待指定：各县(区)、有关单位" in page
    assert "逾期" in page


def test_ledger_filters(ledger, users, login, org):
    client = login(users.office)
    url = reverse("supervision:plan_ledger", args=[ledger.pk])
    page = client.get(url, {"unit": org.town_gov.pk}).content.decode()
    assert "加强政府信息平台应用" in page and "深化法治宣传教育" not in page
    page = client.get(url, {"status": "follow_up"}).content.decode()
    assert "完成清理" in page and "加强政府信息平台应用" not in page
    partial = client.get(url, {"q": "宣传"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="ledger-table").content.decode()
    assert "深化法治宣传教育" in partial and "<html" not in partial


def test_ledger_exports_what_it_shows(ledger, users, login):
    import io

    from openpyxl import load_workbook

    response = login(users.office).get(reverse("supervision:plan_ledger", args=[ledger.pk]),
                                       {"export": "xlsx", "status": "follow_up"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["编号", "任务", "责任单位", "节点完成情况", "最近截止"]
    assert len(rows) == 2 and rows[1][1] == "2024年10月8日前完成清理"
    assert rows[1][2] == "责任单位：测试县司法局" and rows[1][3] == "完成 0/1，逾期 1"


def test_list_pages_have_no_n_plus_one(ledger, users, login, django_assert_max_num_queries, org):
    office = login(users.office)
    for _ in range(3):
        services.add_task_unit(users.office, task_for(ledger.test_items.plain), org.reform, TaskUnit.Role.LEAD)
        services.remove_task_unit(users.office, task_for(ledger.test_items.plain).units.get(unit=org.reform))
    pages = [
        reverse("supervision:ledger_list"),
        reverse("supervision:plan_ledger", args=[ledger.pk]),
        reverse("supervision:task_detail", args=[task_for(ledger.test_items.quarterly).pk]),
        reverse("supervision:review_queue"),
        reverse("supervision:order_list"),
    ]
    for url in pages:
        # constant: session, user, roles, scope lookups, one query per list, the breadcrumb's plan-scope check
        with django_assert_max_num_queries(21):
            assert office.get(url).status_code == 200
    reporter = login(users.reporter)
    with django_assert_max_num_queries(16):  # 31 milestones on the page
        assert reporter.get(reverse("supervision:inbox"), {"tab": "all"}).status_code == 200


def test_inbox_report_and_review_pages(open_milestone, users, login, client, files):
    reporter = login(users.reporter)
    page = reporter.get(reverse("supervision:inbox")).content.decode()
    assert "2099-03-01" in page and "逾期" in page
    response = reporter.post(reverse("supervision:report_new", args=[open_milestone.pk]), {
        "text": "已完成", "percent": 100, "completed": "on", "files": [files.pdf()],
        "links": "https://www.example.gov.cn/a", "action": "submit",
    })
    report = ProgressReport.objects.get()
    assert response.status_code == 302 and report.state == ProgressReport.State.SUBMITTED
    evidence = report.evidence.get(kind=Evidence.Kind.FILE)
    download = reporter.get(reverse("supervision:evidence_download", args=[evidence.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert "attachment" in download["Content-Disposition"]

    office = login(users.office)
    assert "已完成" in office.get(reverse("supervision:review_queue")).content.decode()
    response = office.post(reverse("supervision:report_return", args=[report.pk]), {"comment": ""}, follow=True)
    assert "请填写退回意见" in response.content.decode()
    office.post(reverse("supervision:report_return", args=[report.pk]), {"comment": "请补充"})
    report.refresh_from_db()
    assert report.state == ProgressReport.State.RETURNED

    reporter = login(users.reporter)
    page = reporter.get(reverse("supervision:report_edit", args=[report.pk])).content.decode()
    assert "请补充" in page
    reporter.post(reverse("supervision:report_edit", args=[report.pk]), {
        "text": "已补充", "percent": 100, "completed": "on", "action": "submit"})
    office = login(users.office)
    office.post(reverse("supervision:report_accept", args=[report.pk]), {"comment": ""})
    open_milestone.refresh_from_db()
    assert open_milestone.state == Milestone.State.CLOSED


def test_bad_upload_shows_the_reason(open_milestone, users, login, files):
    reporter = login(users.reporter)
    response = reporter.post(reverse("supervision:report_new", args=[open_milestone.pk]), {
        "text": "x", "percent": 10, "files": [files.exe()], "action": "save"})
    assert response.status_code == 200
    assert "类型（.exe）不支持" in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_another_units_reporter_gets_404(open_milestone, users, login, files):
    report = services.save_report(users.reporter, open_milestone, text="x", files=[files.pdf()])
    evidence = report.evidence.get()
    other = login(users.town_reporter)
    for url in [
        reverse("supervision:report_detail", args=[report.pk]),
        reverse("supervision:report_edit", args=[report.pk]),
        reverse("supervision:evidence_download", args=[evidence.pk]),
        reverse("supervision:report_new", args=[open_milestone.pk]),
        reverse("supervision:task_detail", args=[open_milestone.task_id]),
    ]:
        assert other.get(url).status_code == 404, url
    assert other.post(reverse("supervision:report_submit", args=[report.pk])).status_code == 404
    outsider = login(users.outsider)
    assert outsider.get(reverse("supervision:evidence_download", args=[evidence.pk])).status_code == 404
    assert outsider.get(reverse("supervision:plan_ledger", args=[open_milestone.task.plan_id])).status_code == 404


def test_reporter_cannot_use_office_pages(ledger, users, login):
    reporter = login(users.reporter)
    assert reporter.post(reverse("supervision:generate_ledger", args=[ledger.pk])).status_code == 403
    assert reporter.get(reverse("supervision:review_queue")).status_code == 403
    assert reporter.get(reverse("supervision:order_new")).status_code == 403


def test_task_unit_edit_pages(ledger, users, login, org):
    office = login(users.office)
    task = task_for(ledger.test_items.quarterly)
    town = task.units.get(unit=org.town_gov)
    office.post(reverse("supervision:task_unit_remove", args=[task.pk, town.pk]))
    office.post(reverse("supervision:task_unit_add", args=[task.pk]), {"units": [org.gov.pk], "role": "responsible"})
    page = office.get(reverse("supervision:task_detail", args=[task.pk])).content.decode()
    assert "测试县人民政府" in page and "人工添加" in page and "移除" in page


def test_trigger_form(ledger, users, login):
    office = login(users.office)
    task = task_for(ledger.test_items.relative)
    office.post(reverse("supervision:task_trigger", args=[task.pk]), {"deadline_index": 0, "on": "2024-05-06"})
    assert task.milestones.get().due_on == dt.date(2024, 5, 16)


def test_order_pages_and_docx(ledger, users, login, org):
    office = login(users.office)
    milestone = task_for(ledger.test_items.yearly).milestones.first()
    form = office.get(reverse("supervision:order_new"), {"recipient": org.reform.pk, "milestone": milestone.pk})
    assert "2024年度" in form.content.decode()
    response = office.post(reverse("supervision:order_new"), {
        "issue": "1", "recipient": org.reform.pk, "subject": "推进滞后", "body": "",
        "milestones": [milestone.pk], "reply_working_days": 5})
    order = SupervisionOrder.objects.get()
    assert response.status_code == 302
    docx = office.get(reverse("supervision:order_docx", args=[order.pk]))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    reporter = login(users.reporter)
    assert order.number in reporter.get(reverse("supervision:inbox")).content.decode()
    reporter.post(reverse("supervision:order_reply", args=[order.pk]), {"text": "已落实"})
    order.refresh_from_db()
    assert order.state == SupervisionOrder.State.REPLIED
    assert login(users.town_reporter).get(reverse("supervision:order_detail", args=[order.pk])).status_code == 404


def test_settings_page(users, login, org):
    office = login(users.office)
    response = office.post(reverse("supervision:settings"), {
        "warn_working_days": 5, "order_reply_working_days": 3, "order_prefix": "测督", "default_due": "period_end"})
    assert response.status_code == 302
    assert services.settings_for(org.county).warn_working_days == 5


def test_every_route_declares_its_capabilities_and_sends_anonymous_users_to_login(client):
    from fazhi.supervision import urls

    for pattern in urls.urlpatterns:
        view = pattern.callback
        assert getattr(view, "required_capabilities", None), pattern.name
        kwargs = {name: 1 for name in pattern.pattern.converters}
        response = client.get(reverse(f"supervision:{pattern.name}", kwargs=kwargs))
        assert response.status_code in (302, 405), pattern.name
        if response.status_code == 302:
            assert "/login/" in response["Location"]


def test_leader_reads_the_ledger_but_changes_nothing(ledger, users, login, open_milestone):
    leader = login(users.leader)
    assert leader.get(reverse("supervision:plan_ledger", args=[ledger.pk])).status_code == 200
    assert "重新生成台账" not in leader.get(reverse("supervision:plan_ledger", args=[ledger.pk])).content.decode()
    assert leader.post(reverse("supervision:generate_ledger", args=[ledger.pk])).status_code == 403
    assert leader.get(reverse("supervision:report_new", args=[open_milestone.pk])).status_code == 403
    assert leader.get(reverse("supervision:inbox")).status_code == 403


def test_settings_page_sets_letterhead_and_the_order_template(ledger, users, login, org):
    import io

    from docx import Document

    from fazhi.core.wordtemplates import effective_upload
    from fazhi.supervision.orderdoc import ORDER_NOTICE, TEMPLATE_PATH

    office = login(users.office)
    office.post(reverse("supervision:settings"), {
        "warn_working_days": 5, "order_reply_working_days": 5, "order_prefix": "", "default_due": "period_end",
        "letterhead": "测试县全面依法治县委员会办公室", "signer": "王五", "cc": "县政府办公室"})
    conf = services.settings_for(org.county)
    assert (conf.letterhead, conf.signer, conf.cc) == ("测试县全面依法治县委员会办公室", "王五", "县政府办公室")
    page = office.get(reverse("supervision:settings")).content.decode()
    assert "当前使用平台默认模板" in page and "{{ letterhead }}" in page
    default = office.get(reverse("supervision:order_template"))
    assert b"".join(default.streaming_content) == TEMPLATE_PATH.read_bytes()

    own = Document()
    own.add_paragraph("{{ letterhead }}督办函 {{ number }}")
    buffer = io.BytesIO()
    own.save(buffer)
    upload = SimpleUploadedFile("我的模板.docx", buffer.getvalue())
    office.post(reverse("supervision:order_template"), {"template": upload})
    assert "正在使用上传的模板" in office.get(reverse("supervision:settings")).content.decode()
    order = services.issue_order(users.office, recipient=org.reform, subject="推进滞后",
                                 tasks=[task_for(ledger.test_items.yearly)], issued_on=dt.date(2024, 9, 2))
    docx = office.get(reverse("supervision:order_docx", args=[order.pk])).content
    assert [p.text for p in Document(io.BytesIO(docx)).paragraphs] == [f"测试县全面依法治县委员会办公室督办函 {order.number}"]
    office.post(reverse("supervision:order_template"), {})
    assert effective_upload(ORDER_NOTICE.code, org.county) is None


def test_units_added_several_at_once_and_removed_by_ticking(ledger, users, login, org):
    office = login(users.office)
    task = task_for(ledger.test_items.yearly)
    page = office.get(reverse("supervision:task_detail", args=[task.pk])).content.decode()
    assert 'name="units"' in page and "multiple" in page and "全部乡镇（街道）" in page
    office.post(reverse("supervision:task_unit_add", args=[task.pk]),
                {"units": [org.gov.pk, org.justice.pk], "group": "各乡镇", "role": "responsible"})
    assert set(task.units.filter(removed_at__isnull=True).values_list("unit", flat=True)) == {
        org.reform.pk, org.gov.pk, org.justice.pk, org.town_gov.pk}
    ticked = task.units.filter(unit__in=[org.gov, org.justice]).values_list("pk", flat=True)
    office.post(reverse("supervision:task_units_remove", args=[task.pk]), {"task_units": list(ticked)})
    assert set(task.units.filter(removed_at__isnull=True).values_list("unit", flat=True)) == {
        org.reform.pk, org.town_gov.pk}
