"""Static files on a fresh clone (issue #10, item 10).

Following only scripts/bootstrap.sh, `fazhi load_demo`, `fazhi runserver`, every page was a 500 until
`collectstatic` ran (the hashed-name storage found no manifest). Now `fazhi runserver` serves static
files from the source folders, and a production start (gunicorn, DEBUG off) without collected files
refuses with one line naming the step. Each case runs a real process in a fresh environment.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from fazhi.core.startup import APP_LOAD_ERROR, STATIC_NOT_COLLECTED
from tests.core.test_settings import OWN_PREFIXES, REPO

pytestmark = pytest.mark.xdist_group("static_setup")  # real servers on free ports; keep them off each other


def production_env(tmp_path: Path) -> dict[str, str]:
    """A production-like environment: DEBUG and TESTING off, an empty static root, nothing from the test run."""
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith(OWN_PREFIXES)}
    env.update({
        "FAZHI_DATA_DIR": str(tmp_path / "data"), "FAZHI_STATIC_ROOT": str(tmp_path / "static"),
        "FAZHI_SUGGEST_IN_BACKGROUND": "0", "PYTHONPATH": str(REPO),
    })
    return env


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 — a local test server
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wait_for(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server exited with {process.returncode}")
        try:
            get(url)
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise AssertionError("the server did not answer")


def test_runserver_serves_pages_and_static_files_without_collectstatic(tmp_path):
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "fazhi.cli", "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=production_env(tmp_path), cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/login/", server)
        status, page = get(f"http://127.0.0.1:{port}/login/")
        assert status == 200 and b'src="/static/fazhi/app.js"' in page  # plain names: no manifest needed
        status, script = get(f"http://127.0.0.1:{port}/static/fazhi/app.js")
        assert status == 200 and script == (REPO / "fazhi" / "static" / "fazhi" / "app.js").read_bytes()
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert not (tmp_path / "static").exists()  # nothing was collected


def test_a_production_start_without_collected_files_refuses_with_one_line(tmp_path):
    started = subprocess.run([sys.executable, "-c", "import fazhi.wsgi"], env=production_env(tmp_path), cwd=REPO,
                             capture_output=True, text=True, timeout=120)
    assert started.returncode == APP_LOAD_ERROR
    assert started.stderr.strip() == STATIC_NOT_COLLECTED and "collectstatic" in STATIC_NOT_COLLECTED


def test_gunicorn_stops_instead_of_restarting_workers_for_ever(tmp_path):
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or shutil.which("gunicorn")
    if gunicorn is None:
        pytest.skip("gunicorn is not installed")
    server = subprocess.Popen([gunicorn, "fazhi.wsgi", "--bind", f"127.0.0.1:{free_port()}", "--workers", "1"],
                              env=production_env(tmp_path), cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True)
    try:
        _, stderr = server.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        server.terminate()
        server.communicate(timeout=30)
        raise AssertionError("gunicorn kept running without collected static files") from None
    assert server.returncode == APP_LOAD_ERROR  # gunicorn's "App failed to load": no restart loop
    assert stderr.count(STATIC_NOT_COLLECTED) == 1 and "Traceback" not in stderr


def test_a_production_start_with_collected_files_goes_ahead(tmp_path):
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "staticfiles.json").write_text('{"paths": {}, "version": "1.1", "hash": ""}')
    started = subprocess.run([sys.executable, "-c", "import fazhi.wsgi; print(fazhi.wsgi.application)"],
                             env=production_env(tmp_path), cwd=REPO, capture_output=True, text=True, timeout=120)
    assert started.returncode == 0, started.stderr
    assert "WSGIHandler" in started.stdout
