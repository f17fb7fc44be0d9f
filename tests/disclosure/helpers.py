"""Shared by the disclosure tests and matrix cases: a request filed at the office."""

from __future__ import annotations

import datetime as dt

from fazhi.disclosure import services
from fazhi.disclosure.models import DisclosureRequest

APPLICANT = {"applicant_kind": "person", "applicant_name": "王某", "phone": "13800000000",
             "content": "2025年本县城区道路改造项目的立项批复文件", "delivery": "email"}


def filed(users, unit, received: dt.date, *, channel: str = "in_person", excessive: bool = False,
          **applicant) -> DisclosureRequest:
    """A request handed in at the office on `received` (第三十一条第一项: the receipt date is that day)."""
    case, _ = services.register(users.office, unit=unit, channel=channel, submitted_on=received,
                                excessive=excessive, **{**APPLICANT, **applicant})
    return case


def step(users, case: DisclosureRequest, code: str, on: dt.date, **data) -> DisclosureRequest:
    return services.transition(users.office, case, code, {"on": on.isoformat(), **data})
