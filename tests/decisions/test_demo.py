"""The demo loads through the real services, dated relative to today, and leaves decisions at every stage."""

from __future__ import annotations

import io

from django.utils import timezone

from fazhi.decisions.models import Catalogue, Decision
from fazhi.supervision.models import Task


def test_demo_decisions(db):
    from fazhi.core import demo as core_demo
    from fazhi.decisions import demo

    core_demo.load(io.StringIO())
    out = io.StringIO()
    demo.load(out)
    states = dict(Decision.objects.values_list("title", "state"))
    assert states == {"陇县城区集中供热价格调整": "comment", "陇县农村生活污水治理三年行动方案": "review",
                      "陇县城关镇老旧小区改造计划": "executing", "陇县招商引资优惠政策": "drafting",
                      "陕西省数字政府建设规划": "published"}
    heating = Decision.objects.get(title="陇县城区集中供热价格调整")
    assert heating.comment_open and heating.comment_end == heating.comment_start + timezone.timedelta(days=32)
    executing = Decision.objects.get(state="executing")
    assert Task.objects.filter(plan=executing.execution_plan).count() == 1
    assert {c.body.name: c.version for c in Catalogue.objects.all()} == {"陇县人民政府": 1, "陕西省人民政府": 1}
    assert "已创建 5 项重大行政决策" in out.getvalue()
