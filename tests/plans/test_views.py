"""The import pages: preview, corrections by htmx and by plain posts, mapping, confirm, plan pages, scope."""

import pytest
from django.urls import reverse

from fazhi.plans import services
from fazhi.plans.models import Plan, UnitNameMapping

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(name, *args):
    return reverse(f"plans:{name}", args=args)


@pytest.fixture
def office(login, users):
    return login(users.office)


def test_preview_shows_fields_tree_badges_and_unresolved_names(office, staged):
    page = office.get(url("import_preview", staged.pk)).content.decode()
    assert "测试县法治政府建设工作要点" in page and "测政办发〔2024〕1号" in page
    assert 'class="badge unit-badge role-lead state-resolved"' in page  # 县司法局 牵头
    assert "role-cooperating state-resolved" in page and "role-responsible state-collective" in page
    assert "role-responsible state-unresolved" in page  # 县综合执法局
    assert "2024年6月底前 → 2024-06-30" in page and "每季度 1 次" in page
    assert "行政执法案件合格率 ≥ 98 %" in page
    assert '<span class="hl-deadline">2024年6月底前</span>' in page
    assert "待映射 1" in page and "县综合执法局" in page
    assert "disabled" in page.split("确认导入")[0].rsplit("<button", 1)[1]


def test_htmx_edit_returns_the_item_and_the_names_panel(office, staged):
    response = office.post(url("item_unit_add", staged.pk, 3), {"role": "lead", "name": "县司法局"}, **HTMX)
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<div class="plan-item') and 'id="item-3"' in page
    assert 'id="names-panel"' in page and 'hx-swap-oob="true"' in page
    assert "<html" not in page
    staged.refresh_from_db()
    assert staged.document["items"][2]["lead_units"] == ["县司法局"]


def test_htmx_error_is_shown_inside_the_item(office, staged):
    response = office.post(url("item_deadline", staged.pk, 2), {"index": 0, "value": "2024-13-01"}, **HTMX)
    assert response.status_code == 200
    assert "不是有效日期" in response.content.decode()


def test_plain_posts_redirect_back_to_the_preview(office, staged):
    response = office.post(url("item_deadline", staged.pk, 2), {"index": 0, "value": "2024-08-31"})
    assert response.status_code == 302 and response["Location"].endswith(f"{url('import_preview', staged.pk)}#item-2")
    staged.refresh_from_db()
    assert staged.document["items"][1]["deadlines"][0]["date"] == "2024-08-31"
    response = office.post(url("item_deadline", staged.pk, 2), {"index": 0, "value": "bad"}, follow=True)
    assert "不是有效日期" in response.content.decode()


def test_split_and_merge_swap_the_workspace(office, staged):
    text = staged.document["items"][1]["text"]
    response = office.post(url("item_split", staged.pk, 2), {"start": "每季度", "label": "1-2"}, **HTMX)
    assert 'id="staging-tree"' in response.content.decode()
    staged.refresh_from_db()
    assert [i["path"] for i in staged.document["items"]][2] == ["一", "1-2"]
    response = office.post(url("item_split", staged.pk, 2), {"at": 3, "label": "1-3"})
    assert response.status_code == 302
    office.post(url("item_merge", staged.pk, 7))
    office.post(url("item_merge", staged.pk, 6))
    staged.refresh_from_db()
    assert staged.document["items"][1]["text"].replace("每季度", "", 1) != text  # merged back, joined text
    assert len(staged.document["items"]) == 5


def test_item_text_and_fields_forms(office, staged):
    office.post(url("item_edit", staged.pk, 5), {"title": "复议", "text": "健全行政复议体制。"})
    office.post(url("import_fields", staged.pk), {
        "title": "测试县2024年法治政府建设工作要点", "issuer": "测试县人民政府办公室、测试县司法局",
        "doc_number": "", "issued_on": "2024-03-05", "level": "county", "period_start": 2024, "period_end": 2024})
    staged.refresh_from_db()
    assert staged.document["items"][4]["title"] == "复议"
    assert staged.document["title"] == "测试县2024年法治政府建设工作要点"
    assert staged.document["issuer"] == ["测试县人民政府办公室", "测试县司法局"]
    assert staged.document["issued_on"] == "2024-03-05"


def test_mapping_a_name_then_confirm(office, staged, org):
    response = office.post(url("import_confirm", staged.pk), follow=True)
    assert "县综合执法局" in response.content.decode() and not Plan.objects.exists()
    office.post(url("import_name", staged.pk), {"name": "县综合执法局", "choice": f"unit:{org.justice.pk}"}, **HTMX)
    assert UnitNameMapping.objects.get(name="县综合执法局").unit == org.justice
    response = office.post(url("import_confirm", staged.pk))
    plan = Plan.objects.get()
    assert response["Location"] == url("plan_detail", plan.pk)
    page = office.get(url("plan_detail", plan.pk)).content.decode()
    assert "完善规范性文件备案审查制度" in page and "所有单位名称均已对应" in page


def test_mapping_to_a_unit_of_another_county_is_refused(office, staged, org):
    response = office.post(url("import_name", staged.pk), {"name": "县综合执法局",
                                                          "choice": f"unit:{org.other_justice.pk}"}, follow=True)
    assert "所选单位不属于本行政区" in response.content.decode()
    assert not UnitNameMapping.objects.exists()


def test_leave_unresolved_then_plan_page_lists_the_follow_up(office, staged):
    office.post(url("import_name", staged.pk), {"name": "县综合执法局", "choice": "leave"})
    office.post(url("import_confirm", staged.pk))
    plan = Plan.objects.get()
    page = office.get(url("plan_detail", plan.pk)).content.decode()
    assert "待办：未对应单位的名称（1）" in page and "<strong>县综合执法局</strong>" in page


