"""Business verbs of normative documents: draft, move through the lifecycle, amend, relate, clean up.

Every function runs in one transaction and writes one operation-log row; the views, the API, the
management commands, the Celery tasks and the demo loader call these and nothing else to change data.
A lifecycle step is `transition(actor, doc, code, data)`: the kernel's engine over `workflow.TRANSITIONS`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.core import attachments, oplog
from fazhi.core import capabilities as cap
from fazhi.core.models import Attachment, Unit, User
from fazhi.core.notifiers import notify
from fazhi.core.scopes import user_sees_unit
from fazhi.normdocs import indexing, issuers, numbering, terms, workflow
from fazhi.normdocs.models import (
    PUBLIC_STATES,
    CleanupCampaign,
    CleanupDecision,
    CleanupItem,
    DocType,
    DocumentRelation,
    DocumentVersion,
    ExpiryEvaluation,
    ExpiryEvaluationConclusion,
    FairCompetitionConclusion,
    NormativeDocument,
    NumberingScheme,
    Origin,
    RelationKind,
    State,
)
from fazhi.workflow import engine, scan
from fazhi.workflow import services as workflow_services

DOC_FIELDS = workflow.DOC_FIELDS
parse_date = engine.parse_date


def _today() -> datetime.date:
    return timezone.localdate()


def _clean_text(value: str, what: str, max_length: int | None = None, required: bool = True) -> str:
    cleaned = (value or "").strip()
    if required and not cleaned:
        raise ValidationError(f"{what}不能为空")
    if max_length and len(cleaned) > max_length:
        raise ValidationError(f"{what}不能超过 {max_length} 个字")
    return cleaned


def _lock(doc: NormativeDocument) -> NormativeDocument:
    return NormativeDocument.objects.select_for_update().select_related("issuer").get(pk=doc.pk)


def _check_issuer(actor: User | None, issuer: Unit) -> None:
    if actor is not None and not user_sees_unit(actor, issuer):
        raise ValidationError(f"“{issuer.name}”不在您的数据范围内")


# ------------------------------------------------------------------------------------------------ drafts

@transaction.atomic
def create_document(
    actor: User | None,
    *,
    title: str,
    issuer: Unit,
    text: str,
    doc_type: str = DocType.NORMATIVE,
    market_related: bool = False,
    doc_number: str = "",
    written_on: datetime.date | None = None,
) -> NormativeDocument:
    """Start a draft (起草) with its first version of the text."""
    _check_issuer(actor, issuer)
    if doc_type not in DocType.values:
        raise ValidationError(f"未知的文件类型：{doc_type}")
    issuers.check_issuer(issuer, doc_type)
    doc = NormativeDocument.objects.create(
        title=_clean_text(title, "标题", 300),
        issuer=issuer,
        doc_type=doc_type,
        market_related=bool(market_related),
        doc_number=_clean_text(doc_number, "文号", 100, required=False),
        written_on=written_on,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    DocumentVersion.objects.create(
        document=doc, number=1, version_date=written_on or _today(), text=_clean_text(text, "正文"),
        change_note="起草稿", created_by=doc.created_by,
    )
    oplog.record(actor, "normdoc.create", doc, after=oplog.snapshot(doc, DOC_FIELDS))
    return doc


@transaction.atomic
def update_draft(actor: User | None, doc: NormativeDocument, **changes: Any) -> NormativeDocument:
    """Change a draft's particulars or text; only while it is being drafted (起草)."""
    doc = _lock(doc)
    if doc.state != State.DRAFTING:
        raise ValidationError(f"文件处于“{doc.get_state_display()}”阶段，只有起草阶段可以修改草稿")
    before = oplog.snapshot(doc, DOC_FIELDS)
    if "title" in changes:
        doc.title = _clean_text(changes["title"], "标题", 300)
    if "doc_number" in changes:
        doc.doc_number = _clean_text(changes["doc_number"], "文号", 100, required=False)
    if "doc_type" in changes:
        if changes["doc_type"] not in DocType.values:
            raise ValidationError(f"未知的文件类型：{changes['doc_type']}")
        issuers.check_issuer(doc.issuer, changes["doc_type"])
        doc.doc_type = changes["doc_type"]
    if "market_related" in changes:
        doc.market_related = bool(changes["market_related"])
    if "written_on" in changes:
        doc.written_on = parse_date(changes["written_on"], "成文日期")
    doc.save()
    if "text" in changes:
        version = doc.versions.order_by("-number").first()
        version.text = _clean_text(changes["text"], "正文")
        version.save(update_fields=["text"])
    oplog.record(actor, "normdoc.update_draft", doc, before=before, after=oplog.snapshot(doc, DOC_FIELDS))
    return doc


