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
    from fazhi.core.models import CalendarYear, Role
    from fazhi.core.modules import default_roles

    if not Role.objects.exists():
        for code, (name, capabilities) in default_roles().items():
            Role.objects.create(code=code, name=name, capabilities=capabilities)
    if not CalendarYear.objects.exists():
        seed_from_library()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache, as a fresh server would: cached values are keyed by row ids,
    which a rolled-back SQLite test gives out again to the next test."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def migration_data(db):
    """For transactional tests that build their data without `org` or `make_user`."""
    restore_migration_data()


# The organisation tree and the accounts of every role are built once per test run (per xdist worker),
# right after the test database is migrated, and each test reads them back fresh (two queries) inside its
# own transaction. A transactional test (live server, browser) ends with a flush that empties every table;
# the next test to ask for them builds them again before its transaction opens, so they persist again.
SESSION_PKS: dict[str, dict[str, int]] = {}

ORG_TREE = [  # attribute, name, kind, parent attribute, aliases
    ("city", "测试市", "region", "province", ()),
    ("county", "测试县", "region", "city", ()),
    ("gov", "测试县人民政府", "government", "county", ("县政府",)),
    ("justice", "测试县司法局", "department", "county", ("县司法局", "司法局")),
    ("reform", "测试县发展和改革局", "department", "county", ("县发改局", "发改局")),
    ("town", "甲镇", "region", "county", ()),
    ("town_gov", "甲镇人民政府", "government", "town", ("甲镇",)),
    ("other_county", "乙县", "region", "city", ()),
    ("other_justice", "乙县司法局", "department", "other_county", ("县司法局",)),
]

ACCOUNTS = [  # attribute, username, unit attribute, roles, data scope
    ("sysadmin", "t_sysadmin", "province", ["sysadmin"], "all"),
    ("secadmin", "t_secadmin", "province", ["secadmin"], "all"),
    ("auditor", "t_auditor", "province", ["auditor"], "all"),
    ("office", "t_office", "justice", ["office"], "jurisdiction"),
    ("reporter", "t_reporter", "reform", ["reporter"], "unit"),
    ("town_reporter", "t_town", "town_gov", ["reporter"], "unit"),
    ("leader", "t_leader", "gov", ["leader"], "jurisdiction"),
    ("outsider", "t_outsider", "other_justice", ["office"], "jurisdiction"),
]


def build_org_and_users() -> None:
    """测试省 → 测试市 → 测试县 (司法局, 发改局, 甲镇) and a sibling 乙县 outside 测试县's scope; one user per role."""
    from fazhi.core import services
    from fazhi.core.models import Level, Unit

    restore_migration_data()
    units = {"province": services.create_unit(None, name="测试省", kind=Unit.Kind.REGION, level=Level.PROVINCE)}
    for attr, name, kind, parent, aliases in ORG_TREE:
        units[attr] = services.create_unit(None, name=name, kind=kind, parent=units[parent], aliases=list(aliases))
    SESSION_PKS["org"] = {attr: unit.pk for attr, unit in units.items()}
    SESSION_PKS["users"] = {
        attr: services.create_user(None, username=username, password=PASSWORD, unit=units[unit], roles=roles,
                                   data_scope=scope).pk
        for attr, username, unit, roles, scope in ACCOUNTS
    }


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        build_org_and_users()


@pytest.fixture
def session_org(django_db_setup, django_db_blocker):
    """Rebuild the shared tree and accounts if a transactional test's flush removed them."""
    from fazhi.core.models import Unit

    with django_db_blocker.unblock():
        if not Unit.objects.filter(pk=SESSION_PKS["org"]["province"]).exists():
            build_org_and_users()


@pytest.fixture
def org(session_org, db):
    """测试省 → 测试市 → 测试县 (司法局, 发改局, 甲镇) and a sibling 乙县 outside 测试县's scope."""
    from fazhi.core.models import Unit

    restore_migration_data()  # a transactional test's flush empties the seeded tables too
    pks = SESSION_PKS["org"]
    found = Unit.objects.in_bulk(pks.values())
    return SimpleNamespace(**{attr: found[pk] for attr, pk in pks.items()})


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
def users(org):
    """One user per role; the office sees 测试县, reporters their own unit, outsiders 乙县."""
    from fazhi.core.models import User

    pks = SESSION_PKS["users"]
    found = User.objects.select_related("unit").in_bulk(pks.values())
    return SimpleNamespace(**{attr: found[pk] for attr, pk in pks.items()})


@pytest.fixture(scope="module")
def chromium():
    """One headless Chromium for the tests of a module (a crawl opens one fresh context per test in it).

    Module scope, not session: while Playwright runs, the thread reports a running event loop, which
    only the browser modules should see.
    """
    from tests.browser import chromium_browser

    with chromium_browser() as browser:
        yield browser


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
