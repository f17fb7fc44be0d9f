"""The verbs of 行政复议: file an application (online or at the office), run a step, record what follows.

Steps of the case run through the kernel's engine (`transition`); the rest are plain services, each
one transaction with one operation-log row.
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.core import attachments, oplog
from fazhi.core.models import Unit
from fazhi.core.permissions import require, require_sees
from fazhi.deadlines import statutory
from fazhi.reconsideration.models import (
    DECISION_OUTCOMES,
    LAPSING_GROUNDS,
    Channel,
    IncidentalReview,
    Performance,
    ReconsiderationCase,
    State,
)
from fazhi.reconsideration.perms import MANAGE
from fazhi.reconsideration.workflow import RECON
from fazhi.workflow import engine, public
from fazhi.workflow.clocks import clock_of

# 案号 "FY-2026-000012" (the kernel's series per prefix and year).
CASE_PREFIX = getattr(settings, "FAZHI_RECONSIDERATION_PREFIX", "FY")
CASE_FIELDS = ["state", "procedure", "outcome", "received_on", "channel", "applicant_name", "respondent",
               "published_on", "performance", "performed_on"]


def _fmt(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def public_organs():
    """The bodies an applicant may address online: governments above the town (第二十四条)."""
    return Unit.objects.filter(kind=Unit.Kind.GOVERNMENT, is_active=True).exclude(level="town").order_by("path")


# --------------------------------------------------------------------------------------------- intake

def application_period_warning(*, received_on: datetime.date, knew_act_on: datetime.date,
                               told_of_right: bool = True, knew_right_on: datetime.date | None = None,
                               act_made_on: datetime.date | None = None, real_property: bool = False) -> str:
    """第二十条、第二十一条 checked: '' when in time, else a warning that names the last day and why.

    Not a refusal: 不可抗力 or another 正当理由 extends the period (第二十条第二款), which only the
    office can judge, so the office decides with the warning in front of it.
    """
    from fazhi.core.calendar import get_calendar

    if knew_act_on > received_on:
        raise ValidationError("知道行政行为的日期不能晚于收到申请的日期")
    if act_made_on and act_made_on > knew_act_on:
        raise ValidationError("行政行为作出日期不能晚于知道该行政行为的日期")
    untold_from = None if told_of_right else (knew_right_on or received_on)
    result = statutory.reconsideration_application_due(get_calendar(), knew_act_on, knew_right_on=untold_from,
                                                       act_made_on=act_made_on, real_property=real_property)
    if received_on <= result.date:
        return ""
    return (f"申请可能超过法定申请期限：{result.description}的最后一日为{_fmt(result.date)}，"
            f"{_fmt(received_on)}收到申请。请核实申请人是否因不可抗力或者其他正当理由耽误期限（第二十条第二款），"
            f"再作出受理或者不予受理决定。")


@dataclasses.dataclass
class Filed:
    case: ReconsiderationCase
    code: str  # the verification code, shown to the applicant once


def _throttle(ip: str | None, now: datetime.datetime) -> None:
    limit = getattr(settings, "FAZHI_PUBLIC_APPLICATIONS_PER_HOUR", 5)
    recent = ReconsiderationCase.objects.filter(submitted_ip=ip, created_at__gte=now - datetime.timedelta(hours=1))
    if ip and recent.count() >= limit:
        raise ValidationError("同一网络地址提交申请过于频繁，请一小时后再试，或者到复议机关当面递交。")


TEXT_LIMITS = {"applicant_name": 100, "applicant_contact": 100, "respondent": 200, "act": 4000, "request": 4000,
               "facts": 10000}


@transaction.atomic
def file_application(actor, *, organ: Unit, channel: str, received_on: datetime.date, applicant_name: str,
                     respondent: str, act: str, request: str, knew_act_on: datetime.date, applicant_kind: str = "person",
                     applicant_contact: str = "", facts: str = "", told_of_right: bool = True,
                     knew_right_on: datetime.date | None = None, act_made_on: datetime.date | None = None,
                     real_property: bool = False, respondent_unit: Unit | None = None, ip: str | None = None) -> Filed:
    """An application, received: the case, its number and code, and the acceptance review's clock.

    `actor` None is the public page (channel 网上申请, throttled per address); an office user enters a
    paper, mailed or oral application with the day it arrived. An application lodged with the agency that
    imposed a 当场 or 电子技术监控 penalty (channel 转送, 第三十二条) is entered with the day that agency
    received it: the agency's 5-working-day forwarding clock starts then, and the review once it is forwarded
    and received (steps `forward`, `receive`).
    """
    now = timezone.now()
    if actor is None:
        channel, received_on = Channel.ONLINE, timezone.localdate()
        _throttle(ip, now)
    else:
        require(actor, MANAGE)
        require_sees(actor, organ)
        if received_on > timezone.localdate():
            raise ValidationError("收到申请日期不能晚于今天")
    texts = {"applicant_name": applicant_name, "applicant_contact": applicant_contact, "respondent": respondent,
             "act": act, "request": request, "facts": facts}
    problems = [f"{ReconsiderationCase._meta.get_field(k).verbose_name}过长（不超过{TEXT_LIMITS[k]}字）"
                for k, v in texts.items() if len(v or "") > TEXT_LIMITS[k]]
    problems += [f"请填写{ReconsiderationCase._meta.get_field(k).verbose_name}"
                 for k in ("applicant_name", "respondent", "act", "request") if not (texts[k] or "").strip()]
    if channel not in Channel.values:
        problems.append("申请方式无效")
    if applicant_kind not in ("person", "org"):
        problems.append("申请人类型无效")
    if problems:
        raise ValidationError(problems)
    warning = application_period_warning(received_on=received_on, knew_act_on=knew_act_on, told_of_right=told_of_right,
                                         knew_right_on=knew_right_on, act_made_on=act_made_on,
                                         real_property=real_property)
    case = ReconsiderationCase.objects.create(
        organ=organ, channel=channel, received_on=received_on, submitted_ip=ip,
        state=State.FORWARDING if channel == Channel.FORWARDED else State.REVIEWING,
        applicant_kind=applicant_kind, period_warning=warning, respondent_unit=respondent_unit,
        knew_act_on=knew_act_on, told_of_right=told_of_right, knew_right_on=knew_right_on, act_made_on=act_made_on,
        real_property=real_property, **{k: (v or "").strip() for k, v in texts.items()},
    )
    oplog.record(actor, "reconsideration.file", case, after=oplog.snapshot(case, CASE_FIELDS))
    code = public.issue_public_number(actor, case, CASE_PREFIX, unit=organ, year=received_on.year)
    first = "lodge" if case.state == State.FORWARDING else "receive"
    case = engine.run(actor, RECON, case, first, {"on": received_on})
    return Filed(case, code)


@transaction.atomic
def attach_materials(actor, case: ReconsiderationCase, uploads: list, title: str = "") -> int:
    """申请材料 and 证据 on the case (kernel attachments, slot "materials"); the public page's upload has no actor."""
    if actor is not None:
        _check(actor, case)
    if not uploads:
        raise ValidationError("请选择要上传的文件")
    for upload in uploads:
        attachments.attach_file(actor, case, upload, slot="materials", title=title[:200], what="申请材料", log=False)
    oplog.record(actor, "reconsideration.materials.add", case, after={"files": [u.name for u in uploads]})
    return len(uploads)


