#!/usr/bin/env bash
# One command for the tests: install what is missing, then run the whole suite.
# With DATABASE_URL=postgresql://… the same suite runs on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
echo "» 测试数据库：${DATABASE_URL:-SQLite（内置）}"
exec .venv/bin/python -m pytest -n 2 --dist loadgroup "$@"
