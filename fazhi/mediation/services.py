"""Business verbs of 行政调解 and 行政裁决."""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from fazhi.core import oplog
from fazhi.core.models import Unit, User
from fazhi.core.permissions import require, require_sees
from fazhi.mediation.models import AdjudicationCase, AdjudicationItem, AdjudicationList, Area, MediationCase

MANAGE = "mediation.manage"
VIEW = "mediation.view"


def _check(actor: User | None, unit: Unit) -> None:
    require(actor, MANAGE)
    require_sees(actor, unit)


def _not_future(on: datetime.date, what: str) -> None:
    from django.utils import timezone

    if on > timezone.localdate():
        raise ValidationError(f"{what}不能晚于今天")


# ------------------------------------------------------------------------------------------------ 行政调解


@transaction.atomic
def register_mediation(actor: User | None, *, unit: Unit, area: str, parties: str, summary: str,
                       received_on: datetime.date) -> MediationCase:
    _check(actor, unit)
    if area not in Area.values:
        raise ValidationError("请选择纠纷领域")
    if not parties.strip() or not summary.strip():
        raise ValidationError("请填写当事人和纠纷概要")
    _not_future(received_on, "受理日期")
    case = MediationCase.objects.create(unit=unit, area=area, parties=parties.strip(), summary=summary.strip(),
                                        received_on=received_on)
    oplog.record(actor, "mediation.register", case, after={"area": area})
    return case


@transaction.atomic
def close_mediation(actor: User | None, case: MediationCase, *, outcome: str, closed_on: datetime.date) -> MediationCase:
    _check(actor, case.unit)
    if case.outcome:
        raise ValidationError("该调解已办结")
    if outcome not in MediationCase.Outcome.values:
        raise ValidationError("请选择调解结果")
    if closed_on < case.received_on:
        raise ValidationError("办结日期不能早于受理日期")
    _not_future(closed_on, "办结日期")
    case.outcome, case.closed_on = outcome, closed_on
    case.save(update_fields=["outcome", "closed_on"])
    oplog.record(actor, "mediation.close", case, after={"outcome": outcome})
    return case


@transaction.atomic
def record_performance(actor: User | None, case: MediationCase, *, performance: str,
                       on: datetime.date) -> MediationCase:
    """How the parties performed the agreement (only a mediation that reached one)."""
    _check(actor, case.unit)
    if case.outcome != MediationCase.Outcome.AGREED:
        raise ValidationError("只有达成调解协议的案件登记协议履行情况")
    if performance not in MediationCase.Performance.values:
        raise ValidationError("请选择履行情况")
    if on < case.closed_on:
        raise ValidationError("履行情况登记日期不能早于办结日期")
    _not_future(on, "登记日期")
    before = {"performance": case.performance}
    case.performance, case.performance_on = performance, on
    case.save(update_fields=["performance", "performance_on"])
    oplog.record(actor, "mediation.performance", case, before=before, after={"performance": performance})
    return case


# ------------------------------------------------------------------------------------------------ 行政裁决

_SEPARATOR = re.compile(r"\s*[|｜\t]\s*")