def transition(actor, case: ReconsiderationCase, code: str, raw: dict[str, Any] | None = None) -> ReconsiderationCase:
    return engine.run(actor, RECON, case, code, raw)


def public_status(case: ReconsiderationCase) -> list[tuple[str, str]]:
    """What an applicant sees with the case number and code: where the case stands, never the file."""
    rows = [("复议机关", case.organ.name), ("收到申请", f"{case.received_on:%Y-%m-%d}"),
            ("办理状态", case.get_state_display())]
    if case.accepted_on:
        rows.append(("受理日期", f"{case.accepted_on:%Y-%m-%d}（{case.get_procedure_display()}）"))
    if case.decision_due_on and not case.decided_on:
        rows.append(("决定期限", f"{case.decision_due_on:%Y-%m-%d}"))
    if case.outcome:
        rows.append(("结果", f"{case.get_outcome_display()}（{case.decided_on:%Y-%m-%d}）"))
    return rows


# ------------------------------------------------------------------------------------------ after decision

def _locked(case: ReconsiderationCase) -> ReconsiderationCase:
    return ReconsiderationCase.objects.select_for_update().select_related("organ").get(pk=case.pk)


def _check(actor, case: ReconsiderationCase) -> None:
    require(actor, MANAGE)
    require_sees(actor, case.organ)


