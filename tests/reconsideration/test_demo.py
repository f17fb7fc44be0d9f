"""The demo loads through the services and leaves 行政复议 and 行政应诉 records in every stage."""

from __future__ import annotations

import io

from fazhi.litigation.models import LitigationCase, Suggestion
from fazhi.reconsideration.models import Opinion, ReconsiderationCase


def test_demo(db):
    from fazhi.core import demo as core_demo
    from fazhi.litigation import demo as litigation_demo
    from fazhi.reconsideration import demo

    core_demo.load(io.StringIO())
    out = io.StringIO()
    demo.load(out)
    litigation_demo.load(out)
    states = sorted(ReconsiderationCase.objects.values_list("state", flat=True))
    assert states == sorted(["reviewing", "correction", "hearing", "closed", "closed", "closed", "rejected", "hearing"])
    assert "视为受理 1 件" in out.getvalue()
    assert ReconsiderationCase.objects.filter(published_on__isnull=False).count() == 2
    assert Opinion.objects.get().state == "reported"
    assert set(LitigationCase.objects.values_list("state", flat=True)) == {"received", "judged", "closed", "effective"}
    late = Suggestion.objects.get(subject="加强招投标监管")
    assert late.on_time is False
