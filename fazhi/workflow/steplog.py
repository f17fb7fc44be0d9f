"""The one transition log: every module's steps as `TransitionRecord` rows (append-only).

The engine writes a row for every transition it runs; a module's own steps outside its workflow table
(a ledger's 取消 / 恢复, a scan's 临期 / 逾期, 下发 of an order) call `record_step`, or build rows with
`step_record` and bulk-create them when a scan moves thousands of cases at once.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from fazhi.workflow.models import TransitionRecord


def step_record(case: Any, action: str, from_state: str, to_state: str, *, actor: Any = None, reason: str = "",
                on: datetime.date | None = None, data: dict | None = None, workflow: str = "") -> TransitionRecord:
    """An unsaved row (for bulk_create); `on` is the step's date (today if not given)."""
    user = actor if getattr(actor, "pk", None) else None
    return TransitionRecord(
        case_type=ContentType.objects.get_for_model(case), case_id=case.pk, workflow=workflow, action=action,
        from_state=from_state or "", to_state=to_state or "", on=on or timezone.localdate(), actor=user,
        actor_name=str(actor) if actor else "系统", reason=reason or "", data=data or {},
    )


def record_step(case: Any, action: str, from_state: str, to_state: str, **details: Any) -> TransitionRecord:
    """Write one step of `case` to the log (inside the caller's transaction)."""
    row = step_record(case, action, from_state, to_state, **details)
    row.save()
    return row


def steps_of(case: Any):
    """The case's steps in the order they were taken."""
    return TransitionRecord.objects.filter(case_type=ContentType.objects.get_for_model(case), case_id=case.pk)


def last_step(case: Any) -> tuple[str, datetime.date] | None:
    """(label, date) of the case's latest dated step, for a workflow's `last_step` (the date-order check)."""
    last = steps_of(case).select_related("case_type").order_by("-on", "-id").first()
    return (last.get_action_label(), last.on) if last else None


def steps_of_cases(model: type, ids: Any = None):
    """The steps of many cases of one model (a province list, a rate), optionally only cases `ids`
    (a list or a subquery of pks); served by the (case_type, case_id, on, id) index."""
    rows = TransitionRecord.objects.filter(case_type=ContentType.objects.get_for_model(model))
    return rows if ids is None else rows.filter(case_id__in=ids)


def latest_action(model: type) -> Subquery:
    """Each case's latest dated step's action, to annotate a queryset of `model` with ("cases whose last
    step is X"): `Order.objects.annotate(last=latest_action(Order)).filter(last="reply")`."""
    latest = steps_of_cases(model).filter(case_id=OuterRef("pk")).order_by("-on", "-id")
    return Subquery(latest.values("action")[:1])
