from fazhi.core.models import DataScope, Unit, User
from fazhi.core.scopes import get_for_user_or_404


def visible(user):
    return set(Unit.objects.for_user(user).values_list("name", flat=True))


def test_own_unit_scope_is_not_the_subtree(org, make_user):
    user = make_user("u1", org.county, ["reporter"], DataScope.OWN_UNIT)
    assert visible(user) == {"测试县"}


def test_subtree_scope(org, make_user):
    user = make_user("u2", org.town, ["reporter"], DataScope.SUBTREE)
    assert visible(user) == {"甲镇", "甲镇人民政府"}


def test_jurisdiction_scope_covers_region_not_siblings(org, make_user):
    user = make_user("u3", org.justice, ["office"], DataScope.JURISDICTION)
    names = visible(user)
    assert {"测试县", "测试县司法局", "甲镇人民政府"} <= names
    assert "乙县司法局" not in names and "测试市" not in names


def test_custom_scope(org, make_user):
    user = make_user("u4", org.justice, ["office"], DataScope.CUSTOM, scope_units=[org.town, org.other_county])
    assert visible(user) == {"甲镇", "甲镇人民政府", "乙县", "乙县司法局"}


def test_all_scope(org, make_user):
    user = make_user("u5", org.justice, ["sysadmin"], DataScope.ALL)
    assert visible(user) == set(Unit.objects.values_list("name", flat=True))


def test_own_records_scope_without_owner_falls_back_to_own_unit(org, make_user):
    user = make_user("u6", org.justice, ["reporter"], DataScope.OWN_RECORDS)
    assert visible(user) == {"测试县司法局"}


def test_prefix_sibling_paths_do_not_leak(org, make_user):
    # Paths are fixed-width steps, so a sibling whose path shares leading characters is not inside.
    user = make_user("u7", org.county, ["office"], DataScope.SUBTREE)
    assert "乙县" not in visible(user)


def test_get_for_user_or_404_hides_out_of_scope(org, make_user):
    import pytest
    from django.http import Http404

    user = make_user("u8", org.justice, ["office"], DataScope.JURISDICTION)
    assert get_for_user_or_404(Unit, user, pk=org.reform.pk) == org.reform
    with pytest.raises(Http404):
        get_for_user_or_404(Unit, user, pk=org.other_justice.pk)


def test_inactive_user_sees_nothing(org, make_user):
    user = make_user("u9", org.justice, ["office"], DataScope.ALL)
    User.objects.filter(pk=user.pk).update(is_active=False)
    user.refresh_from_db()
    assert visible(user) == set()
