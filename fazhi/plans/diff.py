"""What changed between the current version of a plan and a revised one being imported.

Items are matched first by path when their texts are still alike, then by text similarity alone (an
item renumbered because one was inserted before it), so "（三）" that became "（四）" reads as moved,
not as one removed and one added. Matched items are compared field by field; text changes come with
a character-level diff for highlighting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher

from fazhi.plans.display import deadline_label, target_label
from fazhi.plans.resolve import ROLE_FIELDS
from fazhi.plans.staging import ROLE_LABELS

SAME_PATH_SIMILARITY = 0.4  # same number and at least this alike: the same item, edited
MOVED_SIMILARITY = 0.75  # different number: only this alike counts as the same item, moved


@dataclass(frozen=True)
class ItemVersion:
    path: tuple[str, ...]
    title: str
    text: str
    units: dict[str, tuple[str, ...]]
    deadlines: tuple[str, ...]
    targets: tuple[str, ...]
    key: int | None = None  # the staging key on the new side

    @property
    def display_path(self) -> str:
        return " ".join(self.path)

    @property
    def body(self) -> str:
        return f"{self.title}\n{self.text}"


@dataclass
class ItemChange:
    kind: str  # added, removed, changed, unchanged
    old: ItemVersion | None = None
    new: ItemVersion | None = None
    text_diff: list[tuple[str, str]] = field(default_factory=list)  # (equal|insert|delete, piece)
    changes: list[str] = field(default_factory=list)

    @property
    def item(self) -> ItemVersion:
        return self.new or self.old


@dataclass
class PlanDiff:
    entries: list[ItemChange]

    def count(self, kind: str) -> int:
        return sum(1 for e in self.entries if e.kind == kind)

    @property
    def added(self) -> int:
        return self.count("added")

    @property
    def removed(self) -> int:
        return self.count("removed")

    @property
    def changed(self) -> int:
        return self.count("changed")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")

    @property
    def visible(self) -> list[ItemChange]:
        return [e for e in self.entries if e.kind != "unchanged"]

    def for_key(self) -> dict[int, ItemChange]:
        return {e.new.key: e for e in self.entries if e.new is not None and e.new.key is not None}


def from_document(document: dict) -> list[ItemVersion]:
    return [
        ItemVersion(
            path=tuple(item["path"]), title=item.get("title") or "", text=item.get("text") or "",
            units={role: tuple(item.get(f, [])) for role, f in ROLE_FIELDS.items()},
            deadlines=tuple(deadline_label(d) for d in item.get("deadlines", [])),
            targets=tuple(target_label(t) for t in item.get("targets", [])),
            key=item.get("key"),
        )
        for item in document.get("items", [])
    ]


def from_plan(plan) -> list[ItemVersion]:
    versions = []
    for item in plan.items.prefetch_related("named_units").order_by("order"):
        units: dict[str, list[str]] = {role: [] for role in ROLE_FIELDS}
        for named in item.named_units.all():
            units[named.role].append(named.name)
        versions.append(ItemVersion(
            path=tuple(item.path), title=item.title, text=item.text,
            units={role: tuple(names) for role, names in units.items()},
            deadlines=tuple(deadline_label(d) for d in item.deadlines),
            targets=tuple(target_label(t) for t in item.targets),
        ))
    return versions


def _alike(a: str, b: str, threshold: float) -> float:
    """The similarity of a and b when it reaches `threshold`, else 0 (cheap upper bounds first)."""
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
        return 0.0
    ratio = matcher.ratio()
    return ratio if ratio >= threshold else 0.0


def match(old: list[ItemVersion], new: list[ItemVersion]) -> list[tuple[int | None, int | None]]:
    """Pairs of (old index, new index); None on one side for an added or removed item."""
    pairs: dict[int, int] = {}  # new index → old index
    by_path: dict[tuple, list[int]] = {}
    for i, version in enumerate(old):
        by_path.setdefault(version.path, []).append(i)
    used: set[int] = set()
    for j, version in enumerate(new):
        for i in by_path.get(version.path, []):
            if i not in used and (old[i].body == version.body or _alike(old[i].body, version.body, SAME_PATH_SIMILARITY)):
                pairs[j] = i
                used.add(i)
                break
    for j, version in enumerate(new):
        if j in pairs:
            continue
        best, best_ratio = None, 0.0
        for i, candidate in enumerate(old):
            if i in used:
                continue
            ratio = _alike(candidate.body, version.body, max(MOVED_SIMILARITY, best_ratio))
            if ratio > best_ratio:
                best, best_ratio = i, ratio
        if best is not None:
            pairs[j] = best
            used.add(best)
    result: list[tuple[int | None, int | None]] = [(pairs.get(j), j) for j in range(len(new))]
    # Removed items are listed where they stood: after the new item that follows their old predecessor.
    for i in range(len(old)):
        if i not in used:
            position = next((k + 1 for k in range(len(result) - 1, -1, -1)
                             if result[k][0] is not None and result[k][0] < i), 0)
            result.insert(position, (i, None))
    return result


def char_diff(old: str, new: str) -> list[tuple[str, str]]:
    segments = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            segments.append(("equal", old[i1:i2]))
            continue
        if op in ("delete", "replace"):
            segments.append(("delete", old[i1:i2]))
        if op in ("insert", "replace"):
            segments.append(("insert", new[j1:j2]))
    return segments


def _list_change(label: str, old: tuple[str, ...], new: tuple[str, ...]) -> str | None:
    if old == new:
        return None
    gone = [x for x in old if x not in new]
    came = [x for x in new if x not in old]
    parts = [f"+{x}" for x in came] + [f"−{x}" for x in gone]
    return f"{label}：{'，'.join(parts) or '顺序调整'}"


def compare(old: ItemVersion, new: ItemVersion) -> ItemChange:
    changes = []
    if old.path != new.path:
        changes.append(f"编号：{old.display_path} → {new.display_path}")
    if old.title != new.title:
        changes.append(f"标题：{old.title or '（无）'} → {new.title or '（无）'}")
    for role in ROLE_FIELDS:
        line = _list_change(f"{ROLE_LABELS[role]}单位", old.units[role], new.units[role])
        if line:
            changes.append(line)
    for label, a, b in (("时限", old.deadlines, new.deadlines), ("量化指标", old.targets, new.targets)):
        line = _list_change(label, a, b)
        if line:
            changes.append(line)
    text_changed = old.text != new.text
    if text_changed:
        changes.insert(0, "内容有修改")
    return ItemChange(
        kind="changed" if changes else "unchanged", old=old, new=new,
        text_diff=char_diff(old.text, new.text) if text_changed else [], changes=changes,
    )


def diff_plan(plan, document: dict) -> PlanDiff:
    """The changes from confirmed `plan` to the staged `document` that revises it."""
    old, new = from_plan(plan), from_document(document)
    entries = []
    for i, j in match(old, new):
        if i is None:
            entries.append(ItemChange(kind="added", new=new[j]))
        elif j is None:
            entries.append(ItemChange(kind="removed", old=old[i]))
        else:
            entries.append(compare(old[i], new[j]))
    return PlanDiff(entries)
