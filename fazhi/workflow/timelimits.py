"""Time limits as office-editable rules, per jurisdiction.

Each module declares its rules with their statutory defaults (`Module.time_limits`); where the shared
catalogue `fazhi.deadlines.statutory` defines the same code, the catalogue's number and source win (one
source of truth). An office may override a rule for its jurisdiction (`TimeLimit` rows): the rule in
force for a case is the override of the nearest jurisdiction at or above the case's unit, else the
platform-wide row, else the default. Business code asks for a rule by code and never holds a number
of days itself. Dates are counted by the deadline engine over the editable working-day table.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from fazhi.deadlines import DeadlineRule, months_later
from fazhi.deadlines.rules import NO_EXTENSION, Extension

WD, ND, M = "WD", "ND", "M"  # 工作日, 自然日, 个月 (calendar months, 民法典第二百零二条)
UNIT_LABELS = {WD: "个工作日", ND: "日", M: "个月"}


@dataclass(frozen=True)
class Rule:
    code: str
    label: str
    count: int
    unit: str  # WD 工作日, ND 自然日 or M 个月
    roll_over: bool = True
    source: str = ""
    max_extension: int = 0
    # An extension cap an office sets for its jurisdiction: the code of another rule whose count (in this
    # rule's unit) is the most all approved extensions may add; 0 there means the period cannot be extended.
    extension_rule: str = ""
    approver: str = ""  # whose approval an extension needs, shown in the trace
    # The catalogue's extension (capped or, like 条例第三十五条, a reasonable length without a cap) with the
    # approver's role; None: `max_extension` alone says how far the rule may be extended.
    extension: Any = None

    @property
    def unit_label(self) -> str:
        return UNIT_LABELS[self.unit]

    def describe(self) -> str:
        return f"{self.count}{self.unit_label}"

    @property
    def citation(self) -> str:
        """The source's title and article, without the quoted words after "：" (for refusals)."""
        return self.source.split("：")[0]

    def as_deadline_rule(self) -> DeadlineRule:
        if self.extension is not None:
            extension = self.extension  # the catalogue's own (capped or uncapped, with its approver)
        elif self.max_extension:
            extension = Extension.capped(self.max_extension, self.approver)
        else:
            extension = NO_EXTENSION
        return DeadlineRule(self.count, self.unit, roll_over=self.roll_over, label=self.label, source=self.source,
                            key=self.code, extension=extension)


@cache
def defaults() -> dict[str, Rule]:
    """Every module's declared rules, with the statutory catalogue's figures where it has the code."""
    from fazhi.core import modules

    return {rule.code: _from_catalogue(rule) for module in modules.all_modules() for rule in module.time_limits}


def _from_catalogue(rule: Rule) -> Rule:
    from fazhi.deadlines import statutory

    try:
        entry = statutory.get_rule(rule.code)
    except KeyError:
        return rule
    if str(entry.unit) not in UNIT_LABELS:  # hours are not a case clock
        return rule
    return replace(rule, label=entry.label or rule.label, count=entry.count, unit=str(entry.unit),
                   roll_over=entry.roll_over, source=entry.source or rule.source,
                   max_extension=entry.max_extension or rule.max_extension,
                   extension=entry.extension if entry.extension.allowed else rule.extension)


def jurisdiction_chain(unit) -> list:
    """`unit`'s jurisdiction and every region above it, nearest first (whose overrides apply to it)."""
    from fazhi.core.models import Unit

    if unit is None:
        return []
    paths = [unit.path[: i * unit.steplen] for i in range(1, unit.depth + 1)]
    return list(Unit.objects.filter(path__in=paths, kind=Unit.Kind.REGION).order_by("-depth"))


