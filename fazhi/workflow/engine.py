"""The workflow engine: a module declares its lifecycle as a table, `run` moves a case along it.

A module describes its case model once (`Workflow`: the model, the unit whose data scope covers a
case, its clocks, how it keeps its transition log) and its steps as data (`Transition`: source states,
target, capabilities, form fields, guards that return a Chinese refusal or None, the clock events the
step emits and the effect it has on the case). `run` is the one service that applies a step:

    lock the row → capability and scope (PermissionDenied, 403) → state, fields, date order and
    guards (ValidationError, 400, with every reason in Chinese) → effect and clock events →
    the module's transition log and the operation log — all in one transaction.

The same two checks decide which buttons a user sees (`allowed_for`), so a page never offers a step
the engine would refuse for want of a capability.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from fazhi.core import oplog
from fazhi.core.permissions import has_capability
from fazhi.core.scopes import user_sees_unit


@dataclass(frozen=True)
class Field:
    """One form field of a step, typed so the engine can clean it (text, textarea, date, choice, int)."""

    name: str
    label: str
    kind: str = "text"
    required: bool = True
    choices: tuple[tuple[str, str], ...] = ()
    help: str = ""
    logged: bool = True  # kept in the transition log's data (long texts are stored elsewhere)


Guard = Callable[[Any, dict[str, Any]], "str | None"]


@dataclass
class Step:
    """What a running transition knows: who, the cleaned fields, the clocks it touched, what to log."""

    actor: Any
    transition: Transition
    data: dict[str, Any]
    clocks: dict[str, Any] = field(default_factory=dict)  # clock kind → CaseClock after this step's events
    record: dict[str, Any] = field(default_factory=dict)  # kept in the transition log's data
    # Advice that does not stop the step (送审时间不足 …): kept in the log and returned on the case.
    warnings: list[str] = field(default_factory=list)

    @property
    def on(self) -> datetime.date:
        return self.data["on"]


Effect = Callable[[Any, Step], None]


@dataclass(frozen=True)
class Transition:
    code: str
    label: str
    sources: frozenset[str]
    target: str
    capabilities: tuple[str, ...]
    fields: tuple[Field, ...] = ()
    guards: tuple[Guard, ...] = ()
    # Clock events, "<clock kind>.<start|stop|pause|resume|restart|extend|cancel>", applied in order.
    clock: tuple[str, ...] = ()
    effect: Effect | None = None  # what the step does to the case besides its state (after the clocks)
    reason_label: str = "说明"
    reason_required: bool = False
    style: str = "primary"
    help: str = ""
    # Date-independent guards whose failure also hides the button (an opinion already given).
    shown_if: tuple[Guard, ...] = ()
    # Who may, beyond capability and scope: `permits(actor, case)` returns a refusal (403) or None — a
    # unit's own report is written by that unit, not by the office that sees it.
    permits: Callable[[Any, Any], str | None] | None = None
    from_hint: str = ""  # the wrong-state refusal's second half: "只有待审核的报告可以采纳"
    all_fields: tuple[Field, ...] = field(init=False)

    def __post_init__(self) -> None:
        on = Field("on", "办理日期", "date", help="事项实际发生的日期，默认今天，不能早于上一步的日期")
        reason = Field("reason", self.reason_label, "textarea", required=self.reason_required)
        object.__setattr__(self, "all_fields", (on, *self.fields, reason))


@dataclass(frozen=True)
class ClockSpec:
    """A statutory clock a module's cases carry: which time-limit rule it counts, when to warn, whom to tell.

    `rule` is a rule code, or a function of the case that picks one (a market-related document's longer
    period). Notices of 临期 / 逾期 go to active users holding `notify` whose data scope covers the case's unit.
    """

    label: str  # 报备: "报备提醒：…", "报备逾期：…"
    rule: str | Callable[[Any], str]
    action: str = "办结"  # what must be done by the due date: "…须于2024-10-08前报送备案"
    warn_rule: str | None = None
    notify: tuple[str, ...] = ()
    # Who hears of 临期 / 逾期: "scope", the holders of `notify` whose data scope covers the case's unit;
    # "unit", every active user of the case's unit itself (a 督办单's recipient unit).
    audience: str = "scope"
    # A period the case sets for itself in place of the rule's, as (count, unit): the 督办单's N working days
    # chosen by the issuer (unit None: the rule's unit), a 检察建议书's written "三个月内" (3, "M"). Read when the
    # clock starts and kept on its start event, so the clock is recomputed from its own record; None: the rule.
    own_period: Callable[[Any], tuple[int, str | None] | None] | None = None
    # The case's own state once the daily scan marks its clock 逾期 / 临期 (督办单: 已下发 → 逾期未回复),
    # moved in bulk with a "scan" step in the one log; "" leaves the case's state alone.
    on_overdue: str = ""
    on_due_soon: str = ""

    def rule_for(self, case: Any) -> str:
        return self.rule(case) if callable(self.rule) else self.rule


@dataclass(frozen=True)
class Workflow:
    """A module's case lifecycle: the table plus the few things the engine asks of the case."""

    name: str  # short code: the operation log's action prefix ("normdoc.publish") and the clocks' module
    label: str
    model: type[models.Model]
    transitions: dict[str, Transition]
    unit_of: Callable[[Any], Any]  # the unit whose data scope must cover the actor
    clocks: dict[str, ClockSpec] = field(default_factory=dict)
    describe: Callable[[Any], str] = str  # what a clock's notices call the case
    link: Callable[[Any], str] = lambda case: ""  # the case's page, for notices
    # The case's latest dated step (label, date), which every step's date may not precede.
    last_step: Callable[[Any], tuple[str, datetime.date] | None] | None = None
    snapshot_fields: list[str] | None = None  # what the operation log's before/after keep
    after: Callable[[Any, Step, bool], None] | None = None  # after the write (search index …); got was_public
    is_public: Callable[[Any], bool] = lambda case: False
    select_related: tuple[str, ...] = ()
    state_field: str = "state"
    action_prefix: str = ""  # the operation log's action is prefix + step code; default "<name>."

    def action(self, code: str) -> str:
        return f"{self.action_prefix or self.name + '.'}{code}"

    def state_label(self, case: Any) -> str:
        return getattr(case, f"get_{self.state_field}_display")()

    def transitions_from(self, state: str) -> list[Transition]:
        return [t for t in self.transitions.values() if state in t.sources]


