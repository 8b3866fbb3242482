#!/usr/bin/env bash
# Run every benchmark in benchmarks/ and write their results to benchmarks/results/.
# Extra arguments are passed to each benchmark (e.g. --quick where supported).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-venv.sh requirements-dev.txt
status=0
for bench in benchmarks/bench_*.py; do
  echo "== $bench"
  PYTHONPATH=. .venv/bin/python "$bench" "$@" || status=1
done
exit "$status"