# --------------------------------------------------------------------------------------------- lifecycle

def transition(actor: User | None, doc: NormativeDocument, code: str, raw: dict[str, Any] | None = None):
    """Apply lifecycle transition `code` to `doc`, or refuse: the kernel's engine over `workflow.NORMDOC`.

    `actor=None` is the system (demo loader); a user must hold one of the transition's capabilities and
    see the issuer (else PermissionDenied), and the step must fit the state and the rules (else ValidationError).
    """
    return engine.run(actor, workflow.NORMDOC, doc, code, raw)


# ---------------------------------------------------------------------------------- versions, relations

def _add_version(
    doc: NormativeDocument, text: str, version_date: datetime.date, note: str, actor: User | None,
    amended_by: NormativeDocument | None = None,
) -> DocumentVersion:
    return workflow.add_version(doc, _clean_text(text, "正文"), version_date, note, actor, amended_by)


@transaction.atomic
def amend_document(
    actor: User | None,
    doc: NormativeDocument,
    *,
    text: str,
    version_date: datetime.date,
    change_note: str,
    amended_by: NormativeDocument | None = None,
) -> DocumentVersion:
    """Record a new version of a published document's text, in force from `version_date`.

    When a later document made the change (a 修改决定), name it: the 修改 relation is recorded too.
    """
    doc = _lock(doc)
    if not doc.is_public:
        raise ValidationError("只有已公开发布的文件才能登记修改后的新版本；草稿请直接修改正文")
    version_date = parse_date(version_date, "版本日期")
    if version_date is None:
        raise ValidationError("请填写新版本的施行日期")
    latest = doc.versions.order_by("-number").first()
    if latest and version_date <= latest.version_date:
        raise ValidationError(f"新版本日期须晚于上一版本（{latest.version_date}）")
    note = _clean_text(change_note, "修改说明", 500)
    if amended_by is not None:
        if amended_by.pk == doc.pk:
            raise ValidationError("文件不能修改它自己")
        DocumentRelation.objects.get_or_create(source=amended_by, kind=RelationKind.AMENDS, target=doc)
    version = _add_version(doc, text, version_date, note, actor, amended_by)
    oplog.record(actor, "normdoc.amend", doc, after={"version": version.number, "version_date": version_date,
                                                      "change_note": note, "amended_by": amended_by})
    indexing.reindex([doc])
    return version


def resolve_law(title: str):
    """The corpus law with this title (the newest version when several), or None."""
    try:
        from fazhi.search.models import Law
    except ImportError:
        return None
    title = (title or "").strip().strip("《》")
    if not title:
        return None
    laws = Law.objects.filter(title=title).order_by("-version")
    return laws.filter(superseded_by__isnull=True).first() or laws.first()


@transaction.atomic
def add_relation(
    actor: User | None,
    source: NormativeDocument,
    *,
    kind: str,
    target: NormativeDocument | None = None,
    law_title: str = "",
    law_article: str = "",
    note: str = "",
) -> DocumentRelation:
    """`source` 修改 / 废止 / 依据 `target`, or (依据) a law named by title and article."""
    if kind not in RelationKind.values:
        raise ValidationError(f"未知的关系类型：{kind}")
    law_title = (law_title or "").strip().strip("《》")
    if target is None and not (kind == RelationKind.BASIS and law_title):
        raise ValidationError("请选择对象文件" if kind != RelationKind.BASIS else "请选择依据的文件或填写上位法名称")
    if target is not None and target.pk == source.pk:
        raise ValidationError("文件不能与它自己建立关系")
    if target is not None and kind in (RelationKind.AMENDS, RelationKind.REPEALS) and not target.is_public:
        raise ValidationError(f"“{target.title}”尚未公开发布，不能被修改或废止")
    law = resolve_law(law_title) if target is None else None
    if target is not None and DocumentRelation.objects.filter(source=source, kind=kind, target=target).exists():
        raise ValidationError("已存在相同的关系")
    relation = DocumentRelation.objects.create(
        source=source, kind=kind, target=target, law_id=str(law.pk) if law else "",
        law_title=law_title if target is None else "", law_article=_clean_text(law_article, "条款", 100, False),
        note=_clean_text(note, "说明", 300, False),
    )
    oplog.record(actor, "normdoc.relation.add", source, after={"kind": kind, "target": target, "law": law_title,
                                                                "article": law_article})
    indexing.reindex_with_related(source)
    return relation


