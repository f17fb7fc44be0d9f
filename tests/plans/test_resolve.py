from fazhi.core.models import UnitAlias
from fazhi.plans import services
from fazhi.plans.resolve import UnitResolver, is_collective_name, normalise, short_region_name


def test_normalise_brackets_spaces_and_duty_suffix():
    assert normalise(" 市直各部门〔单位〕 ") == "市直各部门(单位)"
    assert normalise("各县（区）按职责分工负责") == "各县(区)"
    assert normalise("县司法局牵头") == "县司法局"


def test_short_region_name():
    assert short_region_name("陕西省") == "陕西"
    assert short_region_name("宁夏回族自治区") == "宁夏"
    assert short_region_name("陇县") == "陇县"  # a one-character stem would match too much


def test_unit_name_and_aliases_resolve(org):
    resolver = UnitResolver(org.county)
    assert resolver.resolve("测试县司法局").unit == org.justice
    assert resolver.resolve("县司法局").unit == org.justice
    assert resolver.resolve("司法局").unit == org.justice
    assert resolver.resolve("县发改局").unit == org.reform
    assert resolver.resolve("测试县司法局").via == "单位名称"


def test_region_prefix_is_swapped_without_an_alias(org):
    UnitAlias.objects.filter(unit=org.reform).delete()
    resolver = UnitResolver(org.county)
    # No alias at all: 县发展和改革局 and 发展和改革局 still reach 测试县发展和改革局 through the region prefix.
    assert resolver.resolve("县发展和改革局").unit == org.reform
    assert resolver.resolve("发展和改革局").unit == org.reform
    assert resolver.resolve("测试县发展和改革局").unit == org.reform


def test_government_is_people_government(org):
    resolver = UnitResolver(org.county)
    resolution = resolver.resolve("测试县政府")
    assert resolution.unit == org.gov


def test_body_preferred_over_the_region_of_the_same_name(org):
    # 甲镇 is both a region and an alias of 甲镇人民政府: the task goes to the government.
    assert UnitResolver(org.county).resolve("甲镇").unit == org.town_gov


def test_collective_names(org):
    resolver = UnitResolver(org.county)
    for name in ["各镇", "各部门", "各县(区)", "市直各部门〔单位〕", "各执法部门", "有关单位", "领导小组成员单位"]:
        assert is_collective_name(name), name
        assert resolver.resolve(name).is_collective, name
    assert not is_collective_name("县司法局")


def test_never_leaks_outside_the_jurisdiction(org):
    resolver = UnitResolver(org.county)
    assert resolver.resolve("乙县司法局").is_unresolved
    # Inside 乙县, 县司法局 is 乙县's own office, not 测试县's.
    assert UnitResolver(org.other_county).resolve("县司法局").unit == org.other_justice


def test_ambiguous_names_stay_unresolved_with_candidates(org):
    # 测试市 holds two counties whose 司法局 are both called 县司法局.
    resolution = UnitResolver(org.city).resolve("县司法局")
    assert resolution.is_unresolved
    assert set(resolution.candidates) == {org.justice, org.other_justice}


def test_remembered_mapping_wins_and_is_per_jurisdiction(org, users):
    assert UnitResolver(org.county).resolve("县综合执法局").is_unresolved
    services.map_unit_name(users.office, org.county, "县综合执法局", org.justice)
    services.map_unit_name(users.office, org.county, "全县各级", None)
    resolver = UnitResolver(org.county)
    assert resolver.resolve("县综合执法局").unit == org.justice
    assert resolver.resolve("县综合执法局").via == "已保存的映射"
    assert resolver.resolve("全县各级").is_collective
    assert UnitResolver(org.other_county).resolve("县综合执法局").is_unresolved


def test_mapping_to_a_unit_outside_the_jurisdiction_is_refused(org, users):
    import pytest
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="不属于测试县"):
        services.map_unit_name(users.office, org.county, "县综合执法局", org.other_justice)


def test_inactive_units_are_not_targets(org):
    org.reform.is_active = False
    org.reform.save()
    assert UnitResolver(org.county).resolve("县发改局").is_unresolved
