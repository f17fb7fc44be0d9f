"""Permission-matrix cases of 依申请公开 (format: tests/matrix.py)."""

import datetime as dt

from django.utils import timezone

from fazhi.disclosure import records, services
from fazhi.disclosure.models import DisclosureAppeal, DisclosureRequest, StaffChange, StaffMember
from fazhi.disclosure.workflow import MANAGE, VIEW
from tests.disclosure.helpers import APPLICANT, filed, step
from tests.matrix import RouteCase


def _recent() -> dt.date:
    return timezone.localdate() - dt.timedelta(days=10)


def handling(org, users) -> dict:
    case = filed(users, org.gov, _recent())
    return {"pk": case.pk, "request_id": case.pk, "number": case.case_number}


def pending(org, users) -> dict:
    case, _ = services.submit_online(unit=org.gov, **APPLICANT)
    return {"pk": case.pk}


def replied(org, users) -> dict:
    case = filed(users, org.gov, _recent())
    step(users, case, "reply", timezone.localdate(), outcome="disclosed", reply_text="现予公开。")
    return {"pk": case.pk, "kind": "reply"}


def state(org, users, kw):
    return DisclosureRequest.objects.get(pk=kw.get("pk") or kw["request_id"]).state


def gov_requests(org, users, kw):
    return DisclosureRequest.objects.filter(unit=org.gov).count()


def appeal(org, users) -> dict:
    row = records.add_appeal(users.office, unit=org.gov, kind="reconsideration", filed_on=_recent(), note="矩阵复议案")
    return {"pk": row.pk}


def member(org, users) -> dict:
    return {"pk": records.add_staff(users.office, unit=org.gov, name="矩阵人员", role="staff", since=_recent()).pk}


def hide_number(org, users, kw):
    return [kw["number"]]


NEW_REQUEST = {**APPLICANT, "channel": "in_person"}
READ = (MANAGE, VIEW)

CASES = [
    RouteCase("disclosure:list", "GET", make_object=handling, allowed="office", denied=["outsider"], hidden=hide_number),
    RouteCase("disclosure:new", "GET", allowed="office", unscoped="a blank form; it offers the caller's own units only"),
    RouteCase("disclosure:new", "POST", label="register",
              data=lambda org, users, kw: {**NEW_REQUEST, "unit": org.gov.pk, "submitted_on": _recent().isoformat()},
              state=gov_requests, allowed="office", denied=["outsider"], denied_status=(400,)),
    RouteCase("disclosure:detail", "GET", make_object=handling, allowed="office", denied=["outsider"]),
    RouteCase("disclosure:receive", "POST", make_object=pending,
              data=lambda org, users, kw: {"on": timezone.localdate().isoformat()}, state=state,
              allowed="office", denied=["outsider"]),
    RouteCase("disclosure:transition", "POST", make_object=lambda org, users: {**handling(org, users), "code": "consult"},
              data={"consult_party": "某公司"}, state=state, allowed="office", denied=["outsider"]),
    RouteCase("disclosure:letter", "GET", make_object=replied, allowed="office", denied=["outsider"]),
    RouteCase("disclosure:appeals", "GET", make_object=appeal, allowed="office", denied=["outsider"],
              hidden=lambda org, users, kw: ["矩阵复议案"]),
    RouteCase("disclosure:appeals", "POST", label="add",
              data=lambda org, users, kw: {"unit": org.gov.pk, "kind": "litigation_direct", "filed_on": _recent().isoformat(),
                                           "result": "pending"},
              state=lambda org, users, kw: DisclosureAppeal.objects.filter(unit=org.gov).count(),
              allowed="office", denied=["outsider"], denied_status=(400,)),
    RouteCase("disclosure:appeal_conclude", "POST", make_object=appeal,
              data=lambda org, users, kw: {"result": "maintained", "concluded_on": timezone.localdate().isoformat()},
              state=lambda org, users, kw: DisclosureAppeal.objects.get(pk=kw["pk"]).result,
              allowed="office", denied=["outsider"]),
    RouteCase("disclosure:staff", "GET", make_object=member, allowed="office", denied=["outsider"],
              hidden=lambda org, users, kw: ["矩阵人员"]),
    RouteCase("disclosure:staff", "POST", label="add",
              data=lambda org, users, kw: {"unit": org.gov.pk, "name": "新人", "role": "staff",
                                           "since": _recent().isoformat()},
              state=lambda org, users, kw: StaffMember.objects.filter(unit=org.gov).count(),
              allowed="office", denied=["outsider"], denied_status=(400,)),
    RouteCase("disclosure:staff_leave", "POST", make_object=member,
              state=lambda org, users, kw: StaffMember.objects.get(pk=kw["pk"]).until, allowed="office",
              denied=["outsider"]),
    RouteCase("disclosure:staff_report", "POST",
              make_object=lambda org, users: {**member(org, users), "unit_pk": org.gov.pk},
              state=lambda org, users, kw: StaffChange.objects.filter(unit=org.gov, reported_on__isnull=True).count(),
              allowed="office", denied=["outsider"]),
    RouteCase("disclosure:annual", "GET", data=lambda org, users, kw: {"unit": org.gov.pk, "year": 2025},
              allowed="office", denied=["outsider"], hidden=lambda org, users, kw: ["测试县人民政府"]),
    RouteCase("disclosure:apply", "GET", public=True),
    RouteCase("disclosure:apply", "POST", public=True, label="submit",
              data=lambda org, users, kw: {**APPLICANT, "unit": org.gov.pk}),
    # ------------------------------------------------------------------------------------ API
    RouteCase("/api/disclosure/requests", "GET", capability=READ, make_object=handling, allowed="office",
              denied=["outsider"], hidden=hide_number),
    RouteCase("/api/disclosure/requests/{request_id}", "GET", capability=READ, make_object=handling,
              allowed="office", denied=["outsider"]),
    RouteCase("/api/disclosure/requests/{request_id}/transitions/{code}", "POST", capability=READ,
              make_object=lambda org, users: {**handling(org, users), "code": "consult"},
              data={"consult_party": "某公司"}, state=state, allowed="office", denied=["outsider"]),
    RouteCase("/api/disclosure/annual-report", "GET", capability=READ,
              data=lambda org, users, kw: {"unit_id": org.gov.pk, "year": 2025}, allowed="office", denied=["outsider"]),
]
