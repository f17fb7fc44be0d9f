"""/api/mediation/: the mediation register, adjudication cases and the 信访/诉讼 counts with 万人成讼率 (read-only).

Reading needs mediation.manage or .view; every list is limited to the caller's data scope.
"""

import datetime

from ninja import Router, Schema
from ninja.pagination import paginate

from fazhi.core.api import require_capability
from fazhi.mediation.models import AdjudicationCase, MediationCase, RegionCount
from fazhi.mediation.services import MANAGE, VIEW

router = Router(tags=["行政调解与行政裁决"])
READERS = (MANAGE, VIEW)


class MediationOut(Schema):
    id: int
    unit_id: int
    area: str
    parties: str
    received_on: datetime.date
    outcome: str
    closed_on: datetime.date | None
    performance: str


class AdjudicationOut(Schema):
    id: int
    unit_id: int
    item: str
    list_version: int
    applicant: str
    respondent: str
    received_on: datetime.date
    rights_notified_on: datetime.date | None
    decided_on: datetime.date | None

    @staticmethod
    def resolve_item(case: AdjudicationCase) -> str:
        return case.item.name

    @staticmethod
    def resolve_list_version(case: AdjudicationCase) -> int:
        return case.item.listing.version


class RegionCountOut(Schema):
    region: str
    year: int
    population: int
    petitions: int
    lawsuits: int
    lawsuits_per_10k: float | None

    @staticmethod
    def resolve_region(row: RegionCount) -> str:
        return row.region.name


@router.get("/cases", response=list[MediationOut], summary="行政调解案件")
@paginate
def list_mediations(request):
    require_capability(request, *READERS)
    return MediationCase.objects.for_user(request.user).order_by("-id")


@router.get("/adjudications", response=list[AdjudicationOut], summary="行政裁决案件")
@paginate
def list_adjudications(request):
    require_capability(request, *READERS)
    return AdjudicationCase.objects.for_user(request.user).select_related("item", "item__listing").order_by("-id")


@router.get("/region-counts", response=list[RegionCountOut], summary="信访、诉讼数量与万人成讼率")
@paginate
def list_region_counts(request):
    require_capability(request, *READERS)
    return RegionCount.objects.for_user(request.user).select_related("region").order_by("-year", "region__path")
