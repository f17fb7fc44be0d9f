"""Permission-matrix cases of 行政调解 and 行政裁决 (format: tests/matrix.py)."""

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook

from fazhi.mediation import services
from fazhi.mediation.models import AdjudicationCase, AdjudicationList, MediationCase, RegionCount
from fazhi.mediation.services import MANAGE, VIEW
from tests.matrix import RouteCase

ITEMS = "自然资源权属争议裁决｜土地管理法第十四条｜县人民政府"


def _day() -> dt.date:
    return timezone.localdate() - dt.timedelta(days=5)


def mediation(org, users, closed=False) -> dict:
    case = services.register_mediation(users.office, unit=org.justice, area="consumer", parties="矩阵当事人",
                                       summary="消费纠纷", received_on=_day())
    if closed:
        services.close_mediation(users.office, case, outcome="agreed", closed_on=_day())
    return {"pk": case.pk}


def adjudication(org, users, notified=False) -> dict:
    listing = services.publish_list(users.office, org.county, items_text=ITEMS, published_on=_day() - dt.timedelta(days=5))
    case = services.register_adjudication(users.office, unit=org.gov, item=listing.items.get(), applicant="矩阵申请人",
                                          respondent="乙", received_on=_day())
    if notified:
        services.notify_rights(users.office, case, on=_day(), notice="告知权利")
    return {"pk": case.pk}


def _sheet(org) -> SimpleUploadedFile:
    book = Workbook()
    book.active.append(["地区", "年度", "常住人口", "信访件数", "诉讼案件数"])
    book.active.append(["测试县", 2025, 250000, 120, 1875])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("数量.xlsx", buffer.getvalue())


def mediation_state(org, users, kw):
    return MediationCase.objects.get(pk=kw["pk"]).outcome, MediationCase.objects.get(pk=kw["pk"]).performance


def adjudication_state(org, users, kw):
    case = AdjudicationCase.objects.get(pk=kw["pk"])
    return case.rights_notified_on, case.decided_on


CASES = [
    RouteCase("mediation:list", "GET", make_object=lambda org, users: mediation(org, users), allowed="office",
              denied=["outsider"], hidden=lambda org, users, kw: ["矩阵当事人"]),
    RouteCase("mediation:list", "POST", label="register",
              data=lambda org, users, kw: {"unit": org.justice.pk, "area": "traffic", "parties": "甲乙", "summary": "事故",
                                           "received_on": _day().isoformat()},
              state=lambda org, users, kw: MediationCase.objects.filter(unit=org.justice).count(),
              allowed="office", denied=["outsider"], denied_status=(400,)),
    RouteCase("mediation:close", "POST", make_object=lambda org, users: mediation(org, users),
              data=lambda org, users, kw: {"outcome": "agreed", "closed_on": _day().isoformat()}, state=mediation_state,
              allowed="office", denied=["outsider"]),
    RouteCase("mediation:performance", "POST", make_object=lambda org, users: mediation(org, users, closed=True),
              data=lambda org, users, kw: {"performance": "performed", "on": _day().isoformat()}, state=mediation_state,
              allowed="office", denied=["outsider"]),
    RouteCase("mediation:lists", "GET", allowed="office", unscoped="shows and publishes the caller's own jurisdiction's lists"),
    RouteCase("mediation:lists", "POST", label="publish",
              data=lambda org, users, kw: {"items_text": ITEMS, "published_on": _day().isoformat()},
              state=lambda org, users, kw: AdjudicationList.objects.filter(jurisdiction=org.county).count(),
              allowed="office", unscoped="publishes for the caller's own jurisdiction only"),
    RouteCase("mediation:adjudications", "GET", make_object=lambda org, users: adjudication(org, users),
              allowed="office", denied=["outsider"], hidden=lambda org, users, kw: ["矩阵申请人"]),
    RouteCase("mediation:adjudications", "POST", label="register",
              make_object=lambda org, users: {"item": services.publish_list(
                  users.office, org.county, items_text=ITEMS, published_on=_day()).items.get().pk},
              data=lambda org, users, kw: {"unit": org.gov.pk, "item": kw["item"], "applicant": "甲", "respondent": "乙",
                                           "received_on": _day().isoformat()},
              state=lambda org, users, kw: AdjudicationCase.objects.filter(unit=org.gov).count(),
              allowed="office", denied=["outsider"], denied_status=(400,)),
    RouteCase("mediation:rights", "POST", make_object=lambda org, users: adjudication(org, users),
              data=lambda org, users, kw: {"on": _day().isoformat(), "notice": "告知权利"}, state=adjudication_state,
              allowed="office", denied=["outsider"]),
    RouteCase("mediation:decide", "POST", make_object=lambda org, users: adjudication(org, users, notified=True),
              data=lambda org, users, kw: {"on": _day().isoformat(), "decision": "裁决"}, state=adjudication_state,
              allowed="office", denied=["outsider"]),
    RouteCase("mediation:counts", "GET", allowed="office", unscoped="lists the caller's regions only",
              make_object=lambda org, users: {}),
    RouteCase("mediation:counts", "POST", label="import", data=lambda org, users, kw: {"file": _sheet(org)},
              state=lambda org, users, kw: RegionCount.objects.filter(region=org.county).count(),
              allowed="office", denied=["outsider"], changes=True, denied_status=(200,)),
    # ------------------------------------------------------------------------------------ API
    RouteCase("/api/mediation/cases", "GET", capability=(MANAGE, VIEW), make_object=lambda org, users: mediation(org, users),
              allowed="office", denied=["outsider"], hidden=lambda org, users, kw: ["矩阵当事人"]),
    RouteCase("/api/mediation/adjudications", "GET", capability=(MANAGE, VIEW),
              make_object=lambda org, users: adjudication(org, users), allowed="office", denied=["outsider"],
              hidden=lambda org, users, kw: ["矩阵申请人"]),
    RouteCase("/api/mediation/region-counts", "GET", capability=(MANAGE, VIEW),
              make_object=lambda org, users: {"pk": RegionCount.objects.create(
                  region=org.county, year=2025, population=250000, petitions=3, lawsuits=77).pk},
              allowed="office", denied=["outsider"], hidden=lambda org, users, kw: ["测试县"]),
]
