import pytest

from fazhi.supervision import collective


@pytest.mark.parametrize(("name", "kind"), [
    ("各镇", collective.TOWNS),
    ("各乡镇", collective.TOWNS),
    ("各镇(街道)", collective.TOWNS),
    ("各镇（街道）", collective.TOWNS),
    ("各部门", collective.DEPARTMENTS),
    ("县政府各部门", collective.DEPARTMENTS),
    ("市直各部门(单位)", collective.DEPARTMENTS),
    ("县直各部门", collective.DEPARTMENTS),
    ("各县(区)", collective.COUNTIES),
    ("各县市区", collective.COUNTIES),
    ("各县（市、区）", collective.COUNTIES),
    ("各执法部门", collective.ENFORCEMENT),
    ("各行政执法部门", collective.ENFORCEMENT),
    ("各设区市", collective.CITIES),
    ("有关单位", None),
    ("领导小组成员单位", None),
])
def test_patterns(name, kind):
    assert collective.expansion_kind(name) == kind


def test_expand_inside_the_jurisdiction_only(org):
    assert collective.expand("各镇", org.county) == [org.town_gov]
    assert set(collective.expand("各部门", org.county)) == {org.justice, org.reform}
    assert collective.expand("各县(区)", org.city) and set(collective.expand("各县(区)", org.city)) == {org.gov}
    assert collective.expand("各县(区)", org.county) == []
    assert collective.expand("有关单位", org.county) == []


def test_enforcement_means_units_marked_with_enforcement_powers(org):
    from fazhi.core import services as core_services

    # Nobody marked: the name is not guessed (left for staff), rather than every department.
    assert collective.expand("各执法部门", org.county) == []
    core_services.set_unit_attributes(None, org.reform, organ="administrative", enforcement_powers=True)
    assert collective.expand("各执法部门", org.county) == [org.reform]
    assert collective.expand("各行政执法部门", org.county) == [org.reform]


def test_departments_are_administrative_bodies_only(org):
    from fazhi.core import services as core_services
    from fazhi.core.models import Unit

    party = core_services.create_unit(None, name="中共测试县委宣传部", kind=Unit.Kind.DEPARTMENT, parent=org.county)
    court = core_services.create_unit(None, name="测试县人民法院", kind=Unit.Kind.EXTERNAL, parent=org.county)
    assert (party.organ, court.organ) == (Unit.Organ.PARTY, Unit.Organ.JUDICIAL)
    assert set(collective.expand("各部门", org.county)) == {org.justice, org.reform}


@pytest.mark.parametrize(("name", "kind"), [
    ("乡镇人民政府", collective.TOWNS),
    ("镇人民政府", collective.TOWNS),
    ("全县各镇", collective.TOWNS),
    ("执法部门", collective.ENFORCEMENT),
    ("县直部门", collective.DEPARTMENTS),
    ("领导小组成员单位", None),
])
def test_a_name_marked_collective_reads_as_its_plural(name, kind):
    # Issue #12.15: the office marked the name 集合称谓 at import; unmarked it is not expanded.
    assert collective.expansion_kind(name, marked=True) == kind
    if name not in ("县直部门", "全县各镇"):
        assert collective.expansion_kind(name) is None
