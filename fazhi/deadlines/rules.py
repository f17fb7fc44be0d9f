"""A deadline as data: how much time, counted in which unit, from which event, and how it may grow."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Unit(StrEnum):
    WD = "WD"  # 工作日
    ND = "ND"  # 自然日
    M = "M"  # 月
    H = "H"  # 小时

    @property
    def label(self) -> str:
        return {Unit.WD: "个工作日", Unit.ND: "日", Unit.M: "个月", Unit.H: "小时"}[self]


class ExtensionKind(StrEnum):
    NONE = "none"  # 不得延长
    CAPPED = "capped"  # 可延长，有上限（复议 +30，公开 +20，许可 +10）
    UNCAPPED = "uncapped"  # 可延长合理期限，法律未设上限（复议补正、公开条例第三十五条、备案审查）

    @property
    def label(self) -> str:
        return {ExtensionKind.NONE: "不得延长", ExtensionKind.CAPPED: "可延长（有上限）",
                ExtensionKind.UNCAPPED: "可延长合理期限（无上限）"}[self]


@dataclass(frozen=True)
class Extension:
    """Whether and how far a period may be extended, and whose approval the law requires.

    `limit` is the most all extensions together may add, in the rule's unit (capped only). `approver`
    is the role the law names (行政复议机构的负责人, 政府信息公开工作机构负责人 …), shown in the trace
    ("" only for an ad-hoc rule that names none); the person who approved is recorded on each
    extension event.
    """

    kind: ExtensionKind = ExtensionKind.NONE
    limit: int = 0
    approver: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", ExtensionKind(self.kind))
        if self.kind is ExtensionKind.CAPPED and self.limit <= 0:
            raise ValueError("有上限的延长须写明最多延长的期间")
        if self.kind is not ExtensionKind.CAPPED and self.limit:
            raise ValueError(f"{self.kind.label}的期限不能设延长上限")

    @classmethod
    def capped(cls, limit: int, approver: str) -> Extension:
        return cls(ExtensionKind.CAPPED, limit, approver)

    @classmethod
    def uncapped(cls, approver: str) -> Extension:
        return cls(ExtensionKind.UNCAPPED, 0, approver)

    @property
    def allowed(self) -> bool:
        return self.kind is not ExtensionKind.NONE

    def describe(self, unit: Unit) -> str:
        """E.g. "可延长30日，经行政复议机构的负责人批准"; "" when the period cannot be extended."""
        if self.kind is ExtensionKind.NONE:
            return ""
        text = f"可延长{self.limit}{unit.label}" if self.kind is ExtensionKind.CAPPED else "可延长合理期限"
        return f"{text}，经{self.approver}批准" if self.approver else text


NO_EXTENSION = Extension()


@dataclass(frozen=True, init=False)
class DeadlineRule:
    """How long a period is, how it is counted, and whether it may be extended.

    `extension` says none / capped(n) / uncapped and names the approver's role. `max_extension=n`
    is the older spelling of `Extension.capped(n, …)`, still accepted (and `dataclasses.replace`
    with it sets a new cap, keeping the approver); reading `max_extension` gives the cap (0 when the
    period cannot be extended or has no cap). `checked` is False for limits not yet confirmed against
    the official text (design notes' *check*). Rules are defaults: callers override a field with
    `dataclasses.replace` or `statutory.get_rule(key, …)`.
    """

    count: int
    unit: Unit
    start_event: str = ""
    roll_over: bool = True
    label: str = ""
    source: str = ""
    key: str = ""
    extension: Extension = field(default=NO_EXTENSION)
    checked: bool = True

    def __init__(
        self,
        count: int,
        unit: Unit | str,
        start_event: str = "",
        roll_over: bool = True,
        label: str = "",
        source: str = "",
        key: str = "",
        extension: Extension = NO_EXTENSION,
        checked: bool = True,
        max_extension: int | None = None,
    ) -> None:
        if max_extension is not None:
            if max_extension < 0:
                raise ValueError(f"延长期限不能为负数：{label or key}")
            # The older integer spelling: a cap of n (0: none), keeping any approver already named.
            extension = Extension.capped(max_extension, extension.approver) if max_extension else NO_EXTENSION
        if count < 0:
            raise ValueError(f"期限天数不能为负数：{label or key}")
        values = dict(count=count, unit=Unit(unit), start_event=start_event, roll_over=roll_over, label=label,
                      source=source, key=key, extension=extension, checked=checked)
        for name, value in values.items():
            object.__setattr__(self, name, value)

    @property
    def max_extension(self) -> int:
        return self.extension.limit

    @property
    def approver(self) -> str:
        """The role whose approval an extension needs ("" when the period cannot be extended)."""
        return self.extension.approver

    def describe(self) -> str:
        """E.g. "自受理之日起60日（可延长30日，经行政复议机构的负责人批准）"."""
        text = f"{self.count}{self.unit.label}"
        if self.start_event:
            text = f"自{self.start_event}起{text}"
        if self.extension.allowed:
            text += f"（{self.extension.describe(self.unit)}）"
        return text
