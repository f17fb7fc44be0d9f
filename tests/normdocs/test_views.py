"""Office pages: scoped, thin, refusals shown as messages."""

from __future__ import annotations

import datetime
import io
import zipfile

from django.urls import reverse

from fazhi.normdocs import services
from fazhi.normdocs.models import CleanupCampaign, ImportRun, NormativeDocument, State

D = datetime.date


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_list_detail_and_export(login, users, make_doc, walk):
    doc = walk(make_doc(title="测试县行政执法公示办法"), State.PUBLISHED)
    client = login(users.office)
    page = client.get(reverse("normdocs:list"), {"q": "公示"})
    assert page.status_code == 200 and "测试县行政执法公示办法" in page.content.decode()
    detail = client.get(reverse("normdocs:detail", args=[doc.pk]))
    body = detail.content.decode()
    assert "报送备案" in body and "办理时间线" in body and doc.registration_number in body
    export = client.get(reverse("normdocs:list"), {"export": "xlsx"})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_out_of_scope_documents_are_404(login, users, make_doc, org):
    doc = make_doc(issuer=org.other_justice)
    assert login(users.office).get(reverse("normdocs:detail", args=[doc.pk])).status_code == 404
    assert login(users.reporter).get(reverse("normdocs:detail", args=[make_doc().pk])).status_code == 404


def test_create_a_draft_and_edit_it(login, users, org):
    client = login(users.reporter)
    response = client.post(reverse("normdocs:create"), {
        "title": "测试县价格监督检查办法", "issuer": org.reform.pk, "doc_type": "normative", "text": "第一条 正文",
    })
    doc = NormativeDocument.objects.get(title="测试县价格监督检查办法")
    assert response.status_code == 302 and doc.issuer == org.reform and doc.created_by == users.reporter
    client.post(reverse("normdocs:edit", args=[doc.pk]), {"title": "测试县价格监督检查规定", "doc_type": "normative",
                                                          "text": "第一条 新正文"})
    doc.refresh_from_db()
    assert doc.title == "测试县价格监督检查规定" and doc.current_version().text == "第一条 新正文"


def test_a_reporter_cannot_draft_for_another_unit(login, users, org):
    response = login(users.reporter).post(reverse("normdocs:create"), {
        "title": "越权", "issuer": org.justice.pk, "doc_type": "normative", "text": "x"})
    assert response.status_code == 200 and not NormativeDocument.objects.filter(title="越权").exists()


def test_transition_button_and_the_gate_refusal_message(login, users, make_doc, walk):
    doc = walk(make_doc(), State.LEGALITY_REVIEW)
    client = login(users.office)
    response = client.post(reverse("normdocs:transition", args=[doc.pk, "submit_deliberation"]),
                           {"on": "2024-04-30"}, follow=True)
    assert any("不得提交集体审议" in m for m in messages_of(response))
    response = client.post(reverse("normdocs:transition", args=[doc.pk, "pass_legality_review"]),
                           {"on": "2024-04-30", "reason": "合法"}, follow=True)
    assert any("已办理：审核通过" in m for m in messages_of(response))
    doc.refresh_from_db()
    assert doc.reviews.get().opinion == "合法"


def test_reporter_sees_only_drafting_buttons(login, users, make_doc, walk):
    doc = walk(make_doc(issuer=users.reporter.unit), State.LEGALITY_REVIEW)
    body = login(users.reporter).get(reverse("normdocs:detail", args=[doc.pk])).content.decode()
    assert "退回起草" in body and "审核通过" not in body


def test_amend_and_relations_from_the_page(login, users, make_doc, walk):
    old = walk(make_doc(title="旧"), State.PUBLISHED)
    new = walk(make_doc(title="新"), State.PUBLISHED, start=D(2024, 5, 6))
    client = login(users.office)
    client.post(reverse("normdocs:relation_add", args=[new.pk]), {"kind": "repeals", "target": old.pk})
    client.post(reverse("normdocs:relation_add", args=[new.pk]),
                {"kind": "basis", "law_title": "《中华人民共和国行政处罚法》", "law_article": "第十六条"})
    assert new.relations.count() == 2
    assert new.relations.get(kind="basis").law_title == "中华人民共和国行政处罚法"
    response = client.post(reverse("normdocs:amend", args=[new.pk]), {
        "text": "修改后", "version_date": "2024-09-01", "change_note": "修改第二条"}, follow=True)
    assert any("已登记新版本" in m for m in messages_of(response))
    rel = new.relations.get(kind="repeals")
    client.post(reverse("normdocs:relation_remove", args=[new.pk, rel.pk]))
    assert new.relations.count() == 1


def test_filing_list_and_rates_pages(login, users, make_doc, walk):
    walk(make_doc(title="逾期未报备的办法"), State.PUBLISHED)
    client = login(users.office)
    body = client.get(reverse("normdocs:filing"), {"overdue": "1"}).content.decode()
    assert "逾期未报备的办法" in body and "table-danger" in body
    rates = client.get(reverse("normdocs:rates"), {"year": "2024"})
    assert rates.status_code == 200 and "data-chart" in rates.content.decode() and "合法性审核率" in rates.content.decode()
    assert login(users.leader).get(reverse("normdocs:rates")).status_code == 200


