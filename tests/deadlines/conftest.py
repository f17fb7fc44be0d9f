"""Calendars for the engine's tests: chinese-calendar's data (2004–2026) and small hand-made ones."""

from __future__ import annotations

import pytest

from fazhi.deadlines import Calendar, chinese_calendar_source


@pytest.fixture(scope="session")
def cal() -> Calendar:
    return Calendar(chinese_calendar_source())
