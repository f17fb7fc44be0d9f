"""Confirming an import: the plan, its item tree and named units, in one transaction."""

import pytest
from django.core.exceptions import ValidationError

from fazhi.core.models import OperationLog
from fazhi.plans import services
from fazhi.plans.models import Plan, PlanImport, PlanItem, PlanItemUnit, UnitNameMapping


def test_confirm_refuses_while_names_are_unresolved(staged, users):
    assert services.open_names(staged) == ["县综合执法局"]
    with pytest.raises(ValidationError, match="县综合执法局"):
        services.confirm_import(users.office, staged)
    assert not Plan.objects.exists()
    assert PlanImport.objects.get(pk=staged.pk).is_pending


def test_confirm_creates_the_tree_with_resolved_units(staged, users, org):
    services.map_unit_name(users.office, org.county, "县综合执法局", org.justice)
    plan = services.confirm_import(users.office, staged)
    assert (plan.title, plan.jurisdiction, plan.doc_number, str(plan.issued_on)) == (
        "测试县法治政府建设工作要点", org.county, "测政办发〔2024〕1号", "2024-03-01")
    assert (plan.level, plan.period_start, plan.period_end, plan.issuer) == ("county", 2024, 2024, "测试县人民政府办公室")
    items = list(plan.items.order_by("order"))
    assert [(i.order, i.label, i.parent.label if i.parent else None) for i in items] == [
        (1, "一", None), (2, "1", "一"), (3, "2", "一"), (4, "二", None), (5, "(一)", "二")]
    assert items[0].title == "加强制度建设" and items[1].deadlines[0]["date"] == "2024-06-30"
    units = {(u.item.order, u.role, u.name): (u.unit, u.is_collective) for u in PlanItemUnit.objects.all()}
    assert units == {
        (2, "lead", "县司法局"): (org.justice, False),
        (2, "cooperating", "县发改局"): (org.reform, False),
        (2, "responsible", "各镇"): (None, True),
        (3, "responsible", "县综合执法局"): (org.justice, False),
        (5, "lead", "司法局"): (org.justice, False),
    }
    staged.refresh_from_db()
    assert staged.status == "confirmed" and staged.plan == plan
    assert "key" not in plan.extraction["items"][0]
    log = OperationLog.objects.get(action="plan.confirm")
    assert log.after["items"] == 5 and log.after["unresolved"] == []


def test_names_left_unresolved_become_follow_ups(staged, users):
    services.leave_unresolved(users.office, staged, "县综合执法局")
    plan = services.confirm_import(users.office, staged)
    follow = PlanItemUnit.objects.get(name="县综合执法局")
    assert follow.unit is None and not follow.is_collective and follow.needs_follow_up
    assert follow.item.plan == plan
    assert not PlanItemUnit.objects.get(name="各镇").needs_follow_up


def test_leaving_an_unknown_name_is_refused(staged, users):
    with pytest.raises(ValidationError, match="没有单位名称"):
        services.leave_unresolved(users.office, staged, "不存在的局")


def test_mapping_is_remembered_for_the_next_import(staged, users, org, sample):
    services.map_unit_name(users.office, org.county, "县综合执法局", org.reform)
    services.confirm_import(users.office, staged)
    again = services.stage_extraction(users.office, jurisdiction=org.county, extraction=sample)
    assert services.open_names(again) == []
    assert UnitNameMapping.objects.get(name="县综合执法局").unit == org.reform


def test_confirm_twice_is_refused(staged, users):
    services.leave_unresolved(users.office, staged, "县综合执法局")
    services.confirm_import(users.office, staged)
    with pytest.raises(ValidationError, match="已确认"):
        services.confirm_import(users.office, staged)
    assert Plan.objects.count() == 1


def test_a_failure_inside_confirm_leaves_nothing(staged, users, monkeypatch):
    services.leave_unresolved(users.office, staged, "县综合执法局")

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(PlanItemUnit.objects, "bulk_create", boom)
    with pytest.raises(RuntimeError):
        services.confirm_import(users.office, staged)
    assert not Plan.objects.exists() and not PlanItem.objects.exists()
    assert PlanImport.objects.get(pk=staged.pk).is_pending


def test_upper_plan_link(users, org, sample, make_user):
    province_office = make_user("p_office", org.province, ["office"], "jurisdiction")
    upper_doc = dict(sample, title="测试省实施方案", region="测试省", level="province")
    upper_import = services.stage_extraction(province_office, jurisdiction=org.province, extraction=upper_doc)
    services.leave_unresolved(province_office, upper_import, "县综合执法局")
    services.leave_unresolved(province_office, upper_import, "县司法局")
    services.leave_unresolved(province_office, upper_import, "县发改局")
    services.leave_unresolved(province_office, upper_import, "司法局")
    upper = services.confirm_import(province_office, upper_import)
    # The county office cannot see the province's plan, but may name it as the plan it implements.
    assert not Plan.objects.for_user(users.office).filter(pk=upper.pk).exists()
    assert services.upper_plan_choices(users.office, org.county).filter(pk=upper.pk).exists()
    lower_import = services.stage_extraction(users.office, jurisdiction=org.county, extraction=sample,
                                             upper_plan=upper)
    services.leave_unresolved(users.office, lower_import, "县综合执法局")
    lower = services.confirm_import(users.office, lower_import)
    assert lower.upper_plan == upper and list(upper.lower_plans.all()) == [lower]
    # 乙县 is not below the county: its office may not link the county's plan as an upper plan.
    with pytest.raises(ValidationError, match="上级方案不可用"):
        services.stage_extraction(users.outsider, jurisdiction=org.other_county, extraction=sample, upper_plan=lower)
