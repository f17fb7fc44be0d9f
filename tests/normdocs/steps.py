"""Helpers of the normative-document lifecycle tests."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from fazhi.normdocs import services

# A reason that says something: the waiver guard refuses "无" or "不需要".
WAIVER_REASON = "本办法只规范本机关内部执法文书的编号方式，不涉及公民、法人和其他组织的权利义务。"


def refusal(doc, code, data, actor=None) -> str:
    """The Chinese reasons a step is refused with (all of them, joined)."""
    with pytest.raises(ValidationError) as info:
        services.transition(actor, doc, code, data)
    return "；".join(info.value.messages)
