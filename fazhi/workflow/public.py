"""Public case lookup: an applicant follows a case with its number and a verification code, no account.

A module's case model takes the `PublicCase` mixin (fields `case_number`, `verification_hash`); the
module's intake service calls `issue_public_number(actor, case, prefix, unit=…, year=…)`, which stores
the number and the code's hash and returns the code once, to print on the receipt (受理回执). The portal's
one page `/portal/lookup/` asks for both and shows what the module's lookup returns.

A module is looked up when its workflow's model is a `PublicCase` (status: the case's state, its clocks'
due dates and its last step), or through `Module.public_lookups` with a `PublicLookup` of its own
(what the public may see of the case: never more than the applicant is entitled to).

The code is compared in constant time against a keyed hash (the server's SECRET_KEY), a wrong number and
a wrong code get the same answer, and one address gets `MAX_FAILURES` failures per `WINDOW`.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from fazhi.core import oplog
from fazhi.workflow.models import CaseClock, CaseNumberSeries, LookupAttempt, PublicCase

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off a paper receipt
CODE_LENGTH = 8  # 32^8 = 2^40 codes, with at most MAX_FAILURES guesses per address and WINDOW
MAX_FAILURES = 10
WINDOW = datetime.timedelta(minutes=15)
NOT_FOUND = "案件编号或查询码不正确，请核对受理回执上的编号和查询码"
THROTTLED = "查询失败次数过多，请 15 分钟后再试"


class Throttled(Exception):
    """Too many failed lookups from one address."""


@dataclass(frozen=True)
class PublicLookup:
    """What the public sees of one kind of case: `status(case)` → rows of (label, value)."""

    label: str  # 行政复议案件
    model: type[models.Model]
    status: Callable[[Any], list[tuple[str, str]]]


def new_verification_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def code_hash(code: str) -> str:
    return salted_hmac("fazhi.workflow.public.code", normalise_code(code), algorithm="sha256").hexdigest()


@transaction.atomic
def new_case_number(prefix: str, unit: Any, year: int) -> str:
    """The next number of the prefix's series for the year: `陇复〔2026〕12号` for a Chinese prefix (the
    style of 文书 numbers), `FY-2026-000012` for a Latin one. Offices sharing a prefix share its series, so
    a number is never issued twice."""
    prefix = prefix.strip()
    if not prefix:
        raise ValidationError("案件编号前缀不能为空")
    series, _ = CaseNumberSeries.objects.get_or_create(prefix=prefix, year=year, defaults={"unit": unit})
    series = CaseNumberSeries.objects.select_for_update().get(pk=series.pk)
    series.last += 1
    series.save(update_fields=["last"])
    if prefix.isascii():
        return f"{prefix}-{year}-{series.last:06d}"
    return f"{prefix}〔{year}〕{series.last}号"


@transaction.atomic
def issue_public_number(actor: Any, case: PublicCase, prefix: str, *, unit: Any, year: int) -> str:
    """Give the case its number and a new verification code; returns the code (shown once, stored hashed)."""
    case = type(case).objects.select_for_update().get(pk=case.pk)
    if case.case_number:
        raise ValidationError(f"该案件已有编号“{case.case_number}”")
    code = new_verification_code()
    case.case_number, case.verification_hash = new_case_number(prefix, unit, year), code_hash(code)
    case.save(update_fields=["case_number", "verification_hash"])
    oplog.record(actor, "public_case.issue", case, after={"case_number": case.case_number})
    return code


def default_status(workflow) -> Callable[[Any], list[tuple[str, str]]]:
    """State, open or closed clocks with their due dates, and the last dated step of a workflow's case."""

    def status(case: Any) -> list[tuple[str, str]]:
        rows = [("办理状态", workflow.state_label(case))]
        clocks = CaseClock.objects.filter(workflow=workflow.name, object_id=case.pk)
        for clock in clocks.order_by("id"):
            label = workflow.clocks[clock.kind].label if clock.kind in workflow.clocks else clock.kind
            due = f"，{clock.due_on:%Y-%m-%d}到期" if clock.due_on and clock.state not in ("met", "late") else ""
            rows.append((f"{label}期限", f"{clock.get_state_display()}{due}"))
        last = workflow.last_step(case) if workflow.last_step else None
        if last:
            step = workflow.transitions[last[0]].label if last[0] in workflow.transitions else last[0]
            rows.append(("最近办理", f"{step}（{last[1]:%Y-%m-%d}）"))
        return rows

    return status


def lookups() -> list[PublicLookup]:
    """Every module's declared lookups, then one for each workflow whose case is a PublicCase."""
    from fazhi.core.modules import all_modules

    found = [lookup for m in all_modules() for lookup in m.public_lookups]
    declared = {lookup.model for lookup in found}
    for m in all_modules():
        for workflow in m.workflows:
            if issubclass(workflow.model, PublicCase) and workflow.model not in declared:
                found.append(PublicLookup(workflow.label, workflow.model, default_status(workflow)))
                declared.add(workflow.model)
    return found


@dataclass(frozen=True)
class Found:
    label: str
    case_number: str
    rows: list[tuple[str, str]]


def _failures(ip: str | None, now: datetime.datetime) -> int:
    return LookupAttempt.objects.filter(ip=ip, succeeded=False, at__gt=now - WINDOW).count()


def look_up(case_number: str, code: str, ip: str | None) -> Found:
    """The status of the case with this number and code; `ValidationError(NOT_FOUND)` for any mismatch,
    `Throttled` after too many failures from the address."""
    now = timezone.now()
    if _failures(ip, now) >= MAX_FAILURES:
        raise Throttled(THROTTLED)
    case_number = (case_number or "").strip()[:60]
    given = code_hash(code)
    match = None
    for lookup in lookups() if case_number else []:
        case = lookup.model._default_manager.filter(case_number=case_number).first()
        if case is not None:
            match = (lookup, case)
            break
    stored = match[1].verification_hash if match else code_hash(new_verification_code())  # same work either way
    ok = match is not None and bool(stored) and constant_time_compare(stored, given)
    LookupAttempt.objects.create(ip=ip, at=now, case_number=case_number, succeeded=ok)
    if not ok:
        raise ValidationError(NOT_FOUND)
    lookup, case = match
    return Found(lookup.label, case.case_number, lookup.status(case))
