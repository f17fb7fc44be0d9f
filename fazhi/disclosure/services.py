"""Business verbs of 依申请公开: file a request (online or at the office), move it through its steps."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.core import oplog
from fazhi.core.models import Unit, User
from fazhi.core.permissions import require, require_sees
from fazhi.disclosure.models import Channel, DisclosureRequest, State
from fazhi.disclosure.workflow import MANAGE, REQUEST
from fazhi.workflow import engine, public

CASE_PREFIX = "GK"
APPLICANT_FIELDS = ("applicant_kind", "applicant_name", "id_number", "phone", "email", "address", "content",
                    "delivery")


def accepting_units():
    """The agencies a member of the public may apply to: active governments and departments."""
    return Unit.objects.filter(is_active=True, kind__in=(Unit.Kind.GOVERNMENT, Unit.Kind.DEPARTMENT)).order_by("path")


def receipt_date(channel: str, submitted_on: datetime.date, signed_on: datetime.date | None = None,
                 confirmed_on: datetime.date | None = None) -> datetime.date | None:
    """收到申请之日 by channel (政府信息公开条例第三十一条); None while it is not yet known.

    (一) 当面提交: the day it is handed in; (二) 邮寄: the day the agency signs for it, or for 平常信函 the
    day the 工作机构 confirms it with the applicant; (三) 互联网、传真: the day both sides confirm it.
    """
    if channel == Channel.IN_PERSON:
        day = submitted_on
    elif channel == Channel.REGISTERED_MAIL:
        day = signed_on
    elif channel in (Channel.ORDINARY_MAIL, Channel.ONLINE, Channel.FAX):
        day = confirmed_on
    else:
        raise ValidationError("未知的提交方式")
    if day is not None and day < submitted_on:
        raise ValidationError("签收或确认日期不能早于提交日期")
    return day


def _create(actor, unit: Unit, channel: str, submitted_on: datetime.date, fields: dict) -> tuple[DisclosureRequest, str]:
    missing = [DisclosureRequest._meta.get_field(name).verbose_name
               for name in ("applicant_kind", "applicant_name", "content") if not str(fields.get(name) or "").strip()]
    if missing:
        raise ValidationError([f"请填写{label}" for label in missing])
    case = DisclosureRequest.objects.create(
        unit=unit, channel=channel, submitted_on=submitted_on,
        **{name: (fields.get(name) or "").strip() for name in APPLICANT_FIELDS if name in fields})
    code = public.issue_public_number(actor, case, CASE_PREFIX, unit=unit, year=submitted_on.year)
    case.refresh_from_db()
    return case, code


@transaction.atomic
def submit_online(*, unit: Unit, **fields) -> tuple[DisclosureRequest, str]:
    """A member of the public applies on the portal (no account). The request waits until the 工作机构
    confirms it with the applicant: that day is the receipt date (第三十一条第三项). Returns the request and
    the verification code, shown once."""
    if not accepting_units().filter(pk=unit.pk).exists():
        raise ValidationError("请选择受理申请的行政机关")
    case, code = _create("在线申请人", unit, Channel.ONLINE, timezone.localdate(), fields)
    oplog.record("在线申请人", "disclosure.submit", case, after={"case_number": case.case_number})
    return case, code


@transaction.atomic
def register(actor: User | None, *, unit: Unit, channel: str, submitted_on: datetime.date,
             signed_on: datetime.date | None = None, confirmed_on: datetime.date | None = None,
             excessive: bool = False, **fields) -> tuple[DisclosureRequest, str]:
    """The office enters a request received on paper, by post, fax or e-mail, with its dates; the receipt date
    follows from the channel and, once known, starts the reply clock."""
    require(actor, MANAGE)
    require_sees(actor, unit)
    received = receipt_date(channel, submitted_on, signed_on, confirmed_on)
    if submitted_on > timezone.localdate():
        raise ValidationError("提交日期不能晚于今天")
    case, code = _create(actor, unit, channel, submitted_on, fields)
    oplog.record(actor, "disclosure.register", case, after={"case_number": case.case_number, "channel": channel})
    if received is not None:
        receive(actor, case, received, excessive=excessive)
        case.refresh_from_db()
    return case, code


@transaction.atomic
def receive(actor: User | None, case: DisclosureRequest, on: datetime.date, *, excessive: bool = False) -> DisclosureRequest:
    """Record the receipt date and start the 20-working-day reply clock. An office that finds the request's
    number or frequency clearly beyond a reasonable range (第三十五条) says so here: the clock then counts
    under that rule, whose reasonable delay has no fixed cap."""
    if excessive != case.excessive:
        DisclosureRequest.objects.filter(pk=case.pk).update(excessive=excessive)
    return engine.run(actor, REQUEST, case, "receive", {"on": on})


def transition(actor: User | None, case: DisclosureRequest, code: str, data: dict | None = None) -> DisclosureRequest:
    """Any other step of the request (补正告知, 征求意见, 延长, 答复 …): the engine checks who, when and what."""
    return engine.run(actor, REQUEST, case, code, data or {})


def public_status(case: DisclosureRequest) -> list[tuple[str, str]]:
    """What the applicant sees on the portal's lookup: where the request stands, never the file."""
    from fazhi.workflow.clocks import clock_of

    rows = [("受理机关", case.unit.name), ("提交日期", f"{case.submitted_on:%Y-%m-%d}"),
            ("收到申请日期", f"{case.received_on:%Y-%m-%d}" if case.received_on else "待工作人员与您确认"),
            ("办理状态", case.get_state_display())]
    clock = clock_of(case, "reply")
    if clock is not None and clock.due_on and not case.closed_on:
        rows.append(("答复期限", f"{clock.due_on:%Y-%m-%d}"))
    if case.state == State.CORRECTING:
        rows.append(("需要补正", f"{case.correction_items}（请于{case.correction_deadline:%Y-%m-%d}前补正）"))
    if case.closed_on:
        rows += [("答复日期", f"{case.closed_on:%Y-%m-%d}"), ("办理结果", case.get_outcome_display())]
    return rows
