"""Permission-matrix cases of the normative-document office pages and /api/normdocs/ (format: tests/matrix.py).

The out-of-scope caller is `outsider` (乙县's office: it holds every normdoc capability, over 乙县 only);
the reporter of 发改局 (own unit) is denied the pages that its 起草 capability opens.
"""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.core import capabilities as cap
from fazhi.core.models import Attachment
from fazhi.normdocs import services
from fazhi.normdocs.demo import walk
from fazhi.normdocs.models import (
    CleanupCampaign,
    DocumentRelation,
    ExpiryEvaluation,
    ImportRun,
    NormativeDocument,
    NumberingScheme,
)
from tests.matrix import RouteCase, add_user

START = datetime.date(2024, 3, 4)
TITLE = "测试县矩阵测试办法"
READERS = (cap.DRAFT_NORMDOCS, cap.REVIEW_NORMDOCS, cap.MANAGE_NORMDOCS)


def draft(org) -> NormativeDocument:
    return services.create_document(None, title=TITLE, issuer=org.justice, text="第一条 正文。",
                                    doc_number="测政发〔2024〕1号", written_on=START)


def published(org) -> NormativeDocument:
    services.set_numbering_scheme(None, org.county, "测司规〔{year}〕{seq}号")
    return walk(draft(org), "published", START)


def market_draft(org) -> dict:
    doc = services.create_document(None, title=TITLE, issuer=org.justice, text="第一条 正文。", market_related=True,
                                   doc_number="测政发〔2024〕2号", written_on=START)
    return {"pk": doc.pk}


def expiry_evaluation(org) -> dict:
    """A published document in force to 2025-03-31 and its evaluation task, created on 2024-10-01."""
    doc = published(org)
    NormativeDocument.objects.filter(pk=doc.pk).update(valid_until=datetime.date(2025, 3, 31))
    services.scan_expiring_documents(datetime.date(2024, 10, 1))
    return {"pk": doc.pk, "evaluation_pk": ExpiryEvaluation.objects.get(document=doc).pk}


def _rule_row(region):
    from fazhi.workflow.models import TimeLimit

    return list(TimeLimit.objects.filter(jurisdiction=region, code="normdoc.filing").values_list("count", "note"))


def province_office(org, users) -> dict:
    add_user(users, "province_office", org.province, ["office"], "jurisdiction")
    return {}


def county_rule(org) -> dict:
    from fazhi.workflow.services import set_time_limit

    set_time_limit(None, "normdoc.filing", org.county, count=20, unit="ND", note="测试县规范性文件管理规定第五条")
    return {"jurisdiction_id": org.county.pk, "code": "normdoc.filing"}


def doc_pk(make):
    return lambda org, users: {"pk": make(org).pk}


def state_of(kw) -> str:
    return NormativeDocument.objects.get(pk=kw["pk"]).state


def cleanup(org, decided: bool = False) -> dict:
    doc = published(org)
    campaign = services.create_cleanup(None, title="测试县矩阵清理", region=org.county, documents=[doc])
    item = campaign.items.get()
    if decided:
        services.decide_cleanup_item(None, item, "keep", "")
    return {"pk": campaign.pk, "item_pk": item.pk, "doc": doc.pk}


def import_run(org) -> ImportRun:
    return ImportRun.objects.create(source_name="测试县矩阵导入.zip", directory="/nonexistent", sheet_name="metadata.csv",
                                    unit=org.county)


def relation(org) -> dict:
    doc = draft(org)
    rel = services.add_relation(None, doc, kind="basis", law_title="中华人民共和国行政处罚法")
    return {"pk": doc.pk, "relation_pk": rel.pk}


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def attachment(org) -> dict:
    doc = draft(org)
    found = services.add_attachment(None, doc, SimpleUploadedFile("测试县矩阵附件.pdf", PDF))
    return {"pk": doc.pk, "attachment_pk": found.pk}


