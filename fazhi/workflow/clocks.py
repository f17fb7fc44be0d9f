"""The case clock: the Django side of `fazhi.deadlines`.

A transition emits clock events ("filing.start", "review.pause" …); `apply` records each on the case's
`CaseClock` of that kind and recomputes the due and warning dates with the deadline engine over the
events so far (pauses, 补正 restarts and approved extensions included), under the time-limit rule in
force for the case's jurisdiction. Stopping a clock records whether the period was kept.
"""

from __future__ import annotations

import datetime
from dataclasses import replace
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import timezone

from fazhi.workflow import timelimits
from fazhi.workflow.models import CaseClock

ACTIONS = ("start", "stop", "pause", "resume", "restart", "extend", "cancel")


def clock_of(case: Any, kind: str, lock: bool = False) -> CaseClock | None:
    clocks = CaseClock.objects.select_for_update() if lock else CaseClock.objects
    return clocks.filter(content_type=ContentType.objects.get_for_model(case), object_id=case.pk, kind=kind).first()


def clocks_of(case: Any) -> list[CaseClock]:
    return list(CaseClock.objects.filter(content_type=ContentType.objects.get_for_model(case), object_id=case.pk))


def _event(kind: str, on: datetime.date, step, days: int | None = None, unit: str | None = None) -> dict:
    event = {"kind": kind, "at": on.isoformat(), "by": str(step.actor) if step.actor else "系统",
             "reason": step.data.get("reason", ""), "days": days}
    if unit:  # a start event with the case's own period in a unit of its own (a letter's "三个月内")
        event["unit"] = unit
    return event


def apply(workflow, case: Any, kind: str, action: str, step) -> CaseClock | None:
    """Record clock event `action` of clock `kind` on `case`, as of the step's date; returns the clock
    (None when stopping a clock the case never started)."""
    from fazhi.workflow.engine import ClockSpec

    spec: ClockSpec = workflow.clocks[kind]
    if action not in ACTIONS:
        raise ValueError(f"unknown clock action {action!r}")
    clock = clock_of(case, kind, lock=True)
    on = step.on
    if action == "start":
        clock = clock or CaseClock(workflow=workflow.name, kind=kind,
                                   content_type=ContentType.objects.get_for_model(case), object_id=case.pk)
        clock.unit = workflow.unit_of(case)
        clock.title, clock.link = workflow.describe(case)[:300], workflow.link(case)[:300]
        clock.rule_code = spec.rule_for(case)
        clock.started_on, clock.stopped_on, clock.state = on, None, CaseClock.State.RUNNING
        own = spec.own_period(case) if spec.own_period else None
        clock.events = [_event("start", on, step, *(own or ()))]
        _recompute(clock, spec)
    elif clock is None or clock.state not in CaseClock.LIVE_STATES:
        if action in ("stop", "cancel"):
            return clock  # nothing to stop: a case that never ran this clock (a record imported as history)
        raise ValidationError(f"{spec.label}期限尚未起算或已经办结，不能{_ACTION_WORDS[action]}")
    elif action == "stop":
        clock.stopped_on = on
        clock.state = CaseClock.State.MET if clock.due_on is None or on <= clock.due_on else CaseClock.State.LATE
    elif action == "cancel":
        clock.state = CaseClock.State.CANCELLED
    else:
        days = None
        if action == "extend":
            days = step.data.get("extension_days")
            if not days or days < 1:
                raise ValidationError("请填写延长的期限（天数）")
            if not step.actor:
                raise ValidationError("延长期限须由审批人批准")
        clock.events = [*clock.events, _event(action, on, step, days)]
        _recompute(clock, spec)
    clock.updated_at = timezone.now()
    clock.save()
    return clock


_ACTION_WORDS = {"stop": "办结", "pause": "暂停计时", "resume": "恢复计时", "restart": "重新起算", "extend": "延长"}


def _recompute(clock: CaseClock, spec) -> None:
    """Due and warning dates from the events so far; a paused clock has neither until it resumes."""
    from fazhi import deadlines
    from fazhi.core.calendar import get_calendar

    rule = rule_of(clock)
    events = [deadlines.ClockEvent(e["kind"], datetime.date.fromisoformat(e["at"]), by=e.get("by"),
                                   reason=e.get("reason") or "", days=e.get("days")) for e in clock.events]
    try:
        result = deadlines.compute_due(get_calendar(), rule.as_deadline_rule(), events)
    except ValueError as exc:  # the engine's refusal (an extension beyond the maximum, a resume without pause)
        raise ValidationError(str(exc)) from None
    clock.rule_text = rule.describe()
    clock.due_on, clock.provisional = result.date, result.provisional
    clock.trace = result.explain().splitlines()
    clock.warn_on = (timelimits.warn_from(spec.warn_rule, result.date, clock.unit)
                     if spec.warn_rule and result.date else None)
    clock.state = CaseClock.State.PAUSED if result.date is None else CaseClock.State.RUNNING


