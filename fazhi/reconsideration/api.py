"""/api/reconsideration/: 行政复议 cases (office entry, the same steps as the pages) and the 纠错 report.

Every route needs reconsideration.manage; a case outside the caller's data scope is 404.
"""

import datetime
from typing import Any

from django.utils import timezone
from ninja import Body, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from fazhi.core.api import call_service, require_capability
from fazhi.core.models import Unit
from fazhi.core.scopes import get_for_user_or_404
from fazhi.reconsideration import reports, services
from fazhi.reconsideration.models import ReconsiderationCase, State
from fazhi.reconsideration.perms import MANAGE
from fazhi.reconsideration.workflow import RECON
from fazhi.workflow import api as workflow_api
from fazhi.workflow import clocks

router = Router(tags=["行政复议"])


class CaseOut(Schema):
    id: int
    case_number: str
    organ_id: int
    applicant_name: str
    respondent: str
    channel: str
    received_on: datetime.date
    state: str
    procedure: str
    accepted_on: datetime.date | None
    decision_due_on: datetime.date | None
    decided_on: datetime.date | None
    outcome: str
    period_warning: str


class ClockOut(Schema):
    kind: str
    state: str
    due_on: datetime.date | None
    story: str


class CaseDetailOut(CaseOut):
    act: str
    request: str
    clocks: list[ClockOut]
    transitions: list[dict]

    @staticmethod
    def resolve_clocks(case: ReconsiderationCase) -> list[dict]:
        return [{"kind": c.kind, "state": c.state, "due_on": c.due_on, "story": clocks.story(c)}
                for c in clocks.clocks_of(case)]

    @staticmethod
    def resolve_transitions(case: ReconsiderationCase, context) -> list[dict]:
        return workflow_api.allowed_out(context["request"].user, RECON, case)


class CaseIn(Schema):
    organ_id: int
    channel: str = "paper"
    received_on: datetime.date
    applicant_name: str
    applicant_kind: str = "person"
    applicant_contact: str = ""
    respondent: str
    act: str
    request: str
    facts: str = ""
    knew_act_on: datetime.date
    told_of_right: bool = True
    knew_right_on: datetime.date | None = None
    act_made_on: datetime.date | None = None
    real_property: bool = False


class CaseFilter(Schema):
    q: str = ""
    state: str = ""


@router.get("/cases", response=list[CaseOut], summary="复议案件列表")
@paginate
def list_cases(request, filters: Query[CaseFilter]):
    require_capability(request, MANAGE)
    cases = ReconsiderationCase.objects.for_user(request.user).order_by("-received_on", "-id")
    if filters.q:
        cases = cases.filter(applicant_name__icontains=filters.q[:100]) | cases.filter(case_number=filters.q[:60])
    if filters.state in State.values:
        cases = cases.filter(state=filters.state)
    return cases


@router.get("/cases/{case_id}", response=CaseDetailOut, summary="复议案件详情（含期限与可办理步骤）")
def get_case(request, case_id: int):
    require_capability(request, MANAGE)
    return get_for_user_or_404(ReconsiderationCase, request.user, pk=case_id)


@router.post("/cases", response={201: CaseDetailOut}, summary="登记书面复议申请")
def create_case(request, payload: CaseIn):
    require_capability(request, MANAGE)
    data = payload.dict()
    organ = get_for_user_or_404(Unit, request.user, pk=data.pop("organ_id"))
    filed = call_service(services.file_application, request.user, organ=organ, **data)
    return Status(201, filed.case)


@router.post("/cases/{case_id}/transitions/{code}", response=CaseDetailOut, summary="办理一个步骤")
def apply_transition(request, case_id: int, code: str, payload: dict[str, Any] = Body(default={})):  # noqa: B008
    """The body holds the step's fields (on, reason, procedure, outcome …), as the case page's form."""
    require_capability(request, MANAGE)
    return workflow_api.run_transition(request, RECON, case_id, code, payload)


class CorrectionQuery(Schema):
    year: int = 0  # this year
    quarter: int = 0  # this quarter
    outcomes: list[str] = []


@router.get("/reports/correction", summary="季度复议纠错情况")
def correction_report(request, query: Query[CorrectionQuery]):
    require_capability(request, MANAGE)
    today = timezone.localdate()
    year, quarter = query.year or today.year, query.quarter or (today.month - 1) // 3 + 1
    if not (2000 <= year <= 2100 and 1 <= quarter <= 4):
        raise HttpError(400, "年度应在2000至2100之间，季度应为1至4")
    period = reports.quarter(year, quarter)
    rows, total = reports.correction_report(ReconsiderationCase.objects.for_user(request.user), period,
                                            reports.parse_outcomes(query.outcomes))
    return {"period": period.label, "rows": [dict(r.__dict__, rate=r.rate) for r in rows],
            "total": dict(total.__dict__, rate=total.rate)}
