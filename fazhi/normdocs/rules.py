"""The time limits of the normative-document lifecycle, as office-editable rules.

Every limit has a statutory default (the shared catalogue `fazhi.deadlines.statutory`, else the entry
below, checked against the design notes' table); the office may
override any of them (`TimeLimitRule` rows, edited on the settings page). Business code asks for a
rule by code and never holds a number of days itself. Dates are computed by the shared deadline
engine over the editable working-day table, so a result carries its trace and whether it is
provisional (beyond the years the table knows).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

WD, ND = "WD", "ND"

CONSULTATION_MIN = "normdoc.consultation_min"
CONSULTATION_MIN_MARKET = "normdoc.consultation_min_market"
LEGALITY_REVIEW_MIN = "normdoc.legality_review_min"
LEGALITY_REVIEW_MAX = "normdoc.legality_review_max"
FILING = "normdoc.filing"
FILING_WARN = "normdoc.filing_warn"


@dataclass(frozen=True)
class Rule:
    code: str
    label: str
    count: int
    unit: str  # WD 工作日 or ND 自然日
    roll_over: bool = True
    source: str = ""

    @property
    def unit_label(self) -> str:
        return "个工作日" if self.unit == WD else "日"

    def describe(self) -> str:
        return f"{self.count}{self.unit_label}"


DEFAULTS: dict[str, Rule] = {
    rule.code: rule
    for rule in [
        Rule(CONSULTATION_MIN, "征求意见期限（最少）", 7, WD, False, "国办发〔2018〕37号：一般不少于7个工作日"),
        Rule(CONSULTATION_MIN_MARKET, "涉及市场主体文件征求意见期限（最少）", 30, ND, False,
             "优化营商环境条例第六十二条：一般不少于30日"),
        Rule(LEGALITY_REVIEW_MIN, "合法性审核时间（最少）", 5, WD, False, "国办发〔2018〕37号：一般不少于5个工作日"),
        Rule(LEGALITY_REVIEW_MAX, "合法性审核时间（最长）", 15, WD, True, "国办发〔2018〕37号：最长不超过15个工作日"),
        Rule(FILING, "报送备案期限（自公开发布之日起）", 30, ND, True, "自公布之日起30日内报送备案（各省规定不同，可调整）"),
        Rule(FILING_WARN, "报备到期前提醒（提前）", 5, WD, False, "到期前提醒报备"),
    ]
}


def _from_catalogue(rule: Rule) -> Rule:
    """The shared statutory catalogue's default where it defines the same key (one source of truth)."""
    from fazhi.deadlines import statutory

    try:
        entry = statutory.get_rule(rule.code)
    except KeyError:
        return rule
    if str(entry.unit) not in (WD, ND):
        return rule
    return Rule(rule.code, entry.label or rule.label, entry.count, str(entry.unit), entry.roll_over,
                entry.source or rule.source)


def get_rule(code: str) -> Rule:
    """The rule in force: the office's override if there is one, else the statutory default."""
    from fazhi.normdocs.models import TimeLimitRule

    default = _from_catalogue(DEFAULTS[code])
    row = TimeLimitRule.objects.filter(code=code).first()
    if row is None:
        return default
    return Rule(code, default.label, row.count, row.unit, row.roll_over, row.note or default.source)


def all_rules() -> list[tuple[Rule, bool]]:
    """Every rule in force with whether the office has overridden it."""
    from fazhi.normdocs.models import TimeLimitRule

    overridden = set(TimeLimitRule.objects.values_list("code", flat=True))
    return [(get_rule(code), code in overridden) for code in DEFAULTS]


@dataclass(frozen=True)
class Due:
    date: datetime.date
    provisional: bool
    trace: list
    rule: Rule


def apply_rule(rule: Rule, start: datetime.date, roll_over: bool | None = None) -> Due:
    """The date `rule` gives counting from `start` (the start day not counted)."""
    from fazhi.core.calendar import get_calendar
    from fazhi.deadlines import add_natural_days, add_working_days

    cal = get_calendar()
    if rule.unit == WD:
        result = add_working_days(cal, start, rule.count)
    else:
        result = add_natural_days(cal, start, rule.count, roll_over=rule.roll_over if roll_over is None else roll_over)
    return Due(result.date, bool(getattr(result, "provisional", False)), list(getattr(result, "trace", []) or []), rule)


def due(code: str, start: datetime.date) -> Due:
    return apply_rule(get_rule(code), start)


def warn_from(due_date: datetime.date) -> datetime.date:
    """The first day to warn of a filing due on `due_date` (the FILING_WARN rule, counted backwards)."""
    from fazhi.core.calendar import get_calendar
    from fazhi.deadlines import warn_on

    rule = get_rule(FILING_WARN)
    if rule.unit == WD:
        return warn_on(get_calendar(), due_date, rule.count).date
    return due_date - datetime.timedelta(days=rule.count)


def earliest_end(code: str, start: datetime.date) -> Due:
    """For a minimum period: the first day on which the period has run its full length.

    A minimum is never rolled over: reaching a rest day still completes the period.
    """
    return apply_rule(get_rule(code), start, roll_over=False)
