"""Fixtures of the supervision tests: a plan of 测试县 built with the ORM, its ledger, evidence files."""

from __future__ import annotations

import io
import zipfile
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile


def add_item(plan, order, path, text, *, parent=None, title="", units=(), deadlines=(), targets=()):
    from fazhi.plans.models import PlanItem, PlanItemUnit

    item = PlanItem.objects.create(
        plan=plan, parent=parent, order=order, path=list(path), label=path[-1], title=title, text=text,
        deadlines=list(deadlines), targets=list(targets),
    )
    for role, name, unit in units:
        PlanItemUnit.objects.create(item=item, role=role, name=name, unit=unit, is_collective=unit is None)
    return item


QUARTERLY = {"text": "每季度至少开展1次", "kind": "recurring", "freq": "quarterly", "times": 1, "by": None}
YEARLY_BY = {"text": "每年3月1日前报告", "kind": "recurring", "freq": "yearly", "times": None, "by": "03-01"}
HALF_YEARLY = {"text": "每半年通报", "kind": "recurring", "freq": "half_yearly", "times": None, "by": None}
MONTHLY = {"text": "每月报送", "kind": "recurring", "freq": "monthly", "times": None, "by": None}
TERM = {"text": "任期内至少接受1次", "kind": "recurring", "freq": "term", "times": 1, "by": None}
RELATIVE = {"text": "在10日内", "kind": "relative", "days": 10, "trigger": "工作人员发生变动后"}
RELATIVE_WD = {"text": "在5个工作日内", "kind": "relative", "days": 5, "trigger": "收到通知后"}
TARGET = {"text": "行政执法案件合格率达到98%以上", "indicator": "行政执法案件合格率", "op": ">=", "value": 98,
          "unit": "%", "per": None, "by": "2025-12-31"}


@pytest.fixture
def plan(org, users):
    """测试县 2024–2025 plan: a heading and items with named, collective and missing units."""
    from fazhi.plans.models import Plan

    plan = Plan.objects.create(jurisdiction=org.county, title="测试县法治政府建设实施方案", period_start=2024,
                               period_end=2025, level="county", created_by=users.office)
    heading = add_item(plan, 1, ["一"], "", title="总体要求")
    lead = ("lead", "县司法局", org.justice)
    items = SimpleNamespace(heading=heading)
    items.quarterly = add_item(
        plan, 2, ["一", "1"], "加强政府信息平台应用。(县司法局牵头,县发改局配合,各镇、各部门按职责分工负责)",
        parent=heading, units=[lead, ("cooperating", "县发改局", org.reform), ("responsible", "各镇", None),
                               ("responsible", "各部门", None)],
        deadlines=[QUARTERLY], targets=[TARGET],
    )
    items.yearly = add_item(plan, 3, ["一", "2"], "每年3月1日前报告法治政府建设情况。(县发改局负责)",
                            parent=heading, units=[("responsible", "县发改局", org.reform)], deadlines=[YEARLY_BY])
    items.plain = add_item(plan, 4, ["一", "3"], "深化法治宣传教育。", parent=heading)
    items.relative = add_item(plan, 5, ["一", "4"], "工作人员发生变动后在10日内更新名单。(甲镇负责)",
                              parent=heading, units=[("responsible", "甲镇", org.town_gov)],
                              deadlines=[RELATIVE, RELATIVE_WD])
    items.due = add_item(plan, 6, ["一", "5"], "2024年10月8日前完成清理。(各县(区)、有关单位负责)",
                         parent=heading, units=[("responsible", "各县(区)", None), ("responsible", "有关单位", None)],
                         deadlines=[{"text": "2024年10月8日前", "kind": "due", "date": "2024-10-08"}])
    items.mixed = add_item(plan, 7, ["一", "6"], "每半年通报，每月报送，任期内接受监督。(县发改局负责)", parent=heading,
                           units=[("responsible", "县发改局", org.reform)], deadlines=[HALF_YEARLY, MONTHLY, TERM])
    plan.test_items = items
    return plan


@pytest.fixture
def ledger(plan, users):
    from fazhi.supervision import services

    services.generate_ledger(users.office, plan)
    return plan


def task_for(item):
    from fazhi.supervision.models import Task

    return Task.objects.get(item=item)


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def files():
    return SimpleNamespace(
        docx=lambda name="总结.docx": SimpleUploadedFile(name, docx_bytes()),
        pdf=lambda name="方案.pdf": SimpleUploadedFile(name, PDF),
        png=lambda name="照片.png": SimpleUploadedFile(name, PNG),
        jpg=lambda name="现场.JPG": SimpleUploadedFile(name, b"\xff\xd8\xff\xe0" + b"\x00" * 32),
        exe=lambda name="病毒.exe": SimpleUploadedFile(name, b"MZ\x90\x00"),
        fake_pdf=lambda name="伪装.pdf": SimpleUploadedFile(name, b"MZ\x90\x00 not a pdf"),
    )


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
