"""The verbs of 行政应诉 and 司法建议 / 检察建议: register a case and run its steps, record hearings and
庭审旁听, register a suggestion with the reply period its letter sets, and reply."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.core import attachments, oplog
from fazhi.core.models import Unit
from fazhi.core.permissions import require, require_sees
from fazhi.litigation.models import (
    Attendee,
    CaseType,
    Hearing,
    LitigationCase,
    Observation,
    State,
    Suggestion,
)
from fazhi.litigation.perms import MANAGE
from fazhi.litigation.suggestions import SUGGESTION
from fazhi.litigation.workflow import LITIGATION
from fazhi.workflow import engine


def _check(actor, unit: Unit) -> None:
    require(actor, MANAGE)
    require_sees(actor, unit)


def _dated(on: datetime.date, not_before: datetime.date, what: str) -> None:
    if on < not_before or on > timezone.localdate():
        raise ValidationError(f"{what}应在{not_before.isoformat()}与今天之间")


def _text(value: str, label: str, limit: int, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError(f"请填写{label}")
    if len(value) > limit:
        raise ValidationError(f"{label}过长（不超过{limit}字）")
    return value


@transaction.atomic
def register_case(actor, *, unit: Unit, court: str, plaintiff: str, cause: str, received_on: datetime.date,
                  case_type: str = "", court_number: str = "") -> LitigationCase:
    """A complaint's copy received by the defendant agency; the 答辩 and 举证 clocks start that day."""
    _check(actor, unit)
    if case_type not in CaseType.values:
        raise ValidationError("案件类型无效")
    if received_on > timezone.localdate():
        raise ValidationError("收到起诉状副本日期不能晚于今天")
    case = LitigationCase.objects.create(
        unit=unit, court=_text(court, "法院", 100), plaintiff=_text(plaintiff, "原告", 200), cause=_text(cause, "案由", 200),
        received_on=received_on, case_type=case_type, court_number=_text(court_number, "法院案号", 60, False))
    oplog.record(actor, "litigation.register", case, after=oplog.snapshot(case, ["plaintiff", "cause", "received_on"]))
    return engine.run(actor, LITIGATION, case, "receive", {"on": received_on})


def transition(actor, case: LitigationCase, code: str, raw: dict[str, Any] | None = None) -> LitigationCase:
    return engine.run(actor, LITIGATION, case, code, raw)


@transaction.atomic
def add_hearing(actor, case: LitigationCase, *, held_on: datetime.date, attendee: str, attendee_name: str,
                absence_reason: str = "") -> Hearing:
    """A court session and who appeared: a 负责人 (正职、副职、分管) or, with the reason, only staff
    (法释〔2020〕3号第二条、第十一条: a 负责人 who cannot appear explains why to the court)."""
    case = LitigationCase.objects.select_for_update().select_related("unit").get(pk=case.pk)
    _check(actor, case.unit)
    if case.state == State.CLOSED:
        raise ValidationError("案件已结案")
    if attendee not in Attendee.values:
        raise ValidationError("出庭人员类别无效")
    _dated(held_on, case.received_on, "开庭日期")
    reason = _text(absence_reason, "负责人未出庭的理由", 200, required=attendee == Attendee.STAFF)
    hearing = Hearing.objects.create(case=case, held_on=held_on, attendee=attendee,
                                     attendee_name=_text(attendee_name, "出庭人姓名", 50), absence_reason=reason)
    oplog.record(actor, "litigation.hearing.add", case, after={"held_on": held_on, "attendee": attendee,
                                                               "attendee_name": hearing.attendee_name})
    return hearing


@transaction.atomic
def record_observation(actor, *, unit: Unit, held_on: datetime.date, subject: str, attendees: int) -> Observation:
    _check(actor, unit)
    _dated(held_on, datetime.date(2000, 1, 1), "旁听日期")
    if attendees < 1:
        raise ValidationError("参加人数至少为1")
    observation = Observation.objects.create(unit=unit, held_on=held_on, subject=_text(subject, "旁听案件", 200),
                                             attendees=attendees)
    oplog.record(actor, "litigation.observation.add", observation, after={"held_on": held_on, "attendees": attendees})
    return observation


# ------------------------------------------------------------------------------------- 司法建议、检察建议

@transaction.atomic
def register_suggestion(actor, *, unit: Unit, kind: str, issuer: str, subject: str, received_on: datetime.date,
                        number: str = "", public_interest: bool = False, urgent: bool = False,
                        period_count: int | None = None, period_unit: str = "") -> Suggestion:
    _check(actor, unit)
    if kind not in Suggestion.Kind.values:
        raise ValidationError("建议类型无效")
    if kind == Suggestion.Kind.JUDICIAL and (public_interest or urgent):
        raise ValidationError("公益诉讼、紧急情形仅适用于检察建议")
    if urgent and not public_interest:
        raise ValidationError("紧急情形十五日回复仅适用于公益诉讼诉前检察建议")
    _dated(received_on, datetime.date(2000, 1, 1), "收到日期")
    if period_count and period_unit not in Suggestion.PeriodUnit.values:
        raise ValidationError("请选择建议书载明期限的单位（月或日）")
    suggestion = Suggestion.objects.create(
        unit=unit, kind=kind, issuer=_text(issuer, "制发机关", 100), number=_text(number, "文号", 60, False),
        subject=_text(subject, "建议事项", 300), public_interest=public_interest, urgent=urgent, received_on=received_on,
        period_count=period_count or None, period_unit=period_unit if period_count else "")
    oplog.record(actor, "litigation.suggestion.register", suggestion, after={"kind": kind, "received_on": received_on})
    # The reply clock starts on receipt: the letter's own period, else the rule's (suggestions.SUGGESTION).
    return engine.run(actor, SUGGESTION, suggestion, "receive", {"on": received_on})


def reply_suggestion(actor, suggestion: Suggestion, *, replied_on: datetime.date, reply: str,
                     evidence: str = "") -> Suggestion:
    """The written reply with what was done (整改 evidence listed; files go to the kernel's attachments)."""
    return engine.run(actor, SUGGESTION, suggestion, "reply", {"on": replied_on, "reply": _text(reply, "回复内容", 10000),
                                                               "evidence": _text(evidence, "整改证明材料", 10000, False)})


@transaction.atomic
def attach_reply_evidence(actor, suggestion: Suggestion, uploads: list, title: str = "") -> int:
    """整改 evidence for the reply (kernel attachments, slot "evidence")."""
    _check(actor, suggestion.unit)
    if not uploads:
        raise ValidationError("请选择要上传的文件")
    for upload in uploads:
        attachments.attach_file(actor, suggestion, upload, slot="evidence", title=title[:200], what="整改证明材料",
                                log=False)
    oplog.record(actor, "litigation.suggestion.evidence", suggestion, after={"files": [u.name for u in uploads]})
    return len(uploads)