@transaction.atomic
def remove_relation(actor: User | None, relation: DocumentRelation) -> None:
    relation = DocumentRelation.objects.select_related("source", "target").get(pk=relation.pk)
    source, target = relation.source, relation.target
    oplog.record(actor, "normdoc.relation.remove", source, before={"kind": relation.kind, "target": target,
                                                                    "law": relation.law_title})
    relation.delete()
    indexing.reindex([d for d in (source, target) if d is not None])


# ------------------------------------------------------------------------------------ settings (office)

def set_rule(actor: User | None, code: str, *, count: int, unit: str, roll_over: bool = True, note: str = "",
             jurisdiction: Unit | None = None) -> None:
    """Override a time limit (see `fazhi.workflow.services.set_time_limit`)."""
    workflow_services.set_time_limit(actor, code, jurisdiction, count=count, unit=unit, roll_over=roll_over, note=note)


def reset_rule(actor: User | None, code: str, jurisdiction: Unit | None = None) -> None:
    workflow_services.reset_time_limit(actor, code, jurisdiction)


@transaction.atomic
def set_numbering_scheme(actor: User | None, unit: Unit, template: str) -> NumberingScheme:
    _check_issuer(actor, unit)
    template = numbering.validate_template(template)
    scheme, created = NumberingScheme.objects.update_or_create(unit=unit, defaults={"template": template})
    oplog.record(actor, "normdoc.numbering.set", scheme, after={"unit": unit.name, "template": template})
    return scheme


# ------------------------------------------------------------------------------------- filing deadlines

def filing_pending():
    """Published documents not yet filed (报送备案), with their due dates; historical imports are not chased."""
    return NormativeDocument.objects.filter(state=State.PUBLISHED, filing_due_on__isnull=False,
                                            origin=Origin.WORKFLOW)


def scan_filing_deadlines(today: datetime.date | None = None) -> dict[str, int]:
    """The daily clock scan for the 报备 clocks alone: documents newly warned and newly overdue."""
    result = scan.scan_clocks(today, workflow=workflow.NORMDOC.name, kinds=("filing",))
    return {"warned": sum(result.due_soon.values()), "overdue": sum(result.overdue.values())}


# ------------------------------------------------------------------------------------ 公平竞争审查

def _dated_entry(value: Any, what: str, not_before: datetime.date, before_what: str) -> datetime.date:
    """A record's date (default today): not in the future, not before the event it follows."""
    day = parse_date(value, what) or _today()
    if day > _today():
        raise ValidationError(f"{what}不能晚于今天")
    if day < not_before:
        raise ValidationError(f"{what}{day}早于{before_what}{not_before}")
    return day


FAIR_COMPETITION_STATES = (State.DRAFTING, State.CONSULTATION, State.LEGALITY_REVIEW)


@transaction.atomic
def record_fair_competition_review(
    actor: User | None,
    doc: NormativeDocument,
    *,
    conclusion: str,
    reviewed_on: datetime.date | str | None,
    note: str = "",
) -> NormativeDocument:
    """Record the 公平竞争审查 conclusion, made while drafting (公平竞争审查条例 arts. 13–14, 17).

    An art. 12 exception, or a finding that the document restricts competition, must be explained
    (art. 17 ¶2). The latest conclusion replaces an earlier one (a document revised and reviewed again).
    """
    doc = _lock(doc)
    _check_issuer(actor, doc.issuer)
    if doc.state not in FAIR_COMPETITION_STATES:
        raise ValidationError(
            f"文件处于“{doc.get_state_display()}”阶段：公平竞争审查应在起草阶段、提请集体审议之前开展"
        )
    if conclusion not in FairCompetitionConclusion.values:
        raise ValidationError("请选择公平竞争审查结论")
    reviewed_on = _dated_entry(reviewed_on, "审查日期", doc.drafted_on, "起草日期")
    explained = conclusion != FairCompetitionConclusion.NO_EFFECT
    note = _clean_text(note, "审查说明（适用例外规定或具有排除、限制竞争效果的，须详细说明）", required=explained)
    before = {"conclusion": doc.fair_competition_conclusion, "reviewed_on": doc.fair_competition_reviewed_on}
    doc.fair_competition_conclusion, doc.fair_competition_reviewed_on = conclusion, reviewed_on
    doc.fair_competition_note = note
    doc.save(update_fields=["fair_competition_conclusion", "fair_competition_reviewed_on", "fair_competition_note",
                            "updated_at"])
    oplog.record(actor, "normdoc.fair_competition.record", doc, before=before,
                 after={"conclusion": conclusion, "reviewed_on": reviewed_on, "note": note})
    return doc


