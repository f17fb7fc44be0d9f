"""How deadlines, targets and highlighted item text read on screen (preview, plan page, diff)."""

from __future__ import annotations

OPS = {">=": "≥", "<=": "≤", "<": "<", ">": ">", "=": "="}
FREQUENCIES = {"yearly": "每年", "half_yearly": "每半年", "quarterly": "每季度", "monthly": "每月", "term": "任期内"}
PER = {"year": "每年", "person_year": "每人每年", "quarter": "每季度", "half_year": "每半年", "term": "任期内"}


def deadline_label(deadline: dict) -> str:
    """2024-06-30 / 每季度 1 次（03-31 前）/ 10 日内（工作人员发生变动后）."""
    kind = deadline.get("kind")
    if kind == "recurring":
        label = FREQUENCIES.get(deadline.get("freq"), deadline.get("freq") or "周期")
        if deadline.get("times"):
            label += f" {deadline['times']} 次"
        if deadline.get("by"):
            label += f"（{deadline['by']} 前）"
        return label
    if kind == "relative":
        trigger = f"（{deadline['trigger']}）" if deadline.get("trigger") else ""
        return f"{deadline.get('days')} 日内{trigger}"
    return deadline.get("date") or "日期未识别"


def _number(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def target_label(target: dict) -> str:
    """行政执法案件合格率 ≥ 98 %（2025-12-31 前）."""
    parts = [target.get("indicator") or "", OPS.get(target.get("op"), target.get("op") or ""),
             _number(target.get("value")), target.get("unit") or ""]
    label = " ".join(p for p in parts if p)
    if target.get("per") in PER:
        label = f"{label}（{PER[target['per']]}）"
    if target.get("by"):
        label += f"（{target['by']} 前）"
    return label


def highlight(text: str, units: list[str], deadlines: list[dict], targets: list[dict]) -> list[tuple[str, str]]:
    """The text cut into (kind, piece) segments; kind is "", "unit", "deadline" or "target".

    Templates render the segments with auto-escaping, so no markup is ever built from the document.
    Overlaps keep the span found first (units, then deadlines, then targets) and the longer one.
    """
    spans: list[tuple[int, int, str]] = []
    needles = [(u, "unit") for u in units] + [(d.get("text", ""), "deadline") for d in deadlines] + [
        (t.get("text", ""), "target") for t in targets
    ]
    for needle, kind in needles:
        if not needle:
            continue
        start = text.find(needle)
        while start >= 0:
            end = start + len(needle)
            if not any(s < end and start < e for s, e, _ in spans):
                spans.append((start, end, kind))
            start = text.find(needle, end)
    spans.sort()
    segments, cursor = [], 0
    for start, end, kind in spans:
        if start > cursor:
            segments.append(("", text[cursor:start]))
        segments.append((kind, text[start:end]))
        cursor = end
    if cursor < len(text):
        segments.append(("", text[cursor:]))
    return segments
