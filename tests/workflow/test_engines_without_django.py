"""The engines stay Django-free: they import and compute in a Python where importing Django fails."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROGRAM = """
import sys
sys.modules["django"] = None  # any `import django…` now raises ImportError
import datetime
from fazhi import deadlines
from fazhi.plans import extract
cal = deadlines.default_calendar()
due = deadlines.add_working_days(cal, datetime.date(2024, 9, 27), 5)
print(due.date.isoformat())
print(sorted(m for m in sys.modules if m == "django" or m.startswith("django.")))
"""


def test_deadlines_and_extraction_import_without_django():
    run = subprocess.run([sys.executable, "-c", PROGRAM], cwd=ROOT, capture_output=True, text=True, timeout=120,
                         env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)})
    assert run.returncode == 0, run.stderr
    due, loaded = run.stdout.split("\n")[:2]
    # From Friday 2024-09-27: 09-29 (调休上班), 09-30, the 国庆 holiday to 10-07, then 10-08, 10-09, 10-10.
    assert due == "2024-10-10"
    assert loaded == "['django']"  # only the blocker itself: nothing of Django was loaded
