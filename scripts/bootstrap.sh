#!/usr/bin/env bash
# Install everything the project needs into this clone: .venv, Python packages, front-end assets.
# Safe to run again: each step is skipped when its inputs have not changed.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [[ ! -x .venv/bin/python ]]; then
  echo "» 创建虚拟环境 .venv"
  "$PYTHON" -m venv .venv
fi

py_stamp=".venv/.fazhi-installed"
py_hash=$(sha256sum pyproject.toml | cut -c1-16)
if [[ ! -f $py_stamp || $(cat "$py_stamp") != "$py_hash" ]]; then
  echo "» 安装 Python 依赖"
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".[dev]"
  echo "$py_hash" > "$py_stamp"
fi

js_stamp="node_modules/.fazhi-built"
js_hash=$(cat package.json package-lock.json scripts/build-assets.mjs | sha256sum | cut -c1-16)
if [[ ! -f $js_stamp || $(cat "$js_stamp") != "$js_hash" || ! -d fazhi/static/vendor ]]; then
  echo "» 安装并构建前端资源（npm）"
  npm ci --no-audit --no-fund --loglevel=error
  npm run --silent build
  echo "$js_hash" > "$js_stamp"
fi

# Browser tests drive Debian's Chromium; install it (and CJK fonts) where we may, never a downloaded browser.
if ! command -v chromium >/dev/null 2>&1 && [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1; then
  echo "» 安装 Debian chromium 与 fonts-noto-cjk（浏览器测试用）"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null) \
    || echo "  未能安装 chromium：浏览器测试将跳过"
fi

# Full-text search on PostgreSQL uses the RUM extension (positions in the index) where the server has it,
# else its GIN path alone. Where a PostgreSQL server runs on this machine and we are root, install the
# Debian package of its version (docs/search.md); `fazhi migrate` then creates the extension.
if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1 && command -v pg_lsclusters >/dev/null 2>&1; then
  for pg_version in $(pg_lsclusters -h 2>/dev/null | awk '{print $1}' | sort -u); do
    if [[ ! -f /usr/share/postgresql/$pg_version/extension/rum.control ]]; then
      echo "» 安装 postgresql-$pg_version-rum（全文检索的位置索引）"
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "postgresql-$pg_version-rum" >/dev/null \
        || echo "  未能安装 postgresql-$pg_version-rum：PostgreSQL 全文检索使用 GIN 路径"
    fi
  done
fi