# ------------------------------------------------------------------------------------------ 有效期届满评估

@dataclass
class ExpiryScan:
    created: int = 0  # evaluation tasks created

    def summary(self) -> str:
        return f"生成有效期届满评估任务 {self.created} 件"


@transaction.atomic
def scan_expiring_documents(today: datetime.date | None = None) -> ExpiryScan:
    """Create the evaluation task of each document whose 有效期 ends within the warning period.

    One task per document and 有效期至 (a document given a new term gets a new task), notified in
    the app to the issuer's own drafters and managers and to the offices covering it. Documents already
    repealed are left alone. A scan of the module (module.py), run by the kernel's daily scan.
    """
    from django.urls import reverse

    from fazhi.normdocs.status import REPEALED, status_on

    today = today or _today()
    recipients = scan.Recipients()
    result = ExpiryScan()
    candidates = public_documents().filter(valid_until__gte=today, valid_until__lte=terms.evaluation_horizon(today))
    for doc in candidates.select_related("issuer").prefetch_related("incoming_relations__source", "versions"):
        if today < terms.evaluation_starts(doc.valid_until) or status_on(doc, today) == REPEALED:
            continue
        evaluation, made = ExpiryEvaluation.objects.get_or_create(
            document=doc, valid_until=doc.valid_until, defaults={"unit": doc.issuer, "created_on": today}
        )
        if not made:
            continue
        title = f"有效期届满评估：《{doc.title}》有效期至{doc.valid_until}，请评估是否继续施行、修改或废止"
        link = reverse("normdocs:detail", args=[doc.pk])
        issuer_staff = [u for u in recipients((cap.DRAFT_NORMDOCS, cap.MANAGE_NORMDOCS), doc.issuer)
                        if u.unit_id == doc.issuer_id]
        offices = recipients((cap.MANAGE_NORMDOCS,), doc.issuer)
        notify([*issuer_staff, *offices], title, link=link)
        oplog.record(None, "normdoc.expiry.evaluation_created", doc,
                     after={"valid_until": doc.valid_until, "evaluation": evaluation.pk, "on": today})
        result.created += 1
    return result


@transaction.atomic
def conclude_expiry_evaluation(
    actor: User | None,
    evaluation: ExpiryEvaluation,
    *,
    conclusion: str,
    note: str,
    on: datetime.date | str | None = None,
) -> ExpiryEvaluation:
    """The issuer's conclusion on a document whose 有效期 is ending."""
    evaluation = ExpiryEvaluation.objects.select_for_update().select_related("unit", "document").get(pk=evaluation.pk)
    _check_issuer(actor, evaluation.unit)
    if not evaluation.is_open:
        raise ValidationError(f"该评估已于{evaluation.concluded_on}作出结论：{evaluation.get_conclusion_display()}")
    if conclusion not in ExpiryEvaluationConclusion.values:
        raise ValidationError("请选择评估结论")
    on = _dated_entry(on, "评估日期", evaluation.created_on, "评估任务的提醒日期")
    evaluation.conclusion, evaluation.note, evaluation.concluded_on = conclusion, _clean_text(note, "评估意见"), on
    evaluation.concluded_by = actor if getattr(actor, "pk", None) else None
    evaluation.save(update_fields=["conclusion", "note", "concluded_on", "concluded_by"])
    oplog.record(actor, "normdoc.expiry.conclude", evaluation.document,
                 after={"evaluation": evaluation.pk, "conclusion": conclusion, "note": evaluation.note, "on": on})
    return evaluation


# ---------------------------------------------------------------------------------------------- 清理

