"""The demo: the five seed plans imported through staging, resolution and confirm."""

import io

from fazhi.core import demo as core_demo
from fazhi.core.models import Unit
from fazhi.plans import demo
from fazhi.plans.models import Plan, PlanImport, PlanItemUnit


def test_packaged_seeds_are_preferred():
    assert demo.seed_dir() == demo.PACKAGED_SEEDS
    assert len(list(demo.PACKAGED_SEEDS.glob("*.txt"))) == 5


def test_demo_imports_the_seed_plans_under_their_jurisdictions(db):
    out = io.StringIO()
    core_demo.load(out)
    demo.load(out)
    plans = {p.jurisdiction.name: p for p in Plan.objects.select_related("jurisdiction", "upper_plan")}
    assert set(plans) == {"陕西省", "嘉善县", "许昌市", "某市", "陇县"}
    assert plans["陇县"].upper_plan == plans["陕西省"]
    assert all(p.items.count() >= 15 for p in plans.values())
    assert PlanImport.objects.filter(status="confirmed").count() == 5
    # 陇县's plan names its bureaus the short way; they land on the county's own units.
    justice = Unit.objects.get(name="陇县司法局")
    named = PlanItemUnit.objects.filter(item__plan=plans["陇县"], name="县司法局")
    assert named.exists() and all(n.unit == justice for n in named)
    assert PlanItemUnit.objects.filter(item__plan=plans["陇县"], name="各镇", is_collective=True).exists()
    assert "陇县" in out.getvalue()


def test_demo_skips_without_seeds(db, monkeypatch, tmp_path):
    monkeypatch.setattr(demo, "PACKAGED_SEEDS", tmp_path / "none")
    monkeypatch.setattr(demo.settings, "REPO_DIR", tmp_path / "repo")
    out = io.StringIO()
    demo.load(out)
    assert "跳过方案导入" in out.getvalue()
    assert not Plan.objects.exists()