@transaction.atomic
def publish_list(actor: User | None, jurisdiction: Unit, *, items_text: str, published_on: datetime.date,
                 note: str = "") -> AdjudicationList:
    """Publish a new version of the jurisdiction's 行政裁决事项清单; one line per item: 名称｜设定依据｜实施机关.
    Earlier versions stay: a case keeps the item of the version in force when it was received."""
    _check(actor, jurisdiction)
    if not jurisdiction.is_region:
        raise ValidationError(f"“{jurisdiction.name}”不是行政区，清单按行政区公布")
    rows, problems = [], []
    for number, line in enumerate((ln for ln in items_text.splitlines() if ln.strip()), start=1):
        parts = _SEPARATOR.split(line.strip())
        if len(parts) != 3 or not all(parts):
            problems.append(f"第{number}项“{line.strip()[:30]}”应为“名称｜设定依据｜实施机关”")
        else:
            rows.append(parts)
    if problems or not rows:
        raise ValidationError(problems or ["清单至少要有一项"])
    _not_future(published_on, "公布日期")
    last = AdjudicationList.objects.filter(jurisdiction=jurisdiction).aggregate(v=Max("version"), d=Max("published_on"))
    if last["d"] and published_on < last["d"]:
        raise ValidationError(f"公布日期不能早于上一版的公布日期（{last['d']:%Y-%m-%d}）")
    listing = AdjudicationList.objects.create(jurisdiction=jurisdiction, version=(last["v"] or 0) + 1,
                                              published_on=published_on, note=note.strip())
    AdjudicationItem.objects.bulk_create(
        AdjudicationItem(listing=listing, number=n, name=name, basis=basis, agency=agency)
        for n, (name, basis, agency) in enumerate(rows, start=1))
    oplog.record(actor, "mediation.list_publish", listing, after={"version": listing.version, "items": len(rows)})
    return listing


def list_in_force(jurisdiction: Unit, on: datetime.date) -> AdjudicationList | None:
    return (AdjudicationList.objects.filter(jurisdiction=jurisdiction, published_on__lte=on)
            .order_by("-version").first())


@transaction.atomic
def register_adjudication(actor: User | None, *, unit: Unit, item: AdjudicationItem, applicant: str, respondent: str,
                          received_on: datetime.date) -> AdjudicationCase:
    """A 行政裁决 application on an item of the list in force for the unit's jurisdiction on the day received."""
    _check(actor, unit)
    _not_future(received_on, "受理日期")
    listing = list_in_force(unit.jurisdiction(), received_on)
    if listing is None or item.listing_id != listing.pk:
        shown = f"第{listing.version}版" if listing else "（尚未公布）"
        raise ValidationError(f"“{item.name}”不在{received_on:%Y-%m-%d}施行的行政裁决事项清单{shown}中")
    if not applicant.strip() or not respondent.strip():
        raise ValidationError("请填写申请人和被申请人")
    case = AdjudicationCase.objects.create(unit=unit, item=item, applicant=applicant.strip(),
                                           respondent=respondent.strip(), received_on=received_on)
    oplog.record(actor, "mediation.adjudication_register", case, after={"item": item.name})
    return case


@transaction.atomic
def notify_rights(actor: User | None, case: AdjudicationCase, *, on: datetime.date, notice: str) -> AdjudicationCase:
    """Record the 权利告知 to the parties (申请回避、陈述申辩、听证 and 救济途径 …), what was said and when."""
    _check(actor, case.unit)
    if not notice.strip():
        raise ValidationError("请填写告知内容")
    if on < case.received_on:
        raise ValidationError("告知日期不能早于受理日期")
    _not_future(on, "告知日期")
    case.rights_notified_on, case.rights_notice = on, notice.strip()
    case.save(update_fields=["rights_notified_on", "rights_notice"])
    oplog.record(actor, "mediation.rights_notice", case, after={"on": on})
    return case


@transaction.atomic
def decide(actor: User | None, case: AdjudicationCase, *, on: datetime.date, decision: str) -> AdjudicationCase:
    _check(actor, case.unit)
    if case.rights_notified_on is None:
        raise ValidationError("作出裁决前应当告知当事人依法享有的权利，请先登记权利告知")
    if case.decided_on is not None:
        raise ValidationError("该案件已作出裁决")
    if on < case.rights_notified_on:
        raise ValidationError("裁决日期不能早于权利告知日期")
    if not decision.strip():
        raise ValidationError("请填写裁决结果")
    _not_future(on, "裁决日期")
    case.decided_on, case.decision = on, decision.strip()
    case.save(update_fields=["decided_on", "decision"])
    oplog.record(actor, "mediation.decide", case, after={"on": on})
    return case