@transaction.atomic
def publish_decision(actor, case: ReconsiderationCase, on: datetime.date | None = None) -> ReconsiderationCase:
    """公开 a decision on the portal (names masked there, `masking.py`)."""
    case = _locked(case)
    _check(actor, case)
    if case.state != State.CLOSED or case.outcome not in DECISION_OUTCOMES:
        raise ValidationError("只有已作出的行政复议决定可以公开")
    if case.published_on:
        raise ValidationError("该决定已公开")
    before = oplog.snapshot(case, CASE_FIELDS)
    case.published_on = on or timezone.localdate()
    if case.published_on < case.decided_on:
        raise ValidationError("公开日期不能早于决定日期")
    case.save(update_fields=["published_on"])
    oplog.record(actor, "reconsideration.publish", case, before=before, after=oplog.snapshot(case, CASE_FIELDS))
    return case


@transaction.atomic
def record_performance(actor, case: ReconsiderationCase, *, performance: str, on: datetime.date,
                       note: str = "") -> ReconsiderationCase:
    """被申请人履行行政复议决定的情况 (第七十七条): 已履行 or 未履行 (then 责令履行、约谈、抄告 in the note)."""
    case = _locked(case)
    _check(actor, case)
    if case.performance not in (Performance.PENDING, Performance.REFUSED):
        raise ValidationError("该案没有需要履行的决定")
    if performance not in (Performance.DONE, Performance.REFUSED):
        raise ValidationError("履行情况无效")
    if on < case.decided_on or on > timezone.localdate():
        raise ValidationError("履行情况的日期应在决定日期与今天之间")
    if performance == Performance.REFUSED and not note.strip():
        raise ValidationError("未履行的，请写明责令履行、约谈或者抄告等处理情况")
    before = oplog.snapshot(case, CASE_FIELDS)
    case.performance, case.performed_on, case.performance_note = performance, on, note.strip()
    case.save(update_fields=["performance", "performed_on", "performance_note"])
    oplog.record(actor, "reconsideration.performance", case, before=before, after=oplog.snapshot(case, CASE_FIELDS))
    return case


# ---------------------------------------------------------------------------------------- 附带审查

@transaction.atomic
def add_incidental_review(actor, case: ReconsiderationCase, document, on: datetime.date) -> IncidentalReview:
    """The applicant asks for review of the normative document the act rests on (第十三条、第五十六条)."""
    case = _locked(case)
    _check(actor, case)
    if case.state not in (State.REVIEWING, State.HEARING, State.SUSPENDED):
        raise ValidationError("案件已办结，不能再提出附带审查")
    if on < case.received_on or on > timezone.localdate():
        raise ValidationError("提出日期应在收到申请之日与今天之间")
    if case.incidental_reviews.filter(document=document).exists():
        raise ValidationError("该规范性文件已在附带审查中")
    review = IncidentalReview.objects.create(case=case, document=document, requested_on=on)
    oplog.record(actor, "reconsideration.incidental.add", case, after={"document": document.pk, "on": on})
    return review


