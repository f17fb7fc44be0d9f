"""The one engine that walks a period day by day: clock events, counting, roll-over, trace.

`compute_due` derives a due date from a rule and the events on a case. The plain counting functions
(`counting.py`) are this engine with a single start event, so every date in the platform is counted
by the same loop and carries the same kind of trace.
"""

from __future__ import annotations

import calendar as _monthcal
import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from fazhi.deadlines.calendar import DayCalendar, DayType, provisional_reason
from fazhi.deadlines.result import (
    COUNTED,
    DAY_ACTIONS,
    DUE,
    EXTENDED,
    IGNORED,
    OTHER_LIMIT,
    PAUSE_BEGAN,
    PAUSED,
    RESTARTED,
    RESUMED,
    ROLLED,
    SKIPPED,
    STARTED,
    DeadlineResult,
    TraceStep,
    format_date,
)
from fazhi.deadlines.rules import DeadlineRule, ExtensionKind, Unit

ONE_DAY = dt.timedelta(days=1)


class ClockKind(StrEnum):
    START = "start"
    PAUSE = "pause"  # 补正, 鉴定, 勘验, 第三方征求意见, 中止 …
    RESUME = "resume"
    RESTART = "restart"  # the period starts again, e.g. when 补正材料 arrive
    EXTEND = "extend"


@dataclass(frozen=True)
class ClockEvent:
    """Something that happened to a case's clock on a day (a datetime for hour periods).

    `days` is the length of an extension, in the rule's unit; `by` who approved it.
    """

    kind: ClockKind
    at: dt.date
    by: str | None = None
    reason: str = ""
    days: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", ClockKind(self.kind))


def day_reason(cal: DayCalendar, day: dt.date) -> tuple[DayType, str]:
    """A day's type and how the trace names it (法定节假日：国庆节, 调休上班：春节调休 …)."""
    kind = DayType(cal.day_type(day))
    note = cal.note(day)
    return kind, f"{kind.label}：{note}" if note else kind.label


def judge_day(cal: DayCalendar, day: dt.date, unit: Unit) -> TraceStep:
    """Whether `day` counts in a period of `unit`: working-day periods skip holidays and rest days."""
    kind, reason = day_reason(cal, day)
    if unit is Unit.WD and not kind.is_working:
        return TraceStep(day, SKIPPED, reason)
    return TraceStep(day, COUNTED, reason)


def is_rest_for_roll_over(kind: DayType, weekends_are_rest_days: bool) -> bool:
    # Whether an ordinary weekend is a "法定休假日" for 民法典 art. 203 is a setting; holidays always are.
    return kind is DayType.HOLIDAY or (weekends_are_rest_days and kind is DayType.REST)


def roll_over(cal: DayCalendar, last: dt.date, weekends_are_rest_days: bool) -> tuple[dt.date, list[TraceStep]]:
    """A period whose last day is a rest day ends on the first working day after it."""
    kind, reason = day_reason(cal, last)
    steps: list[TraceStep] = []
    day = last
    while is_rest_for_roll_over(kind, weekends_are_rest_days):
        day += ONE_DAY
        kind, reason = day_reason(cal, day)
        if is_rest_for_roll_over(kind, weekends_are_rest_days):
            steps.append(TraceStep(day, ROLLED, f"期间最后一日为休息日，继续顺延（{reason}）"))
        else:
            steps.append(TraceStep(day, ROLLED, f"期间最后一日为休息日，顺延至其后第一个工作日（{reason}）"))
    return day, steps


def months_later(start: dt.date, months: int) -> dt.date:
    """The corresponding day `months` later, or the end month's last day when it has no such day."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(start.day, _monthcal.monthrange(year, month)[1]))


def provisional_reasons(cal: DayCalendar, days: Iterable[dt.date]) -> list[str]:
    """One reason per year touched that the calendar's table does not cover."""
    years = sorted({day.year for day in days if not cal.is_known(day)})
    return [provisional_reason(year) for year in years]


def compute_due(
    cal: DayCalendar,
    rule: DeadlineRule,
    events: Sequence[ClockEvent],
    weekends_are_rest_days: bool = True,
) -> DeadlineResult:
    """The due date `rule` gives over a case's clock events.

    The start day (and a restart or resume day) is not counted (民诉法 art. 85). A pause stops the
    clock from the day after it until its resume: those days are traced as paused and not counted.
    A restart begins the whole period again. Extensions add to the period in the rule's unit as
    `rule.extension` allows (none; up to a cap; or a reasonable length with no cap) and must name
    who approved them; the trace names the approver's role the law requires. An M period is the
    natural days up to the corresponding day of the end month, so pauses lengthen it day for day.
    """
    ordered = _validated(rule, events)
    if rule.unit is Unit.H:
        return _hours_due(rule, ordered)
    return _Walk(cal, rule, ordered, weekends_are_rest_days).run()


