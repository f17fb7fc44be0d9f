"""What every computation returns: the date, whether it is provisional, and the trace behind it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# Day steps: what happened to one day of the period.
COUNTED = "计入"
SKIPPED = "跳过"
PAUSED = "暂停"  # the clock was stopped that day
ROLLED = "顺延"
# Event steps: what a clock event did.
STARTED = "起算"
PAUSE_BEGAN = "暂停计时"
RESUMED = "恢复计时"
RESTARTED = "重新起算"
EXTENDED = "延长"
IGNORED = "未采用"
DUE = "到期"
OTHER_LIMIT = "并行期限"  # another limit on the same act (an outer limit, a cap), earliest decides

DAY_ACTIONS = frozenset({COUNTED, SKIPPED, PAUSED, ROLLED})

_WEEKDAYS = "一二三四五六日"


def format_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def format_date_weekday(day: dt.date) -> str:
    return f"{format_date(day)}（星期{_WEEKDAYS[day.weekday()]}）"


@dataclass(frozen=True)
class TraceStep:
    """One line of a trace: a day counted, skipped, paused or rolled over, or a clock event."""

    date: dt.date
    action: str
    reason: str


@dataclass
class DeadlineResult:
    """A computed date with its reasons.

    `date` is None only while a clock is paused with no resume yet: the due date is then unknown and
    `paused_since`/`remaining` say where the clock stands. `at` is the exact moment for hour periods.
    """

    date: dt.date | None
    trace: list[TraceStep]
    description: str
    provisional_reasons: list[str] = field(default_factory=list)
    at: dt.datetime | None = None
    paused_since: dt.date | None = None
    remaining: int | None = None
    unit_label: str = ""

    @property
    def provisional(self) -> bool:
        return bool(self.provisional_reasons)

    def explain(self) -> str:
        """The trace as Chinese text for the UI: runs of days with the same action and reason are merged."""
        if self.date is None:
            head = f"{self.description}：计时自{format_date(self.paused_since)}起暂停，尚余{self.remaining}{self.unit_label}，恢复后重新计算。"
        elif self.at is not None:
            head = f"{self.description}：至{format_date(self.date)} {self.at:%H:%M}届满。"
        else:
            head = f"{self.description}：到期日为{format_date_weekday(self.date)}。"
        lines = [head]
        for first, last, action, reason in _runs(self.trace):
            span = format_date(first) if first == last else f"{format_date(first)}至{format_date(last)}"
            lines.append(f"{span}　{action}　{reason}")
        lines.extend(f"注意：{reason}，结果为暂定。" for reason in self.provisional_reasons)
        return "\n".join(lines)


def _runs(trace: list[TraceStep]) -> list[tuple[dt.date, dt.date, str, str]]:
    runs: list[tuple[dt.date, dt.date, str, str]] = []
    for step in trace:
        if runs:
            first, last, action, reason = runs[-1]
            if (action, reason) == (step.action, step.reason) and step.date - last == dt.timedelta(days=1):
                runs[-1] = (first, step.date, action, reason)
                continue
        runs.append((step.date, step.date, step.action, step.reason))
    return runs


@dataclass
class WorkingDayCount:
    """How many working days lie in (a, b], with the trace of every day looked at."""

    count: int
    trace: list[TraceStep]
    description: str
    provisional_reasons: list[str] = field(default_factory=list)

    @property
    def provisional(self) -> bool:
        return bool(self.provisional_reasons)

    def __int__(self) -> int:
        return self.count

    def explain(self) -> str:
        lines = [f"{self.description}：共{self.count}个工作日。"]
        lines.extend(f"注意：{reason}，结果为暂定。" for reason in self.provisional_reasons)
        return "\n".join(lines)
