"""The demo data: 陇县's measures (seed 004) aligned with 陕西省's plan (seed 000), and who may do what."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from fazhi.core import demo as core_demo
from fazhi.core.models import User
from fazhi.plans import demo
from fazhi.plans.models import ItemAlignment, Plan


@pytest.fixture
def demo_plans(db):
    out = io.StringIO()
    core_demo.load(out)
    demo.load(out)
    plans = {p.jurisdiction.name: p for p in Plan.objects.select_related("jurisdiction")}
    return plans, out.getvalue()


def test_demo_suggests_alignment_of_longxian_with_shaanxi(demo_plans):
    plans, output = demo_plans
    longxian, shaanxi = plans["陇县"], plans["陕西省"]
    assert longxian.upper_plan == shaanxi
    assert "上下级对接" in output
    suggestions = ItemAlignment.objects.filter(lower_item__plan=longxian)
    assert suggestions.exists() and not suggestions.exclude(upper_item__plan=shaanxi).exists()
    assert {a.status for a in suggestions} == {ItemAlignment.Status.SUGGESTED}
    # 8.全面落实行政裁量权基准制度 → 陕西 二 (四) 11 (2) 健全完善行政裁量权基准制度, as the hand pairing says
    top = suggestions.get(lower_item__path=["二", "8"], rank=1)
    assert top.upper_item.path == ["二", "(四)", "11", "(2)"]


def test_longxian_office_aligns_against_the_shaanxi_plan(demo_plans, client):
    plans, _ = demo_plans
    longxian, shaanxi = plans["陇县"], plans["陕西省"]
    client.force_login(User.objects.get(username="lx_office"))
    html = client.get(reverse("plans:align", args=[longxian.pk])).content.decode()
    assert "健全完善行政裁量权基准制度" in html  # a 陕西 item, outside 陇县's data scope
    assert (
        client.get(reverse("plans:plan_detail", args=[shaanxi.pk])).status_code == 404
    )  # read for alignment only
    alignment = ItemAlignment.objects.filter(lower_item__plan=longxian, rank=1).first()
    response = client.post(reverse("plans:align_confirm", args=[longxian.pk, alignment.pk]))
    assert response.status_code == 302
    alignment.refresh_from_db()
    assert alignment.status == ItemAlignment.Status.CONFIRMED
    coverage = client.get(reverse("plans:align_coverage", args=[longxian.pk])).content.decode()
    assert "已落实 <strong>1</strong> / 44 条" in coverage


def test_jiashan_office_cannot_align_against_longxian(demo_plans, client):
    plans, _ = demo_plans
    longxian, jiashan = plans["陇县"], plans["嘉善县"]
    client.force_login(User.objects.get(username="js_office"))
    assert client.get(reverse("plans:align", args=[longxian.pk])).status_code == 404
    assert client.get(reverse("plans:align", args=[jiashan.pk]), {"upper": longxian.pk}).status_code == 404
    response = client.post(reverse("plans:align_suggest", args=[jiashan.pk]), {"upper": longxian.pk})
    assert response.status_code == 404
    assert not ItemAlignment.objects.filter(lower_item__plan=jiashan).exists()
    # 嘉善's own page says there is no upper plan to align with (浙江/嘉兴 imported none)
    assert "暂无可对接的上级方案" in client.get(reverse("plans:align", args=[jiashan.pk])).content.decode()


def test_reporters_cannot_confirm(demo_plans, client):
    plans, _ = demo_plans
    longxian = plans["陇县"]
    alignment = ItemAlignment.objects.filter(lower_item__plan=longxian).first()
    for username in ("lx_fgj", "lx_cgz"):
        client.force_login(User.objects.get(username=username))
        response = client.post(reverse("plans:align_confirm", args=[longxian.pk, alignment.pk]))
        assert response.status_code == 403
        api = client.post(f"/api/plans/{longxian.pk}/alignments/{alignment.pk}/confirm")
        assert api.status_code == 403
    alignment.refresh_from_db()
    assert alignment.status == ItemAlignment.Status.SUGGESTED