def earliest_due(results: Sequence[DeadlineResult]) -> DeadlineResult:
    """Several limits binding one act at once (a period and its cap, an outer limit): the earliest decides.

    E.g. 行政复议法 art. 20–21: 60 days from knowing the right to apply, but no more than one year
    from knowing the act and five years from the act. The result is the deciding limit's, its trace
    followed by one line per other limit. A limit whose clock is paused has no date yet: the result
    is then that paused limit's (due date unknown), the dated limits listed after it.
    """
    if not results:
        raise ValueError("缺少期限")
    paused = [result for result in results if result.date is None]
    dated = sorted((result for result in results if result.date is not None), key=lambda result: result.date)
    deciding = paused[0] if paused else dated[0]
    notes = []
    for other in results:
        if other is deciding:
            continue
        if other.date is None:
            text = f"{other.description}：计时自{format_date(other.paused_since)}起暂停，尚余{other.remaining}{other.unit_label}"
        else:
            text = f"{other.description}：届满于{format_date(other.date)}，以较早者为准"
        notes.append(TraceStep(other.date or other.paused_since, OTHER_LIMIT, text))
    # Another limit's provisional date only matters when it could overtake the deciding one: a
    # roll-over moves a date by less than the longest holiday run, so a limit ending a fortnight
    # later (the five-year limit in 2030) does not make this year's date provisional.
    close = [other for other in results if other is not deciding and other.date is not None and deciding.date is not None
             and other.date - deciding.date < dt.timedelta(days=14)]
    reasons = sorted({reason for result in [deciding, *close] for reason in result.provisional_reasons})
    return dataclasses.replace(deciding, trace=[*deciding.trace, *notes], provisional_reasons=reasons)


def _validated(rule: DeadlineRule, events: Sequence[ClockEvent]) -> list[ClockEvent]:
    ordered = sorted(events, key=lambda e: (e.at.toordinal(), _time_of(e.at)))
    if not ordered or ordered[0].kind is not ClockKind.START:
        raise ValueError("缺少起算事件，或有事件早于起算日")
    extensions = [event for event in ordered if event.kind is ClockKind.EXTEND]
    for event in extensions:
        if not event.days or event.days <= 0:
            raise ValueError("延长须写明延长的期间")
        if not event.by:
            raise ValueError("延长须记录批准人")
    total = sum(event.days or 0 for event in extensions)
    name, allowed = rule.label or "该期限", rule.extension
    if extensions and allowed.kind is ExtensionKind.NONE:
        raise ValueError(f"{name}不得延长，已申请延长{total}{rule.unit.label}")
    if allowed.kind is ExtensionKind.CAPPED and total > allowed.limit:
        raise ValueError(f"{name}最多延长{allowed.limit}{rule.unit.label}，已申请延长{total}{rule.unit.label}")
    return ordered


def _time_of(at: dt.date) -> dt.time:
    return at.time() if isinstance(at, dt.datetime) else dt.time.min


