"""The pages: the portal's comment page used by an anonymous visitor (CSRF, throttle), the office pages at every
stage, the archive download and the API's refusals."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from fazhi.core.models import OperationLog
from fazhi.decisions import public
from fazhi.decisions.models import Decision, PublicComment
from tests.decisions.helpers import started
from tests.decisions.matrix_cases import commented, decision_in


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def test_an_anonymous_visitor_comments_during_the_period(org, client):
    ref = commented(org)["ref"]
    url = reverse("decisions_public:decision", args=[ref])
    page = client.get(url)
    assert page.status_code == 200 and "提出意见建议" in page.content.decode()
    response = client.post(url, {"text": "建议设置低保户减免", "name": "李女士", "contact": "13800000000"})
    assert response.status_code == 302
    comment = PublicComment.objects.get(text="建议设置低保户减免")
    assert (comment.name, comment.contact, comment.handling) == ("李女士", "13800000000", "pending")
    assert OperationLog.objects.filter(action="decision.comment.submit", object_id=str(comment.pk)).exists()
    assert "13800000000" not in client.get(url).content.decode()  # the contact is never shown


def test_the_comment_form_needs_its_csrf_token(org):
    ref = commented(org)["ref"]
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("decisions_public:decision", args=[ref]), {"text": "伪造的跨站提交"})
    assert response.status_code == 403
    assert not PublicComment.objects.filter(text="伪造的跨站提交").exists()


def test_comments_are_throttled_per_address(org, client):
    ref = commented(org)["ref"]
    url = reverse("decisions_public:decision", args=[ref])
    for n in range(public.COMMENTS_PER_WINDOW):
        client.post(url, {"text": f"意见{n}"})
    response = client.post(url, {"text": "第六条"}, follow=True)
    assert "提交过于频繁" in response.content.decode()
    assert PublicComment.objects.filter(text__startswith="意见").count() == public.COMMENTS_PER_WINDOW
    assert not PublicComment.objects.filter(text="第六条").exists()


def test_a_draft_not_yet_out_for_comment_is_not_public(org, client):
    decision = started(org)
    assert client.get(reverse("decisions_public:decision", args=[decision.public_ref])).status_code == 404


def test_the_portal_shows_the_catalogue_versions_and_the_adoption(org, client):
    decision = decision_in(org, "published")
    page = client.get(reverse("decisions_public:catalogue", args=[decision.entry.catalogue.public_ref])).content.decode()
    assert "第1版" in page and decision.title in page
    page = client.get(reverse("decisions_public:decision", args=[decision.public_ref])).content.decode()
    assert "意见采纳情况" in page and "对合理意见予以采纳" in page
    # The lists are the kernel's catalogue pages: published decisions, open consultations, annual catalogues.
    assert decision.title in client.get(reverse("portal:catalogue", args=["decisions"])).content.decode()
    assert decision.body.name in client.get(reverse("portal:catalogue", args=["decision-catalogues"])).content.decode()
    listed = client.get(reverse("portal:catalogue_detail", args=["decisions", decision.public_ref]))
    assert listed.status_code == 302 and listed["Location"] == reverse("decisions_public:decision",
                                                                        args=[decision.public_ref])


def test_open_consultations_are_listed_on_the_portal(org, client):
    ref = commented(org)["ref"]
    page = client.get(reverse("portal:catalogue", args=["consultations"])).content.decode()
    assert reverse("decisions_public:decision", args=[ref]) in page


@pytest.mark.parametrize("state", ["drafting", "comment", "review", "decided", "published", "executing"])
def test_the_office_pages_at_every_stage(org, users, login, state):
    decision = decision_in(org, state)
    client = login(users.office)
    page = client.get(reverse("decisions:detail", args=[decision.pk]))
    assert page.status_code == 200 and decision.get_state_display() in page.content.decode()
    assert client.get(reverse("decisions:list")).status_code == 200
    assert client.get(reverse("decisions:catalogue", args=[decision.entry.catalogue_id])).status_code == 200


def test_the_collective_discussion_refusal_reaches_the_page(org, users, login):
    decision = started(org)
    client = login(users.office)
    response = client.post(reverse("decisions:transition", args=[decision.pk, "decide"]),
                           {"on": "2026-09-01", "meeting_kind": "standing", "dissent": "无", "head_departs": "no",
                            "reason": "通过"}, follow=True)
    assert "未经合法性审查，不得提交决策机关讨论（条例第二十五条）" in response.content.decode()
    assert Decision.objects.get(pk=decision.pk).state == "drafting"


def test_the_archive_download(org, users, login):
    decision = decision_in(org, "published")
    response = login(users.reporter).get(reverse("decisions:archive", args=[decision.pk]))
    assert response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert "index.html" in names and "目录.docx" in names
    assert OperationLog.objects.filter(action="decision.archive.export").exists()


def test_api_steps_refuse_with_the_reasons(org, users, login):
    decision = started(org)
    client = login(users.office)
    url = f"/api/decisions/decisions/{decision.pk}/transitions/decide"
    response = client.post(url, {"on": "2026-09-01", "meeting_kind": "standing", "dissent": "无",
                                 "head_departs": "no", "reason": "通过"}, content_type="application/json")
    assert response.status_code == 400 and "条例第二十五条" in response.json()["detail"]
    response = client.get(f"/api/decisions/decisions/{decision.pk}")
    assert response.status_code == 200 and response.json()["state"] == "drafting"
    assert {"open_comment", "decide"} <= {t["code"] for t in response.json()["transitions"]}
    rates = client.get("/api/decisions/rates", {"unit_id": org.county.pk, "year": 2026}).json()
    assert rates["legality_review_coverage"]["value"] is None  # nothing decided yet


def test_minutes_and_opinions_go_in_the_file_and_the_archive(org, users, login, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from fazhi.core.attachments import attachments_of

    settings.MEDIA_ROOT = str(tmp_path)
    decision = decision_in(org, "published")
    client = login(users.office)
    pdf = SimpleUploadedFile("纪要.pdf", b"%PDF-1.4\n%minutes\n", content_type="application/pdf")
    response = client.post(reverse("decisions:attachment_add", args=[decision.pk]),
                           {"slot": "minutes", "file": pdf, "links": ""}, follow=True)
    assert "已上传1份材料" in response.content.decode()
    assert attachments_of(decision, "minutes").count() == 1
    data = login(users.office).get(reverse("decisions:archive", args=[decision.pk])).content
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert any(n.startswith("附件/集体讨论会议纪要/") and n.endswith("纪要.pdf") for n in names)
    assert "集体讨论会议纪要" not in zipfile.ZipFile(io.BytesIO(data)).read("完整性检查.txt").decode()
    attachment = attachments_of(decision).get()
    response = client.post(reverse("decisions:attachment_remove", args=[decision.pk, attachment.pk]), follow=True)
    assert "决策已公布，档案材料不能删除" in response.content.decode()
