"""/api/normdocs/: normative documents, their lifecycle transitions (the same gates as the pages) and rates.

Reading needs one of normdocs.draft / .review / .manage; a document outside the caller's data scope is
404. A transition is a POST of the same fields as the page's form; a refusal is 400 with the reasons.
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.urls import reverse
from ninja import Body, File, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.pagination import paginate

from fazhi.core import capabilities as cap
from fazhi.core.api import call_service, refuse_invalid, require_capability
from fazhi.core.models import Attachment, Unit
from fazhi.core.scopes import get_for_user_or_404
from fazhi.normdocs import services, workflow
from fazhi.normdocs.models import DocType, NormativeDocument, State
from fazhi.normdocs.rates import normdoc_rates
from fazhi.normdocs.status import status_on
from fazhi.workflow import api as workflow_api

router = Router(tags=["行政规范性文件"])
router.add_router("/time-limits", "fazhi.normdocs.rules_api.router")  # the office's time-limit rules

READERS = (cap.DRAFT_NORMDOCS, cap.REVIEW_NORMDOCS, cap.MANAGE_NORMDOCS)
WRITERS = (cap.DRAFT_NORMDOCS, cap.MANAGE_NORMDOCS)


class DocumentOut(Schema):
    id: int
    title: str
    doc_number: str
    registration_number: str
    issuer_id: int
    issuer: str
    doc_type: str
    market_related: bool
    state: str
    state_label: str
    validity: str
    written_on: datetime.date | None
    published_on: datetime.date | None
    effective_on: datetime.date | None
    valid_until: datetime.date | None
    filing_due_on: datetime.date | None
    filed_on: datetime.date | None

    @staticmethod
    def resolve_issuer(doc: NormativeDocument) -> str:
        return doc.issuer.name

    @staticmethod
    def resolve_state_label(doc: NormativeDocument) -> str:
        return doc.get_state_display()

    @staticmethod
    def resolve_validity(doc: NormativeDocument) -> str:
        return status_on(doc) if doc.is_public else ""


class VersionOut(Schema):
    number: int
    version_date: datetime.date
    change_note: str
    text: str


class AttachmentOut(Schema):
    id: int
    name: str
    version: int
    size: int | None
    uploaded_at: datetime.datetime
    download: str

    @staticmethod
    def resolve_name(a: Attachment) -> str:
        return a.original_name

    @staticmethod
    def resolve_version(a: Attachment) -> int:
        return a.version_number  # NormativeDocument.all_attachments() annotates it

    @staticmethod
    def resolve_size(a: Attachment) -> int | None:
        return a.size or None  # 0: the stored file had gone missing when it moved onto core attachments

    @staticmethod
    def resolve_download(a: Attachment) -> str:
        return reverse("core:attachment", args=[a.token])


class TransitionOut(Schema):
    code: str
    label: str
    target: str
    fields: list[dict]


class DocumentDetailOut(DocumentOut):
    text: str
    versions: list[VersionOut]
    attachments: list[AttachmentOut]
    transitions: list[TransitionOut]
    warnings: list[str] = []  # advice from the step just applied (e.g. 送审时间不足5个工作日)

    @staticmethod
    def resolve_warnings(doc: NormativeDocument) -> list[str]:
        return list(getattr(doc, "step_warnings", []))

    @staticmethod
    def resolve_text(doc: NormativeDocument) -> str:
        version = doc.current_version()
        return version.text if version else ""

    @staticmethod
    def resolve_versions(doc: NormativeDocument) -> list:
        return list(doc.versions.order_by("number"))

    @staticmethod
    def resolve_attachments(doc: NormativeDocument) -> list:
        return list(doc.all_attachments())

    @staticmethod
    def resolve_transitions(doc: NormativeDocument, context) -> list[dict]:
        return workflow_api.allowed_out(context["request"].user, workflow.NORMDOC, doc)


class DocumentIn(Schema):
    title: str
    issuer_id: int
    text: str
    doc_type: str = DocType.NORMATIVE
    market_related: bool = False
    doc_number: str = ""
    written_on: datetime.date | None = None


class DocumentFilter(Schema):
    q: str = ""
    state: str = ""


@router.get("/documents", response=list[DocumentOut])
@paginate
def list_documents(request, filters: Query[DocumentFilter]):
    require_capability(request, *READERS)
    docs = NormativeDocument.objects.for_user(request.user).select_related("issuer").order_by("-id")
    if filters.q:
        docs = docs.filter(title__icontains=filters.q)
    if filters.state in State.values:
        docs = docs.filter(state=filters.state)
    return docs


@router.get("/documents/{doc_id}", response=DocumentDetailOut)
def get_document(request, doc_id: int):
    require_capability(request, *READERS)
    return get_for_user_or_404(NormativeDocument.objects.select_related("issuer"), request.user, pk=doc_id)


@router.post("/documents", response={201: DocumentDetailOut})
def create_document(request, payload: DocumentIn):
    require_capability(request, *WRITERS)
    issuer = get_for_user_or_404(Unit, request.user, pk=payload.issuer_id)
    data = payload.dict()
    data.pop("issuer_id")
    try:
        doc = services.create_document(request.user, issuer=issuer, **data)
    except ValidationError as exc:
        refuse_invalid(exc)
    return Status(201, doc)


@router.post("/documents/{doc_id}/transitions/{code}", response=DocumentDetailOut)
def apply_transition(request, doc_id: int, code: str, payload: dict[str, Any] = Body(default={})):  # noqa: B008
    """Apply a lifecycle step; the body holds the step's fields (on, reason, consultation_end …)."""
    require_capability(request, *READERS)
    return workflow_api.run_transition(request, workflow.NORMDOC, doc_id, code, payload)