class _Walk:
    """The day-by-day state of one clock."""

    def __init__(self, cal: DayCalendar, rule: DeadlineRule, events: list[ClockEvent], weekends: bool) -> None:
        self.cal, self.rule, self.weekends = cal, rule, weekends
        self.pending = list(events)
        self.trace: list[TraceStep] = []
        self.units = rule.count  # the period's length in the rule's unit, extensions included
        self.start: dt.date = events[0].at
        self.target = 0  # days to count from `start`
        self.counted = 0
        self.paused_since: dt.date | None = None

    def run(self) -> DeadlineResult:
        day = self.start
        self._apply_events_through(day)
        # A pause with nothing left to count (made on the last day) changes nothing: the period has run.
        while self.counted < self.target:
            if self.paused_since is not None and not self.pending:
                return self._paused_result()
            day += ONE_DAY
            if self.paused_since is not None:
                self.trace.append(TraceStep(day, PAUSED, "计时暂停期间，不计入"))
            else:
                step = judge_day(self.cal, day, self.rule.unit)
                self.trace.append(step)
                self.counted += step.action == COUNTED
            self._apply_events_through(day)
        if self.rule.roll_over and self.rule.unit is not Unit.WD:
            day, steps = roll_over(self.cal, day, self.weekends)
            self.trace.extend(steps)
        for event in self.pending:
            self.trace.append(TraceStep(event.at, IGNORED, f"{_event_text(event)}：期限已届满，未影响计算"))
        return DeadlineResult(day, self.trace, self._description(), self._provisional())

    def _apply_events_through(self, day: dt.date) -> None:
        # Events on a day act after that day is counted: a pause leaves its own day counted, and a
        # restart or resume day is, like a start day, not counted.
        while self.pending and _as_date(self.pending[0].at) <= day:
            self._apply(self.pending.pop(0))

    def _apply(self, event: ClockEvent) -> None:
        day, text = _as_date(event.at), _event_text(event)
        if event.kind in (ClockKind.START, ClockKind.RESTART):
            if event.kind is ClockKind.START and self.trace:
                raise ValueError(f"起算事件重复（{format_date(day)}），再次起算请用重新起算")
            self.start, self.counted, self.paused_since = day, 0, None
            action = STARTED if event.kind is ClockKind.START else RESTARTED
            self.trace.append(TraceStep(day, action, f"{text}，{self.rule.describe()}，本日不计入"))
        elif event.kind is ClockKind.PAUSE:
            if self.paused_since is not None:
                raise ValueError(f"计时已于{format_date(self.paused_since)}暂停，{format_date(day)}不能再次暂停")
            self.paused_since = day
            self.trace.append(TraceStep(day, PAUSE_BEGAN, f"{text}，次日起暂停计时"))
        elif event.kind is ClockKind.RESUME:
            if self.paused_since is None:
                raise ValueError(f"{format_date(day)}恢复计时，但此前计时未暂停")
            self.trace.append(TraceStep(day, RESUMED, f"{text}，暂停期间不计入，次日起继续计算"))
            self.paused_since = None
        else:
            self.units += event.days or 0
            self.trace.append(TraceStep(day, EXTENDED, _extension_text(self.rule, event, text)))
        self._set_target()

    def _set_target(self) -> None:
        if self.rule.unit is Unit.M:
            self.target = (months_later(self.start, self.units) - self.start).days
        else:
            self.target = self.units

    def _description(self) -> str:
        return self.rule.label or f"自{format_date(self.start)}起{self.units}{self.rule.unit.label}"

    def _provisional(self) -> list[str]:
        # Only days whose type was looked at: the start day's type never changes the result.
        return provisional_reasons(self.cal, (step.date for step in self.trace if step.action in DAY_ACTIONS))

    def _paused_result(self) -> DeadlineResult:
        if self.rule.unit is Unit.M:  # months are counted as days once started
            remaining, label = self.target - self.counted, "日"
        else:
            remaining, label = self.units - self.counted, self.rule.unit.label
        return DeadlineResult(
            None, self.trace, self._description(), self._provisional(),
            paused_since=self.paused_since, remaining=remaining, unit_label=label,
        )


def _as_date(at: dt.date) -> dt.date:
    return at.date() if isinstance(at, dt.datetime) else at


def _event_text(event: ClockEvent) -> str:
    return event.reason or {
        ClockKind.START: "起算",
        ClockKind.PAUSE: "暂停计时",
        ClockKind.RESUME: "恢复计时",
        ClockKind.RESTART: "重新起算",
        ClockKind.EXTEND: "延长期限",
    }[event.kind]


def _extension_text(rule: DeadlineRule, event: ClockEvent, text: str) -> str:
    """E.g. "案情复杂（经张某批准延长30日；可延长30日，经行政复议机构的负责人批准）"."""
    granted = f"经{event.by}批准延长{event.days}{rule.unit.label}"
    return f"{text}（{granted}；{rule.extension.describe(rule.unit)}）"


def _hours_due(rule: DeadlineRule, events: list[ClockEvent]) -> DeadlineResult:
    """Hour periods run from the event's time: restarts and extensions apply, pauses do not exist."""
    start = _as_datetime(events[0].at)
    hours = rule.count
    trace: list[TraceStep] = []
    for event in events:
        if event.kind in (ClockKind.PAUSE, ClockKind.RESUME):
            raise ValueError("按小时计算的期限不能暂停")
        if event.kind in (ClockKind.START, ClockKind.RESTART):
            start = _as_datetime(event.at)
            action = STARTED if event.kind is ClockKind.START else RESTARTED
            trace.append(TraceStep(start.date(), action, f"{_event_text(event)}，{start:%H:%M}起算"))
        else:
            hours += event.days or 0
            trace.append(TraceStep(_as_date(event.at), EXTENDED, _extension_text(rule, event, _event_text(event))))
    end = start + dt.timedelta(hours=hours)
    trace.append(TraceStep(end.date(), DUE, f"{hours}小时届满于{end:%H:%M}"))
    return DeadlineResult(end.date(), trace, rule.label or f"自{format_date(start)} {start:%H:%M}起{hours}小时", at=end)


def _as_datetime(at: dt.date) -> dt.datetime:
    return at if isinstance(at, dt.datetime) else dt.datetime.combine(at, dt.time.min)
