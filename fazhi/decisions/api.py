"""/api/decisions/: catalogues, decisions and their steps (the same gates as the pages), comments, rates, and the
procedure sets (`procedure_sets_api`).

Reading needs one of the module's capabilities; a record outside the caller's data scope is 404. A step
is a POST of the same fields as the page's form; a refusal is 400 with the reasons in Chinese.
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from ninja import Body, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from fazhi.core import capabilities as cap
from fazhi.core.api import call_service, refuse_invalid, require_capability
from fazhi.core.models import Unit
from fazhi.core.scopes import get_for_user_or_404
from fazhi.decisions import catalogue as catalogue_flow
from fazhi.decisions import rates as decision_rates
from fazhi.decisions import services, workflow
from fazhi.decisions.capabilities import MANAGE_DECISIONS, REVIEW_DECISIONS, UNDERTAKE_DECISIONS
from fazhi.decisions.models import Catalogue, Decision, PublicComment
from fazhi.workflow import api as workflow_api

router = Router(tags=["重大行政决策"])
router.add_router("/procedure-sets", "fazhi.decisions.procedure_sets_api.router")  # the office's procedure sets

READERS = (MANAGE_DECISIONS, UNDERTAKE_DECISIONS, REVIEW_DECISIONS)
WORKERS = (UNDERTAKE_DECISIONS, MANAGE_DECISIONS)


class CatalogueOut(Schema):
    id: int
    body: str
    year: int
    state: str
    version: int
    publish_by: datetime.date | None
    first_published_on: datetime.date | None
    public_ref: str

    @staticmethod
    def resolve_body(c: Catalogue) -> str:
        return c.body.name


class CatalogueIn(Schema):
    body_id: int
    year: int
    publish_by: datetime.date | None = None


class EntryIn(Schema):
    title: str
    lead_unit_id: int
    category: str = "policy"
    planned: str = ""
    procedures: list[str] = []
    market_related: bool = False


class EntryOut(Schema):
    id: int
    title: str
    lead_unit_id: int
    category: str
    procedures: list[str]
    withdrawn: bool
    added_in_version: int


class DecisionOut(Schema):
    id: int
    title: str
    body: str
    lead_unit: str
    state: str
    state_label: str
    round: int
    procedures: list[str]
    started_on: datetime.date
    comment_end: datetime.date | None
    review_due_on: datetime.date | None
    review_outcome: str
    decided_on: datetime.date | None
    published_on: datetime.date | None
    public_ref: str

    @staticmethod
    def resolve_body(d: Decision) -> str:
        return d.body.name

    @staticmethod
    def resolve_lead_unit(d: Decision) -> str:
        return d.lead_unit.name

    @staticmethod
    def resolve_state_label(d: Decision) -> str:
        return d.get_state_display()


class DecisionDetailOut(DecisionOut):
    draft: str
    adoption: str
    dissent: str
    transitions: list[dict]

    @staticmethod
    def resolve_transitions(d: Decision, context) -> list[dict]:
        return workflow_api.allowed_out(context["request"].user, workflow.DECISION, d)


class CommentOut(Schema):
    id: int
    name: str
    text: str
    submitted_at: datetime.datetime
    handling: str
    reply: str


class HandleIn(Schema):
    handling: str
    reply: str = ""


class DecisionFilter(Schema):
    state: str | None = None
    q: str | None = None


class RateOut(Schema):
    label: str
    numerator: int
    denominator: int
    value: float | None


@router.get("/catalogues", response=list[CatalogueOut])
@paginate
def list_catalogues(request):
    require_capability(request, MANAGE_DECISIONS)
    return Catalogue.objects.for_user(request.user).select_related("body")


@router.post("/catalogues", response={201: CatalogueOut})
def create_catalogue(request, payload: CatalogueIn):
    require_capability(request, MANAGE_DECISIONS)
    body = get_for_user_or_404(Unit, request.user, pk=payload.body_id)
    found = call_service(services.create_catalogue, request.user, body=body, year=payload.year,
                         publish_by=payload.publish_by)
    return Status(201, found)


@router.post("/catalogues/{catalogue_id}/entries", response={201: EntryOut})
def add_entry(request, catalogue_id: int, payload: EntryIn):
    require_capability(request, MANAGE_DECISIONS)
    found = get_for_user_or_404(Catalogue, request.user, pk=catalogue_id)
    unit = get_for_user_or_404(Unit, request.user, pk=payload.lead_unit_id)
    data = payload.dict(exclude={"lead_unit_id"})
    return Status(201, call_service(services.add_entry, request.user, found, lead_unit=unit, **data))


@router.post("/catalogues/{catalogue_id}/transitions/{code}", response=CatalogueOut)
def catalogue_transition(request, catalogue_id: int, code: str, payload: dict[str, Any] = Body(default={})):  # noqa: B008
    require_capability(request, MANAGE_DECISIONS)
    return workflow_api.run_transition(request, catalogue_flow.CATALOGUE, catalogue_id, code, payload)


@router.post("/catalogues/{catalogue_id}/entries/{entry_id}/start", response={201: DecisionOut})
def start_decision(request, catalogue_id: int, entry_id: int):
    require_capability(request, MANAGE_DECISIONS)
    found = get_for_user_or_404(Catalogue, request.user, pk=catalogue_id)
    entry = found.entries.filter(pk=entry_id).first()
    if entry is None:
        raise HttpError(404, "未找到该目录事项")
    return Status(201, call_service(services.start_decision, request.user, entry))


@router.get("/decisions", response=list[DecisionOut])
@paginate
def list_decisions(request, filters: Query[DecisionFilter]):
    require_capability(request, *READERS)
    found = Decision.objects.for_user(request.user).select_related("body", "lead_unit")
    if filters.state:
        found = found.filter(state=filters.state)
    if filters.q:
        found = found.filter(title__contains=filters.q)
    return found


@router.get("/decisions/{decision_id}", response=DecisionDetailOut)
def get_decision(request, decision_id: int):
    require_capability(request, *READERS)
    return get_for_user_or_404(Decision.objects.select_related("body", "lead_unit"), request.user, pk=decision_id)


@router.post("/decisions/{decision_id}/transitions/{code}", response=DecisionDetailOut)
def decision_transition(request, decision_id: int, code: str, payload: dict[str, Any] = Body(default={})):  # noqa: B008
    require_capability(request, *READERS)
    return workflow_api.run_transition(request, workflow.DECISION, decision_id, code, payload)


@router.get("/decisions/{decision_id}/comments", response=list[CommentOut])
def list_comments(request, decision_id: int):
    require_capability(request, *READERS)
    return get_for_user_or_404(Decision, request.user, pk=decision_id).comments.all()


@router.post("/decisions/{decision_id}/comments/{comment_id}", response=CommentOut)
def handle_comment(request, decision_id: int, comment_id: int, payload: HandleIn):
    require_capability(request, *WORKERS)
    decision = get_for_user_or_404(Decision, request.user, pk=decision_id)
    comment = PublicComment.objects.filter(decision=decision, pk=comment_id).first()
    if comment is None:
        raise HttpError(404, "未找到该意见")
    return call_service(services.handle_comment, request.user, comment, handling=payload.handling, reply=payload.reply)


@router.get("/rates", response=dict[str, RateOut])
def rates(request, unit_id: int, year: int):
    require_capability(request, cap.VIEW_DASHBOARD)
    region = get_for_user_or_404(Unit, request.user, pk=unit_id)
    if region.kind != Unit.Kind.REGION:
        refuse_invalid(ValidationError("请选择行政区"))
    if not 2000 <= year <= 2100:
        refuse_invalid(ValidationError("年度无效"))
    return {code: {"label": r.label, "numerator": r.numerator, "denominator": r.denominator, "value": r.value}
            for code, r in decision_rates.decision_rates(region, year).items()}