def rule_of(clock: CaseClock) -> timelimits.Rule:
    """The rule the clock counts: the one in force for its unit, with the period its case set at the start
    (`ClockSpec.own_period`: the issuer's N working days, a letter's "三个月内") in place of the rule's."""
    rule = timelimits.get_rule(clock.rule_code, clock.unit)
    start = clock.events[0] if clock.events and clock.events[0]["kind"] == "start" else {}
    if not start.get("days"):
        return rule
    unit = start.get("unit") or rule.unit
    label = rule.label if unit == rule.unit else f"{rule.label}（按文书载明的期限）"
    return replace(rule, count=start["days"], unit=unit, label=label)


def event(workflow, case: Any, kind: str, action: str, on: datetime.date, actor: Any = None,
          reason: str = "") -> CaseClock | None:
    """A clock event outside a workflow step: a case that is created already running (下发 of a 督办单)."""
    from fazhi.workflow.engine import Step

    return apply(workflow, case, kind, action, Step(actor, None, {"on": on, "reason": reason}))


def due_record(clock: CaseClock) -> dict:
    """What a transition log keeps of a clock it started: the due date, whether provisional, the rule."""
    return {"date": clock.due_on, "provisional": clock.provisional, "rule": clock.rule_text}


def change_rule(workflow, case: Any, kind: str) -> CaseClock | None:
    """The case now counts clock `kind` under the rule its ClockSpec picks for it today (a 复议 case moved
    from the simple to the ordinary procedure): the same events from the same start, recomputed."""
    clock = clock_of(case, kind, lock=True)
    if clock is None or clock.state not in CaseClock.LIVE_STATES:
        return clock
    spec = workflow.clocks[kind]
    clock.rule_code = spec.rule_for(case)
    _recompute(clock, spec)
    clock.updated_at = timezone.now()
    clock.save()
    return clock


def story(clock: CaseClock) -> str:
    """The clock's history in one sentence for the case page: "自…起算，…起暂停，暂停至…，…重新起算，到期日为…"."""
    def day(value) -> str:
        value = datetime.date.fromisoformat(value) if isinstance(value, str) else value
        return f"{value.year}年{value.month}月{value.day}日"

    # The rule (a query or two) only where an extension's length needs its unit.
    unit = rule_of(clock).unit_label if any(e["kind"] == "extend" for e in clock.events) else ""
    parts = []
    for event in clock.events:
        why = f"（{event['reason']}）" if event.get("reason") else ""
        parts.append({
            "start": f"自{day(event['at'])}起算{clock.rule_text}",
            "pause": f"{day(event['at'])}起暂停计时{why}",
            "resume": f"暂停至{day(event['at'])}，次日起继续计算",
            "restart": f"{day(event['at'])}{why or '因补正'}重新起算",
            "extend": f"{day(event['at'])}经{event.get('by') or '审批人'}批准延长{event.get('days')}{unit}{why}",
        }.get(event["kind"], ""))
    if clock.state in (CaseClock.State.MET, CaseClock.State.LATE):
        parts.append(f"{day(clock.stopped_on)}{clock.get_state_display()}（期限至{day(clock.due_on)}）"
                     if clock.due_on else f"{day(clock.stopped_on)}办结")
    elif clock.state == CaseClock.State.CANCELLED:
        parts.append("已撤销")
    elif clock.due_on:
        parts.append(f"到期日为{day(clock.due_on)}")
    else:
        parts.append("现暂停计时，恢复后重新计算到期日")
    return "，".join(p for p in parts if p) + "。"


def for_page(workflow, case: Any) -> list[tuple[str, CaseClock, str]]:
    """The case's clocks as its page shows them (workflow/_clocks.html): label, clock and story, oldest first."""
    found = sorted(clocks_of(case), key=lambda c: (c.started_on, c.pk))
    return [(workflow.clocks[c.kind].label if c.kind in workflow.clocks else c.kind, c, story(c)) for c in found]