def get_workflow(name: str) -> Workflow:
    """A module's workflow by its name (the modules declare them: `Module.workflows`)."""
    from fazhi.core import modules

    for module in modules.all_modules():
        for workflow in module.workflows:
            if workflow.name == name:
                return workflow
    raise LookupError(f"未知的流程：{name}")


# ------------------------------------------------------------------------------------------------ checks


def may(actor: Any, workflow: Workflow, case: Any, t: Transition) -> bool:
    """Whether the actor holds the step's capability and sees the case (the system always may)."""
    if actor is None:
        return True
    if not any(has_capability(actor, c) for c in t.capabilities):
        return False
    if not (actor.is_superuser or user_sees_unit(actor, workflow.unit_of(case))):
        return False
    return t.permits is None or t.permits(actor, case) is None


def allowed_for(user: Any, workflow: Workflow, case: Any) -> list[Transition]:
    """The steps the user may attempt from the case's state. Guards run on submit, so the refusal can
    say why; only `shown_if` guards (a date-independent "already done") hide a button here."""
    return [
        t for t in workflow.transitions_from(getattr(case, workflow.state_field))
        if may(user, workflow, case, t) and not any(g(case, {}) for g in t.shown_if)
    ]


def parse_date(value: Any, what: str) -> datetime.date | None:
    """A date from a form or JSON value; a clear message if it is not one."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationError(f"{what}“{value}”不是有效日期（格式：2024-03-01）") from None


def clean_data(t: Transition, raw: dict[str, Any]) -> dict[str, Any]:
    """Form or JSON values → typed values; every missing or malformed field is reported at once."""
    data: dict[str, Any] = {}
    problems: list[str] = []
    for f in t.all_fields:
        value = raw.get(f.name)
        try:
            if f.kind == "date":
                value = parse_date(value, f.label)
                if f.name == "on" and value is None:
                    value = timezone.localdate()
            elif f.kind == "int":
                value = _parse_int(value, f.label)
            else:
                value = (str(value) if value is not None else "").strip()
                if f.kind == "choice" and value and value not in dict(f.choices):
                    raise ValidationError(f"{f.label}的取值无效")
        except ValidationError as exc:
            problems.extend(exc.messages)
            continue
        if f.required and value in (None, ""):
            problems.append(f"请填写{f.label}")
        data[f.name] = value
    if problems:
        raise ValidationError(problems)
    return data


def _parse_int(value: Any, what: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(str(value).strip())
    except ValueError:
        raise ValidationError(f"{what}须为整数") from None


def _fmt(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def date_order_refusal(workflow: Workflow, case: Any, on: datetime.date) -> str | None:
    """The guard every step runs first: its 办理日期 is not before the previous step's (the timeline reads in order)."""
    last = workflow.last_step(case) if workflow.last_step else None
    if last is not None and on < last[1]:
        label, previous = last
        return f"办理日期{_fmt(on)}早于上一步“{label}”的日期{_fmt(previous)}，各步骤的办理日期不能早于前一步。"
    return None


