#!/usr/bin/env bash
# One command for the demo: install, migrate, load demo data (five seed plans included), serve on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
.venv/bin/fazhi collectstatic --noinput --verbosity 0
exec .venv/bin/fazhi demo "$@"
