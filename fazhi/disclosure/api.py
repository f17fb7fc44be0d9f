"""/api/disclosure/: requests (list, one with its clock and steps, a step), and the annual report tables.

Reading needs disclosure.manage or .view; a request outside the caller's data scope is 404; a step is a POST
of the same fields as the page's form, refused with 400 and the Chinese reasons.
"""

import datetime
from typing import Any

from ninja import Body, Query, Router, Schema
from ninja.pagination import paginate

from fazhi.core import edge
from fazhi.core.api import require_capability
from fazhi.core.models import Unit
from fazhi.core.scopes import get_for_user_or_404
from fazhi.disclosure import report
from fazhi.disclosure.models import DisclosureRequest, State
from fazhi.disclosure.workflow import MANAGE, REQUEST, VIEW
from fazhi.workflow import api as workflow_api
from fazhi.workflow.clocks import clock_of

router = Router(tags=["依申请公开"])
READERS = (MANAGE, VIEW)


class RequestOut(Schema):
    id: int
    case_number: str
    unit_id: int
    applicant_kind: str
    applicant_name: str
    channel: str
    submitted_on: datetime.date
    received_on: datetime.date | None
    due_on: datetime.date | None
    state: str
    outcome: str
    closed_on: datetime.date | None


class RequestDetailOut(RequestOut):
    content: str
    clock_trace: list[str]
    transitions: list[dict]

    @staticmethod
    def resolve_clock_trace(case: DisclosureRequest) -> list[str]:
        clock = clock_of(case, "reply")
        return list(clock.trace) if clock else []

    @staticmethod
    def resolve_transitions(case: DisclosureRequest, context) -> list[dict]:
        return workflow_api.allowed_out(context["request"].user, REQUEST, case)


class RequestFilter(Schema):
    state: str = ""
    q: str = ""


@router.get("/requests", response=list[RequestOut])
@paginate
def list_requests(request, filters: Query[RequestFilter]):
    require_capability(request, *READERS)
    rows = DisclosureRequest.objects.for_user(request.user).order_by("-id")
    if filters.state in State.values:
        rows = rows.filter(state=filters.state)
    if filters.q:
        rows = rows.filter(case_number__icontains=filters.q) | rows.filter(applicant_name__icontains=filters.q)
    return rows


@router.get("/requests/{request_id}", response=RequestDetailOut)
def get_request(request, request_id: int):
    require_capability(request, *READERS)
    return get_for_user_or_404(DisclosureRequest, request.user, pk=request_id)


@router.post("/requests/{request_id}/transitions/{code}", response=RequestDetailOut)
def apply_transition(request, request_id: int, code: str, payload: dict[str, Any] = Body(default={})):  # noqa: B008
    """Apply a step (receive, correct, corrected, consult, consulted, extend, delay, reply, lapse)."""
    require_capability(request, *READERS)
    return workflow_api.run_transition(request, REQUEST, request_id, code, payload)


@router.get("/annual-report", summary="政府信息公开工作年度报告表格（表三、表四、纠纷发生率与纠错率）")
def annual_report(request, unit_id: int = Query(..., ge=1, le=edge.MAX_INT),  # noqa: B008
                  year: int = Query(..., ge=2000, le=2999)):  # noqa: B008
    require_capability(request, *READERS)
    unit = get_for_user_or_404(Unit, request.user, pk=unit_id)
    due, source = report.due_date(unit, year)
    return {
        "unit": unit.name, "year": year, "due": due, "due_source": source,
        "requests": [{"label": line.label, "counts": line.counts} for line in report.request_table(unit, year)
                     if not line.heading],
        "appeals": report.appeal_table(unit, year), "rates": report.dispute_rates(unit, year),
    }
