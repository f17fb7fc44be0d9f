"""/api/litigation/: 行政应诉 cases, hearings, 司法建议 / 检察建议 and the rates, for litigation.manage holders;
records outside the caller's data scope are 404."""

import datetime
from typing import Any

from django.utils import timezone
from ninja import Body, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from fazhi.core.api import call_service, require_capability
from fazhi.core.models import Unit
from fazhi.core.scopes import get_for_user_or_404
from fazhi.litigation import rates, services
from fazhi.litigation.models import LitigationCase, Observation, State, Suggestion
from fazhi.litigation.perms import MANAGE
from fazhi.litigation.workflow import LITIGATION
from fazhi.workflow import api as workflow_api

router = Router(tags=["行政应诉"])


class CaseOut(Schema):
    id: int
    unit_id: int
    court: str
    court_number: str
    plaintiff: str
    cause: str
    case_type: str
    received_on: datetime.date
    state: str
    judgment_kind: str
    result: str
    appeal_due_on: datetime.date | None
    final_result: str


class CaseDetailOut(CaseOut):
    hearings: list[dict]
    transitions: list[dict]

    @staticmethod
    def resolve_hearings(case: LitigationCase) -> list[dict]:
        return [{"held_on": h.held_on, "attendee": h.attendee, "attendee_name": h.attendee_name}
                for h in case.hearings.all()]

    @staticmethod
    def resolve_transitions(case: LitigationCase, context) -> list[dict]:
        return workflow_api.allowed_out(context["request"].user, LITIGATION, case)


class CaseIn(Schema):
    unit_id: int
    court: str
    plaintiff: str
    cause: str
    received_on: datetime.date
    case_type: str = ""
    court_number: str = ""


class HearingIn(Schema):
    held_on: datetime.date
    attendee: str
    attendee_name: str
    absence_reason: str = ""


class SuggestionOut(Schema):
    id: int
    unit_id: int
    kind: str
    issuer: str
    subject: str
    public_interest: bool
    urgent: bool
    received_on: datetime.date
    due_on: datetime.date | None
    replied_on: datetime.date | None


class SuggestionIn(Schema):
    unit_id: int
    kind: str
    issuer: str
    subject: str
    received_on: datetime.date
    number: str = ""
    public_interest: bool = False
    urgent: bool = False
    period_count: int | None = None
    period_unit: str = ""


class ReplyIn(Schema):
    replied_on: datetime.date
    reply: str
    evidence: str = ""


class StateFilter(Schema):
    state: str = ""


@router.get("/cases", response=list[CaseOut], summary="应诉案件列表")
@paginate
def list_cases(request, filters: Query[StateFilter]):
    require_capability(request, MANAGE)
    cases = LitigationCase.objects.for_user(request.user).order_by("-received_on", "-id")
    return cases.filter(state=filters.state) if filters.state in State.values else cases


@router.get("/cases/{case_id}", response=CaseDetailOut, summary="应诉案件详情")
def get_case(request, case_id: int):
    require_capability(request, MANAGE)
    return get_for_user_or_404(LitigationCase, request.user, pk=case_id)


@router.post("/cases", response={201: CaseDetailOut}, summary="登记应诉案件")
def create_case(request, payload: CaseIn):
    require_capability(request, MANAGE)
    data = payload.dict()
    unit = get_for_user_or_404(Unit, request.user, pk=data.pop("unit_id"))
    return Status(201, call_service(services.register_case, request.user, unit=unit, **data))


@router.post("/cases/{case_id}/transitions/{code}", response=CaseDetailOut, summary="办理一个步骤")
def apply_transition(request, case_id: int, code: str, payload: dict[str, Any] = Body(default={})):  # noqa: B008
    require_capability(request, MANAGE)
    return workflow_api.run_transition(request, LITIGATION, case_id, code, payload)


@router.post("/cases/{case_id}/hearings", response={201: CaseDetailOut}, summary="登记庭审出庭情况")
def add_hearing(request, case_id: int, payload: HearingIn):
    require_capability(request, MANAGE)
    case = get_for_user_or_404(LitigationCase, request.user, pk=case_id)
    call_service(services.add_hearing, request.user, case, **payload.dict())
    return Status(201, case)


@router.get("/suggestions", response=list[SuggestionOut], summary="司法建议、检察建议列表")
@paginate
def list_suggestions(request):
    require_capability(request, MANAGE)
    return Suggestion.objects.for_user(request.user).order_by("-received_on", "-id")


@router.post("/suggestions", response={201: SuggestionOut}, summary="登记司法建议、检察建议")
def create_suggestion(request, payload: SuggestionIn):
    require_capability(request, MANAGE)
    data = payload.dict()
    unit = get_for_user_or_404(Unit, request.user, pk=data.pop("unit_id"))
    return Status(201, call_service(services.register_suggestion, request.user, unit=unit, **data))


@router.post("/suggestions/{suggestion_id}/reply", response=SuggestionOut, summary="登记回复")
def reply_suggestion(request, suggestion_id: int, payload: ReplyIn):
    require_capability(request, MANAGE)
    suggestion = get_for_user_or_404(Suggestion, request.user, pk=suggestion_id)
    return call_service(services.reply_suggestion, request.user, suggestion, **payload.dict())


class YearQuery(Schema):
    year: int = 0  # this year


@router.get("/rates", summary="负责人出庭率、一审败诉率等")
def litigation_rates(request, query: Query[YearQuery]):
    require_capability(request, MANAGE)
    year = query.year or timezone.localdate().year
    if not 2000 <= year <= 2100:
        raise HttpError(400, "年度应在2000至2100之间")
    r = rates.litigation_rates(LitigationCase.objects.for_user(request.user),
                               Observation.objects.for_user(request.user), year)
    return {"year": year, "hearings": r.hearings, "heads": r.heads, "head_rate": r.head_rate, "judged": r.judged,
            "lost": r.lost, "loss_rate": r.loss_rate,
            "units": [{"unit": u.unit, "cases": u.cases, "hearings": u.hearings, "heads": u.heads,
                       "principal": u.principal, "observations": u.observations,
                       "principal_missing": u.principal_missing, "observation_missing": u.observation_missing}
                      for u in r.units],
            "unattended_case_ids": [c.pk for c in r.unattended]}
