"""Business verbs of the records around the requests: 复议/诉讼 on disclosure and the staff register."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from fazhi.core import oplog
from fazhi.core.models import Unit, User
from fazhi.core.permissions import require, require_sees
from fazhi.disclosure.codes import AppealKind, AppealResult
from fazhi.disclosure.models import DisclosureAppeal, DisclosureRequest, StaffChange, StaffMember
from fazhi.disclosure.workflow import MANAGE, STAFF_CHANGE_REPORT
from fazhi.workflow import timelimits


def _check(actor: User | None, unit: Unit) -> None:
    require(actor, MANAGE)
    require_sees(actor, unit)


@transaction.atomic
def add_appeal(actor: User | None, *, unit: Unit, kind: str, filed_on: datetime.date, case_number: str = "",
               result: str = AppealResult.PENDING, concluded_on: datetime.date | None = None,
               note: str = "") -> DisclosureAppeal:
    """Enter a 行政复议 or 行政诉讼 about a disclosure reply, linked to the request when its number is given."""
    _check(actor, unit)
    if kind not in AppealKind.values:
        raise ValidationError("请选择复议或诉讼类型")
    request = None
    if case_number.strip():
        request = DisclosureRequest.objects.filter(case_number=case_number.strip().upper(), unit=unit).first()
        if request is None:
            raise ValidationError(f"“{unit.name}”没有编号为“{case_number}”的公开申请")
    _check_result(filed_on, result, concluded_on)
    appeal = DisclosureAppeal.objects.create(unit=unit, request=request, kind=kind, filed_on=filed_on, result=result,
                                             concluded_on=concluded_on if result != AppealResult.PENDING else None,
                                             note=note.strip())
    oplog.record(actor, "disclosure.appeal_add", appeal, after={"kind": kind, "result": result})
    return appeal


def _check_result(filed_on: datetime.date, result: str, concluded_on: datetime.date | None) -> None:
    if result not in AppealResult.values:
        raise ValidationError("结果的取值无效")
    if result != AppealResult.PENDING and concluded_on is None:
        raise ValidationError("已审结的请填写审结日期")
    if concluded_on is not None and concluded_on < filed_on:
        raise ValidationError("审结日期不能早于申请（起诉）日期")


@transaction.atomic
def conclude_appeal(actor: User | None, appeal: DisclosureAppeal, *, result: str,
                    concluded_on: datetime.date) -> DisclosureAppeal:
    _check(actor, appeal.unit)
    _check_result(appeal.filed_on, result, concluded_on)
    if result == AppealResult.PENDING:
        raise ValidationError("请选择审结结果")
    before = {"result": appeal.result}
    appeal.result, appeal.concluded_on = result, concluded_on
    appeal.save(update_fields=["result", "concluded_on"])
    oplog.record(actor, "disclosure.appeal_conclude", appeal, before=before, after={"result": result})
    return appeal


def _change(member: StaffMember, kind: str, on: datetime.date) -> StaffChange:
    due = timelimits.due(STAFF_CHANGE_REPORT, on, member.unit).date
    return StaffChange.objects.create(member=member, unit=member.unit, kind=kind, changed_on=on, report_due_on=due)


@transaction.atomic
def add_staff(actor: User | None, *, unit: Unit, name: str, role: str, since: datetime.date,
              phone: str = "") -> StaffMember:
    """Put someone on the register; the change is due to be reported within 10 days (004 item 24)."""
    _check(actor, unit)
    if not name.strip():
        raise ValidationError("请填写姓名")
    if role not in StaffMember.Role.values:
        raise ValidationError("请选择职责")
    member = StaffMember.objects.create(unit=unit, name=name.strip(), role=role, phone=phone.strip(), since=since)
    _change(member, StaffChange.Kind.JOINED, since)
    oplog.record(actor, "disclosure.staff_add", member, after={"name": member.name, "role": role})
    return member


@transaction.atomic
def staff_leaves(actor: User | None, member: StaffMember, on: datetime.date) -> StaffMember:
    _check(actor, member.unit)
    if member.until is not None:
        raise ValidationError(f"{member.name}已于{member.until}离岗")
    if on < member.since:
        raise ValidationError("离岗日期不能早于到岗日期")
    member.until = on
    member.save(update_fields=["until"])
    _change(member, StaffChange.Kind.LEFT, on)
    oplog.record(actor, "disclosure.staff_leave", member, after={"until": on})
    return member


@transaction.atomic
def report_changes(actor: User | None, unit: Unit, on: datetime.date) -> int:
    """The unit reports its unreported changes (to the 县政府办公室) on `on`; returns how many."""
    _check(actor, unit)
    pending = StaffChange.objects.filter(unit=unit, reported_on__isnull=True, changed_on__lte=on)
    count = pending.update(reported_on=on)
    if count:
        oplog.record(actor, "disclosure.staff_report", unit, object_repr=f"{unit.name}工作人员变动报备",
                     after={"count": count, "date": on})
    return count
