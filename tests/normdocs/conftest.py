"""Fixtures of the normative-document tests: a numbering scheme and documents at any lifecycle stage."""

from __future__ import annotations

import datetime

import pytest

D = datetime.date
START = D(2024, 3, 4)
# The draft's own date (起草): the scenarios back-date every step, and no step may precede the draft.
DRAFTED = D(2018, 1, 2)
TEXT = "第一条 为了规范行政执法行为，根据《中华人民共和国行政处罚法》，制定本办法。\n第二条 本办法自发布之日起施行。"


@pytest.fixture
def scheme(org):
    from fazhi.normdocs import services

    return services.set_numbering_scheme(None, org.county, "测司规〔{year}〕{seq}号")


@pytest.fixture
def make_doc(org):
    """A draft of 测试县司法局 (or `issuer`), with the given particulars."""
    from fazhi.normdocs import services

    count = iter(range(1, 1000))

    def make(title="测试县行政执法公示办法", issuer=None, market=False, text=TEXT, **extra):
        extra.setdefault("doc_number", f"测政发〔2024〕{next(count)}号")
        extra.setdefault("written_on", DRAFTED)
        return services.create_document(
            None, title=title, issuer=issuer or org.justice, text=text, market_related=market, **extra
        )

    return make


@pytest.fixture
def walk(scheme):
    """Drive a document along the standard path (dates back from `start`) until a state."""
    from fazhi.normdocs.demo import walk as demo_walk

    def do(doc, until, start=START, **overrides):
        return demo_walk(doc, until, start, **overrides)

    return do


@pytest.fixture
def city(org, make_user):
    """测试市人民政府 and its 司法局 (the 备案审查 body for 测试县人民政府), with an office user of the 司法局."""
    from types import SimpleNamespace

    from fazhi.core import services
    from fazhi.core.models import Unit

    gov = services.create_unit(None, name="测试市人民政府", kind=Unit.Kind.GOVERNMENT, parent=org.city)
    justice = services.create_unit(None, name="测试市司法局", kind=Unit.Kind.DEPARTMENT, parent=org.city)
    reviewer = make_user("t_city_office", justice, ["office"], "jurisdiction")
    return SimpleNamespace(gov=gov, justice=justice, reviewer=reviewer)
