"""What the Django benchmarks share: start Django on a throw-away database, and a synthetic county.

`setup()` must run before any `fazhi` model import. Without DATABASE_URL or FAZHI_DATA_DIR the
benchmark gets a fresh SQLite file in a temporary folder, never the project's own database.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def setup(settings_module: str = "fazhi.settings_test", code: str | None = None) -> None:
    """Start Django; `code` is the checkout whose fazhi package to import (this one by default)."""
    sys.path.insert(0, code or str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
    if not os.environ.get("DATABASE_URL") and not os.environ.get("FAZHI_DATA_DIR"):
        os.environ["FAZHI_DATA_DIR"] = tempfile.mkdtemp(prefix="fazhi-bench-")
    import django

    django.setup()


def demo_database() -> float | None:
    """Migrate, and load the demo when the database is empty; the seconds the load took, None if none."""
    import time

    from django.core.management import call_command

    from fazhi.core.models import Unit

    call_command("migrate", verbosity=0)
    if Unit.objects.exists():
        return None
    started = time.perf_counter()
    call_command("load_demo", verbosity=0)
    return time.perf_counter() - started


def synthetic_county(departments: int = 29, towns: int = 20):
    """基准省 → 基准市 → 基准县 with its 司法局 (alias 县司法局), `departments` more and `towns` towns."""
    from fazhi.core import services as core
    from fazhi.core.models import Level, Unit

    province = core.create_unit(None, name="基准省", kind=Unit.Kind.REGION, level=Level.PROVINCE)
    city = core.create_unit(None, name="基准市", kind=Unit.Kind.REGION, parent=province)
    county = core.create_unit(None, name="基准县", kind=Unit.Kind.REGION, parent=city)
    justice = core.create_unit(None, name="基准县司法局", kind=Unit.Kind.DEPARTMENT, parent=county,
                               aliases=["县司法局"])
    others = [core.create_unit(None, name=f"基准县第{i + 1}局", kind=Unit.Kind.DEPARTMENT, parent=county)
              for i in range(departments)]
    for i in range(towns):
        town = core.create_unit(None, name=f"第{i + 1}镇", kind=Unit.Kind.REGION, parent=county)
        core.create_unit(None, name=f"第{i + 1}镇人民政府", kind=Unit.Kind.GOVERNMENT, parent=town)
    return county, justice, others


def signed_in_client(username: str | None):
    """A Django test client signed in as `username` (anonymous for None), with any host allowed."""
    from django.conf import settings
    from django.test import Client

    from fazhi.core.models import User

    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    if username:
        client.force_login(User.objects.get(username=username))
    return client


def percentile(values: list[float], pct: float) -> float:
    """The nearest-rank percentile (p95 of 20 runs is the 19th fastest)."""
    ordered = sorted(values)
    return ordered[max(1, min(len(ordered), round(pct / 100 * len(ordered) + 0.5))) - 1]


def bench_sqlite(name: str, fresh: bool = False) -> Path:
    """A scale benchmark's own SQLite file, <FAZHI_BENCH_DATA or the temp folder>/fazhi-bench/<name>; `fresh`
    removes it (with its WAL files) first. Generated data never lands in the repository."""
    folder = Path(os.environ.get("FAZHI_BENCH_DATA") or Path(tempfile.gettempdir()) / "fazhi-bench")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if fresh:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


def backend_cpu_ns(pid: int | None) -> int | None:
    """Nanoseconds the PostgreSQL backend `pid` has spent on a CPU, from /proc/<pid>/schedstat (None: not
    readable here, e.g. a server on another machine). Time waiting for a core does not count."""
    if pid is None:
        return None
    try:
        with open(f"/proc/{pid}/schedstat") as f:
            return int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def backend_pid() -> int | None:
    """The current connection's PostgreSQL backend pid (None on SQLite)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def timed_gets(client, url: str, runs: int, cold: bool = False,
               server: list[float] | None = None) -> tuple[list[float], list[float]]:
    """Wall and CPU ms of `runs` requests of `url`; `cold` empties the cache before each (a write before every view).

    With a `server` list on PostgreSQL, each request's backend CPU ms (schedstat) is appended to it as well, so a
    slow wall time on a busy machine can be told apart from work: wall − (CPU + server CPU) is waiting.
    """
    import time

    from django.core.cache import cache

    wall, cpu = [], []
    for _ in range(runs):
        if cold:
            cache.clear()
        pid = backend_pid() if server is not None else None
        before = backend_cpu_ns(pid)
        started, started_cpu = time.perf_counter(), time.process_time()
        client.get(url)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        after = backend_cpu_ns(pid)
        if server is not None and before is not None and after is not None:
            server.append((after - before) / 1e6)
    return wall, cpu