def test_collective_choice_is_remembered(office, staged):
    office.post(url("import_name", staged.pk), {"name": "县综合执法局", "choice": "collective"})
    mapping = UnitNameMapping.objects.get(name="县综合执法局")
    assert mapping.unit is None
    assert services.open_names(staged) == []


def test_discard(office, staged):
    response = office.post(url("import_discard", staged.pk))
    assert response.status_code == 302
    staged.refresh_from_db()
    assert staged.status == "discarded"
    assert "已放弃" in office.get(url("import_preview", staged.pk)).content.decode()


def test_plan_list_filters_and_sorts(office, staged, users):
    services.leave_unresolved(users.office, staged, "县综合执法局")
    plan = services.confirm_import(users.office, staged)
    page = office.get(url("plan_list")).content.decode()
    assert plan.title in page and "现行" in page
    assert plan.title not in office.get(url("plan_list") + "?q=不存在").content.decode()
    assert plan.title in office.get(url("plan_list") + "?q=工作要点&sort=-title&level=county&current=1").content.decode()
    assert plan.title not in office.get(url("plan_list") + "?current=0").content.decode()
    export = office.get(url("plan_list") + "?export=xlsx&q=工作要点")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_outsider_gets_404(login, users, staged):
    services.leave_unresolved(users.office, staged, "县综合执法局")
    plan = services.confirm_import(users.office, staged)
    client = login(users.outsider)
    assert client.get(url("plan_detail", plan.pk)).status_code == 404
    assert client.get(url("import_preview", staged.pk)).status_code == 404
    assert client.post(url("item_merge", staged.pk, 2)).status_code == 404
    assert plan.title not in client.get(url("plan_list")).content.decode()


def test_reporters_may_read_plans_but_not_import(login, users, staged):
    services.leave_unresolved(users.office, staged, "县综合执法局")
    plan = services.confirm_import(users.office, staged)
    leader = login(users.leader)  # 测试县 jurisdiction, read-only
    assert leader.get(url("plan_detail", plan.pk)).status_code == 200
    assert leader.get(url("import_upload")).status_code == 403
    assert leader.post(url("import_confirm", staged.pk)).status_code == 403


def test_upload_form_lists_regions_in_scope_only(office, org):
    page = office.get(url("import_upload")).content.decode()
    assert f'<option value="{org.county.pk}" selected>' in page
    assert "乙县" not in page


def test_upload_without_file_or_text(office, org):
    response = office.post(url("import_upload"), {"jurisdiction": org.county.pk})
    assert "请上传方案文件或粘贴方案全文" in response.content.decode()


def test_upload_a_plan_file_runs_the_engine(office, org):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from fazhi.plans.models import PlanImport
    from tests.plans.test_browser import PLAN_TEXT

    upload = SimpleUploadedFile("要点.txt", PLAN_TEXT.encode("utf-8"), content_type="text/plain")
    response = office.post(url("import_upload"), {"file": upload, "jurisdiction": org.county.pk})
    staging = PlanImport.objects.get()
    assert response["Location"] == url("import_preview", staging.pk)
    assert staging.document["title"] == "测试县2024年法治政府建设工作要点"
    assert [i["path"] for i in staging.document["items"]][:2] == [["一"], ["一", "1"]]
    assert staging.source_file.name.endswith(".txt") and staging.source_name == "要点.txt"


def test_unreadable_file_gets_the_engine_message_and_nothing_is_saved(office, org):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from fazhi.plans.models import PlanImport

    broken = SimpleUploadedFile("方案.pdf", b"this is not a pdf", content_type="application/pdf")
    page = office.post(url("import_upload"), {"file": broken, "jurisdiction": org.county.pk}).content.decode()
    assert "无法读取文件 方案.pdf" in page
    exe = SimpleUploadedFile("方案.exe", b"MZ", content_type="application/octet-stream")
    page = office.post(url("import_upload"), {"file": exe, "jurisdiction": org.county.pk}).content.decode()
    assert "不支持的文件类型" in page
    assert not PlanImport.objects.exists()


def test_plan_page_offers_the_ledger_then_links_to_it(office, staged):
    office.post(url("import_name", staged.pk), {"name": "县综合执法局", "choice": "leave"})
    office.post(url("import_confirm", staged.pk))
    plan = Plan.objects.get()
    generate = reverse("supervision:generate_ledger", args=[plan.pk])
    page = office.get(url("plan_detail", plan.pk)).content.decode()
    assert f'action="{generate}"' in page and "生成任务台账" in page

    office.post(generate)
    page = office.get(url("plan_detail", plan.pk)).content.decode()
    assert reverse("supervision:plan_ledger", args=[plan.pk]) in page and f'action="{generate}"' not in page


def test_plan_page_hides_the_ledger_button_from_readers(login, users, staged):
    services.leave_unresolved(users.office, staged, "县综合执法局")
    plan = services.confirm_import(users.office, staged)
    page = login(users.leader).get(url("plan_detail", plan.pk)).content.decode()
    assert ">生成任务台账</button>" not in page and "尚未生成任务台账" in page


def test_plan_page_links_to_alignment_below_the_province(office, staged):
    services.leave_unresolved(office.user if hasattr(office, "user") else None, staged, "县综合执法局")
    plan = services.confirm_import(None, staged)
    page = office.get(url("plan_detail", plan.pk)).content.decode()
    assert reverse("plans:align", args=[plan.pk]) in page