@router.get("/documents/{doc_id}/attachments", response=list[AttachmentOut], summary="附件列表")
def list_attachments(request, doc_id: int):
    require_capability(request, *READERS)
    return get_for_user_or_404(NormativeDocument, request.user, pk=doc_id).all_attachments()


@router.post("/documents/{doc_id}/attachments", response={201: AttachmentOut}, summary="上传附件（当前版本）")
def upload_attachment(request, doc_id: int, file: UploadedFile = File(...)):  # noqa: B008
    """Multipart field `file`: docx, pdf, xlsx, ofd, images …, checked by type, size and content."""
    require_capability(request, *WRITERS)
    doc = get_for_user_or_404(NormativeDocument, request.user, pk=doc_id)
    attachment = call_service(services.add_attachment, request.user, doc, file)
    return Status(201, doc.all_attachments().get(pk=attachment.pk))


@router.delete("/documents/{doc_id}/attachments/{attachment_id}", response={204: None}, summary="删除附件（未发布时）")
def remove_attachment(request, doc_id: int, attachment_id: int):
    require_capability(request, *WRITERS)
    doc = get_for_user_or_404(NormativeDocument, request.user, pk=doc_id)
    attachment = doc.all_attachments().filter(pk=attachment_id).first()
    if attachment is None:
        raise HttpError(404, "附件不存在")
    call_service(services.remove_attachment, request.user, attachment)
    return Status(204, None)


class RatesOut(Schema):
    unit: str
    start: datetime.date
    end: datetime.date
    figures: dict


@router.get("/rates", response=RatesOut)
def rates(request, unit_id: int, start: datetime.date, end: datetime.date):
    """合法性审核率、报备率、报备及时率、规范率、备案纠错率 of a unit (with its subtree) for [start, end]."""
    require_capability(request, cap.MANAGE_NORMDOCS, cap.REVIEW_NORMDOCS, cap.VIEW_DASHBOARD)
    unit = get_for_user_or_404(Unit, request.user, pk=unit_id)
    if end < start:
        raise HttpError(400, "结束日期不能早于开始日期")
    return {"unit": unit.name, "start": start, "end": end, "figures": normdoc_rates(unit, start, end)}
