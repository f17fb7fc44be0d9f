"""Shared fixtures: a small organisation tree and users of each role and data scope."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

PASSWORD = "Test@Pass1"


def restore_migration_data() -> None:
    """Put back the rows data migrations seed (roles, working-day calendar) if a flush removed them.

    Transactional tests (live_server, browser) end with a flush that empties every table, data
    migrations' rows included. `serialized_rollback` would restore them but collides with the content
    types that the flush's post_migrate recreates under new ids, so the fixtures restore them instead.
    """
    from fazhi.core.calendar import seed_from_library
    from fazhi.core.models import CalendarYear, Role
    from fazhi.core.modules import default_roles

    if not Role.objects.exists():
        for code, (name, capabilities) in default_roles().items():
            Role.objects.create(code=code, name=name, capabilities=capabilities)
    if not CalendarYear.objects.exists():
        seed_from_library()


@pytest.fixture
def migration_data(db):
    """For transactional tests that build their data without `org` or `make_user`."""
    restore_migration_data()


@pytest.fixture
def org(db):
    """测试省 → 测试市 → 测试县 (司法局, 发改局, 甲镇) and a sibling 乙县 outside 测试县's scope."""
    from fazhi.core import services
    from fazhi.core.models import Level, Unit

    restore_migration_data()

    def add(parent, name, kind=Unit.Kind.DEPARTMENT, aliases=()):
        return services.create_unit(None, name=name, kind=kind, parent=parent, aliases=list(aliases))

    province = services.create_unit(None, name="测试省", kind=Unit.Kind.REGION, level=Level.PROVINCE)
    city = add(province, "测试市", Unit.Kind.REGION)
    county = add(city, "测试县", Unit.Kind.REGION)
    gov = add(county, "测试县人民政府", Unit.Kind.GOVERNMENT, ["县政府"])
    justice = add(county, "测试县司法局", aliases=["县司法局", "司法局"])
    reform = add(county, "测试县发展和改革局", aliases=["县发改局", "发改局"])
    town = add(county, "甲镇", Unit.Kind.REGION)
    town_gov = add(town, "甲镇人民政府", Unit.Kind.GOVERNMENT, ["甲镇"])
    other_county = add(city, "乙县", Unit.Kind.REGION)
    other_justice = add(other_county, "乙县司法局", aliases=["县司法局"])
    return SimpleNamespace(
        province=province, city=city, county=county, gov=gov, justice=justice, reform=reform,
        town=town, town_gov=town_gov, other_county=other_county, other_justice=other_justice,
    )


@pytest.fixture
def make_user(db):
    from fazhi.core import services

    restore_migration_data()

    def make(username, unit, roles=(), scope="unit", **extra):
        return services.create_user(
            None, username=username, password=PASSWORD, unit=unit, roles=list(roles), data_scope=scope, **extra
        )

    return make


@pytest.fixture
def users(org, make_user):
    """One user per role; the office sees 测试县, reporters their own unit, outsiders 乙县."""
    return SimpleNamespace(
        sysadmin=make_user("t_sysadmin", org.province, ["sysadmin"], "all"),
        secadmin=make_user("t_secadmin", org.province, ["secadmin"], "all"),
        auditor=make_user("t_auditor", org.province, ["auditor"], "all"),
        office=make_user("t_office", org.justice, ["office"], "jurisdiction"),
        reporter=make_user("t_reporter", org.reform, ["reporter"], "unit"),
        town_reporter=make_user("t_town", org.town_gov, ["reporter"], "unit"),
        leader=make_user("t_leader", org.gov, ["leader"], "jurisdiction"),
        outsider=make_user("t_outsider", org.other_justice, ["office"], "jurisdiction"),
    )


@pytest.fixture
def login(client):
    """Log `user` in on the test client and return the client."""

    def do(user):
        client.force_login(user)
        return client

    return do
