#!/usr/bin/env bash
# The project's benchmarks. `bash bench/run.sh` runs each at a quick size (minutes); `--full` runs the
# sizes docs/benchmarks.md reports (the 200,000-document search index and the 50,000-task province take
# the better part of an hour each and need PostgreSQL on 127.0.0.1 for their PostgreSQL half).
# Name benchmarks to run only those: `bash bench/run.sh extract search`.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || bash scripts/bootstrap.sh
PY=.venv/bin/python

FULL=0
NAMES=()
for arg in "$@"; do
  case "$arg" in
    --full) FULL=1 ;;
    *) NAMES+=("$arg") ;;
  esac
done

wanted() { [ ${#NAMES[@]} -eq 0 ] || [[ " ${NAMES[*]} " == *" $1 "* ]]; }
run() { echo; echo "════ $1"; shift; echo "» $*"; "$@"; }

pg_up() { $PY -c "import psycopg; psycopg.connect('postgresql://postgres@127.0.0.1:5432/postgres', connect_timeout=3).close()" 2>/dev/null; }

if wanted extract; then
  run extract $PY bench/extract_bench.py --rounds "$([ $FULL = 1 ] && echo 40 || echo 10)"
fi
if wanted import; then
  run import $PY bench/plans_import.py
fi
if wanted ledger; then
  run ledger $PY bench/supervision_ledger.py --items "$([ $FULL = 1 ] && echo 600 || echo 60)"
fi
if wanted pages; then
  run pages $PY bench/pages.py --runs "$([ $FULL = 1 ] && echo 30 || echo 10)"
fi
if wanted suggest; then
  run suggest $PY bench/unit_suggest_eval.py
fi
if wanted align; then
  run align $PY bench/align_eval.py
fi
if wanted search; then
  docs=$([ $FULL = 1 ] && echo 200000 || echo 5000)
  run search-sqlite $PY bench/search_bench.py --db sqlite --docs "$docs" --reps "$([ $FULL = 1 ] && echo 10 || echo 3)"
  if pg_up; then
    run search-postgres $PY bench/search_bench.py --db postgres --docs "$docs" --reps "$([ $FULL = 1 ] && echo 10 || echo 3)"
  else
    echo "SKIPPED search-postgres: PostgreSQL on 127.0.0.1:5432 does not answer"
  fi
fi
if wanted scale; then
  if [ $FULL = 1 ]; then size=(--units 2000 --tasks 50000); else size=(--units 200 --tasks 2000 --runs 10); fi
  db=$(pg_up && echo both || echo sqlite)
  [ "$db" = sqlite ] && echo "SKIPPED scale on PostgreSQL: 127.0.0.1:5432 does not answer"
  run scale $PY bench/supervision_scale.py --db "$db" "${size[@]}"
fi