@dataclass(frozen=True)
class InForce:
    """A rule as it applies in one jurisdiction, and where it comes from: set there (`own`), inherited from
    the region above that set it (`holder`), set for the whole platform, or the statutory default."""

    rule: Rule
    origin: str  # "own" | "inherited" | "platform" | "default"
    holder: object = None  # the Unit whose row applies (own or inherited)

    @property
    def origin_label(self) -> str:
        if self.origin == "own":
            return "本级设置"
        if self.origin == "inherited":
            return f"沿用{self.holder.name}的设置"
        return "沿用全平台设置" if self.origin == "platform" else "法定默认"


def in_force(code: str, unit=None) -> InForce:
    """The rule in force for a case of `unit`: nearest jurisdiction's override, platform row, default."""
    from fazhi.workflow.models import TimeLimit

    try:
        default = defaults()[code]
    except KeyError:
        raise KeyError(f"未定义的时限规则：{code}") from None
    if default.extension_rule:
        default = replace(default, max_extension=get_rule(default.extension_rule, unit).count)
    chain = jurisdiction_chain(unit)
    rows = {row.jurisdiction_id: row for row in TimeLimit.objects.filter(code=code)}
    own = unit.jurisdiction().pk if unit is not None else None
    for holder in [*chain, None]:
        row = rows.get(holder.pk if holder is not None else None)
        if row is not None:
            rule = replace(default, count=row.count, unit=row.unit, roll_over=row.roll_over,
                           source=row.note or default.source)
            if holder is None:
                return InForce(rule, "own" if unit is None else "platform")
            return InForce(rule, "own" if holder.pk == own else "inherited", holder)
    return InForce(default, "default")


def get_rule(code: str, unit=None) -> Rule:
    """The rule in force for a case of `unit` (see `in_force`)."""
    return in_force(code, unit).rule


def rules_for(jurisdiction) -> list[InForce]:
    """Every rule in force for `jurisdiction` (None: the platform), with where each comes from."""
    return [in_force(code, jurisdiction) for code in defaults()]


def overrides_below(jurisdiction, codes) -> list:
    """The rows regions strictly below `jurisdiction` set for `codes` (what differs where, for the page)."""
    from fazhi.core.scopes import subtree
    from fazhi.workflow.models import TimeLimit

    rows = TimeLimit.objects.filter(code__in=codes, jurisdiction__isnull=False).select_related("jurisdiction")
    if jurisdiction is not None:
        rows = rows.filter(subtree("jurisdiction", jurisdiction.path)).exclude(jurisdiction=jurisdiction)
    return list(rows.order_by("code", "jurisdiction__path"))


@dataclass(frozen=True)
class Due:
    date: datetime.date
    provisional: bool
    trace: list
    rule: Rule


def apply_rule(rule: Rule, start: datetime.date, roll_over: bool | None = None) -> Due:
    """The date `rule` gives counting from `start` (the start day not counted)."""
    from fazhi.core import calendar

    roll_over = rule.roll_over if roll_over is None else roll_over
    if rule.unit == WD:
        result = calendar.add_working_days(start, rule.count)
    elif rule.unit == M:
        result = calendar.add_months(start, rule.count, roll_over=roll_over)
    else:
        result = calendar.add_natural_days(start, rule.count, roll_over=roll_over)
    return Due(result.date, result.provisional, result.trace, rule)


def due(code: str, start: datetime.date, unit=None) -> Due:
    return apply_rule(get_rule(code, unit), start)


def earliest_end(code: str, start: datetime.date, unit=None) -> Due:
    """For a minimum period: the first day on which the period has run its full length.

    A minimum is never rolled over: reaching a rest day still completes the period.
    """
    return apply_rule(get_rule(code, unit), start, roll_over=False)


def warn_from(code: str, due_date: datetime.date, unit=None) -> datetime.date:
    """The first day to warn of a date due on `due_date`: the warning rule counted backwards."""
    from fazhi.core import calendar

    rule = get_rule(code, unit)
    if rule.unit == WD:
        return calendar.warn_date(due_date, rule.count)
    if rule.unit == M:
        return months_later(due_date, -rule.count)
    return due_date - datetime.timedelta(days=rule.count)
