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


def test_enforcement_uses_the_configured_list(org):
    assert set(collective.expand("各执法部门", org.county)) == {org.justice, org.reform}
    assert collective.expand("各执法部门", org.county, lambda: [org.reform]) == [org.reform]