@transaction.atomic
def create_cleanup(
    actor: User | None, *, title: str, region: Unit, documents: list[NormativeDocument]
) -> CleanupCampaign:
    _check_issuer(actor, region)
    campaign = CleanupCampaign.objects.create(
        title=_clean_text(title, "清理活动名称", 200), region=region,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    _add_to_cleanup(campaign, documents)
    oplog.record(actor, "normdoc.cleanup.create", campaign, after={"documents": [d.pk for d in documents]})
    return campaign


def _add_to_cleanup(campaign: CleanupCampaign, documents: list[NormativeDocument]) -> int:
    added = 0
    for doc in documents:
        if not doc.is_public:
            raise ValidationError(f"《{doc.title}》尚未公开发布，不能纳入清理")
        if not doc.issuer.path.startswith(campaign.region.path):
            raise ValidationError(f"《{doc.title}》不属于“{campaign.region.name}”，不能纳入本次清理")
        _, created = CleanupItem.objects.get_or_create(campaign=campaign, document=doc)
        added += created
    return added


@transaction.atomic
def add_cleanup_documents(actor: User | None, campaign: CleanupCampaign, documents: list[NormativeDocument]) -> int:
    campaign = CleanupCampaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.is_published:
        raise ValidationError("清理结果已公布，不能再增加文件")
    added = _add_to_cleanup(campaign, documents)
    oplog.record(actor, "normdoc.cleanup.add", campaign, after={"documents": [d.pk for d in documents]})
    return added


@transaction.atomic
def decide_cleanup_item(actor: User | None, item: CleanupItem, decision: str, reason: str) -> CleanupItem:
    item = CleanupItem.objects.select_for_update().select_related("campaign", "document").get(pk=item.pk)
    if item.campaign.is_published:
        raise ValidationError("清理结果已公布，不能再修改结论")
    if decision not in CleanupDecision.values:
        raise ValidationError("请选择清理结论：继续有效、修改或废止")
    reason = _clean_text(reason, "理由", 500, required=decision != CleanupDecision.KEEP)
    before = {"decision": item.decision, "reason": item.reason}
    item.decision, item.reason = decision, reason
    item.save(update_fields=["decision", "reason"])
    oplog.record(actor, "normdoc.cleanup.decide", item.document, before=before,
                 after={"decision": decision, "reason": reason, "campaign": item.campaign_id})
    return item


@transaction.atomic
def publish_cleanup(actor: User | None, campaign: CleanupCampaign, on: datetime.date | None = None) -> CleanupCampaign:
    """Publish the result list; documents decided 废止 are repealed from that day (status_on follows)."""
    campaign = CleanupCampaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.is_published:
        raise ValidationError("清理结果已公布")
    items = list(campaign.items.select_related("document__issuer"))
    if not items:
        raise ValidationError("清理活动中还没有文件")
    undecided = [i.document.title for i in items if not i.decision]
    if undecided:
        raise ValidationError(f"还有 {len(undecided)} 件文件没有清理结论（如《{undecided[0]}》）")
    on = parse_date(on, "公布日期") or _today()
    campaign.published_on = on
    campaign.save(update_fields=["published_on"])
    repealed = []
    for item in items:
        if item.decision == CleanupDecision.REPEAL:
            doc = _lock(item.document)
            if doc.repealed_on is None or doc.repealed_on > on:
                doc.repealed_on = on
                doc.repeal_note = f"{campaign.title}决定废止：{item.reason}"[:300]
                doc.save(update_fields=["repealed_on", "repeal_note", "updated_at"])
            repealed.append(doc)
    oplog.record(actor, "normdoc.cleanup.publish", campaign, after={"published_on": on,
                                                                    "repealed": [d.pk for d in repealed]})
    indexing.reindex(repealed)
    return campaign


def public_documents():
    return NormativeDocument.objects.filter(state__in=PUBLIC_STATES)


# ------------------------------------------------------------------------------------------ attachments

ATTACHMENT_TYPES = attachments.ATTACHMENT_TYPES


@transaction.atomic
def add_attachment(actor: User | None, document: NormativeDocument, upload) -> Attachment:
    """Attach a file to the document's current (latest) version.

    The file is checked by extension, size (`FAZHI_EVIDENCE_MAX_BYTES`) and content; it is stored under a
    random name, and the original name is kept for display and download. Nothing is stored if it is refused.
    """
    doc = _lock(document)
    _check_issuer(actor, doc.issuer)
    version = doc.current_version()
    if version is None:
        raise ValidationError("文件还没有任何版本，无法添加附件")
    attachment = attachments.attach_file(actor, version, upload, what="附件", log=False)
    oplog.record(actor, "normdoc.attachment.add", doc,
                 after={"attachment": attachment.pk, "name": attachment.original_name, "version": version.number,
                        "size": upload.size})
    return attachment


@transaction.atomic
def remove_attachment(actor: User | None, attachment: Attachment) -> None:
    """Remove an attachment while its document is unpublished; a published document keeps its attachments."""
    attachment = Attachment.objects.get(pk=attachment.pk)
    version = attachment.owner
    doc = _lock(version.document)
    _check_issuer(actor, doc.issuer)
    if doc.state in PUBLIC_STATES:
        raise ValidationError(
            f"文件已公开发布（{doc.get_state_display()}），附件“{attachment.original_name}”随文件公开，不能删除"
        )
    oplog.record(actor, "normdoc.attachment.remove", doc,
                 before={"attachment": attachment.pk, "name": attachment.original_name, "version": version.number})
    attachments.remove_attachment(actor, attachment, log=False)  # the file goes once the row is gone for good