# --------------------------------------------------------------------------------------------------- run


@transaction.atomic
def run(actor: Any, workflow: Workflow, case: Any, code: str, raw: dict[str, Any] | None = None) -> Any:
    """Apply step `code` to `case`, or refuse: 403 for capability or scope, 400 for state or data.

    `actor=None` is the system (demo loader, imports). Returns the case as saved.
    """
    from fazhi.workflow import clocks, steplog

    t = workflow.transitions.get(code)
    if t is None:
        raise ValidationError(f"未知的操作：{code}")
    case = workflow.model.objects.select_for_update().select_related(*workflow.select_related).get(pk=case.pk)
    if actor is not None and not any(has_capability(actor, c) for c in t.capabilities):
        raise PermissionDenied(f"您没有执行“{t.label}”的权限")
    if actor is not None and t.permits is not None and (refusal := t.permits(actor, case)):
        raise PermissionDenied(refusal)
    if not may(actor, workflow, case, t):
        raise PermissionDenied("该记录不在您的数据范围内")
    state = getattr(case, workflow.state_field)
    if state not in t.sources:
        if t.from_hint:
            raise ValidationError(f"{workflow.label}当前为“{workflow.state_label(case)}”，{t.from_hint}")
        raise ValidationError(f"{workflow.label}处于“{workflow.state_label(case)}”阶段，不能执行“{t.label}”")
    data = clean_data(t, raw or {})
    if data["on"] > timezone.localdate():
        raise ValidationError("办理日期不能晚于今天")
    guards = (lambda case, data: date_order_refusal(workflow, case, data["on"]), *t.guards)
    refusals = [msg for guard in guards if (msg := guard(case, data))]
    if refusals:
        raise ValidationError(refusals)

    step = Step(actor=actor, transition=t, data=data)
    before = oplog.snapshot(case, workflow.snapshot_fields)
    was_public = workflow.is_public(case)
    for event in t.clock:
        kind, _, action = event.partition(".")
        step.clocks[kind] = clocks.apply(workflow, case, kind, action, step)
    if t.effect is not None:
        t.effect(case, step)
    setattr(case, workflow.state_field, t.target)
    case.save()

    logged = {f.name for f in t.fields if f.logged}
    extra = {k: v for k, v in data.items() if k in logged and v not in (None, "")}
    if step.warnings:
        step.record["warnings"] = step.warnings
    steplog.record_step(case, code, state, t.target, actor=actor, reason=data["reason"], on=data["on"],
                        data={**extra, **step.record}, workflow=workflow.name)
    oplog.record(actor, workflow.action(code), case, before=before,
                 after=oplog.snapshot(case, workflow.snapshot_fields), reason=data["reason"])
    if workflow.after is not None:
        workflow.after(case, step, was_public)
    case.step_warnings = list(step.warnings)  # for the page to show beside "已办理"
    return case
