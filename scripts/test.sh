#!/usr/bin/env bash
# The whole test suite: installs packages, fetches and starts Kafka and PostgreSQL, runs lint,
# types and pytest against them, and stops the servers it started. Extra arguments go to pytest.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
bash scripts/setup.sh

started_here=0
if ! bash scripts/infra.sh status >/dev/null 2>&1; then
  started_here=1
  bash scripts/infra.sh up
fi
cleanup() { if [ "$started_here" = 1 ] && [ -z "${TAAWUN_KEEP_INFRA:-}" ]; then bash scripts/infra.sh down || true; fi; }
trap cleanup EXIT

echo "== ruff"; .venv/bin/ruff check .
echo "== mypy"; .venv/bin/mypy shared services taawun tests
echo "== pytest"
export TAAWUN_TEST_INFRA=1
.venv/bin/pytest -q -p no:cacheprovider "$@"
