#!/usr/bin/env bash
# One command for the tests: install what is missing, then run the whole suite.
# With DATABASE_URL=postgresql://… the same suite runs on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
echo "» 测试数据库：${DATABASE_URL:-SQLite（内置）}"
# loadgroup, not worksteal: only loadgroup honours xdist_group (tests/core/test_static_setup.py keeps its
# real servers on one worker). The long crawls and the API fuzz are split into single tests, which
# loadgroup hands out one at a time, so neither worker is left with a long tail.
exec .venv/bin/python -m pytest -n 2 --dist loadgroup "$@"
