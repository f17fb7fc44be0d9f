"""Reading the national law corpus (`laws-national.jsonl.gz`): records, version dates, supersession.

No Django here: the importer in `services.py` writes what this reads.
"""

from __future__ import annotations

import datetime
import gzip
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

_EVENT_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")


class CorpusError(ValueError):
    """The corpus file can't be read; the message says which line and why (in Chinese)."""


@dataclass
class LawRecord:
    id: str
    title: str
    subtitle: str
    category: str
    version: datetime.date | None
    events: list[str]
    text: str


def _date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def event_date(events: list[str]) -> datetime.date | None:
    """The latest date named in the header events (公布, 修正, 施行): the version date when the file
    name carried none."""
    dates = []
    for event in events:
        for y, m, d in _EVENT_DATE.findall(event):
            try:
                dates.append(datetime.date(int(y), int(m), int(d)))
            except ValueError:
                continue
    return max(dates) if dates else None


def read_corpus(path: Path) -> Iterator[LawRecord]:
    """The records of a JSON Lines file, gzip-compressed or not."""
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if line.strip():
                    yield _record(line, number)
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise CorpusError(f"文件“{path.name}”无法读取：{exc}") from None


def _record(line: str, number: int) -> LawRecord:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise CorpusError(f"第{number}行不是有效的 JSON：{exc.msg}") from None
    if not isinstance(data, dict):
        raise CorpusError(f"第{number}行不是 JSON 对象")
    law_id = str(data.get("id") or "").strip()
    title = str(data.get("title") or "").strip()
    if not law_id or not title:
        raise CorpusError(f"第{number}行缺少 id 或 title")
    if len(law_id) > 40 or len(title) > 300:
        raise CorpusError(f"第{number}行 id 或 title 过长")
    events = data.get("events") or []
    if not isinstance(events, list):
        raise CorpusError(f"第{number}行 events 应为列表")
    events = [str(e) for e in events]
    version = _date(str(data.get("version") or "")) or event_date(events)
    return LawRecord(
        id=law_id,
        title=title,
        subtitle=str(data.get("subtitle") or "").strip()[:300],
        category=str(data.get("category") or "").strip()[:50],
        version=version,
        events=events,
        text=str(data.get("text") or ""),
    )


def successors(records: Iterable) -> dict[str, str]:
    """id → id of the next newer version of the same law (same title and subtitle). `records` are
    anything with id, title, subtitle and version (corpus records or `Law` rows).

    Versions are ordered by date (undated first), then by id so that two copies of one date (the
    corpus has a few) still get a stable order and exactly one stays in force."""
    groups: dict[tuple[str, str], list] = defaultdict(list)
    for record in records:
        groups[(record.title, record.subtitle)].append(record)
    out = {}
    for versions in groups.values():
        versions.sort(key=lambda r: (r.version or datetime.date.min, r.id))
        for older, newer in zip(versions, versions[1:], strict=False):
            out[older.id] = newer.id
    return out
