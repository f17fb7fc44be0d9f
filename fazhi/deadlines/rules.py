"""A deadline as data: how much time, counted in which unit, from which event."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Unit(StrEnum):
    WD = "WD"  # 工作日
    ND = "ND"  # 自然日
    M = "M"  # 月
    H = "H"  # 小时

    @property
    def label(self) -> str:
        return {Unit.WD: "个工作日", Unit.ND: "日", Unit.M: "个月", Unit.H: "小时"}[self]


@dataclass(frozen=True)
class DeadlineRule:
    """How long a period is and how it is counted.

    `max_extension` is the most an extension may add, in the rule's own unit (0: no extension).
    `checked` is False for limits not yet confirmed against the official text (design notes' *check*).
    Rules are defaults: callers override a number with `dataclasses.replace` or `statutory.get_rule`.
    """

    count: int
    unit: Unit
    start_event: str = ""
    roll_over: bool = True
    label: str = ""
    source: str = ""
    key: str = ""
    max_extension: int = 0
    checked: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "unit", Unit(self.unit))
        if self.count < 0 or self.max_extension < 0:
            raise ValueError(f"期限天数不能为负数：{self.label or self.key}")

    def describe(self) -> str:
        """E.g. "自受理之日起60日（可延长30日）"."""
        text = f"{self.count}{self.unit.label}"
        if self.start_event:
            text = f"自{self.start_event}起{text}"
        if self.max_extension:
            text += f"（可延长{self.max_extension}{self.unit.label}）"
        return text