CASES = [
    # ---------------------------------------------------------------------------------- pages
    RouteCase("normdocs:list", "GET", make_object=lambda org, users: {"doc": draft(org).pk},
              hidden=lambda org, users, kw: [TITLE], allowed="office", denied=["outsider", "reporter"]),
    RouteCase("normdocs:create", "GET", hidden=lambda org, users, kw: ["测试县司法局"],
              allowed="office", denied=["outsider"]),
    RouteCase("normdocs:detail", "GET", make_object=doc_pk(draft), allowed="office", denied=["outsider", "reporter"]),
    RouteCase("normdocs:edit", "GET", make_object=doc_pk(draft), allowed="office", denied=["outsider", "reporter"]),
    RouteCase("normdocs:transition", "POST",
              make_object=lambda org, users: {"pk": draft(org).pk, "code": "start_consultation"},
              data={"on": "2024-03-04", "consultation_end": "2024-03-13"},
              state=lambda org, users, kw: state_of(kw), allowed="office", denied=["outsider", "reporter"]),
    RouteCase("normdocs:amend_fields", "GET", make_object=doc_pk(published), allowed="office", denied=["outsider"]),
    RouteCase("normdocs:relation_fields", "GET", make_object=doc_pk(draft), allowed="office",
              denied=["outsider", "reporter"]),
    RouteCase("normdocs:amend", "POST", make_object=doc_pk(published),
              data={"text": "第一条 修改后的正文。", "version_date": "2024-09-01", "change_note": "修改第一条"},
              state=lambda org, users, kw: NormativeDocument.objects.get(pk=kw["pk"]).versions.count(),
              allowed="office", denied=["outsider"]),
    RouteCase("normdocs:relation_add", "POST", make_object=doc_pk(draft),
              data={"kind": "basis", "law_title": "中华人民共和国行政许可法", "law_article": "第十二条"},
              state=lambda org, users, kw: DocumentRelation.objects.filter(source_id=kw["pk"]).count(),
              allowed="office", denied=["outsider", "reporter"]),
    RouteCase("normdocs:relation_remove", "POST", make_object=lambda org, users: relation(org),
              state=lambda org, users, kw: DocumentRelation.objects.filter(pk=kw["relation_pk"]).exists(),
              allowed="office", denied=["outsider", "reporter"]),
    RouteCase("normdocs:attachment_upload", "POST", make_object=doc_pk(draft),
              data=lambda org, users, kw: {"file": SimpleUploadedFile("附件一.pdf", PDF)},
              state=lambda org, users, kw: Attachment.objects.filter(document_version__document_id=kw["pk"]).count(),
              allowed="office", denied=["outsider", "reporter"]),
    # Attachments download through the one scoped view (core:attachment): scope and a normdoc capability.
    RouteCase("core:attachment", "GET", label="规范性文件附件", login_only=True,
              make_object=lambda org, users: {"token": Attachment.objects.get(pk=attachment(org)["attachment_pk"]).token},
              allowed="office", denied=["outsider", "reporter"]),
    RouteCase("normdocs:attachment_remove", "POST", make_object=lambda org, users: attachment(org),
              state=lambda org, users, kw: Attachment.objects.filter(pk=kw["attachment_pk"]).exists(),
              allowed="office", denied=["outsider", "reporter"]),
    RouteCase("normdocs:fair_competition", "POST", make_object=lambda org, users: market_draft(org),
              data={"conclusion": "no_effect", "reviewed_on": "2024-03-04", "note": ""},
              state=lambda org, users, kw: NormativeDocument.objects.get(pk=kw["pk"]).fair_competition_conclusion,
              allowed="office", denied=["outsider", "reporter"]),
    RouteCase("normdocs:expiry_conclude", "POST", make_object=lambda org, users: expiry_evaluation(org),
              data=lambda org, users, kw: {"conclusion": "lapse", "on": "2024-10-02", "note": "任务已完成，到期失效。"},
              state=lambda org, users, kw: ExpiryEvaluation.objects.get(pk=kw["evaluation_pk"]).conclusion,
              allowed="office", denied=["outsider", "reporter"]),
    RouteCase("normdocs:filing", "GET", make_object=lambda org, users: {"doc": published(org).pk},
              hidden=lambda org, users, kw: [TITLE], allowed="office", denied=["outsider"]),
    RouteCase("normdocs:rates", "GET", make_object=lambda org, users: {"doc": published(org).pk},
              hidden=lambda org, users, kw: ["测试县"], allowed="office", denied=["outsider"]),
    # Time-limit rules per jurisdiction: a region outside the scope is not shown (404) nor edited (403).
    RouteCase("normdocs:rules", "GET", data=lambda org, users, kw: {"jurisdiction": org.county.pk},
              allowed="office", denied=["outsider"]),
    RouteCase("normdocs:rules", "POST", label="本级设置",
              data=lambda org, users, kw: {"code": "normdoc.filing", "count": "20", "unit": "ND",
                                           "note": "测试县规范性文件管理规定第五条", "jurisdiction": org.county.pk},
              state=lambda org, users, kw: _rule_row(org.county), allowed="office", denied=["outsider"]),
    # A county office cannot edit the province's rule; the province's office can.
    RouteCase("normdocs:rules", "POST", label="上级规则", make_object=lambda org, users: province_office(org, users),
              data=lambda org, users, kw: {"code": "normdoc.filing", "count": "15", "unit": "ND",
                                           "note": "测试省行政规范性文件管理办法第二十条", "jurisdiction": org.province.pk},
              state=lambda org, users, kw: _rule_row(org.province), allowed="province_office", denied=["office"]),
    RouteCase("normdocs:numbering_set", "POST",
              data=lambda org, users, kw: {"unit": org.county.pk, "template": "CS-{year}-{seq:03d}"},
              state=lambda org, users, kw: NumberingScheme.objects.filter(unit=org.county).exists(),
              denied_status=(302,), allowed="office", denied=["outsider"]),
    RouteCase("normdocs:cleanup_list", "GET", make_object=lambda org, users: {"c": cleanup(org)["pk"]},
              hidden=lambda org, users, kw: ["测试县矩阵清理"], allowed="office", denied=["outsider"]),
    RouteCase("normdocs:cleanup_detail", "GET", make_object=lambda org, users: cleanup(org),
              allowed="office", denied=["outsider"]),
    RouteCase("normdocs:cleanup_add", "POST",
              make_object=lambda org, users: {**cleanup(org), "extra": published(org).pk},
              data=lambda org, users, kw: {"documents": [kw["extra"]]},
              state=lambda org, users, kw: CleanupCampaign.objects.get(pk=kw["pk"]).items.count(),
              allowed="office", denied=["outsider"]),
    RouteCase("normdocs:cleanup_decide", "POST", make_object=lambda org, users: cleanup(org),
              data={"decision": "repeal", "reason": "上位法已废止"},
              state=lambda org, users, kw: CleanupCampaign.objects.get(pk=kw["pk"]).items.get().decision,
              allowed="office", denied=["outsider"]),
    RouteCase("normdocs:cleanup_publish", "POST", make_object=lambda org, users: cleanup(org, decided=True),
              data={"on": "2024-12-01"},
              state=lambda org, users, kw: CleanupCampaign.objects.get(pk=kw["pk"]).published_on,
              allowed="office", denied=["outsider"]),
    RouteCase("normdocs:import_upload", "GET", make_object=lambda org, users: {"run": import_run(org).pk},
              hidden=lambda org, users, kw: ["测试县矩阵导入.zip"], allowed="office", denied=["outsider"]),
    RouteCase("normdocs:import_run", "GET", make_object=lambda org, users: {"pk": import_run(org).pk},
              allowed="office", denied=["outsider"]),
    # ---------------------------------------------------------------------------------- API
    RouteCase("/api/normdocs/documents", "GET", capability=READERS,
              make_object=lambda org, users: {"doc": draft(org).pk},
              hidden=lambda org, users, kw: [TITLE], allowed="office", denied=["outsider", "reporter"]),
    RouteCase("/api/normdocs/documents/{doc_id}", "GET", capability=READERS,
              make_object=lambda org, users: {"doc_id": draft(org).pk}, allowed="office",
              denied=["outsider", "reporter"]),
    RouteCase("/api/normdocs/documents", "POST", capability=(cap.DRAFT_NORMDOCS, cap.MANAGE_NORMDOCS),
              data=lambda org, users, kw: {"title": "测试县矩阵新办法", "issuer_id": org.justice.pk, "text": "正文"},
              state=lambda org, users, kw: NormativeDocument.objects.filter(title="测试县矩阵新办法").count(),
              allowed="office", denied=["outsider", "reporter"]),
    RouteCase("/api/normdocs/documents/{doc_id}/transitions/{code}", "POST", capability=READERS,
              make_object=lambda org, users: {"doc_id": draft(org).pk, "code": "start_consultation"},
              data={"on": "2024-03-04", "consultation_end": "2024-03-13"},
              state=lambda org, users, kw: NormativeDocument.objects.get(pk=kw["doc_id"]).state,
              allowed="office", denied=["outsider", "reporter"]),
    RouteCase("/api/normdocs/documents/{doc_id}/attachments", "GET", capability=READERS,
              make_object=lambda org, users: {"doc_id": attachment(org)["pk"]}, allowed="office",
              denied=["outsider", "reporter"]),
    RouteCase("/api/normdocs/documents/{doc_id}/attachments", "POST", capability=(cap.DRAFT_NORMDOCS, cap.MANAGE_NORMDOCS),
              make_object=lambda org, users: {"doc_id": draft(org).pk},
              data=lambda org, users, kw: {"file": SimpleUploadedFile("附件一.pdf", PDF)}, json=False,
              state=lambda org, users, kw: Attachment.objects.filter(document_version__document_id=kw["doc_id"]).count(),
              allowed="office", denied=["outsider", "reporter"]),
    RouteCase("/api/normdocs/documents/{doc_id}/attachments/{attachment_id}", "DELETE",
              capability=(cap.DRAFT_NORMDOCS, cap.MANAGE_NORMDOCS),
              make_object=lambda org, users: {"doc_id": (a := attachment(org))["pk"], "attachment_id": a["attachment_pk"]},
              state=lambda org, users, kw: Attachment.objects.filter(pk=kw["attachment_id"]).exists(),
              allowed="office", denied=["outsider", "reporter"]),
    RouteCase("/api/normdocs/rates", "GET", capability=(cap.MANAGE_NORMDOCS, cap.REVIEW_NORMDOCS, cap.VIEW_DASHBOARD),
              make_object=lambda org, users: {"unit": org.county.pk},
              data=lambda org, users, kw: {"unit_id": kw["unit"], "start": "2024-01-01", "end": "2024-12-31"},
              allowed="office", denied=["outsider"]),
    # Time-limit rules: a region out of scope is 404 to read and 403 (with the reason) to write.
    RouteCase("/api/normdocs/time-limits", "GET", capability=cap.MANAGE_NORMDOCS,
              data=lambda org, users, kw: {"jurisdiction_id": org.county.pk}, allowed="office", denied=["outsider"]),
    RouteCase("/api/normdocs/time-limits/{jurisdiction_id}/{code}", "PUT", capability=cap.MANAGE_NORMDOCS,
              label="本级设置", make_object=lambda org, users: {"jurisdiction_id": org.county.pk, "code": "normdoc.filing"},
              data={"count": 20, "unit": "ND", "note": "测试县规范性文件管理规定第五条"},
              state=lambda org, users, kw: _rule_row(org.county), allowed="office", denied=["outsider"]),
    RouteCase("/api/normdocs/time-limits/{jurisdiction_id}/{code}", "PUT", capability=cap.MANAGE_NORMDOCS,
              label="上级规则",
              make_object=lambda org, users: {**province_office(org, users), "jurisdiction_id": org.province.pk,
                                              "code": "normdoc.filing"},
              data={"count": 15, "unit": "ND", "note": "测试省行政规范性文件管理办法第二十条"},
              state=lambda org, users, kw: _rule_row(org.province), allowed="province_office", denied=["office"]),
    RouteCase("/api/normdocs/time-limits/{jurisdiction_id}/{code}", "DELETE", capability=cap.MANAGE_NORMDOCS,
              make_object=lambda org, users: county_rule(org),
              state=lambda org, users, kw: _rule_row(org.county), allowed="office", denied=["outsider"]),
]

# 备案审查 and 审查建议 (tests/normdocs/filing_matrix.py).
from tests.normdocs.filing_matrix import FILING_CASES  # noqa: E402

CASES += FILING_CASES
