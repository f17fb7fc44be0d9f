"""Shared fixtures: a small organisation tree and users of each role and data scope."""

from __future__ import annotations

import contextlib
import os
import socket
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
    from fazhi.core.capabilities import DEFAULT_ROLES
    from fazhi.core.models import CalendarYear, Role

    if not Role.objects.exists():
        for code, (name, capabilities) in DEFAULT_ROLES.items():
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


# --------------------------------------------------------------------------------- background jobs


@contextlib.contextmanager
def celery_broker(url: str):
    """Point the project's Celery app at `url` with eager running off, as a production setting would."""
    from fazhi.celery import app

    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}

    def drop_pools():  # connections to the previous broker must not be reused
        app._pool = None
        app.amqp._producer_pool = None

    app.conf.update(broker_url=url, task_always_eager=False)
    drop_pools()
    try:
        yield app
    finally:
        app.conf.update(saved)
        drop_pools()


@pytest.fixture
def broker_down():
    """Redis configured but not answering: a port on which nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with celery_broker(f"redis://127.0.0.1:{port}/0") as app:
        yield app


@pytest.fixture
def celery_worker():
    """A real Celery worker on a real Redis, started by .ci/run (see there) for tests marked celery_worker.

    The worker runs in its own process against the test database named by FAZHI_TEST_DATABASE_NAME, so
    the tests using it need committed data (`transaction=True`).
    """
    url = os.environ.get("FAZHI_TEST_WORKER_BROKER", "")
    if not url:
        pytest.skip("需要 Redis 与 Celery worker：由 .ci/run 启动（FAZHI_TEST_WORKER_BROKER 未设置）")
    with celery_broker(url) as app:
        answered, problem = [], ""
        for _ in range(15):  # a worker started just before the tests takes a few seconds to listen
            try:
                answered = app.control.ping(timeout=1)
            except Exception as exc:  # noqa: BLE001  (any failure to reach Redis means: no worker here)
                problem = f"Redis {url} 无法连接：{exc}"
            if answered:
                break
        if not answered:
            reason = problem or f"没有 Celery worker 在 {url} 上应答"
            if os.environ.get("FAZHI_TEST_WORKER_REQUIRED"):  # .ci/run started one: its absence is a failure
                pytest.fail(reason)
            pytest.skip(reason)
        yield app