def test_settings_pages(login, users, org):
    client = login(users.office)
    assert "征求意见期限" in client.get(reverse("normdocs:rules")).content.decode()
    client.post(reverse("normdocs:rules"), {"code": "normdoc.filing", "count": "20", "unit": "WD", "note": "县规定"})
    from fazhi.workflow.timelimits import get_rule

    # The office sets the rule of its own jurisdiction (测试县): its units follow it, 乙县 keeps the default.
    assert get_rule("normdoc.filing", org.justice).describe() == "20个工作日"
    assert get_rule("normdoc.filing", org.other_justice).describe() == "30日"
    response = client.post(reverse("normdocs:rules"), {"code": "normdoc.filing", "count": "0", "unit": "WD"}, follow=True)
    assert any("天数" in m for m in messages_of(response))
    client.post(reverse("normdocs:numbering_set"), {"unit": org.county.pk, "template": "CS-{year}-{seq:03d}"})
    assert org.county.normdoc_numbering.template == "CS-{year}-{seq:03d}"


def test_cleanup_pages(login, users, make_doc, walk, org):
    doc = walk(make_doc(title="待清理的办法"), State.PUBLISHED)
    client = login(users.office)
    client.post(reverse("normdocs:cleanup_list"), {"title": "2024年清理", "region": org.county.pk})
    campaign = CleanupCampaign.objects.get()
    client.post(reverse("normdocs:cleanup_add", args=[campaign.pk]), {"documents": [doc.pk]})
    item = campaign.items.get()
    response = client.post(reverse("normdocs:cleanup_publish", args=[campaign.pk]), {"on": "2024-10-01"}, follow=True)
    assert any("没有清理结论" in m for m in messages_of(response))
    client.post(reverse("normdocs:cleanup_decide", args=[campaign.pk, item.pk]), {"decision": "repeal", "reason": "不适应"})
    client.post(reverse("normdocs:cleanup_publish", args=[campaign.pk]), {"on": "2024-10-01"})
    doc.refresh_from_db()
    assert doc.repealed_on == D(2024, 10, 1)


def test_import_upload_runs_and_shows_progress(login, users, org, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("metadata.csv", "文件名,标题,制定机关,发布日期\na.txt,测试县档案管理办法,测试县司法局,2020-01-01\n"
                                         "b.txt,缺文件,测试县司法局,2020-01-01\n")
        archive.writestr("a.txt", "第一条 正文")
    buffer.seek(0)
    buffer.name = "history.zip"
    client = login(users.office)
    response = client.post(reverse("normdocs:import_upload"), {"archive": buffer, "unit": org.county.pk})
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("normdocs:import_run", args=[run.pk])
    assert run.status == ImportRun.Status.REFUSED  # eager Celery: already done
    partial = client.get(reverse("normdocs:import_run", args=[run.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "找不到文件“b.txt”" in partial and "hx-trigger" not in partial
    assert not NormativeDocument.objects.exists()


def test_services_refuse_cleanup_of_drafts(make_doc, org):
    import pytest
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="尚未公开发布"):
        services.create_cleanup(None, title="x", region=org.county, documents=[make_doc()])


def test_the_folded_forms_get_their_fields_when_opened(login, users, make_doc, walk, org):
    """登记修改后的新版本 and 添加关系 are folded: the page holds each form with its CSRF token and a
    placeholder, and the fields come from their own view when the user opens it (fazhi.core.lazyfields)."""
    import re

    doc = walk(make_doc(title="测试县行政执法公示办法"), State.PUBLISHED)
    other = make_doc(title="测试县行政处罚裁量基准")
    outside = make_doc(title="外县文件", issuer=org.other_justice)
    client = login(users.office)
    page = client.get(reverse("normdocs:detail", args=[doc.pk])).content.decode()
    for fields_name, action_name in (("normdocs:amend_fields", "normdocs:amend"),
                                     ("normdocs:relation_fields", "normdocs:relation_add")):
        assert re.search(
            rf'<details[^>]*hx-get="{reverse(fields_name, args=[doc.pk])}" hx-trigger="toggle once"[^>]*>.*?'
            rf'<form method="post" action="{reverse(action_name, args=[doc.pk])}"[^>]*>'
            r'<input type="hidden" name="csrfmiddlewaretoken"[^>]*>\s*<div class="fz-lazy-fields', page, re.S)
    assert 'name="law_title"' not in page and 'name="change_note"' not in page
    amend = client.get(reverse("normdocs:amend_fields", args=[doc.pk])).content.decode()
    relation = client.get(reverse("normdocs:relation_fields", args=[doc.pk])).content.decode()
    assert re.findall(r'<(?:input|select|textarea)[^>]* name="([a-z_]+)"', amend) == [
        "text", "version_date", "change_note", "amended_by"]
    assert re.findall(r'<(?:input|select|textarea)[^>]* name="([a-z_]+)"', relation) == [
        "kind", "target", "law_title", "law_article", "note"]
    # The document lists: the other documents in the office's scope, never the document itself or another
    # county's.
    for fields in (amend, relation):
        assert "csrfmiddlewaretoken" not in fields
        assert f'<option value="{other.pk}">' in fields
        assert f'<option value="{doc.pk}">' not in fields and f'<option value="{outside.pk}">' not in fields
    # A draft has no new version to register: no amend form on its page, and no fields.
    assert client.get(reverse("normdocs:amend_fields", args=[other.pk])).status_code == 404
    assert reverse("normdocs:amend_fields", args=[other.pk]) not in client.get(
        reverse("normdocs:detail", args=[other.pk])).content.decode()
