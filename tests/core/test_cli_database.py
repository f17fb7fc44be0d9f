"""`fazhi runserver` / `fazhi migrate` with an unreachable database: one line that says what to check."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("command", [["migrate"], ["runserver", "127.0.0.1:0", "--noreload"]])
def test_unreachable_database_is_one_line_without_password(command):
    port = _free_port()  # nothing listens there
    env = {**os.environ, "DATABASE_URL": f"postgresql://fazhi:Geheim-Pw-42@127.0.0.1:{port}/fazhi_prod",
           "SECRET_KEY": "k" * 40, "DJANGO_SETTINGS_MODULE": "fazhi.settings"}
    env.pop("FAZHI_TESTING", None)
    done = subprocess.run([sys.executable, "-m", "fazhi.cli", *command], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=60)
    output = (done.stdout + done.stderr).strip()
    assert done.returncode != 0
    assert len(output.splitlines()) == 1, output
    assert "Traceback" not in output and "Geheim-Pw-42" not in output
    assert "无法连接数据库" in output and "127.0.0.1" in output and str(port) in output and "fazhi_prod" in output