@transaction.atomic
def conclude_incidental_review(actor, review: IncidentalReview, *, conclusion: str, on: datetime.date, note: str = "",
                               to_cleanup: bool = False) -> IncidentalReview:
    """The 附带审查 conclusion; an unlawful document may be put into a 清理 of its issuer's region."""
    from fazhi.normdocs import services as normdocs_services
    from fazhi.normdocs.models import CleanupCampaign

    review = IncidentalReview.objects.select_for_update().select_related("case__organ", "document__issuer").get(
        pk=review.pk)
    _check(actor, review.case)
    if review.conclusion:
        raise ValidationError("该附带审查已有结论")
    if conclusion not in (IncidentalReview.Conclusion.LAWFUL, IncidentalReview.Conclusion.UNLAWFUL):
        raise ValidationError("审查结论无效")
    if on < review.requested_on or on > timezone.localdate():
        raise ValidationError("结论日期应在提出之日与今天之间")
    if to_cleanup and conclusion != IncidentalReview.Conclusion.UNLAWFUL:
        raise ValidationError("只有经审查不合法的文件需要转入清理")
    review.conclusion, review.concluded_on, review.note = conclusion, on, note.strip()
    if to_cleanup:
        region = review.document.issuer.jurisdiction()  # a 清理 of the region whose body issued it
        open_campaign = CleanupCampaign.objects.filter(region=region, published_on__isnull=True).order_by("-id").first()
        if open_campaign is not None:
            normdocs_services.add_cleanup_documents(actor, open_campaign, [review.document])
            review.cleanup = open_campaign
        else:
            review.cleanup = normdocs_services.create_cleanup(
                actor, title=f"行政复议附带审查转入清理（{review.case.case_number}）", region=region,
                documents=[review.document])
    review.save()
    oplog.record(actor, "reconsideration.incidental.conclude", review.case,
                 after={"document": review.document_id, "conclusion": conclusion, "cleanup": review.cleanup_id})
    return review


# ------------------------------------------------------------------------------------------ daily scan

@dataclasses.dataclass
class Scan:
    accepted: int = 0
    withdrawn: int = 0
    terminated: int = 0

    def summary(self) -> str:
        return f"视为受理 {self.accepted} 件、视为放弃申请 {self.withdrawn} 件、中止满六十日终止 {self.terminated} 件"


def scan_reconsideration(today: datetime.date | None = None) -> Scan:
    """What silence decides once a period has run (the system acts, the log says so):
    a review not decided in time is accepted (第三十条第二款), a 补正 not made in time is deemed given up
    (第三十一条第二款), a suspension on grounds 1, 2 or 4 that lasts 60 days ends the case (第四十一条第五项)."""
    today = today or timezone.localdate()
    result = Scan()
    day = datetime.timedelta(days=1)
    for case in ReconsiderationCase.objects.filter(state__in=[State.REVIEWING, State.CORRECTION, State.SUSPENDED]):
        if case.state == State.REVIEWING:
            clock = clock_of(case, "review")
            if clock and clock.due_on and clock.due_on < today and clock.state in ("running", "due_soon", "overdue"):
                engine.run(None, RECON, case, "deem_accepted", {"on": clock.due_on, "procedure": "ordinary",
                                                                "reason": "受理审查期限届满未作出不予受理决定，视为受理"})
                result.accepted += 1
        elif case.state == State.CORRECTION:
            clock = clock_of(case, "correction")
            if clock and clock.due_on and clock.due_on < today:
                engine.run(None, RECON, case, "deem_withdrawn", {"on": clock.due_on + day,
                                                                 "reason": "逾期未补正，视为放弃行政复议申请"})
                result.withdrawn += 1
        elif case.suspension_ground in LAPSING_GROUNDS:
            clock = clock_of(case, "suspension")
            if clock and clock.due_on and clock.due_on < today:
                engine.run(None, RECON, case, "terminate", {
                    "on": clock.due_on + day, "reason": "中止满六十日，中止的原因仍未消除（第四十一条第五项）"})
                result.terminated += 1
    return result

